#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::sqlite {

namespace {

bool is_id_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
}

bool is_id_char(unsigned char c) { return is_id_start(c) || (c >= '0' && c <= '9') || c == '$'; }

bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Length of the quoted token starting at sql[i] with closing `close`; doubled closers escape.
// Returns 0 when unterminated.
std::size_t quoted_length(std::string_view sql, std::size_t i, char close) {
    std::size_t j = i + 1;
    while (j < sql.size()) {
        if (sql[j] == close) {
            if (close != ']' && j + 1 < sql.size() && sql[j + 1] == close) {
                j += 2;
                continue;
            }
            return j - i + 1;
        }
        ++j;
    }
    return 0;
}

Token next_token(std::string_view sql, std::size_t i) {
    const auto c = static_cast<unsigned char>(sql[i]);
    auto make = [&](TokenKind kind, std::size_t length) {
        return Token{kind, sql.substr(i, length), i};
    };
    // Words and single spaces are most of any schema: decide them first.
    // SQLite skips a UTF-8 byte order mark as white space.
    if (c == 0xEF && sql.substr(i, 3) == "\xEF\xBB\xBF") return make(TokenKind::space, 3);
    if (is_id_start(c) && !((c == 'x' || c == 'X') && i + 1 < sql.size() && sql[i + 1] == '\'')) {
        std::size_t j = i + 1;
        while (j < sql.size() && is_id_char(static_cast<unsigned char>(sql[j]))) ++j;
        return make(TokenKind::word, j - i);
    }
    if (is_space(c)) {
        std::size_t j = i;
        while (j < sql.size() && is_space(static_cast<unsigned char>(sql[j]))) ++j;
        return make(TokenKind::space, j - i);
    }
    if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
        std::size_t j = sql.find('\n', i);
        return make(TokenKind::comment, (j == std::string_view::npos ? sql.size() : j) - i);
    }
    if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
        std::size_t j = sql.find("*/", i + 2);
        // SQLite accepts an unterminated block comment at the end of input.
        return make(TokenKind::comment, (j == std::string_view::npos ? sql.size() : j + 2) - i);
    }
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
        const char close = c == '[' ? ']' : static_cast<char>(c);
        const std::size_t length = quoted_length(sql, i, close);
        if (length == 0) return make(TokenKind::illegal, sql.size() - i);
        return make(c == '\'' ? TokenKind::string : TokenKind::quoted_identifier, length);
    }
    if ((c == 'x' || c == 'X') && i + 1 < sql.size() && sql[i + 1] == '\'') {
        const std::size_t length = quoted_length(sql, i + 1, '\'');
        if (length == 0) return make(TokenKind::illegal, sql.size() - i);
        return make(TokenKind::blob, length + 1);
    }
    if (is_digit(c) || (c == '.' && i + 1 < sql.size() && is_digit(sql[i + 1]))) {
        std::size_t j = i;
        if (c == '0' && j + 1 < sql.size() && (sql[j + 1] == 'x' || sql[j + 1] == 'X')) {
            j += 2;
            while (j < sql.size() && std::isxdigit(static_cast<unsigned char>(sql[j]))) ++j;
            return make(TokenKind::number, j - i);
        }
        while (j < sql.size() && (is_digit(sql[j]) || sql[j] == '_')) ++j;
        if (j < sql.size() && sql[j] == '.') {
            ++j;
            while (j < sql.size() && (is_digit(sql[j]) || sql[j] == '_')) ++j;
        }
        if (j < sql.size() && (sql[j] == 'e' || sql[j] == 'E')) {
            std::size_t k = j + 1;
            if (k < sql.size() && (sql[k] == '+' || sql[k] == '-')) ++k;
            if (k < sql.size() && is_digit(sql[k])) {
                j = k;
                while (j < sql.size() && is_digit(sql[j])) ++j;
            }
        }
        return make(TokenKind::number, j - i);
    }
    if (is_id_start(c)) {
        std::size_t j = i;
        while (j < sql.size() && is_id_char(static_cast<unsigned char>(sql[j]))) ++j;
        return make(TokenKind::word, j - i);
    }
    if (c == '?') {
        std::size_t j = i + 1;
        while (j < sql.size() && is_digit(sql[j])) ++j;
        return make(TokenKind::variable, j - i);
    }
    if (c == ':' || c == '@' || c == '$' || c == '#') {
        std::size_t j = i + 1;
        while (j < sql.size() && is_id_char(static_cast<unsigned char>(sql[j]))) ++j;
        if (j > i + 1) return make(TokenKind::variable, j - i);
        return make(TokenKind::illegal, 1);
    }
    // Two-character operators first.
    static constexpr std::string_view k_two_char[] = {"||", "<=", ">=", "==", "!=", "<>", "<<", ">>", "->"};
    if (c == '(' || c == ')' || c == ',' || c == ';' || c == '.') return make(TokenKind::punct, 1);
    for (std::string_view op : k_two_char) {
        if (sql.substr(i, 2) == op) {
            if (op == "->" && sql.substr(i, 3) == "->>") return make(TokenKind::punct, 3);
            return make(TokenKind::punct, 2);
        }
    }
    static constexpr std::string_view k_one_char = "(),;.+-*/%<>=&|~";
    if (k_one_char.find(static_cast<char>(c)) != std::string_view::npos) return make(TokenKind::punct, 1);
    return make(TokenKind::illegal, 1);
}

bool is_keyword(std::string_view word);

