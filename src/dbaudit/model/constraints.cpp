#include "dbaudit/model/constraints.hpp"

namespace dbaudit::model {

const char* to_sql(ForeignKeyAction action) {
    switch (action) {
        case ForeignKeyAction::no_action: return "NO ACTION";
        case ForeignKeyAction::restrict: return "RESTRICT";
        case ForeignKeyAction::cascade: return "CASCADE";
        case ForeignKeyAction::set_null: return "SET NULL";
        case ForeignKeyAction::set_default: return "SET DEFAULT";
    }
    return "NO ACTION";
}

}  // namespace dbaudit::model
