// Table-level constraints: primary key, unique, foreign key, check.
#pragma once

#include <string>
#include <vector>

namespace dbaudit::model {

// Names are optional in SQL; an empty name means "unnamed" and never takes part in comparison.
struct PrimaryKey {
    std::string name;
    std::vector<std::string> columns;
    bool autoincrement = false;  // SQLite INTEGER PRIMARY KEY AUTOINCREMENT
    bool deferrable = false;
    bool initially_deferred = false;

    bool operator==(const PrimaryKey&) const = default;
};

struct UniqueConstraint {
    std::string name;
    std::vector<std::string> columns;
    bool deferrable = false;
    bool initially_deferred = false;
    bool nulls_not_distinct = false;  // PostgreSQL 15 UNIQUE NULLS NOT DISTINCT

    bool operator==(const UniqueConstraint&) const = default;
};

enum class ForeignKeyAction { no_action, restrict, cascade, set_null, set_default };

struct ForeignKey {
    std::string name;
    std::vector<std::string> columns;
    std::string referenced_schema;  // empty = same schema
    std::string referenced_table;
    std::vector<std::string> referenced_columns;  // empty = the referenced table's primary key
    ForeignKeyAction on_update = ForeignKeyAction::no_action;
    ForeignKeyAction on_delete = ForeignKeyAction::no_action;
    std::string match;  // engine's MATCH clause, empty = default
    bool deferrable = false;
    bool initially_deferred = false;
    bool not_valid = false;  // PostgreSQL NOT VALID: existing rows were never checked

    bool operator==(const ForeignKey&) const = default;
};

struct CheckConstraint {
    std::string name;
    std::string expression;  // normalized expression text, without the outer parentheses
    std::string column;      // set when declared on a column rather than on the table
    bool not_valid = false;  // PostgreSQL NOT VALID
    bool no_inherit = false; // PostgreSQL NO INHERIT

    bool operator==(const CheckConstraint&) const = default;
};

// PostgreSQL EXCLUDE USING ...: compared by the engine's own rendering of the constraint.
struct ExclusionConstraint {
    std::string name;
    std::string definition;  // pg_get_constraintdef: "EXCLUDE USING gist (room WITH =, during WITH &&)"
    bool deferrable = false;
    bool initially_deferred = false;

    bool operator==(const ExclusionConstraint&) const = default;
};

const char* to_sql(ForeignKeyAction action);

}  // namespace dbaudit::model
