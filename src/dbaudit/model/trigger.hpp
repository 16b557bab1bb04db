// A trigger on a table or view.
#pragma once

#include <string>

namespace dbaudit::model {

struct Trigger {
    std::string schema;
    std::string name;
    std::string table;       // the table or view it fires on
    std::string timing;      // BEFORE, AFTER, INSTEAD OF
    std::string event;       // INSERT, UPDATE [OF cols], DELETE
    std::string definition;  // the whole statement, normalized by the engine for comparison
    std::string sql;         // the engine's own CREATE statement, for rendering
    std::string enabled;     // PostgreSQL: empty = fires normally; "DISABLED", "REPLICA", "ALWAYS"

    std::string qualified_name() const { return schema.empty() ? name : schema + "." + name; }
    bool operator==(const Trigger&) const = default;
};

}  // namespace dbaudit::model
