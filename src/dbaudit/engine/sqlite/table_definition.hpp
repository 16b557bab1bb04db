// Edits on the text of a CREATE TABLE statement that a migration needs: one column's definition
// as written (for ADD COLUMN), and the same statement under another table name (for a rebuild).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::engine::sqlite {

// One element of a CREATE TABLE body: a column definition or a table constraint.
struct TableItem {
    std::size_t begin = 0;  // byte offset of its first token
    std::size_t end = 0;    // byte offset just past its last token
    bool is_constraint = false;
    std::string column;  // the column's name when it is a column definition
};

// The items of the body, in order; empty for CREATE TABLE ... AS and virtual tables.
std::vector<TableItem> table_items(std::string_view create_table_sql);

// The definition of `column` exactly as written ("area TEXT DEFAULT 'x'"), or nothing.
std::optional<std::string> column_definition(std::string_view create_table_sql, std::string_view column);

// The statement with the table's name (and any schema qualifier, IF NOT EXISTS and TEMP)
// replaced by `new_name`, quoted when it needs to be.
std::optional<std::string> with_table_name(std::string_view create_table_sql, std::string_view new_name);

}  // namespace dbaudit::engine::sqlite
