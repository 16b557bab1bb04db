#include "dbaudit/report/audit_report.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "dbaudit/model/catalog.hpp"

namespace dbaudit::report {

namespace {

std::size_t constraint_count(const model::Table& table) {
    return (table.primary_key ? 1 : 0) + table.uniques.size() + table.foreign_keys.size() + table.checks.size() +
           table.exclusions.size();
}

bool is_constraint(diff::ObjectKind kind) {
    using diff::ObjectKind;
    return kind == ObjectKind::primary_key || kind == ObjectKind::unique || kind == ObjectKind::foreign_key ||
           kind == ObjectKind::check || kind == ObjectKind::exclusion;
}

// Live objects in schemas the expected side does not have are summarized per schema, not counted.
bool in_foreign_schema(const model::Catalog& expected, const model::Catalog& live, const std::string& schema) {
    return !live.schemas.empty() && !expected.find_schema(schema);
}

bool passes_at(const std::array<std::size_t, 5>& counts, diff::Severity fail_on) {
    for (std::size_t s = static_cast<std::size_t>(fail_on); s < counts.size(); ++s)
        if (counts[s] > 0) return false;
    return true;
}

void summarize_features(AuditReport& report) {
    if (!report.inputs.feature_of) return;
    const auto& chosen = report.inputs.scope.features;
    auto has_findings = [&](const std::string& name) {
        return std::any_of(report.findings.begin(), report.findings.end(), [&](const diff::Finding& f) { return f.feature == name; });
    };
    // In the order the schema defines them; with --feature, the chosen ones and those whose
    // objects came along as dependencies and have findings.
    for (const std::string& name : report.inputs.features)
        if (chosen.empty() || std::find(chosen.begin(), chosen.end(), name) != chosen.end() || has_findings(name))
            report.features.push_back({name});
    if (has_findings({})) report.features.push_back({});
    for (FeatureSummary& summary : report.features) {
        for (const diff::Finding& finding : report.findings) {
            if (finding.feature != summary.name) continue;
            ++summary.findings;
            ++summary.severity_counts[static_cast<std::size_t>(finding.severity)];
        }
        summary.passes = passes_at(summary.severity_counts, report.inputs.fail_on);
    }
}

}  // namespace

bool AuditReport::passes() const { return passes_at(severity_counts, inputs.fail_on); }

AuditReport build_audit_report(const model::Catalog& expected, const model::Catalog& live, const diff::ChangeSet& changes,
                               AuditInputs inputs) {
    AuditReport report;
    report.inputs = std::move(inputs);
    report.findings = diff::findings_for(changes);
    for (diff::Finding& finding : report.findings) {
        const auto override = report.inputs.severity_overrides.find(diff::severity_key(finding));
        if (override != report.inputs.severity_overrides.end()) finding.severity = override->second;
        if (report.inputs.feature_of) finding.feature = report.inputs.feature_of(finding);
    }
    std::stable_sort(report.findings.begin(), report.findings.end(),
                     [](const diff::Finding& a, const diff::Finding& b) { return a.severity > b.severity; });
    for (const auto& finding : report.findings) ++report.severity_counts[static_cast<std::size_t>(finding.severity)];

    KindSummary tables{"tables"}, columns{"columns"}, constraints{"constraints"}, indexes{"indexes"}, views{"views"},
        triggers{"triggers"};
    const bool fold = expected.name_matching != model::NameMatching::exact;
    for (const model::Table& table : expected.tables) {
        ++tables.expected;
        columns.expected += table.columns.size();
        constraints.expected += constraint_count(table);
        indexes.expected += table.indexes.size();
        const model::Table* other = live.find_table(table.qualified_name());
        if (!other) {
            ++tables.missing;
            columns.missing += table.columns.size();
            constraints.missing += constraint_count(table);
            indexes.missing += table.indexes.size();
            report.missing_tables.push_back({table.qualified_name(), table.columns.size(), table.comment});
            continue;
        }
        ++tables.present;
        for (const model::Column& column : table.columns) {
            if (other->find_column(column.name, fold)) {
                ++columns.present;
            } else {
                ++columns.missing;
                report.missing_columns.push_back({table.qualified_name(), column.name, column.type, column.not_null,
                                                  column.default_expr.value_or(""), column.default_expr.has_value()});
            }
        }
        for (const model::Column& column : other->columns) {
            if (!table.find_column(column.name, fold)) ++columns.extra;
        }
    }
    for (const model::Table& table : live.tables) {
        if (in_foreign_schema(expected, live, table.schema)) continue;
        if (!expected.find_table(table.qualified_name())) {
            ++tables.extra;
            report.extra_tables.push_back({table.qualified_name(), table.columns.size()});
        }
    }
    views.expected = expected.views.size();
    triggers.expected = expected.triggers.size();
    KindSummary materialized_views{"materialized_views"}, functions{"functions"}, sequences{"sequences"}, types{"types"},
        extensions{"extensions"}, policies{"policies"}, schemas{"schemas"};
    materialized_views.expected = expected.materialized_views.size();
    functions.expected = expected.functions.size();
    sequences.expected = expected.sequences.size();
    types.expected = expected.types.size();
    extensions.expected = expected.extensions.size();
    policies.expected = expected.policies.size();
    schemas.expected = expected.schemas.size();
    for (const auto& view : expected.materialized_views) indexes.expected += view.indexes.size();
    auto summary_of = [&](diff::ObjectKind kind) -> KindSummary* {
        using diff::ObjectKind;
        switch (kind) {
            case ObjectKind::materialized_view: return &materialized_views;
            case ObjectKind::function:
            case ObjectKind::procedure: return &functions;
            case ObjectKind::sequence: return &sequences;
            case ObjectKind::type: return &types;
            case ObjectKind::extension: return &extensions;
            case ObjectKind::policy: return &policies;
            case ObjectKind::schema: return &schemas;
            default: return nullptr;
        }
    };

    // Constraints, indexes, views and triggers: missing / extra / changed straight from findings.
    for (const auto& finding : report.findings) {
        if (finding.type == diff::FindingType::not_visible) {
            KindSummary* hidden = finding.kind == diff::ObjectKind::trigger ? &triggers : summary_of(finding.kind);
            if (hidden) hidden->unknown = hidden->expected;
            continue;
        }
        if (finding.type == diff::FindingType::unsupported) continue;
        if (KindSummary* summary = summary_of(finding.kind)) {
            if (finding.type == diff::FindingType::changed) ++summary->changed;
            if (finding.type == diff::FindingType::extra) ++summary->extra;
            if (finding.type == diff::FindingType::missing) ++summary->missing;
            continue;
        }
        KindSummary* summary = nullptr;
        if (is_constraint(finding.kind)) summary = &constraints;
        if (finding.kind == diff::ObjectKind::index) summary = &indexes;
        if (finding.kind == diff::ObjectKind::view) summary = &views;
        if (finding.kind == diff::ObjectKind::trigger) summary = &triggers;
        if (finding.kind == diff::ObjectKind::column && finding.type == diff::FindingType::changed &&
            finding.severity != diff::Severity::info)
            ++columns.changed;
        if (finding.kind == diff::ObjectKind::table_option) ++tables.changed;
        if (!summary) continue;
        if (finding.type == diff::FindingType::changed) ++summary->changed;
        if (finding.type == diff::FindingType::extra) ++summary->extra;
        // Missing constraints and indexes of missing tables were counted with their table.
        const bool on_missing_table =
            !finding.table.empty() && !live.find_table(finding.table) && !live.find_materialized_view(finding.table);
        if (finding.type == diff::FindingType::missing && (summary == &views || summary == &triggers || !on_missing_table))
            ++summary->missing;
    }
    // Indexes of a missing materialized view are missing with it.
    for (const auto& finding : report.findings) {
        if (finding.kind == diff::ObjectKind::materialized_view && finding.type == diff::FindingType::missing)
            if (const model::View* view = expected.find_materialized_view(finding.object)) indexes.missing += view->indexes.size();
    }
    for (KindSummary* kind : {&constraints, &indexes, &views, &triggers, &materialized_views, &functions, &sequences, &types,
                              &extensions, &policies, &schemas})
        kind->present = kind->expected - std::min(kind->expected, kind->missing + kind->unknown);
    report.summary = {tables,    columns,   constraints, indexes,    views,    triggers, materialized_views,
                      functions, sequences, types,       extensions, policies, schemas};

    // Missing objects of the other kinds, for the JSON report's `missing` lists.
    for (const auto& finding : report.findings) {
        if (finding.type != diff::FindingType::missing) continue;
        const KindSummary* summary = finding.kind == diff::ObjectKind::view ? &views
                                     : finding.kind == diff::ObjectKind::trigger ? &triggers
                                                                                  : summary_of(finding.kind);
        if (!summary || summary == &schemas) continue;
        MissingObject object{summary->kind, finding.object};
        if (finding.kind == diff::ObjectKind::extension) {
            if (const model::Extension* e = expected.find_extension(finding.object)) object.version = e->version;
            object.available = live.find_available_extension(finding.object) != nullptr;
        }
        report.missing_objects.push_back(std::move(object));
    }
    std::stable_sort(report.missing_objects.begin(), report.missing_objects.end(), [&](const auto& a, const auto& b) {
        auto rank = [&](const std::string& kind) {
            for (std::size_t i = 0; i < report.summary.size(); ++i)
                if (report.summary[i].kind == kind) return i;
            return report.summary.size();
        };
        return rank(a.kind) != rank(b.kind) ? rank(a.kind) < rank(b.kind) : a.name < b.name;
    });
    std::set<std::pair<std::string, std::string>> listed_columns;  // (table, column) already in changed_columns
    for (const auto& finding : report.findings) {
        if (finding.kind != diff::ObjectKind::column || finding.type != diff::FindingType::changed ||
            finding.severity == diff::Severity::info || finding.object.size() <= finding.table.size() + 1)
            continue;
        const std::string column_name = finding.object.substr(finding.table.size() + 1);
        const model::Table* want = expected.find_table(finding.table);
        const model::Table* have = live.find_table(finding.table);
        const model::Column* e = want ? want->find_column(column_name, fold) : nullptr;
        const model::Column* l = have ? have->find_column(column_name, fold) : nullptr;
        if (!e || !l) continue;
        // One row per column even when several of its facts differ (each is its own finding).
        if (!listed_columns.emplace(finding.table, e->name).second) continue;
        report.changed_columns.push_back({finding.table, e->name, finding.severity, e->type, l->type, e->default_expr,
                                          l->default_expr, e->not_null, l->not_null});
    }
    summarize_features(report);
    report.live_server_version = live.server_version;
    report.expected_server_version = expected.server_version;
    return report;
}

}  // namespace dbaudit::report
