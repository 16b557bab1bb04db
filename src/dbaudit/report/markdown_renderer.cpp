#include "dbaudit/report/markdown_renderer.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "dbaudit/report/markdown_report.hpp"
#include "dbaudit/report/markdown_text.hpp"

namespace dbaudit::report {

namespace {

namespace md = markdown;
using diff::Finding;
using diff::FindingType;
using diff::ObjectKind;
using diff::Severity;

// Characters of Mermaid text before the diagram is drawn compact (GitHub's limit is 50,000).
constexpr std::size_t k_mermaid_budget = 40'000;

constexpr Severity k_severities[] = {Severity::critical, Severity::high, Severity::medium, Severity::low, Severity::info};

std::string plural(std::size_t n, const std::string& singular, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? singular : many);
}

// "materialized_view" -> "materialized view" / "materialized views".
std::string kind_noun(ObjectKind kind, std::size_t n) {
    if (kind == ObjectKind::row_security) return n == 1 ? "row level security setting" : "row level security settings";
    if (kind == ObjectKind::table_option) return n == 1 ? "table option" : "table options";
    std::string word = diff::to_string(kind);
    std::replace(word.begin(), word.end(), '_', ' ');
    if (n == 1) return word;
    if (word.ends_with("x") || word.ends_with("s")) return word + "es";
    if (word.ends_with("y")) return word.substr(0, word.size() - 1) + "ies";
    return word + "s";
}

std::string type_word(FindingType type) {
    switch (type) {
        case FindingType::missing: return "missing";
        case FindingType::extra: return "extra";
        case FindingType::changed: return "changed";
        case FindingType::unsupported: return "unsupported";
        case FindingType::not_visible: return "not visible";
    }
    return "";
}

// The findings of one severity, as "11 missing tables, 1 missing view".
std::string finding_groups(const std::vector<Finding>& findings, Severity severity) {
    std::vector<std::pair<std::pair<FindingType, ObjectKind>, std::size_t>> groups;  // in findings order
    for (const auto& f : findings) {
        if (f.severity != severity) continue;
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == std::pair{f.type, f.kind}; });
        if (it == groups.end()) groups.push_back({{f.type, f.kind}, 1});
        else ++it->second;
    }
    std::string out;
    for (const auto& [group, n] : groups) {
        if (!out.empty()) out += ", ";
        out += std::to_string(n) + " " + type_word(group.first) + " " + kind_noun(group.second, n);
    }
    return out;
}

std::string names_preview(const std::vector<const Finding*>& findings, std::size_t shown) {
    std::string out;
    for (std::size_t i = 0; i < findings.size() && i < shown; ++i) out += (i ? ", " : "") + md::code(findings[i]->object);
    if (findings.size() > shown) out += ", …";
    return out;
}

// The single most important fix: what to do about the group the most severe finding is in.
std::string most_important_fix(const AuditReport& audit) {
    const Finding& top = audit.findings.front();
    std::vector<const Finding*> group;
    for (const auto& f : audit.findings)
        if (f.severity == top.severity && f.type == top.type && f.kind == top.kind) group.push_back(&f);
    const std::size_t n = group.size();
    const std::string noun = kind_noun(top.kind, n);
    const std::string names = n == 1 ? md::code(top.object) : "(" + names_preview(group, 3) + ")";
    switch (top.type) {
        case FindingType::missing:
            return n == 1 ? "create the missing " + noun + " " + names : "create the " + std::to_string(n) + " missing " + noun + " " + names;
        case FindingType::changed:
            return n == 1 ? "bring the " + noun + " " + names + " in line with the expected schema (" + md::text(top.message) + ")"
                          : "bring the " + std::to_string(n) + " changed " + noun + " " + names + " in line with the expected schema";
        case FindingType::extra:
            return n == 1 ? "decide whether the " + noun + " " + names + ", which the expected schema does not have, is still needed"
                          : "decide whether the " + std::to_string(n) + " " + noun + " " + names +
                                ", which the expected schema does not have, are still needed";
        case FindingType::not_visible:
            return "let the auditing role read the catalog (" + md::text(top.message) + ")";
        case FindingType::unsupported:
            return "review by hand what dbaudit does not compare yet (" + md::text(top.message) + ")";
    }
    return "";
}

