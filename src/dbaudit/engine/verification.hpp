// Queries a person runs by hand to check an audit's findings, before and after the fix: each
// engine writes them in its own catalog's terms (SQLite's sqlite_schema and pragmas, PostgreSQL's
// pg_catalog). Engine-neutral input: names and kind words only.
#pragma once

#include <string>
#include <vector>

namespace dbaudit::engine {

struct ColumnToVerify {
    std::string table;  // qualified name
    std::string column;
};

// An object of another kind that the database lacks: "view", "index", "trigger", "function",
// "materialized_view", "policy", "sequence", "type", "extension", "row_security" ...
struct ObjectToVerify {
    std::string kind;
    std::string name;   // display name as in findings ("public.merge_leads(p_keep uuid, p_drop uuid)")
    std::string table;  // the table it belongs to, when it belongs to one
};

struct VerificationRequest {
    std::vector<std::string> missing_tables;     // qualified names, sorted
    std::vector<ColumnToVerify> columns;          // missing or changed, sorted by table then column
    std::vector<ObjectToVerify> other_objects;    // in report order
    std::vector<std::string> legacy_tables;       // live tables the expected schema lacks
};

struct VerificationQuery {
    std::string purpose;  // one line: what it shows and what to expect after the fix
    std::string sql;      // one statement, with its closing semicolon
};

}  // namespace dbaudit::engine
