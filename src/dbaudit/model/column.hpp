// One column of a table as the engine reports it, normalized for comparison.
#pragma once

#include <optional>
#include <string>

namespace dbaudit::model {

enum class Generated { none, virtual_column, stored_column };

struct Column {
    std::string name;
    std::string type;  // declared type, normalized by the engine (SQLite: upper case, single spaces)
    // The engine's storage class for the type (SQLite: its affinity, or ROWID for the alias of
    // the rowid). Two declared types of one class store the same values; empty = unknown.
    std::string type_class;
    bool not_null = false;
    std::optional<std::string> default_expr;  // normalized expression text; nullopt = no default
    std::string collation;                    // empty = engine default
    Generated generated = Generated::none;
    std::string generation_expr;              // only when generated != none
    bool hidden = false;                      // e.g. SQLite virtual-table hidden columns
    std::string identity;                     // PostgreSQL: "ALWAYS", "BY DEFAULT"; empty = none
    std::string comment;                      // PostgreSQL COMMENT ON COLUMN
    int position = 0;                         // 0-based ordinal in the table

    bool operator==(const Column&) const = default;
};

}  // namespace dbaudit::model
