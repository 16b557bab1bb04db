// SQLite's lexical rules (tokenize.c): quoted names in "", [], ``, strings with '' escapes,
// -- and /* */ comments, blobs, numbers, variables. Everything that reads SQL text uses this.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::engine::sqlite {

enum class TokenKind {
    space,
    comment,
    word,               // a bare identifier or keyword
    quoted_identifier,  // "x", [x], `x`
    string,             // 'x'
    number,
    blob,      // x'0A'
    variable,  // ?, ?1, :a, @a, $a
    punct,     // ( ) , ; . and operators
    illegal,   // an unterminated quote or comment, or a byte SQLite rejects
};

struct Token {
    TokenKind kind;
    std::string_view text;
    std::size_t offset;  // byte offset in the tokenized text

    // ASCII case-insensitive, words only. Inline: the readers call it for every token.
    bool is_word(std::string_view keyword) const {
        if (kind != TokenKind::word || text.size() != keyword.size()) return false;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if ((text[i] | 0x20) != (keyword[i] | 0x20)) return false;
        }
        return true;
    }
    bool is_punct(char c) const { return kind == TokenKind::punct && text.size() == 1 && text[0] == c; }
    bool is_trivia() const { return kind == TokenKind::space || kind == TokenKind::comment; }
    bool is_name() const { return kind == TokenKind::word || kind == TokenKind::quoted_identifier || kind == TokenKind::string; }
};

// Reads tokens one at a time, trivia included, without building a list: for long scripts.
class TokenStream {
public:
    explicit TokenStream(std::string_view sql) : m_sql(sql) {}
    bool next(Token& token);  // false at the end of the text

private:
    std::string_view m_sql;
    std::size_t m_offset = 0;
};

// Every token of `sql`, trivia included, in order. Never fails: bad input yields `illegal`.
std::vector<Token> tokenize(std::string_view sql);

// The same without spaces and comments.
std::vector<Token> tokenize_significant(std::string_view sql);

// The identifier a name token denotes: quotes removed and doubled quotes undone.
std::string unquote_identifier(const Token& token);
std::string unquote_identifier(std::string_view text);

// Quotes a name for SQLite when it needs quoting (keyword, odd characters); otherwise returns it
// unchanged. One function for every identifier dbaudit writes into SQL.
std::string quote_identifier(std::string_view name);
// Always quotes.
std::string quote_identifier_always(std::string_view name);
std::string quote_string(std::string_view text);

// A canonical spelling of an expression or statement fragment for comparison: comments and
// redundant spaces dropped, keywords and bare names upper-cased, needless identifier quotes
// removed, and parentheses that wrap the whole text removed.
std::string normalize_sql(std::string_view sql);

// Removes one or more pairs of parentheses that enclose the whole text.
std::string_view strip_outer_parens(std::string_view sql);

}  // namespace dbaudit::engine::sqlite