const KindSummary* kind_summary(const AuditReport& audit, const std::string& kind) {
    for (const auto& k : audit.summary)
        if (k.kind == kind) return &k;
    return nullptr;
}

bool is_missing_table(const Finding& f) { return f.kind == ObjectKind::table && f.type == FindingType::missing; }
bool is_missing_column(const Finding& f) { return f.kind == ObjectKind::column && f.type == FindingType::missing; }
bool is_changed_column(const AuditReport& audit, const Finding& f) {
    if (f.kind != ObjectKind::column || f.type != FindingType::changed) return false;
    for (const auto& c : audit.changed_columns)
        if (c.table == f.table && f.object == c.table + "." + c.column) return true;
    return false;
}
bool is_legacy(const Finding& f) { return f.type == FindingType::extra; }

void heading(std::string& out, const std::string& title) { out += "\n## " + title + "\n\n"; }

// ---- sections, in document order. Each writes nothing when it has nothing to say. A section
// ---- for another grouping (findings by feature) is one more function in k_sections.

void title_section(std::string& out, const MarkdownReport& report) {
    const AuditInputs& in = report.audit.inputs;
    out += "# Database schema audit\n\n";
    out += "- **Database:** " + md::code(in.target) + " (" + md::text(in.engine) + ")\n";
    std::string schema;
    for (const auto& file : in.schema_files) schema += (schema.empty() ? "" : ", ") + md::code(file);
    out += "- **Expected schema:** " + schema + "\n";
    if (!report.audit.live_server_version.empty())
        out += "- **Server version:** " + md::text(report.audit.live_server_version) + " (expected schema loaded into " +
               md::text(report.audit.expected_server_version) + ")\n";
    out += "- **Fails at:** " + std::string(diff::to_string(in.fail_on)) + " and above\n";
}

void summary_section(std::string& out, const MarkdownReport& report) {
    const AuditReport& audit = report.audit;
    heading(out, "Executive summary");
    const std::string database = "The database " + md::code(audit.inputs.target);
    if (audit.findings.empty()) {
        out += database + " is **in sync** with the expected schema: no findings. Nothing needs to change.\n";
        return;
    }
    std::string counts;
    for (Severity s : k_severities) {
        const std::size_t n = audit.severity_counts[static_cast<std::size_t>(s)];
        if (n) counts += (counts.empty() ? "" : ", ") + std::to_string(n) + " " + diff::to_string(s);
    }
    out += database + " is **not in sync** with the expected schema: " + plural(audit.findings.size(), "finding", "findings") + " (" +
           counts + ").";
    std::vector<std::string> facts;
    if (const KindSummary* tables = kind_summary(audit, "tables")) {
        if (tables->missing)
            facts.push_back(std::to_string(tables->missing) + " of " + std::to_string(tables->expected) + " expected tables " +
                            (tables->missing == 1 ? "is" : "are") + " missing");
    }
    if (!audit.missing_columns.empty())
        facts.push_back(plural(audit.missing_columns.size(), "column is", "columns are") + " missing from tables that exist");
    if (!audit.changed_columns.empty())
        facts.push_back(plural(audit.changed_columns.size(), "column differs", "columns differ") + " in type, default or nullability");
    if (!audit.extra_tables.empty())
        facts.push_back(plural(audit.extra_tables.size(), "legacy table is", "legacy tables are") + " not in the expected schema");
    if (!facts.empty()) {
        std::string sentence;
        for (std::size_t i = 0; i < facts.size(); ++i)
            sentence += (i == 0 ? "" : i + 1 == facts.size() ? " and " : ", ") + facts[i];
        sentence[0] = static_cast<char>(sentence[0] >= 'a' && sentence[0] <= 'z' ? sentence[0] - 32 : sentence[0]);
        out += " " + sentence + ".";
    }
    out += audit.passes() ? " The audit passes: nothing reaches " + std::string(diff::to_string(audit.inputs.fail_on)) + "."
                          : " The audit fails (`--fail-on " + std::string(diff::to_string(audit.inputs.fail_on)) + "`, exit code 1).";
    out += " The most important fix: " + most_important_fix(audit) + "; the SQL is under [Fix](#fix).\n";
}

