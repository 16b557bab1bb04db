// A view: compared by its normalized definition.
#pragma once

#include <string>
#include <vector>

#include "dbaudit/model/column.hpp"
#include "dbaudit/model/index.hpp"

namespace dbaudit::model {

struct View {
    std::string schema;
    std::string name;
    std::string definition;  // the SELECT, normalized by the engine for comparison
    std::string sql;         // the engine's own CREATE statement, for rendering
    bool materialized = false;   // PostgreSQL materialized view
    std::vector<Index> indexes;  // materialized views: their indexes, sorted by name
    std::string options;         // PostgreSQL reloptions, e.g. "security_invoker=true"
    std::string comment;
    // PostgreSQL: the view's output columns (name and type), which decide whether CREATE OR
    // REPLACE VIEW can replace it. Not compared (the definition is).
    std::vector<Column> columns;

    std::string qualified_name() const { return schema.empty() ? name : schema + "." + name; }
    bool operator==(const View&) const = default;
};

}  // namespace dbaudit::model
