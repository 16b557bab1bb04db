#include "dbaudit/engine/sqlite/verification_queries.hpp"

#include <map>
#include <string>

#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"

namespace dbaudit::engine::sqlite {

namespace {

// Legacy tables counted in one UNION ALL: more would make a query nobody wants to paste.
constexpr std::size_t k_max_counted_tables = 20;

// 'a', 'b', ... wrapped so that no line of the query gets much longer than 100 characters.
std::string literal_list(const std::vector<std::string>& names, const std::string& indent) {
    std::string out;
    std::size_t line = indent.size();
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::string item = quote_string(names[i]) + (i + 1 < names.size() ? "," : "");
        if (i > 0 && line + item.size() + 1 > 100) {
            out += "\n" + indent;
            line = indent.size();
        } else if (i > 0) {
            out += " ";
            ++line;
        }
        out += item;
        line += item.size();
    }
    return out;
}

std::string rows(std::size_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

}  // namespace

std::vector<VerificationQuery> verification_queries(const VerificationRequest& request) {
    std::vector<VerificationQuery> queries;
    if (!request.missing_tables.empty()) {
        queries.push_back({"Missing tables: returns no rows now, " + rows(request.missing_tables.size()) + " once the fix is applied.",
                           "SELECT name FROM sqlite_schema\nWHERE type = 'table' AND name COLLATE NOCASE IN (\n  " +
                               literal_list(request.missing_tables, "  ") + ")\nORDER BY name;"});
    }
    if (!request.columns.empty()) {
        std::map<std::string, std::vector<std::string>> by_table;
        for (const auto& c : request.columns) by_table[c.table].push_back(c.column);
        std::string where;
        for (const auto& [table, columns] : by_table) {
            where += where.empty() ? "     " : "\n  OR ";
            where += "(t.name = " + quote_string(table) + " COLLATE NOCASE AND c.name COLLATE NOCASE IN (" +
                     literal_list(columns, "       ") + "))";
        }
        queries.push_back({"Missing and changed columns as the database has them (type, NOT NULL, default): after the fix, " +
                               rows(request.columns.size()) + " matching the expected schema.",
                           "SELECT t.name AS table_name, c.name AS column_name, c.type, c.\"notnull\", c.dflt_value\n"
                           "FROM sqlite_schema AS t JOIN pragma_table_info(t.name) AS c\n"
                           "WHERE t.type = 'table' AND (\n" + where + ")\nORDER BY 1, 2;"});
        std::size_t shown = 0;
        for (const auto& [table, columns] : by_table) {
            if (++shown > 5) break;
            queries.push_back({"Every column of " + table + " as the database has it.",
                               "PRAGMA table_info(" + quote_identifier(table) + ");"});
        }
    }
    std::map<std::string, std::vector<std::string>> objects;  // sqlite_schema type -> names
    for (const auto& object : request.other_objects) {
        if (object.kind == "index" || object.kind == "view" || object.kind == "trigger") objects[object.kind].push_back(object.name);
    }
    if (!objects.empty()) {
        std::string where;
        std::size_t count = 0;
        for (const auto& [type, names] : objects) {
            where += where.empty() ? "" : "\n   OR ";
            where += "(type = " + quote_string(type) + " AND name COLLATE NOCASE IN (" + literal_list(names, "     ") + "))";
            count += names.size();
        }
        queries.push_back({"Missing indexes, views and triggers: after the fix, " + rows(count) + ".",
                           "SELECT type, name FROM sqlite_schema\nWHERE " + where + "\nORDER BY type, name;"});
    }
    if (!request.legacy_tables.empty()) {
        std::string sql;
        std::size_t counted = 0;
        for (const std::string& table : request.legacy_tables) {
            if (++counted > k_max_counted_tables) break;
            sql += sql.empty() ? "SELECT " : "\nUNION ALL SELECT ";
            sql += quote_string(table) + " AS table_name, count(*) AS row_count FROM " + quote_identifier(table);
        }
        std::string purpose = "Legacy tables (not in the expected schema) and their rows; the fix leaves them in place.";
        if (request.legacy_tables.size() > k_max_counted_tables)
            purpose += " The first " + std::to_string(k_max_counted_tables) + " of " + std::to_string(request.legacy_tables.size()) + ".";
        queries.push_back({purpose, sql + ";"});
    }
    queries.push_back({"After the fix: rows whose parent row is missing (must return no rows).", "PRAGMA foreign_key_check;"});
    return queries;
}

}  // namespace dbaudit::engine::sqlite
