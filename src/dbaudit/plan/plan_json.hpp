// The plan as JSON for programs (CI gates, review bots): every step with its SQL, why, hazards
// (words and kinds), whether it runs, is held back, or runs outside the transaction. Written
// by hand (no JSON library outside report/); format in docs/plan-format.md.
#pragma once

#include <string>

#include "dbaudit/plan/migration_plan.hpp"
#include "dbaudit/plan/plan_script.hpp"

namespace dbaudit::plan {

constexpr int k_plan_json_format = 1;

std::string render_plan_json(const MigrationPlan& plan, const ScriptHeader& header);

}  // namespace dbaudit::plan
