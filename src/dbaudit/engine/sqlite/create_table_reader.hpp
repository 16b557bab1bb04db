// Reads the facts SQLite's pragmas do not expose from a stored CREATE TABLE statement:
// CHECK constraints, collations, generated-column expressions, constraint names, AUTOINCREMENT,
// WITHOUT ROWID and STRICT.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::engine::sqlite {

struct ParsedCheck {
    std::string name;
    std::string expression;  // as written, without the outer parentheses
};

struct ParsedColumn {
    std::string name;
    std::string type;  // the declared type as written (pragma_table_xinfo reports the same text)
    bool not_null = false;
    bool has_default = false;
    std::string default_text;  // as written, without the parentheses of DEFAULT (...), like the pragma
    bool primary_key = false;  // a column-level PRIMARY KEY
    bool primary_key_desc = false;  // PRIMARY KEY DESC: SQLite's quirk makes it no rowid alias
    bool generated_stored = false;
    std::string collation;
    std::vector<ParsedCheck> checks;
    std::string generation_expr;  // as written; empty when not generated
    bool autoincrement = false;
    std::string primary_key_name;  // CONSTRAINT name on a column-level PRIMARY KEY
    std::string unique_name;
    std::string foreign_key_name;
    std::string references_table;  // column-level REFERENCES target
    bool foreign_key_deferrable = false;
    bool foreign_key_initially_deferred = false;
};

enum class ParsedConstraintKind { primary_key, unique, check, foreign_key };

struct ParsedTableConstraint {
    ParsedConstraintKind kind;
    std::string name;
    std::vector<std::string> columns;  // key columns (PK, UNIQUE, FK)
    std::string expression;            // CHECK expression as written
    std::string references_table;      // FOREIGN KEY target
    bool autoincrement = false;        // PRIMARY KEY (id AUTOINCREMENT)
    bool deferrable = false;           // FOREIGN KEY ... DEFERRABLE
    bool initially_deferred = false;   // ... INITIALLY DEFERRED
};

struct ParsedCreateTable {
    std::vector<ParsedColumn> columns;
    std::vector<ParsedTableConstraint> constraints;
    bool without_rowid = false;
    bool strict = false;
    bool is_virtual = false;  // CREATE VIRTUAL TABLE: nothing else is read
    bool is_select = false;   // CREATE TABLE ... AS SELECT
};

// Never throws: SQLite accepted the statement already, and what cannot be read is left empty.
ParsedCreateTable read_create_table(std::string_view sql);

}  // namespace dbaudit::engine::sqlite
