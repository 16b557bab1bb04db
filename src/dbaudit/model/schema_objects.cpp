#include "dbaudit/model/schema_objects.hpp"

namespace dbaudit::model {

const char* to_string(TypeKind kind) {
    switch (kind) {
        case TypeKind::enum_type: return "enum";
        case TypeKind::domain: return "domain";
        case TypeKind::composite: return "composite";
        case TypeKind::range: return "range";
    }
    return "enum";
}

}  // namespace dbaudit::model