// True when `name` written bare tokenizes as one non-keyword word (non-ASCII letters included).
bool lexes_as_bare_word(std::string_view name) {
    if (name.empty() || !is_id_start(static_cast<unsigned char>(name[0]))) return false;
    for (char c : name) {
        if (!is_id_char(static_cast<unsigned char>(c)) || c == '$') return false;
    }
    return !is_keyword(name);
}

bool is_keyword(std::string_view word) {
    return sqlite3_keyword_check(word.data(), static_cast<int>(word.size())) != 0;
}

// A name that needs no quotes: ASCII letters, digits and underscores, not a keyword. SQLite also
// accepts bare non-ASCII names, but other tools and editors do not all agree, so we quote them.
bool is_plain_identifier(std::string_view name) {
    if (name.empty() || !is_id_start(static_cast<unsigned char>(name[0]))) return false;
    for (char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || !is_id_char(byte) || c == '$') return false;
    }
    return !is_keyword(name);
}

}  // namespace


bool TokenStream::next(Token& token) {
    if (m_offset >= m_sql.size()) return false;
    token = next_token(m_sql, m_offset);
    m_offset += token.text.size();
    return true;
}

std::vector<Token> tokenize(std::string_view sql) {
    std::vector<Token> tokens;
    tokens.reserve(sql.size() / 4 + 1);
    std::size_t i = 0;
    while (i < sql.size()) {
        Token token = next_token(sql, i);
        i += token.text.size();
        tokens.push_back(token);
    }
    return tokens;
}

std::vector<Token> tokenize_significant(std::string_view sql) {
    std::vector<Token> tokens;
    tokens.reserve(sql.size() / 6 + 1);
    std::size_t i = 0;
    while (i < sql.size()) {
        Token token = next_token(sql, i);
        i += token.text.size();
        if (!token.is_trivia()) tokens.push_back(token);
    }
    return tokens;
}

std::string unquote_identifier(std::string_view text) {
    if (text.size() < 2) return std::string(text);
    const char open = text.front();
    char close;
    switch (open) {
        case '"': close = '"'; break;
        case '\'': close = '\''; break;
        case '`': close = '`'; break;
        case '[': return std::string(text.substr(1, text.size() - 2));
        default: return std::string(text);
    }
    std::string out;
    out.reserve(text.size() - 2);
    for (std::size_t i = 1; i + 1 < text.size(); ++i) {
        out += text[i];
        if (text[i] == close && i + 2 < text.size() && text[i + 1] == close) ++i;
    }
    return out;
}

std::string unquote_identifier(const Token& token) { return unquote_identifier(token.text); }

std::string quote_identifier_always(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + "\"";
}

std::string quote_identifier(std::string_view name) {
    return is_plain_identifier(name) ? std::string(name) : quote_identifier_always(name);
}

std::string quote_string(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        out += c;
        if (c == '\'') out += '\'';
    }
    return out + "'";
}

std::string_view strip_outer_parens(std::string_view sql) {
    for (;;) {
        sql = util::trim(sql);
        if (sql.size() < 2 || sql.front() != '(' || sql.back() != ')') return sql;
        // The first '(' must close at the very end, not earlier: "(a) + (b)".
        int depth = 0;
        bool wraps = true;
        const auto tokens = tokenize(sql);
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (tokens[i].is_punct('(')) ++depth;
            if (tokens[i].is_punct(')')) {
                --depth;
                if (depth == 0 && tokens[i].offset + 1 != sql.size()) {
                    wraps = false;
                    break;
                }
            }
        }
        if (!wraps) return sql;
        sql = sql.substr(1, sql.size() - 2);
    }
}

std::string normalize_sql(std::string_view sql) {
    // Most types and defaults are one bare word or number ("TEXT", "0"): no tokenizing needed.
    auto is_letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    auto is_digit_char = [](char c) { return c >= '0' && c <= '9'; };
    if (!sql.empty() && is_letter(sql[0]) &&
        std::all_of(sql.begin(), sql.end(), [&](char c) { return is_letter(c) || is_digit_char(c); }))
        return util::ascii_upper(sql);
    if (!sql.empty() && std::all_of(sql.begin(), sql.end(), is_digit_char)) return std::string(sql);
    const auto tokens = tokenize_significant(strip_outer_parens(sql));
    std::string out;
    out.reserve(sql.size());
    const Token* previous = nullptr;
    for (const Token& token : tokens) {
        std::string text;
        if (token.kind == TokenKind::word) {
            text = util::ascii_upper(token.text);
        } else if (token.kind == TokenKind::quoted_identifier) {
            // SQLite matches names ASCII-case-insensitively, quoted or not; a quoted name that
            // would read as one bare word is printed bare, so both spellings normalize alike.
            std::string name = util::ascii_upper(unquote_identifier(token));
            text = lexes_as_bare_word(name) ? name : quote_identifier_always(name);
        } else {
            text = std::string(token.text);
        }
        // One space between tokens, none inside parentheses, before commas or around dots.
        const bool glue = previous == nullptr || previous->is_punct('(') || previous->is_punct('.') ||
                          token.is_punct(')') || token.is_punct(',') || token.is_punct('.') ||
                          (token.is_punct('(') && previous->kind == TokenKind::word &&
                           !is_keyword(previous->text));
        if (!glue) out += ' ';
        out += text;
        previous = &token;
    }
    return out;
}

}  // namespace dbaudit::engine::sqlite