void kinds_section(std::string& out, const MarkdownReport& report) {
    heading(out, "Objects by kind");
    out += md::table_header({"Kind", "Expected", "Present", "Missing", "Extra", "Changed"}, {1, 2, 3, 4, 5});
    std::size_t not_visible = 0;
    for (const KindSummary& k : report.audit.summary) {
        if (k.expected == 0 && k.extra == 0 && k.changed == 0 && k.missing == 0) continue;
        std::string name = k.kind;
        std::replace(name.begin(), name.end(), '_', ' ');
        name[0] = static_cast<char>(name[0] - 32);
        out += md::table_row({name, std::to_string(k.expected), std::to_string(k.present), std::to_string(k.missing),
                              std::to_string(k.extra), std::to_string(k.changed)});
        not_visible += k.unknown;
    }
    if (not_visible)
        out += "\n" + plural(not_visible, "expected object", "expected objects") +
               " could not be read by the auditing role: neither present nor missing.\n";
}

void missing_tables_section(std::string& out, const MarkdownReport& report) {
    const auto& tables = report.audit.missing_tables;
    if (tables.empty()) return;
    heading(out, "Missing tables");
    out += "The expected schema has these tables; the database does not.\n\n";
    out += md::table_header({"Table", "Columns", "Purpose"}, {1});
    for (const auto& t : tables) out += md::table_row({md::code(t.name), std::to_string(t.columns), md::text(t.purpose)});
}

void missing_columns_section(std::string& out, const MarkdownReport& report) {
    const auto& columns = report.audit.missing_columns;
    if (columns.empty()) return;
    heading(out, "Missing columns");
    out += "Tables that exist but lack columns the code expects.\n\n";
    out += md::table_header({"Table", "Column", "Type", "Default", "Nullable"});
    for (const auto& c : columns)
        out += md::table_row({md::code(c.table), md::code(c.column), c.type.empty() ? "(none)" : md::code(c.type),
                              c.has_default ? md::code(c.default_expr) : "", c.not_null ? "NOT NULL" : "yes"});
}

void changed_columns_section(std::string& out, const MarkdownReport& report) {
    const auto& columns = report.audit.changed_columns;
    if (columns.empty()) return;
    heading(out, "Changed columns");
    out += "Columns both sides have, with a different type, default or nullability (expected → live).\n\n";
    out += md::table_header({"Column", "Severity", "Type", "Default", "Nullable"});
    auto pair = [](const std::string& expected, const std::string& live) {
        if (expected == live) return expected.empty() ? std::string() : md::code(expected);
        return (expected.empty() ? "(none)" : md::code(expected)) + " → " + (live.empty() ? "(none)" : md::code(live));
    };
    auto nullable = [](bool not_null) { return std::string(not_null ? "NOT NULL" : "yes"); };
    for (const auto& c : columns) {
        out += md::table_row({md::code(c.table + "." + c.column), diff::to_string(c.severity), pair(c.expected_type, c.live_type),
                              pair(c.expected_default.value_or(""), c.live_default.value_or("")),
                              c.expected_not_null == c.live_not_null ? nullable(c.expected_not_null)
                                                                     : nullable(c.expected_not_null) + " → " + nullable(c.live_not_null)});
    }
}

void legacy_section(std::string& out, const MarkdownReport& report) {
    std::vector<const Finding*> legacy;
    for (const auto& f : report.audit.findings)
        if (is_legacy(f)) legacy.push_back(&f);
    if (legacy.empty()) return;
    heading(out, "Legacy objects");
    out += "In the database but not in the expected schema. The fix leaves them alone; decide whether they are still needed.\n\n";
    std::map<std::string, std::size_t> columns;
    for (const auto& t : report.audit.extra_tables) columns[t.name] = t.columns;
    out += md::table_header({"Object", "Kind", "Columns", "Rows", "Severity"}, {2, 3});
    for (const Finding* f : legacy) {
        std::string column_count, rows;
        if (f->kind == ObjectKind::table) {
            const auto c = columns.find(f->object);
            if (c != columns.end()) column_count = std::to_string(c->second);
            const auto r = report.legacy_rows.find(f->object);
            if (r == report.legacy_rows.end()) rows = "not counted";
            else if (r->second.precision == TableRows::Precision::estimated) rows = "≈ " + std::to_string(r->second.rows);
            else if (r->second.precision == TableRows::Precision::at_least) rows = "more than " + std::to_string(r->second.rows);
            else rows = std::to_string(r->second.rows);
        }
        out += md::table_row({md::code(f->object), kind_noun(f->kind, 1), column_count, rows, diff::to_string(f->severity)});
    }
    if (!report.legacy_rows_note.empty()) out += "\n" + md::text(report.legacy_rows_note) + "\n";
}

