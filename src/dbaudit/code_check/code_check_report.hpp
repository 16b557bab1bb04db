// The result of check-code as plain data: every renderer (text, JSON, SARIF) is a pure function
// of it. Built from the extraction, the engine's verdicts and the schemas that were checked.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "dbaudit/code_check/classification.hpp"
#include "dbaudit/code_check/extractor.hpp"
#include "dbaudit/code_check/stale_imports.hpp"
#include "dbaudit/code_check/validator.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/statement_checker.hpp"
#include "dbaudit/util/source_location.hpp"

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::code_check {

struct SideOutcome {
    engine::CheckStatus status = engine::CheckStatus::ok;
    std::string message;                                // the engine's words; empty when it prepared
    std::optional<util::SourceLocation> error_location;  // where the engine says the error is
};

struct CheckedStatement {
    util::SourceLocation location;
    std::string keyword;
    std::string excerpt;
    std::optional<SideOutcome> live;      // nothing when that side was not checked
    std::optional<SideOutcome> expected;
    Classification classification = Classification::ok;
    diff::Severity severity = diff::Severity::info;
    std::vector<engine::TableAccess> accesses;  // what it touches, from the sides that prepared it

    bool failing() const { return classification != Classification::ok; }
};

struct DynamicStatement {
    util::SourceLocation location;
    std::string keyword;
    std::string excerpt;
    std::string reason;
};

struct StaleImportFinding {
    util::SourceLocation location;
    std::string module;
    std::string reason;
    diff::Severity severity = diff::Severity::high;  // the import raises when the module loads
};

// One statement's use of a table: where, how, which columns.
struct UsageSite {
    util::SourceLocation location;
    engine::AccessKind kind = engine::AccessKind::read;
    std::vector<std::string> columns;  // empty: the table as a whole
    std::string via;                   // the view or trigger in between; empty when direct
};

struct TableUsage {
    std::string name;
    bool is_view = false;
    bool in_live = false;      // exists in the live database (when live was checked)
    bool in_expected = false;  // exists in the expected schema (when expected was checked)
    std::vector<UsageSite> sites;  // by location
    // Failing or dynamic statements whose text names the table: not proof of use, but no table
    // they name is ever called unreferenced.
    std::vector<util::SourceLocation> unchecked_mentions;

    bool unreferenced() const { return sites.empty() && unchecked_mentions.empty(); }
};

struct CodeCheckInputs {
    std::string engine;
    std::string target;                // the live database, safe to print; empty when not checked
    std::vector<std::string> schema;   // --schema paths as given; empty when not checked
    std::vector<std::string> paths;    // the source paths scanned, as given
    Against against = Against::live;
    diff::Severity fail_on = diff::Severity::medium;
};

struct CodeCheckStats {
    std::size_t files = 0;          // source files read
    std::size_t skipped_files = 0;  // binary, unreadable or over 32 MB
    std::size_t bytes = 0;
    std::size_t statements = 0;     // SQL statements found
    std::size_t checked = 0;        // of which checked
    std::size_t dynamic = 0;        // of which dynamic
    std::size_t imports = 0;        // imports examined
};

struct CodeCheckReport {
    CodeCheckInputs inputs;
    CodeCheckStats stats;
    std::vector<CheckedStatement> statements;  // every checked statement, in source order
    std::vector<DynamicStatement> dynamic;
    std::vector<StaleImportFinding> stale_imports;
    std::vector<TableUsage> tables;            // every table and view of the checked schemas, by name
    std::array<std::size_t, 5> severity_counts{};  // failing statements and stale imports, by severity

    std::size_t failing() const;
    bool passes() const;  // nothing at or above fail_on
    int exit_code() const { return passes() ? 0 : 1; }
};

// `live_catalog` / `expected_catalog`: the schemas checked against (null when not checked).
CodeCheckReport build_code_check_report(const Extraction& extraction, const Validation& validation,
                                        const std::vector<StaleImport>& stale_imports, const model::Catalog* live_catalog,
                                        const model::Catalog* expected_catalog, CodeCheckInputs inputs);

const char* to_string(engine::AccessKind kind);     // "read", "insert", "update", "delete", "schema"
const char* to_string(engine::CheckStatus status);  // "ok", "failed", "already_applied"

}  // namespace dbaudit::code_check
