// Turns the differences between the expected and the live schema into an ordered migration.
// Engine-neutral: SQL comes from the engine's MigrationDialect, facts about live rows from its
// LiveReader.
#pragma once

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/plan/migration_plan.hpp"

namespace dbaudit::plan {

struct PlanOptions {
    bool allow_destructive = false;  // run drops, narrowing type changes and suspected renames
    // Engines that change objects in place (PostgreSQL):
    bool concurrently = false;       // new indexes on existing tables built without blocking writes, after COMMIT
    int lock_timeout_ms = 5000;      // how long a step waits for a lock before the plan fails
    int statement_timeout_ms = 0;    // how long one statement may run; 0 = no limit
};

// Throws util::InputError when the expected schema asks for something that cannot be done with
// the data in place (a NOT NULL column without a default on a table that has rows), naming it.
MigrationPlan make_plan(const model::Catalog& expected, const model::Catalog& live, engine::LiveReader& reader,
                        const engine::MigrationDialect& dialect, const PlanOptions& options);

}  // namespace dbaudit::plan
