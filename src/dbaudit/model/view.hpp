// A view: compared by its normalized definition.
#pragma once

#include <string>

namespace dbaudit::model {

struct View {
    std::string schema;
    std::string name;
    std::string definition;  // the SELECT, normalized by the engine for comparison
    std::string sql;         // the engine's own CREATE statement, for rendering

    std::string qualified_name() const { return schema.empty() ? name : schema + "." + name; }
};

}  // namespace dbaudit::model
