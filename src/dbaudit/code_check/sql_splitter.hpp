// Splits SQL text (a literal passed to executescript, a .sql file) into statements at top-level
// semicolons. Knows trigger bodies (BEGIN ... END, with CASE ... END inside) and dollar quotes.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "dbaudit/code_check/sql_lexer.hpp"

namespace dbaudit::code_check {

struct SqlStatementSpan {
    std::size_t begin = 0;  // offset of the first significant token
    std::size_t end = 0;    // offset just past the last significant token (the ';' excluded)
    std::size_t first_token = 0;  // index into the token list
    std::size_t last_token = 0;   // index one past the last significant token
};

// Statements of `sql`, whose tokens are `tokens` (from lex_sql). Empty statements are dropped.
std::vector<SqlStatementSpan> split_sql(std::string_view sql, const std::vector<SqlToken>& tokens);

}  // namespace dbaudit::code_check
