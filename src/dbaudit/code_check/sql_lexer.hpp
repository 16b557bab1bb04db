// Lexical rules shared by the SQL dialects dbaudit reads in application code (SQLite's and
// PostgreSQL's, plus the placeholder and string-formatting forms drivers use). Engine-neutral:
// used to recognise, split and normalise statements, never to judge them; the engine does that.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace dbaudit::code_check {

enum class SqlTokenKind {
    space,
    comment,      // -- ... and /* ... */
    word,         // keyword or bare name
    quoted_name,  // "x", `x`, [x]
    string,       // 'x', $$x$$, $tag$x$tag$
    number,
    parameter,    // a bound parameter, see ParameterForm
    hole,         // where the host language interpolates code (k_hole)
    format_hole,  // text formatting: {x}, {}, %d, %v ...
    punct,        // operators, ( ) , ; .
};

enum class ParameterForm {
    none,
    question,         // ?  ?NNN
    named,            // :name  @name  $name
    dollar_number,    // $1
    percent_s,        // %s
    percent_named,    // %(name)s
};

struct SqlToken {
    SqlTokenKind kind = SqlTokenKind::punct;
    std::size_t begin = 0;
    std::size_t end = 0;
    ParameterForm form = ParameterForm::none;

    std::string_view text(std::string_view sql) const { return sql.substr(begin, end - begin); }
    bool is_trivia() const { return kind == SqlTokenKind::space || kind == SqlTokenKind::comment; }
};

// Every token of `sql`, trivia included. Never fails: an unterminated quote runs to the end.
std::vector<SqlToken> lex_sql(std::string_view sql);

// ASCII case-insensitive keyword test for a word token.
bool is_keyword(std::string_view sql, const SqlToken& token, std::string_view keyword);

}  // namespace dbaudit::code_check
