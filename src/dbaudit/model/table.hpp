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
    bool unlogged = false;       // PostgreSQL UNLOGGED
    std::string partition_key;   // PostgreSQL PARTITION BY clause, e.g. "RANGE (created_at)"
    std::string partition_of;    // PostgreSQL: "parent FOR VALUES ..." when this table is a partition

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
    std::vector<ExclusionConstraint> exclusions;  // PostgreSQL
    std::vector<Index> indexes;  // sorted by name
    TableOptions options;
    bool row_security = false;        // PostgreSQL: ENABLE ROW LEVEL SECURITY
    bool force_row_security = false;  // PostgreSQL: FORCE ROW LEVEL SECURITY
    std::string comment;  // purpose, when the schema gives one
    std::string sql;      // the engine's own CREATE statement, for rendering

    std::string qualified_name() const { return schema.empty() ? name : schema + "." + name; }
    const Column* find_column(std::string_view column_name, bool case_insensitive) const;
    bool operator==(const Table&) const = default;
};

}  // namespace dbaudit::model