void other_findings_section(std::string& out, const MarkdownReport& report) {
    const AuditReport& audit = report.audit;
    std::vector<const Finding*> others;
    for (const auto& f : audit.findings)
        if (!is_missing_table(f) && !is_missing_column(f) && !is_changed_column(audit, f) && !is_legacy(f)) others.push_back(&f);
    if (others.empty()) return;
    heading(out, "Other findings");
    out += md::table_header({"Severity", "Kind", "Object", "Finding"});
    for (const Finding* f : others)
        out += md::table_row({diff::to_string(f->severity), type_word(f->type) + " " + kind_noun(f->kind, 1), md::code(f->object),
                              md::text(f->message)});
}

void severity_section(std::string& out, const MarkdownReport& report) {
    heading(out, "Severity summary");
    out += md::table_header({"Severity", "Findings", "What"}, {1});
    for (Severity s : k_severities) {
        const std::size_t n = report.audit.severity_counts[static_cast<std::size_t>(s)];
        const bool fails = s >= report.audit.inputs.fail_on;
        out += md::table_row({std::string(diff::to_string(s)) + (fails ? " (fails)" : ""), std::to_string(n),
                              finding_groups(report.audit.findings, s)});
    }
}

void fix_section(std::string& out, const MarkdownReport& report) {
    const FixSection& fix = report.fix;
    heading(out, "Fix");
    if (!fix.unavailable.empty()) {
        out += md::text(fix.unavailable) + "\n";
        return;
    }
    std::size_t running = 0, held = 0;
    for (const auto& step : fix.steps) (step.held.empty() ? running : held) += 1;
    if (running == 0 && held == 0) {
        out += "Nothing to run: the plan is empty.\n";
        return;
    }
    out += "The migration `dbaudit plan` computes for this database: " + plural(running, "step", "steps") + " in one transaction";
    if (held) out += ", " + plural(held, "step", "steps") + " held back (commented out; destructive steps need `--allow-destructive`)";
    out += ". Review it, then write it with `dbaudit plan --db … --schema … --output fix.sql` and apply it with "
           "`dbaudit apply --db … --schema … --plan fix.sql`, which refuses when the database changed since and rolls back if "
           "anything fails.\n\n";
    std::string sql;
    for (const auto& note : fix.notes) sql += "-- note: " + note + "\n";
    for (const auto& s : fix.prologue) sql += s + ";\n";
    std::size_t number = 0;
    for (const auto& step : fix.steps) {
        sql += "\n";
        if (step.held.empty()) sql += "-- [" + std::to_string(++number) + "/" + std::to_string(running) + "] " + step.why + "\n";
        else sql += "-- [held back: " + step.held + "] " + step.why + "\n";
        for (const auto& hazard : step.hazards) sql += "--   hazard: " + hazard + "\n";
        if (step.sql.empty()) continue;
        if (step.held.empty()) {
            sql += step.sql + ";\n";
        } else {
            std::size_t start = 0;
            const std::string text = step.sql + ";";
            while (start <= text.size()) {
                const std::size_t end = std::min(text.find('\n', start), text.size());
                sql += "-- " + text.substr(start, end - start) + "\n";
                start = end + 1;
            }
        }
    }
    if (!fix.epilogue.empty()) sql += "\n";
    for (const auto& s : fix.epilogue) sql += s + ";\n";
    out += md::fenced(sql, "sql");
}

void verification_section(std::string& out, const MarkdownReport& report) {
    if (report.verification.empty()) return;
    heading(out, "Verification queries");
    out += "Run these by hand (read-only) to see the findings for yourself, and again after the fix.\n\n";
    std::string sql;
    for (std::size_t i = 0; i < report.verification.size(); ++i) {
        if (i) sql += "\n";
        sql += "-- " + report.verification[i].purpose + "\n" + report.verification[i].sql + "\n";
    }
    out += md::fenced(sql, "sql");
}

// Attribute names the erDiagram lexer would read as key markers.
std::string attribute_name(const std::string& name) {
    std::string out = md::mermaid_name(name);
    std::string lower = out;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (lower == "pk" || lower == "fk" || lower == "uk") out += "_";
    return out;
}

