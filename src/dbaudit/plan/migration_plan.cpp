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

const char* to_string(StepKind kind) {
    switch (kind) {
        case StepKind::rename_table: return "rename_table";
        case StepKind::rename_column: return "rename_column";
        case StepKind::create_table: return "create_table";
        case StepKind::add_column: return "add_column";
        case StepKind::drop_column: return "drop_column";
        case StepKind::rebuild_table: return "rebuild_table";
        case StepKind::drop_table: return "drop_table";
        case StepKind::create_index: return "create_index";
        case StepKind::drop_index: return "drop_index";
        case StepKind::create_view: return "create_view";
        case StepKind::drop_view: return "drop_view";
        case StepKind::create_trigger: return "create_trigger";
        case StepKind::drop_trigger: return "drop_trigger";
        case StepKind::insert_rows: return "insert_rows";
        case StepKind::alter_column: return "alter_column";
        case StepKind::add_constraint: return "add_constraint";
        case StepKind::validate_constraint: return "validate_constraint";
        case StepKind::drop_constraint: return "drop_constraint";
        case StepKind::alter_table: return "alter_table";
        case StepKind::create_object: return "create_object";
        case StepKind::alter_object: return "alter_object";
        case StepKind::drop_object: return "drop_object";
        case StepKind::comment: return "comment";
    }
    return "unknown";
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
