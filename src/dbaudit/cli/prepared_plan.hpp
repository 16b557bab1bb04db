// What `plan` and `apply` share: read the expected schema, inspect the live database through the
// engine's migrator, and compute the plan with its fingerprints.
#pragma once

#include <memory>
#include <string>
#include <vector>

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

// What to plan: the database and expected schema (flags and dbaudit.toml resolved), and how.
struct PlanRequest {
    SchemaInputs inputs;
    plan::PlanOptions options;
    std::string dev_url;   // PostgreSQL: the server for the shadow database (--dev-url, else dbaudit.toml)
    bool recover = false;  // apply: finish what an interrupted write left first; plan never writes
};

// Resolves the flags every planning command shares (--db, --schema, --config, --feature,
// --ignore, --dev-url) into a request.
PlanRequest make_plan_request(const SchemaFlags& flags, const std::string& dev_url_flag);

// Schema errors (exit 2) come before the database is opened (exit 3).
PreparedPlan prepare_plan(const PlanRequest& request);

}  // namespace dbaudit::cli
