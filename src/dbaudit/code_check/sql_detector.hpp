// Decides whether a string literal is SQL: after spaces and comments it starts with a statement
// keyword, and its tokens have the shape of that statement rather than of prose ("Select a city",
// "Update your profile", "Delete this item?" are not SQL).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "dbaudit/code_check/sql_lexer.hpp"

namespace dbaudit::code_check {

// The cheap test every literal passes before it is decoded: `raw` is the literal's text as written
// in the source (escapes not decoded). True when it could begin with a statement keyword.
bool may_start_statement(std::string_view raw);

// The statement keyword, upper case ("SELECT", "INSERT", ...), when tokens [first, last) of `sql`
// have the shape of a statement; nothing otherwise. `built_at_run_time`: the code concatenates the
// text with something else ("DELETE FROM " + table), so the shape may be cut short; an upper-case
// keyword is enough (such a statement is dynamic, never checked).
std::optional<std::string_view> detect_statement(std::string_view sql, const std::vector<SqlToken>& tokens,
                                                 std::size_t first, std::size_t last, bool built_at_run_time = false);

}  // namespace dbaudit::code_check
