// The plan as a SQL script a person reviews (and sqlite3 could run): a header with the
// fingerprints of the schemas it was computed from, each step preceded by a one-line comment,
// held-back steps commented out. And the reverse: reading such a file back for `apply --plan`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/plan/fingerprint.hpp"
#include "dbaudit/plan/migration_plan.hpp"

namespace dbaudit::plan {

struct ScriptHeader {
    std::string engine;  // "sqlite"
    std::string target;  // safe to print
    std::vector<std::string> schema;
    bool allow_destructive = false;
    SchemaFingerprint live;
    std::string expected_fingerprint;
    // Statements that set up the session before anything else (PostgreSQL: lock_timeout,
    // statement_timeout), from MigrationDialect::in_place()->session_settings.
    std::vector<std::string> session_settings;
};

constexpr int k_plan_format = 1;

std::string render_plan_script(const MigrationPlan& plan, const engine::MigrationDialect& dialect, const ScriptHeader& header);

struct PlanFile {
    std::string engine;
    bool allow_destructive = false;
    bool has_fingerprint = false;
    std::string live_fingerprint;
    std::string expected_fingerprint;
    std::vector<ObjectFingerprint> live_objects;
    std::vector<std::string> statements;  // the steps to run in the transaction, in order; framing and comments removed
    // Engines that change objects in place: statements outside the transaction block.
    std::vector<std::string> session_settings;    // SET ... at the top
    std::vector<std::string> before_transaction;  // before BEGIN (ALTER TYPE ... ADD VALUE)
    std::vector<std::string> after_transaction;   // after COMMIT (CREATE INDEX CONCURRENTLY), each on its own
};

// The header lines only (no statements). Throws util::InputError naming `path` when the text is
// not a dbaudit plan.
PlanFile read_plan_header(std::string_view text, const std::string& path);

// Header and statements.
PlanFile parse_plan_script(std::string_view text, const std::string& path, const engine::MigrationDialect& dialect);

}  // namespace dbaudit::plan
