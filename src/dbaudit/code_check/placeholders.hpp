// Bound parameters and interpolation in a statement found in code. Driver placeholders (?, ?NNN,
// :name, @name, $name, $1, %s, %(name)s) are rewritten into the engine's own style; anything that
// builds the SQL text at run time (f-string {x}, untagged ${x}, %d, "..." % x, a name where %s
// stands for a table) makes the statement dynamic: listed, never guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/code_check/offset_map.hpp"
#include "dbaudit/code_check/scanned_literal.hpp"
#include "dbaudit/code_check/sql_lexer.hpp"
#include "dbaudit/engine/statement_checker.hpp"

namespace dbaudit::code_check {

// Why tokens [first, last) of `value` (a literal's decoded text) cannot be checked as written,
// or an empty string when they can. `source` is the file, for quoting an interpolation.
std::string dynamic_reason(std::string_view value, const std::vector<SqlToken>& tokens, std::size_t first, std::size_t last,
                           const ScannedLiteral& literal, std::string_view source);

struct NormalizedStatement {
    std::string sql;        // what the engine prepares
    OffsetMap to_original;  // offset in `sql` -> offset in the statement as written
};

// Tokens [first, last) of `value` with every placeholder in the engine's style. A tagged
// template's interpolations (holes) are bound parameters. Offsets in the map are relative to
// tokens[first].begin.
NormalizedStatement normalize_placeholders(std::string_view value, const std::vector<SqlToken>& tokens, std::size_t first,
                                           std::size_t last, engine::ParameterStyle style);

}  // namespace dbaudit::code_check
