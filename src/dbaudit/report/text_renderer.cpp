#include "dbaudit/report/text_renderer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>
#include <unordered_map>

#include "dbaudit/report/audit_report.hpp"

namespace dbaudit::report {

namespace {

class Painter {
public:
    explicit Painter(Color color) : m_on(color == Color::always) {}

    std::string bold(const std::string& text) const { return wrap("1", text); }
    std::string dim(const std::string& text) const { return wrap("2", text); }
    std::string severity(diff::Severity severity) const {
        const std::string label = fmt::format("{:<8}", upper(diff::to_string(severity)));
        switch (severity) {
            case diff::Severity::critical: return wrap("1;31", label);
            case diff::Severity::high: return wrap("31", label);
            case diff::Severity::medium: return wrap("33", label);
            case diff::Severity::low: return wrap("36", label);
            case diff::Severity::info: return wrap("2", label);
        }
        return label;
    }
    std::string good(const std::string& text) const { return wrap("1;32", text); }
    std::string bad(const std::string& text) const { return wrap("1;31", text); }

private:
    static std::string upper(std::string text) {
        for (char& c : text) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        return text;
    }
    std::string wrap(const char* code, const std::string& text) const {
        return m_on ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
    }
    bool m_on;
};

std::string capitalized(const std::string& kind) {
    std::string out = kind;
    std::replace(out.begin(), out.end(), '_', ' ');  // materialized_views -> Materialized views
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

// Characters, not bytes: UTF-8 continuation bytes take no column.
std::size_t display_width(const std::string& text) {
    std::size_t width = 0;
    for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return width;
}

void section(std::string& out, const Painter& paint, const std::string& title, std::size_t count) {
    out += "\n" + paint.bold(fmt::format("{} ({})", title, count)) + "\n";
}

std::string severity_tally(const std::array<std::size_t, 5>& counts) {
    std::vector<std::string> parts;
    for (auto severity : {diff::Severity::critical, diff::Severity::high, diff::Severity::medium, diff::Severity::low, diff::Severity::info})
        if (const std::size_t n = counts[static_cast<std::size_t>(severity)]) parts.push_back(fmt::format("{} {}", n, diff::to_string(severity)));
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string feature_tally(const FeatureSummary& feature, diff::Severity fail_on) {
    if (feature.findings == 0) return "in sync";
    return fmt::format("{} finding{}: {}{}", feature.findings, feature.findings == 1 ? "" : "s", severity_tally(feature.severity_counts),
                       feature.passes ? "" : fmt::format(" (fails at {})", diff::to_string(fail_on)));
}

// --feature and --ignore: what the audit left out, and what it brought in from other features.
void render_scope(std::string& out, const Painter& paint, const AuditReport& report) {
    const AuditScope& scope = report.inputs.scope;
    if (!scope.features.empty()) {
        const bool one = scope.features.size() == 1;
        out += "\n" + paint.bold("Scope") +
               fmt::format(": {} {} and what {} on; other objects, and objects only the database has, are left out\n",
                           one ? "feature" : "features", fmt::join(scope.features, ", "), one ? "it depends" : "they depend");
        for (const IncludedObject& object : scope.included)
            out += fmt::format("  included: {} {} ({}) because {}\n", object.kind, object.name,
                               object.feature.empty() ? "no feature" : "feature " + object.feature, object.reason);
    }
    if (!scope.ignore.empty()) out += paint.dim(fmt::format("ignoring: {}", fmt::join(scope.ignore, ", "))) + "\n";
}

}  // namespace

std::string render_text(const AuditReport& report, Color color) {
    const Painter paint(color);
    std::string out;
    out += paint.bold("dbaudit " + report.inputs.command) + fmt::format(" · {} · {}\n", report.inputs.engine, report.inputs.target);
    out += paint.dim(fmt::format("{}: {}", report.inputs.command == "diff" ? "compared with" : "expected schema",
                                 report.inputs.schema_files.size() == 1
                                                             ? report.inputs.schema_files[0]
                                                             : fmt::format("{} files", report.inputs.schema_files.size()))) +
           "\n\n";

    // "Tables: 2 / 13 · Columns: 40 / 160 ..." : present / expected, like a person writes it.
    std::vector<std::string> parts;
    for (const KindSummary& kind : report.summary) {
        if (kind.expected == 0 && kind.extra == 0) continue;
        std::string part = fmt::format("{}: {} / {}", capitalized(kind.kind), kind.present, kind.expected);
        std::vector<std::string> notes;
        if (kind.changed) notes.push_back(fmt::format("{} changed", kind.changed));
        if (kind.extra) notes.push_back(fmt::format("{} extra", kind.extra));
        if (kind.unknown) notes.push_back(fmt::format("{} not visible", kind.unknown));
        if (!notes.empty()) part += " (" + fmt::format("{}", fmt::join(notes, ", ")) + ")";
        parts.push_back(part);
    }
    out += parts.empty() ? "No objects in either schema.\n" : fmt::format("{}\n", fmt::join(parts, " · "));
    out += paint.dim("(present / expected)") + "\n";

    using diff::FindingType;
    using diff::ObjectKind;
    // Every finding is shown in exactly one section.
    enum class Section {
        missing_tables,
        missing_columns,
        missing_kind,  // views, functions, extensions ...: a section per kind
        changed_columns,
        not_visible,
        unsupported,
        legacy,
        other
    };
    auto section_of = [](const diff::Finding& f) {
        if (f.type == FindingType::unsupported) return Section::unsupported;
        if (f.type == FindingType::not_visible) return Section::not_visible;
        if (f.kind == ObjectKind::table && f.type == FindingType::missing) return Section::missing_tables;
        if (f.kind == ObjectKind::column && f.type == FindingType::missing) return Section::missing_columns;
        if (f.type == FindingType::missing &&
            (f.kind == ObjectKind::view || f.kind == ObjectKind::materialized_view || f.kind == ObjectKind::function ||
             f.kind == ObjectKind::trigger || f.kind == ObjectKind::procedure || f.kind == ObjectKind::extension ||
             f.kind == ObjectKind::schema || f.kind == ObjectKind::type || f.kind == ObjectKind::sequence ||
             f.kind == ObjectKind::policy))
            return Section::missing_kind;
        if (f.kind == ObjectKind::column && f.type == FindingType::changed && f.severity != diff::Severity::info)
            return Section::changed_columns;
        if (f.type == FindingType::extra && f.severity == diff::Severity::low) return Section::legacy;
        return Section::other;
    };
    // With features, every group of sections below is printed once per feature.
    const std::string* group = nullptr;
    auto select = [&](Section section) {
        std::vector<const diff::Finding*> selected;
        for (const auto& f : report.findings)
            if (section_of(f) == section && (!group || f.feature == *group)) selected.push_back(&f);
        return selected;
    };
    // Names are padded to the longest in their section, so details line up in a column.
    std::size_t width = 0;
    auto measure = [&](const std::vector<const diff::Finding*>& findings) {
        width = 0;
        for (const auto* f : findings) width = std::max(width, display_width(f->object));
    };
    auto print = [&](const diff::Finding& f, const std::string& detail) {
        const std::string padding(width - display_width(f.object), ' ');
        out += fmt::format("  {} {}{}{}\n", paint.severity(f.severity), f.object, padding,
                           detail.empty() ? "" : "  " + paint.dim(detail));
    };

    auto render_sections = [&] {
        const auto missing_tables = select(Section::missing_tables);
        if (!missing_tables.empty()) {
            section(out, paint, "Missing tables", missing_tables.size());
            measure(missing_tables);
            std::unordered_map<std::string, const MissingTable*> purposes;
            for (const MissingTable& t : report.missing_tables) purposes.emplace(t.name, &t);
            for (const auto* f : missing_tables) {
                const auto it = purposes.find(f->object);
                print(*f, it != purposes.end() && !it->second->purpose.empty() ? it->second->purpose : f->expected);
            }
        }
        const auto missing_columns = select(Section::missing_columns);
        if (!missing_columns.empty()) {
            section(out, paint, "Missing columns", missing_columns.size());
            measure(missing_columns);
            for (const auto* f : missing_columns) print(*f, f->expected);
        }
        const auto changed_columns = select(Section::changed_columns);
        if (!changed_columns.empty()) {
            section(out, paint, "Changed columns", changed_columns.size());
            measure(changed_columns);
            for (const auto* f : changed_columns) print(*f, fmt::format("expected {}, live {}", f->expected, f->live));
        }
        // PostgreSQL kinds the code relies on, missing: one section per kind, like the tables.
        static const std::pair<ObjectKind, const char*> k_missing_sections[] = {
            {ObjectKind::view, "Missing views"},  {ObjectKind::materialized_view, "Missing materialized views"},
            {ObjectKind::function, "Missing functions"}, {ObjectKind::trigger, "Missing triggers"},
            {ObjectKind::procedure, "Missing procedures"},                 {ObjectKind::extension, "Missing extensions"},
            {ObjectKind::schema, "Missing schemas"},                       {ObjectKind::type, "Missing types"},
            {ObjectKind::sequence, "Missing sequences"},                   {ObjectKind::policy, "Missing policies"},
        };
        for (const auto& [kind, title] : k_missing_sections) {
            std::vector<const diff::Finding*> missing;
            for (const auto* f : select(Section::missing_kind))
                if (f->kind == kind) missing.push_back(f);
            if (missing.empty()) continue;
            section(out, paint, title, missing.size());
            measure(missing);
            for (const auto* f : missing) {
                const auto paren = f->message.find(" (");
                std::string detail;
                if (kind == ObjectKind::extension || kind == ObjectKind::trigger || kind == ObjectKind::sequence)
                    detail = paren == std::string::npos ? "" : f->message.substr(paren + 2, f->message.size() - paren - 3);
                else if (kind != ObjectKind::view && kind != ObjectKind::materialized_view)
                    detail = f->expected;
                print(*f, detail);
            }
        }
        const auto not_visible = select(Section::not_visible);
        if (!not_visible.empty()) {
            section(out, paint, "Not visible to the auditing role", not_visible.size());
            for (const auto* f : not_visible) out += fmt::format("  {} {}\n", paint.severity(f->severity), f->message);
        }
        const auto unsupported = select(Section::unsupported);
        if (!unsupported.empty()) {
            section(out, paint, "Seen but not compared (unsupported)", unsupported.size());
            for (const auto* f : unsupported) out += fmt::format("  {} {}\n", paint.severity(f->severity), f->message);
        }
        const auto others = select(Section::other);
        if (!others.empty()) {
            section(out, paint, "Other differences", others.size());
            for (const auto* f : others) {
                std::string detail = f->message;
                if (f->type == FindingType::changed && f->expected.size() + f->live.size() < 160)
                    detail += fmt::format(": expected {}, live {}", f->expected, f->live);
                out += fmt::format("  {} {}\n", paint.severity(f->severity), detail);
            }
        }
        const auto legacy = select(Section::legacy);
        if (!legacy.empty()) {
            section(out, paint, "Not in the expected schema (legacy?)", legacy.size());
            for (const auto* f : legacy) out += fmt::format("  {} {} {}\n", paint.severity(f->severity), diff::to_string(f->kind), f->object);
        }
    };
    render_scope(out, paint, report);
    if (report.features.empty()) {
        render_sections();
    } else {
        for (const FeatureSummary& feature : report.features) {
            out += "\n" + paint.bold(feature.name.empty() ? std::string("── Not in any feature") : "── Feature " + feature.name) +
                   paint.dim(fmt::format(" · {}", feature_tally(feature, report.inputs.fail_on))) + "\n";
            group = &feature.name;
            render_sections();
        }
        group = nullptr;
    }

    const auto& counts = report.severity_counts;
    const std::string tally = fmt::format("{} critical, {} high, {} medium, {} low, {} info", counts[4], counts[3], counts[2],
                                          counts[1], counts[0]);
    out += "\n";
    if (report.findings.empty()) {
        out += paint.good("In sync") + ": the database matches the expected schema.\n";
    } else if (report.passes()) {
        out += paint.good("Passes") + fmt::format(": {} (nothing at or above {}).\n", tally, diff::to_string(report.inputs.fail_on));
    } else {
        out += paint.bad("Drift") + fmt::format(": {} (failing at {} and above).\n", tally, diff::to_string(report.inputs.fail_on));
    }
    return out;
}

}  // namespace dbaudit::report
