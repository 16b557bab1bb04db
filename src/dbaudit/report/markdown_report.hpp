// Everything the Markdown audit report shows, as plain data: the audit itself plus what only the
// CLI can gather through the engine (row counts of legacy tables, the plan, verification queries)
// and the diagram of the expected schema. render_markdown is a pure function of it.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dbaudit/report/audit_report.hpp"
#include "dbaudit/report/er_diagram.hpp"

namespace dbaudit::report {

struct TableRows {
    enum class Precision { exact, estimated, at_least };
    std::int64_t rows = 0;
    Precision precision = Precision::exact;  // estimated: "≈ rows"; at_least: "more than rows"
};

// One step of the fix as the plan has it.
struct FixStep {
    std::string why;
    std::string sql;                   // without the closing semicolon; may be empty (a note only)
    std::vector<std::string> hazards;
    std::string held;                  // why it is held back ("destructive", ...); empty = it runs
};

struct FixSection {
    std::string unavailable;  // why there is no plan to show; empty when `steps` is the plan
    std::vector<std::string> prologue;  // framing statements (foreign keys off, BEGIN)
    std::vector<std::string> epilogue;  // (foreign-key check, COMMIT, ...)
    std::vector<FixStep> steps;
    std::vector<std::string> notes;
};

struct VerificationQuery {
    std::string purpose;
    std::string sql;
};

struct MarkdownReport {
    AuditReport audit;
    // Rows of legacy (extra) tables by qualified name; a table that is absent was not counted.
    std::map<std::string, TableRows> legacy_rows;
    std::string legacy_rows_note;  // why some or all legacy tables were not counted; empty = none
    FixSection fix;
    std::vector<VerificationQuery> verification;
    ErDiagram diagram;
};

}  // namespace dbaudit::report
