// The planner for engines that change every object in place (engine::InPlaceDialect, PostgreSQL):
// no table rebuilds; one or a few ALTER statements per change, ordered by what depends on what,
// each with the hazards the engine names and the live facts (size, rows, created earlier in the
// plan) that make them matter. Engine-neutral: SQL comes from the dialect.
#pragma once

#include "dbaudit/engine/in_place_dialect.hpp"
#include "dbaudit/engine/migration.hpp"
#include "dbaudit/plan/migration_plan.hpp"

namespace dbaudit::plan {

struct PlanOptions;

// Step order: enum values added (before the transaction); renames; drops of what is replaced
// (policies, triggers, views, foreign keys, checks, indexes); schemas, extensions, types,
// sequences, functions, tables, sequence owners, columns, constraints (foreign keys and checks
// NOT VALID, then VALIDATE), indexes, views and materialized views and functions whose bodies
// name them (topologically), triggers, row level security, policies, comments; then drops of
// what the expected schema lacks, in reverse order (only with --allow-destructive).
MigrationPlan make_in_place_plan(const model::Catalog& expected, const model::Catalog& live, engine::LiveReader& reader,
                                 const engine::InPlaceDialect& dialect, const PlanOptions& options);

// The live catalog with renames applied to the model (tables, columns, and the names constraints,
// indexes, triggers, policies and sequences use for them).
model::Catalog apply_renames(const model::Catalog& live, const std::vector<std::pair<std::string, std::string>>& tables,
                             const std::vector<std::tuple<std::string, std::string, std::string>>& columns);

}  // namespace dbaudit::plan
