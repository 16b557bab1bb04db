// What `plan` and `apply` share: read the expected schema, inspect the live database through the
// engine's migrator, and compute the plan with its fingerprints.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dbaudit/cache/expected_model_cache.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/migration.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/plan/migration_plan.hpp"
#include "dbaudit/plan/plan_script.hpp"

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
};

// Schema errors (exit 2) come before the database is opened (exit 3).
// `recover`: apply may first finish what an interrupted write left (a hot journal); plan never writes.
PreparedPlan prepare_plan(const std::string& db_flag, const std::vector<std::string>& schema, bool allow_destructive,
                          bool recover = false, const cache::CacheOptions& cache = {});

// The plan from the live database `target` to `expected`, a model read already (diff --plan);
// `schema` names where it came from, for the script's header.
PreparedPlan prepare_plan_to(const engine::Target& target, model::Catalog expected, const std::vector<std::string>& schema,
                             bool allow_destructive);

}  // namespace dbaudit::cli
