// What `plan` and `apply` share: read the expected schema, inspect the live database through the
// engine's migrator, and compute the plan with its fingerprints.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dbaudit/cache/expected_model_cache.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/migration.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/plan/migration_plan.hpp"
#include "dbaudit/plan/plan_script.hpp"
#include "dbaudit/plan/planner.hpp"

namespace dbaudit::cli {

struct PreparedPlan {
    engine::Target target;
    std::unique_ptr<engine::Engine> engine;
    std::unique_ptr<engine::Migrator> migrator;
    model::Catalog expected;
    model::Catalog live;
    plan::MigrationPlan plan;
    plan::ScriptHeader header;

    std::string script() const;  // the plan as a reviewable SQL script
    std::string json() const;    // the plan as JSON (docs/plan-format.md)
};

// What to plan: the database, the expected schema, and how.
struct PlanRequest {
    std::string db_flag;
    std::vector<std::string> schema;
    plan::PlanOptions options;
    std::string dev_url;   // PostgreSQL: the server for the shadow database
    bool recover = false;  // apply: finish what an interrupted write left first
    cache::CacheOptions cache;  // for loading schema files (--no-cache)
    // The expected schema, read already (diff --plan from a snapshot or another database); then
    // `schema` only names it in the script's header.
    std::optional<model::Catalog> expected;
};

PreparedPlan prepare_plan(const PlanRequest& request);

// Schema errors (exit 2) come before the database is opened (exit 3).
// `recover`: apply may first finish what an interrupted write left (a hot journal); plan never writes.
PreparedPlan prepare_plan(const std::string& db_flag, const std::vector<std::string>& schema, bool allow_destructive,
                          bool recover = false, const cache::CacheOptions& cache = {});

}  // namespace dbaudit::cli
