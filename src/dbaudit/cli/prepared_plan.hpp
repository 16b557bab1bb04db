// What `plan` and `apply` share: read the expected schema, inspect the live database through the
// engine's migrator, and compute the plan with its fingerprints.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dbaudit/cache/expected_model_cache.hpp"
#include "dbaudit/cli/schema_inputs.hpp"
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
    model::Catalog expected;  // in scope (--feature, --ignore)
    model::Catalog live;      // all of it: the fingerprint covers the whole live schema
    ResolvedScope scope;
    plan::MigrationPlan plan;
    plan::ScriptHeader header;

    std::string script() const;  // the plan as a reviewable SQL script
    std::string json() const;    // the plan as JSON (docs/plan-format.md)
};

// How to plan, besides the database and the expected schema.
struct PlanRequest {
    plan::PlanOptions options;
    std::string dev_url;   // PostgreSQL: the server for the shadow database (else dbaudit.toml's dev_url)
    bool recover = false;  // apply: finish what an interrupted write left first
    cache::CacheOptions cache;  // for loading schema files (--no-cache)
    // The expected schema, read already (diff --plan from a snapshot or another database); then
    // the inputs' `schema` only names it in the script's header.
    std::optional<model::Catalog> expected;
};

// Schema errors (exit 2) come before the database is opened (exit 3).
// `recover`: apply may first finish what an interrupted write left (a hot journal); plan never writes.
PreparedPlan prepare_plan(const SchemaInputs& inputs, const PlanRequest& request);

}  // namespace dbaudit::cli
