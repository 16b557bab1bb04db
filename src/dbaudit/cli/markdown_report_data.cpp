#include "dbaudit/cli/markdown_report_data.hpp"

#include <algorithm>
#include <tuple>

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/verification.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/plan/planner.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::cli {

namespace {

// Legacy tables are few in practice; past this many, the rest are listed without a count, so a
// report never scans a whole database.
constexpr std::size_t k_max_counted_tables = 20;
// Tables the engine estimates above this many rows are not counted exactly.
constexpr std::int64_t k_exact_count_limit = 1'000'000;

engine::VerificationRequest verification_request(const report::AuditReport& audit) {
    engine::VerificationRequest request;
    for (const auto& t : audit.missing_tables) request.missing_tables.push_back(t.name);
    for (const auto& c : audit.missing_columns) request.columns.push_back({c.table, c.column});
    for (const auto& c : audit.changed_columns) request.columns.push_back({c.table, c.column});
    std::sort(request.columns.begin(), request.columns.end(),
              [](const auto& a, const auto& b) { return std::tie(a.table, a.column) < std::tie(b.table, b.column); });
    for (const auto& f : audit.findings) {
        const bool tables_or_columns = f.kind == diff::ObjectKind::table || f.kind == diff::ObjectKind::column;
        if (f.type == diff::FindingType::missing && !tables_or_columns)
            request.other_objects.push_back({diff::to_string(f.kind), f.object, f.table});
        if (f.type == diff::FindingType::changed && f.kind == diff::ObjectKind::row_security)
            request.other_objects.push_back({diff::to_string(f.kind), f.object, f.object});
    }
    for (const auto& t : audit.extra_tables) request.legacy_tables.push_back(t.name);
    return request;
}

report::TableRows::Precision precision(engine::RowCount::Precision precision) {
    switch (precision) {
        case engine::RowCount::Precision::exact: return report::TableRows::Precision::exact;
        case engine::RowCount::Precision::estimated: return report::TableRows::Precision::estimated;
        case engine::RowCount::Precision::at_least: return report::TableRows::Precision::at_least;
    }
    return report::TableRows::Precision::exact;
}

report::FixStep fix_step(const plan::Step& step) {
    return {step.why, step.sql, step.hazards, step.runs() ? std::string() : std::string(plan::to_string(step.held))};
}

}  // namespace

report::MarkdownReport gather_markdown_report(engine::Engine& engine, const engine::Migrator* migrator, engine::LiveReader* reader,
                                              const model::Catalog& expected, const model::Catalog& live,
                                              const ResolvedScope& scope, report::AuditReport audit) {
    report::MarkdownReport md;
    md.diagram = report::build_er_diagram(expected, audit);
    for (auto& q : engine.verification_queries(verification_request(audit))) md.verification.push_back({q.purpose, q.sql});

    if (!migrator || !reader) {
        const std::string engine_name(engine.name());
        md.fix.unavailable = "dbaudit cannot plan migrations for " + engine_name +
                             " databases yet, so this report has no fix; the findings above say what to change.";
        if (!audit.extra_tables.empty())
            md.legacy_rows_note = "Rows are not counted: dbaudit has no live reader for " + engine_name + " databases yet.";
        md.audit = std::move(audit);
        return md;
    }
    // Read-only, like the audit: the audit's snapshot serves the plan and the row counts.
    ScopedLiveReader scoped_reader(*reader, scope);
    std::vector<std::string> counted;
    for (const auto& t : audit.extra_tables)
        if (counted.size() < k_max_counted_tables) counted.push_back(t.name);
    for (const auto& count : scoped_reader.count_rows(counted, k_exact_count_limit))
        md.legacy_rows[count.table] = {count.rows, precision(count.precision)};
    if (audit.extra_tables.size() > counted.size())
        md.legacy_rows_note = "Rows of the first " + std::to_string(counted.size()) + " legacy tables are counted; the other " +
                              std::to_string(audit.extra_tables.size() - counted.size()) + " are not.";

    if (!audit.findings.empty()) {
        try {
            const plan::MigrationPlan plan = plan::make_plan(expected, live, scoped_reader, migrator->dialect(), {false});
            md.fix.prologue = migrator->dialect().script_prologue();
            md.fix.epilogue = migrator->dialect().script_epilogue();
            for (const auto& step : plan.steps) md.fix.steps.push_back(fix_step(step));
            md.fix.notes = plan.notes;
            if (plan.running_count() == 0) {  // nothing runs: no transaction to frame
                md.fix.prologue.clear();
                md.fix.epilogue.clear();
            }
        } catch (const util::InputError& error) {
            // A change the data in place does not allow is a finding of the report, not a failed audit.
            md.fix.unavailable = std::string("dbaudit cannot plan a fix: ") + error.what();
        }
    }
    md.audit = std::move(audit);
    return md;
}

}  // namespace dbaudit::cli
