// An index: keyed by columns or expressions, possibly unique or partial.
#pragma once

#include <string>
#include <vector>

namespace dbaudit::model {

// Where an index comes from: written as CREATE INDEX, or implied by a constraint.
enum class IndexOrigin { create_index, unique_constraint, primary_key };

struct IndexKey {
    std::string column;      // column name; empty when the key is an expression
    std::string expression;  // normalized expression text when the key is not a plain column
    bool descending = false;
    std::string collation;  // empty = the column's own collation
    std::string opclass;    // PostgreSQL operator class when not the type's default
    bool nulls_first = false;  // PostgreSQL: NULLS FIRST on an ascending key / NULLS LAST on DESC

    bool operator==(const IndexKey&) const = default;
};

struct Index {
    std::string schema;
    std::string name;
    std::string table;
    bool unique = false;
    IndexOrigin origin = IndexOrigin::create_index;
    std::vector<IndexKey> keys;
    std::string predicate;  // partial index WHERE clause, normalized; empty = not partial
    std::string method;     // PostgreSQL access method (btree, gin, gist ...); empty = engine default
    std::vector<std::string> include;  // PostgreSQL INCLUDE columns
    bool nulls_not_distinct = false;   // PostgreSQL 15
    std::string sql;        // the engine's own CREATE statement, for rendering

    std::string qualified_name() const { return schema.empty() ? name : schema + "." + name; }
    bool operator==(const Index&) const = default;
};

}  // namespace dbaudit::model
