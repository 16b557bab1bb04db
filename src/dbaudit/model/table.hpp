// A table with its columns, constraints, options and indexes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dbaudit/model/column.hpp"
#include "dbaudit/model/constraints.hpp"
#include "dbaudit/model/index.hpp"

namespace dbaudit::model {

struct TableOptions {
    bool without_rowid = false;  // SQLite
    bool strict = false;         // SQLite

    bool operator==(const TableOptions&) const = default;
};

struct Table {
    std::string schema;  // empty for engines without schemas (SQLite's main database)
    std::string name;
    std::vector<Column> columns;  // in table order
    std::optional<PrimaryKey> primary_key;
    std::vector<UniqueConstraint> uniques;
    std::vector<ForeignKey> foreign_keys;
    std::vector<CheckConstraint> checks;
    std::vector<Index> indexes;  // sorted by name
    TableOptions options;
    std::string comment;  // purpose, when the schema gives one
    std::string sql;      // the engine's own CREATE statement, for rendering

    std::string qualified_name() const { return schema.empty() ? name : schema + "." + name; }
    const Column* find_column(std::string_view column_name, bool case_insensitive) const;
};

}  // namespace dbaudit::model