void diagram_section(std::string& out, const MarkdownReport& report) {
    const ErDiagram& diagram = report.diagram;
    if (diagram.entities.empty()) return;
    heading(out, "Expected schema diagram");
    out += "The tables the code expects. Attributes commented `MISSING` are missing from the database (every attribute of "
           "a missing table is), `CHANGED` differ from it. Names are shown with `_` in place of characters Mermaid does not "
           "accept.\n\n";
    // One schema for every table: leave it out of the entity names.
    std::set<std::string> schemas;
    for (const auto& e : diagram.entities) schemas.insert(e.name.substr(0, e.name.find('.') == std::string::npos ? 0 : e.name.find('.')));
    const bool one_schema = schemas.size() == 1;
    std::map<std::string, std::string> ids;
    std::set<std::string> used;
    for (const auto& e : diagram.entities) {
        std::string shown = one_schema && e.name.find('.') != std::string::npos ? e.name.substr(e.name.find('.') + 1) : e.name;
        std::string id = md::mermaid_name(shown);
        for (int n = 2; used.count(id); ++n) id = md::mermaid_name(shown) + "_" + std::to_string(n);
        used.insert(id);
        ids[e.name] = id;
    }
    // GitHub renders Mermaid text up to 50,000 characters: past a budget, only the attributes that
    // matter (keys and marked columns) are drawn.
    auto draw = [&](bool compact) {
        std::string text = "erDiagram\n";
        for (const auto& e : diagram.entities) {
            if (e.missing) text += "    %% " + ids[e.name] + ": MISSING TABLE\n";
            text += "    " + ids[e.name] + " {\n";
            for (const auto& a : e.attributes) {
                const bool key = a.primary_key || a.foreign_key || a.unique;
                if (compact && !key && (a.mark == ErMark::none || e.missing)) continue;
                text += "        " + md::mermaid_type(a.type) + " " + attribute_name(a.name);
                std::vector<std::string> keys;
                if (a.primary_key) keys.push_back("PK");
                if (a.foreign_key) keys.push_back("FK");
                if (a.unique) keys.push_back("UK");
                for (std::size_t i = 0; i < keys.size(); ++i) text += (i ? ", " : " ") + keys[i];
                if (a.mark == ErMark::missing) text += " " + md::mermaid_quoted(e.missing ? "MISSING TABLE" : "MISSING");
                if (a.mark == ErMark::changed) text += " " + md::mermaid_quoted("CHANGED");
                text += "\n";
            }
            text += "    }\n";
        }
        for (const auto& r : diagram.relationships) {
            std::string label;
            for (const auto& c : r.columns) label += (label.empty() ? "" : ", ") + c;
            text += "    " + ids[r.parent] + (r.optional ? " |o--" : " ||--") + (r.one_to_one ? "o| " : "o{ ") + ids[r.child] + " : " +
                    md::mermaid_quoted(label) + "\n";
        }
        return text;
    };
    std::string text = draw(false);
    const bool compact = text.size() > k_mermaid_budget;
    if (compact) text = draw(true);
    out += md::fenced(text, "mermaid");
    if (compact)
        out += "\nThe full diagram would pass the size GitHub renders: only keys and the columns of present tables that "
               "have findings are drawn.\n";
    if (!diagram.omitted.empty()) {
        out += "\nThe schema has " + std::to_string(diagram.expected_tables) + " tables, more than " +
               std::to_string(diagram.full_limit) + ": the diagram shows only the tables with findings and their foreign-key "
               "neighbours (at most " + std::to_string(diagram.cut_limit) + "). Left out: " +
               plural(diagram.omitted.size(), "table", "tables") + ": ";
        std::size_t shown = 0;
        for (const auto& name : diagram.omitted) {
            if (shown == 30) {
                out += ", …";
                break;
            }
            out += (shown++ ? ", " : "") + md::code(name);
        }
        out += ".\n";
    }
}

using Section = void (*)(std::string&, const MarkdownReport&);
constexpr Section k_sections[] = {
    title_section,          summary_section, kinds_section,  missing_tables_section, missing_columns_section,
    changed_columns_section, legacy_section, other_findings_section, severity_section, fix_section,
    verification_section,   diagram_section,
};

}  // namespace

std::string render_markdown(const MarkdownReport& report) {
    std::string out;
    for (Section section : k_sections) section(out, report);
    return out;
}

}  // namespace dbaudit::report
