#include "dbaudit/report/audit_report.hpp"

#include <algorithm>

#include "dbaudit/model/catalog.hpp"

namespace dbaudit::report {

namespace {

std::size_t constraint_count(const model::Table& table) {
    return (table.primary_key ? 1 : 0) + table.uniques.size() + table.foreign_keys.size() + table.checks.size();
}

bool is_constraint(diff::ObjectKind kind) {
    using diff::ObjectKind;
    return kind == ObjectKind::primary_key || kind == ObjectKind::unique || kind == ObjectKind::foreign_key ||
           kind == ObjectKind::check;
}

}  // namespace

bool AuditReport::passes() const {
    for (std::size_t s = static_cast<std::size_t>(inputs.fail_on); s < severity_counts.size(); ++s) {
        if (severity_counts[s] > 0) return false;
    }
    return true;
}

AuditReport build_audit_report(const model::Catalog& expected, const model::Catalog& live, const diff::ChangeSet& changes,
                               AuditInputs inputs) {
    AuditReport report;
    report.inputs = std::move(inputs);
    report.findings = diff::findings_for(changes);
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
        if (!expected.find_table(table.qualified_name())) {
            ++tables.extra;
            report.extra_tables.push_back({table.qualified_name(), table.columns.size()});
        }
    }
    views.expected = expected.views.size();
    triggers.expected = expected.triggers.size();

    // Constraints, indexes, views and triggers: missing / extra / changed straight from findings.
    for (const auto& finding : report.findings) {
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
        const bool on_missing_table = !finding.table.empty() && !live.find_table(finding.table);
        if (finding.type == diff::FindingType::missing && (summary == &views || summary == &triggers || !on_missing_table))
            ++summary->missing;
    }
    constraints.present = constraints.expected - constraints.missing;
    indexes.present = indexes.expected - indexes.missing;
    views.present = views.expected - views.missing;
    triggers.present = triggers.expected - triggers.missing;
    report.summary = {tables, columns, constraints, indexes, views, triggers};
    return report;
}

}  // namespace dbaudit::report
