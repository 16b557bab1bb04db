#include "dbaudit/code_check/sql_lexer.hpp"

#include "dbaudit/code_check/scanned_literal.hpp"

namespace dbaudit::code_check {

namespace {

bool is_word_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool is_word_char(unsigned char c) { return is_word_start(c) || (c >= '0' && c <= '9') || c == '$'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(unsigned char c) { return is_word_start(c) || is_digit(c); }

std::size_t skip_quoted(std::string_view sql, std::size_t i, char close) {
    // `i` is just past the opening quote; a doubled closing quote is an escaped one.
    while (i < sql.size()) {
        if (sql[i] == close) {
            if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
                i += 2;
                continue;
            }
            return i + 1;
        }
        ++i;
    }
    return sql.size();
}

// `$tag$` at `i`: the offset just past the matching closing tag, or 0 when this is no dollar quote.
std::size_t dollar_quote_end(std::string_view sql, std::size_t i) {
    std::size_t j = i + 1;
    if (j < sql.size() && is_word_start(static_cast<unsigned char>(sql[j])) && static_cast<unsigned char>(sql[j]) < 0x80) {
        while (j < sql.size() && is_ident_char(static_cast<unsigned char>(sql[j])) && static_cast<unsigned char>(sql[j]) < 0x80) ++j;
    }
    if (j >= sql.size() || sql[j] != '$') return 0;
    const std::string_view tag = sql.substr(i, j + 1 - i);
    const std::size_t close = sql.find(tag, j + 1);
    if (close == std::string_view::npos) return 0;
    return close + tag.size();
}

// printf conversions that are text formatting, not a driver placeholder: %d %5.2f %-10v ...
std::size_t printf_hole_end(std::string_view sql, std::size_t i) {
    std::size_t j = i + 1;
    while (j < sql.size() && (sql[j] == '-' || sql[j] == '+' || sql[j] == ' ' || sql[j] == '#' || sql[j] == '0')) {
        if (sql[j] == ' ') return 0;  // "% d" is not a conversion we trust
        ++j;
    }
    while (j < sql.size() && (is_digit(static_cast<unsigned char>(sql[j])) || sql[j] == '.')) ++j;
    if (j >= sql.size()) return 0;
    constexpr std::string_view k_conversions = "dioxXeEfFgGcrvqtTbuUp";
    if (k_conversions.find(sql[j]) == std::string_view::npos) return 0;
    if (j + 1 < sql.size() && is_ident_char(static_cast<unsigned char>(sql[j + 1]))) return 0;
    return j + 1;
}

}  // namespace

bool is_keyword(std::string_view sql, const SqlToken& token, std::string_view keyword) {
    if (token.kind != SqlTokenKind::word || token.end - token.begin != keyword.size()) return false;
    for (std::size_t k = 0; k < keyword.size(); ++k) {
        if ((sql[token.begin + k] | 0x20) != (keyword[k] | 0x20)) return false;
    }
    return true;
}

std::vector<SqlToken> lex_sql(std::string_view sql) {
    std::vector<SqlToken> tokens;
    std::size_t i = 0;
    const std::size_t n = sql.size();
    auto push = [&](SqlTokenKind kind, std::size_t begin, std::size_t end, ParameterForm form = ParameterForm::none) {
        tokens.push_back({kind, begin, end, form});
    };
    while (i < n) {
        const auto c = static_cast<unsigned char>(sql[i]);
        const std::size_t begin = i;
        const unsigned char next = i + 1 < n ? static_cast<unsigned char>(sql[i + 1]) : 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            while (i < n && (sql[i] == ' ' || sql[i] == '\t' || sql[i] == '\n' || sql[i] == '\r' || sql[i] == '\f' || sql[i] == '\v')) ++i;
            push(SqlTokenKind::space, begin, i);
        } else if (c == '-' && next == '-') {
            const std::size_t eol = sql.find('\n', i);
            i = eol == std::string_view::npos ? n : eol;
            push(SqlTokenKind::comment, begin, i);
        } else if (c == '/' && next == '*') {
            const std::size_t close = sql.find("*/", i + 2);
            i = close == std::string_view::npos ? n : close + 2;
            push(SqlTokenKind::comment, begin, i);
        } else if (c == '\'') {
            i = skip_quoted(sql, i + 1, '\'');
            push(SqlTokenKind::string, begin, i);
        } else if (c == '"' || c == '`') {
            i = skip_quoted(sql, i + 1, static_cast<char>(c));
            push(SqlTokenKind::quoted_name, begin, i);
        } else if (c == '[') {
            i = skip_quoted(sql, i + 1, ']');
            push(SqlTokenKind::quoted_name, begin, i);
        } else if (static_cast<char>(c) == k_hole) {
            ++i;
            push(SqlTokenKind::hole, begin, i);
        } else if (is_word_start(c)) {
            while (i < n && is_word_char(static_cast<unsigned char>(sql[i]))) ++i;
            push(SqlTokenKind::word, begin, i);
        } else if (is_digit(c) || (c == '.' && is_digit(next))) {
            if (c == '0' && (next == 'x' || next == 'X')) i += 2;
            while (i < n && (is_ident_char(static_cast<unsigned char>(sql[i])) || sql[i] == '.' ||
                             ((sql[i] == '+' || sql[i] == '-') && (sql[i - 1] == 'e' || sql[i - 1] == 'E'))))
                ++i;
            push(SqlTokenKind::number, begin, i);
        } else if (c == '?') {
            ++i;
            while (i < n && is_digit(static_cast<unsigned char>(sql[i]))) ++i;
            push(SqlTokenKind::parameter, begin, i, ParameterForm::question);
        } else if ((c == ':' || c == '@') && is_word_start(next) && !(c == ':' && i > 0 && sql[i - 1] == ':')) {
            ++i;
            while (i < n && is_ident_char(static_cast<unsigned char>(sql[i]))) ++i;
            push(SqlTokenKind::parameter, begin, i, ParameterForm::named);
        } else if (c == '$') {
            if (const std::size_t end = dollar_quote_end(sql, i)) {
                i = end;
                push(SqlTokenKind::string, begin, i);
            } else if (is_digit(next)) {
                ++i;
                while (i < n && is_digit(static_cast<unsigned char>(sql[i]))) ++i;
                push(SqlTokenKind::parameter, begin, i, ParameterForm::dollar_number);
            } else if (is_word_start(next)) {
                ++i;
                while (i < n && is_ident_char(static_cast<unsigned char>(sql[i]))) ++i;
                push(SqlTokenKind::parameter, begin, i, ParameterForm::named);
            } else {
                ++i;
                push(SqlTokenKind::punct, begin, i);
            }
        } else if (c == '%') {
            if (next == 's' && (i + 2 >= n || !is_ident_char(static_cast<unsigned char>(sql[i + 2])))) {
                i += 2;
                push(SqlTokenKind::parameter, begin, i, ParameterForm::percent_s);
            } else if (next == '(') {
                const std::size_t close = sql.find(')', i + 2);
                if (close != std::string_view::npos && close + 1 < n && sql[close + 1] == 's' && close - i < 66) {
                    i = close + 2;
                    push(SqlTokenKind::parameter, begin, i, ParameterForm::percent_named);
                } else {
                    ++i;
                    push(SqlTokenKind::punct, begin, i);
                }
            } else if (next == '%') {
                i += 2;
                push(SqlTokenKind::punct, begin, i);
            } else if (const std::size_t end = printf_hole_end(sql, i)) {
                i = end;
                push(SqlTokenKind::format_hole, begin, i);
            } else {
                ++i;
                push(SqlTokenKind::punct, begin, i);
            }
        } else if (c == '{') {
            // {}, {0}, {name}, {name!r}, {x:>3}: text formatting. A brace SQL itself uses (rare:
            // ODBC escapes) would be rejected by the engine anyway.
            std::size_t close = i + 1;
            while (close < n && close - i <= 80 && sql[close] != '}' && sql[close] != '{' && sql[close] != '\n') ++close;
            if (close < n && sql[close] == '}') {
                i = close + 1;
                push(SqlTokenKind::format_hole, begin, i);
            } else {
                ++i;
                push(SqlTokenKind::punct, begin, i);
            }
        } else {
            // Two-character operators stay together so a placeholder's neighbour is easy to read.
            static constexpr std::string_view k_pairs[] = {"<=", ">=", "<>", "!=", "==", "||", "::", "->", ":="};
            std::size_t length = 1;
            for (std::string_view pair : k_pairs) {
                if (static_cast<unsigned char>(pair[0]) == c && static_cast<unsigned char>(pair[1]) == next) length = 2;
            }
            if (length == 2 && c == '-' && i + 2 < n && sql[i + 2] == '>') length = 3;  // ->>
            i += length;
            push(SqlTokenKind::punct, begin, i);
        }
    }
    return tokens;
}

}  // namespace dbaudit::code_check
