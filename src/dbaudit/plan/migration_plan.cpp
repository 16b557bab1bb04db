#include "dbaudit/plan/migration_plan.hpp"

#include <algorithm>

namespace dbaudit::plan {

std::size_t MigrationPlan::running_count() const {
    return static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), [](const Step& s) { return s.runs(); }));
}

std::size_t MigrationPlan::held_count() const { return steps.size() - running_count(); }

std::size_t MigrationPlan::held_destructive_count() const {
    return static_cast<std::size_t>(std::count_if(steps.begin(), steps.end(), [](const Step& s) {
        return s.held == HoldReason::destructive || s.held == HoldReason::suspected_rename;
    }));
}

const char* to_string(HoldReason reason) {
    switch (reason) {
        case HoldReason::none: return "none";
        case HoldReason::destructive: return "destructive";
        case HoldReason::suspected_rename: return "suspected rename";
        case HoldReason::unsupported: return "unsupported";
        case HoldReason::depends_on_held: return "depends on a held-back step";
    }
    return "none";
}

}  // namespace dbaudit::plan
