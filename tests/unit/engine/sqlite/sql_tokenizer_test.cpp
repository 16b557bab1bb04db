#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace dbaudit::engine::sqlite {

// Readable failure output: "word`abc`" instead of raw enum values.
static std::ostream& operator<<(std::ostream& out, TokenKind kind) {
    switch (kind) {
        case TokenKind::space: return out << "space";
        case TokenKind::comment: return out << "comment";
        case TokenKind::word: return out << "word";
        case TokenKind::quoted_identifier: return out << "quoted_identifier";
        case TokenKind::string: return out << "string";
        case TokenKind::number: return out << "number";
        case TokenKind::blob: return out << "blob";
        case TokenKind::variable: return out << "variable";
        case TokenKind::punct: return out << "punct";
        case TokenKind::illegal: return out << "illegal";
    }
    return out << "?";
}

namespace {

struct ExpectedToken {
    TokenKind kind;
    std::string text;

    bool operator==(const ExpectedToken&) const = default;
    friend std::ostream& operator<<(std::ostream& out, const ExpectedToken& token) {
        return out << token.kind << "`" << token.text << "`";
    }
};

std::vector<ExpectedToken> kinds_and_texts(const std::vector<Token>& tokens) {
    std::vector<ExpectedToken> out;
    for (const Token& token : tokens) out.push_back({token.kind, std::string(token.text)});
    return out;
}

TEST(SqlTokenizer, QuotedNamesStringsAndCommentsAreSingleTokens) {
    const auto tokens = tokenize_significant(R"(SELECT "a ""b""", [c d], `e`, 'it''s' -- note
    /* block; */ FROM t;)");
    ASSERT_EQ(tokens.size(), 11u);
    EXPECT_EQ(tokens[1].kind, TokenKind::quoted_identifier);
    EXPECT_EQ(unquote_identifier(tokens[1]), "a \"b\"");
    EXPECT_EQ(unquote_identifier(tokens[3]), "c d");
    EXPECT_EQ(unquote_identifier(tokens[5]), "e");
    EXPECT_EQ(tokens[7].kind, TokenKind::string);
    EXPECT_TRUE(tokens[8].is_word("from"));
}

TEST(SqlTokenizer, NormalizeMakesSpellingsOfOneExpressionEqual) {
    EXPECT_EQ(normalize_sql("(current_timestamp)"), normalize_sql("CURRENT_TIMESTAMP"));
    EXPECT_EQ(normalize_sql("type IN ('telegram','vk')"), normalize_sql("\"type\"  in ( 'telegram', 'vk' )"));
    EXPECT_NE(normalize_sql("'Abc'"), normalize_sql("'abc'"));
    EXPECT_EQ(normalize_sql("(a) + (b)"), "(A) + (B)");
}

// ---------------------------------------------------------------------------------------------
// tokenize: one case per token kind and per lexical corner SQLite's tokenize.c knows.

struct TokenizeCase {
    const char* name;
    std::string sql;
    std::vector<ExpectedToken> expected;

    friend void PrintTo(const TokenizeCase& c, std::ostream* out) { *out << c.name; }
};

class TokenizeTable : public ::testing::TestWithParam<TokenizeCase> {};

TEST_P(TokenizeTable, YieldsExactlyTheseTokens) {
    const TokenizeCase& c = GetParam();
    EXPECT_EQ(kinds_and_texts(tokenize(c.sql)), c.expected) << "input: " << c.sql;
}

using K = TokenKind;

INSTANTIATE_TEST_SUITE_P(
    Kinds, TokenizeTable,
    ::testing::Values(
        // space and comments
        TokenizeCase{"space", " \t\r\n\f\v", {{K::space, " \t\r\n\f\v"}}},
        TokenizeCase{"line_comment_stops_before_newline", "-- c; x\ny", {{K::comment, "-- c; x"}, {K::space, "\n"}, {K::word, "y"}}},
        TokenizeCase{"line_comment_at_end_of_input", "x --tail", {{K::word, "x"}, {K::space, " "}, {K::comment, "--tail"}}},
        TokenizeCase{"block_comment", "a/* b; 'c */d", {{K::word, "a"}, {K::comment, "/* b; 'c */"}, {K::word, "d"}}},
        TokenizeCase{"unterminated_block_comment_is_a_comment", "a /* open", {{K::word, "a"}, {K::space, " "}, {K::comment, "/* open"}}},
        // words
        TokenizeCase{"word_with_digits_underscore_dollar", "_a1$b", {{K::word, "_a1$b"}}},
        TokenizeCase{"keyword_is_a_word", "SELECT", {{K::word, "SELECT"}}},
        TokenizeCase{"cyrillic_identifier", "таблица", {{K::word, "таблица"}}},
        TokenizeCase{"latin1_supplement_identifier", "näme=1", {{K::word, "näme"}, {K::punct, "="}, {K::number, "1"}}},
        TokenizeCase{"x_not_followed_by_quote_is_a_word", "xyz", {{K::word, "xyz"}}},
        // quoted identifiers
        TokenizeCase{"double_quoted_with_doubled_quote", "\"a\"\"b\"", {{K::quoted_identifier, "\"a\"\"b\""}}},
        TokenizeCase{"bracketed", "[c d]", {{K::quoted_identifier, "[c d]"}}},
        TokenizeCase{"backticked_with_doubled_backtick", "`e``f`", {{K::quoted_identifier, "`e``f`"}}},
        TokenizeCase{"quoted_name_containing_semicolon", "\"a;b\"", {{K::quoted_identifier, "\"a;b\""}}},
        // strings
        TokenizeCase{"string_with_doubled_quote", "'it''s'", {{K::string, "'it''s'"}}},
        TokenizeCase{"empty_string", "''", {{K::string, "''"}}},
        TokenizeCase{"string_with_comment_markers", "'-- /* ;'", {{K::string, "'-- /* ;'"}}},
        // unterminated quotes: the rest of the input is one illegal token
        TokenizeCase{"unterminated_string", "x 'abc", {{K::word, "x"}, {K::space, " "}, {K::illegal, "'abc"}}},
        TokenizeCase{"unterminated_double_quote", "\"abc def", {{K::illegal, "\"abc def"}}},
        TokenizeCase{"unterminated_bracket", "[abc", {{K::illegal, "[abc"}}},
        TokenizeCase{"unterminated_backtick", "`abc", {{K::illegal, "`abc"}}},
        TokenizeCase{"string_ending_in_escaped_quote_is_unterminated", "'ab''", {{K::illegal, "'ab''"}}},
        // blobs
        TokenizeCase{"blob_lower_x", "x'0A1b'", {{K::blob, "x'0A1b'"}}},
        TokenizeCase{"blob_upper_x", "X'ff'", {{K::blob, "X'ff'"}}},
        TokenizeCase{"empty_blob", "x''", {{K::blob, "x''"}}},
        TokenizeCase{"unterminated_blob", "x'0A", {{K::illegal, "x'0A"}}},
        // numbers
        TokenizeCase{"integer", "42", {{K::number, "42"}}},
        TokenizeCase{"decimal", "3.14", {{K::number, "3.14"}}},
        TokenizeCase{"leading_dot", ".5", {{K::number, ".5"}}},
        TokenizeCase{"trailing_dot", "5.", {{K::number, "5."}}},
        TokenizeCase{"exponent", "1e10", {{K::number, "1e10"}}},
        TokenizeCase{"signed_exponent", "1.5E-3", {{K::number, "1.5E-3"}}},
        TokenizeCase{"positive_exponent", "2e+7", {{K::number, "2e+7"}}},
        TokenizeCase{"hex_lower", "0x1f", {{K::number, "0x1f"}}},
        TokenizeCase{"hex_upper", "0XABCDEF", {{K::number, "0XABCDEF"}}},
        TokenizeCase{"number_then_punct", "1,2", {{K::number, "1"}, {K::punct, ","}, {K::number, "2"}}},
        TokenizeCase{"qualified_name_is_not_a_number", "t.c", {{K::word, "t"}, {K::punct, "."}, {K::word, "c"}}},
        // variables
        TokenizeCase{"bare_question_mark", "?", {{K::variable, "?"}}},
        TokenizeCase{"numbered_question_mark", "?12", {{K::variable, "?12"}}},
        TokenizeCase{"colon_name", ":name", {{K::variable, ":name"}}},
        TokenizeCase{"at_name", "@a1", {{K::variable, "@a1"}}},
        TokenizeCase{"dollar_name", "$v", {{K::variable, "$v"}}},
        TokenizeCase{"lone_colon_is_illegal", ": x", {{K::illegal, ":"}, {K::space, " "}, {K::word, "x"}}},
        // punctuation and operators, longest match first
        TokenizeCase{"single_char_punct", ">(),;.+-*/%&|~=<",
                     {{K::punct, ">"}, {K::punct, "("}, {K::punct, ")"}, {K::punct, ","}, {K::punct, ";"},
                      {K::punct, "."}, {K::punct, "+"}, {K::punct, "-"}, {K::punct, "*"}, {K::punct, "/"},
                      {K::punct, "%"}, {K::punct, "&"}, {K::punct, "|"}, {K::punct, "~"}, {K::punct, "="},
                      {K::punct, "<"}}},
        TokenizeCase{"two_char_operators", "|| <= >= == != <> << >> ->",
                     {{K::punct, "||"}, {K::space, " "}, {K::punct, "<="}, {K::space, " "}, {K::punct, ">="},
                      {K::space, " "}, {K::punct, "=="}, {K::space, " "}, {K::punct, "!="}, {K::space, " "},
                      {K::punct, "<>"}, {K::space, " "}, {K::punct, "<<"}, {K::space, " "}, {K::punct, ">>"},
                      {K::space, " "}, {K::punct, "->"}}},
        TokenizeCase{"json_extract_operator", "j->>'$.a'", {{K::word, "j"}, {K::punct, "->>"}, {K::string, "'$.a'"}}},
        // SQLite's tokenizer (CC_BOM) reads a UTF-8 byte order mark as white space.
        TokenizeCase{"byte_order_mark_is_space", "\xEF\xBB\xBFSELECT", {{K::space, "\xEF\xBB\xBF"}, {K::word, "SELECT"}}},
        TokenizeCase{"lone_bang_is_illegal", "!", {{K::illegal, "!"}}},
        TokenizeCase{"caret_is_illegal", "^", {{K::illegal, "^"}}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(SqlTokenizer, OffsetsPointIntoTheInputAndTokensCoverItExactly) {
    const std::string sql = "CREATE TABLE \"t\" (\n  näme TEXT -- c\n);";
    const auto tokens = tokenize(sql);
    std::string rebuilt;
    for (const Token& token : tokens) {
        EXPECT_EQ(token.offset, rebuilt.size()) << "token `" << token.text << "`";
        EXPECT_EQ(sql.substr(token.offset, token.text.size()), token.text);
        rebuilt += token.text;
    }
    EXPECT_EQ(rebuilt, sql);
}

TEST(SqlTokenizer, SignificantTokensDropOnlySpaceAndComments) {
    const auto tokens = tokenize_significant("a /* x */ -- y\n 'b'");
    EXPECT_EQ(kinds_and_texts(tokens), (std::vector<ExpectedToken>{{K::word, "a"}, {K::string, "'b'"}}));
    EXPECT_EQ(tokens[1].offset, 16u);
}

TEST(SqlTokenizer, TokenPredicates) {
    const auto tokens = tokenize_significant("create \"create\" ( 'n'");
    ASSERT_EQ(tokens.size(), 4u);
    EXPECT_TRUE(tokens[0].is_word("CREATE"));
    EXPECT_FALSE(tokens[0].is_word("CREAT"));
    EXPECT_FALSE(tokens[1].is_word("create")) << "a quoted name is never a keyword";
    EXPECT_TRUE(tokens[1].is_name());
    EXPECT_TRUE(tokens[2].is_punct('('));
    EXPECT_FALSE(tokens[2].is_punct(')'));
    EXPECT_TRUE(tokens[3].is_name()) << "SQLite accepts a string where a name is expected";
    EXPECT_FALSE(tokens[2].is_name());
}

// ---------------------------------------------------------------------------------------------
// unquote_identifier / quote_identifier / quote_string

struct QuoteCase {
    std::string input;
    std::string expected;
};

TEST(SqlTokenizer, UnquoteIdentifierUndoesEveryQuoteStyle) {
    const std::vector<QuoteCase> cases = {
        {"plain", "plain"},       {"\"a b\"", "a b"},      {"\"a\"\"b\"", "a\"b"}, {"[x y]", "x y"},
        {"`a``b`", "a`b"},        {"'s''t'", "s't"},       {"\"\"", ""},          {"\"таблица\"", "таблица"},
        {"[a\"b]", "a\"b"},       {"x", "x"},
    };
    for (const auto& c : cases) EXPECT_EQ(unquote_identifier(std::string_view(c.input)), c.expected) << c.input;
}

TEST(SqlTokenizer, QuoteIdentifierQuotesOnlyWhatNeedsIt) {
    const std::vector<QuoteCase> cases = {
        // plain names stay as they are, case included
        {"users", "users"},
        {"Users", "Users"},
        {"user_id2", "user_id2"},
        {"_private", "_private"},
        // SQL keywords, in any case
        {"order", "\"order\""},
        {"ORDER", "\"ORDER\""},
        {"group", "\"group\""},
        {"select", "\"select\""},
        {"table", "\"table\""},
        // odd characters
        {"my table", "\"my table\""},
        {"a\"b", "\"a\"\"b\""},
        {"it's", "\"it's\""},
        {"a-b", "\"a-b\""},
        {"a.b", "\"a.b\""},
        {"1st", "\"1st\""},
        {"", "\"\""},
        {"a$b", "\"a$b\""},
    };
    for (const auto& c : cases) EXPECT_EQ(quote_identifier(c.input), c.expected) << c.input;
}

// Non-ASCII names are quoted: SQLite would accept them bare, but a bare U+00A0 or zero-width
// character reads as something else to a person, and other tools do not all accept them.
TEST(SqlTokenizer, QuoteIdentifierQuotesUnicodeNames) {
    EXPECT_EQ(quote_identifier("таблица"), "\"таблица\"");
    EXPECT_EQ(quote_identifier("näme"), "\"näme\"");
}

TEST(SqlTokenizer, QuoteIdentifierAlwaysAndQuoteString) {
    EXPECT_EQ(quote_identifier_always("users"), "\"users\"");
    EXPECT_EQ(quote_identifier_always("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(quote_string("it's"), "'it''s'");
    EXPECT_EQ(quote_string(""), "''");
    EXPECT_EQ(quote_string("a''b"), "'a''''b'");
}

TEST(SqlTokenizer, QuotedIdentifiersRoundTripThroughTheTokenizer) {
    for (const std::string name : {"order", "my table", "a\"b", "таблица", "x", "a;b", "-- not a comment"}) {
        const std::string quoted = quote_identifier(name);
        const auto tokens = tokenize_significant(quoted);
        ASSERT_EQ(tokens.size(), 1u) << name;
        EXPECT_TRUE(tokens[0].is_name()) << name;
        EXPECT_EQ(unquote_identifier(tokens[0]), name);
    }
}

// ---------------------------------------------------------------------------------------------
// normalize_sql and strip_outer_parens

struct NormalizeCase {
    std::string input;
    std::string expected;
};

TEST(SqlTokenizer, NormalizeSqlExactOutput) {
    const std::vector<NormalizeCase> cases = {
        // keyword and bare-name case
        {"select a from t", "SELECT A FROM T"},
        {"current_timestamp", "CURRENT_TIMESTAMP"},
        // string literals keep their case and spaces
        {"'Abc  d'", "'Abc  d'"},
        {"x = 'It''s'", "X = 'It''s'"},
        // spacing: one space between tokens, none inside parentheses, before commas, around dots
        {"  a   +b ", "A + B"},
        {"f( a ,b )", "F(A, B)"},
        {"lower( name )", "LOWER(NAME)"},
        {"x in ( 1 , 2 )", "X IN (1, 2)"},
        {"t . c", "T.C"},
        {"a||b", "A || B"},
        {"length(b)<10", "LENGTH(B) < 10"},
        // comments dropped
        {"a -- note\n + b", "A + B"},
        {"a/* x */+b", "A + B"},
        // redundant quotes removed, needed ones kept in double quotes
        {"\"name\"", "NAME"},
        {"[name]", "NAME"},
        {"`name`", "NAME"},
        {"\"t\".\"c\"", "T.C"},
        {"\"first name\" <> ''", "\"FIRST NAME\" <> ''"},
        {"[first name]", "\"FIRST NAME\""},
        {"\"order\" > 0", "\"ORDER\" > 0"},
        {"\"a\"\"b\"", "\"A\"\"B\""},
        {"\"Näme\"", "NäME"},  // bare and quoted non-ASCII names normalize alike
        // outer parentheses
        {"(0)", "0"},
        {"((a + b))", "A + B"},
        {" ( a ) ", "A"},
        {"(a) + (b)", "(A) + (B)"},
        {"(a + (b))", "A + (B)"},
        {"('(')", "'('"},
        // numbers, blobs and variables as written
        {"0x1F", "0x1F"},
        {"x'0a'", "x'0a'"},
        {"1.5e3", "1.5e3"},
        {"", ""},
    };
    for (const auto& c : cases) EXPECT_EQ(normalize_sql(c.input), c.expected) << "input: " << c.input;
}

TEST(SqlTokenizer, NormalizeSqlEqualSpellings) {
    const std::vector<std::pair<std::string, std::string>> same = {
        {"DEFAULT", "default"},
        {"(0)", "0"},
        {"datetime('now')", "DATETIME ( 'now' )"},
        {"\"status\" IN ('a','b')", "status in ('a', 'b')"},
        {"CASE WHEN a THEN 1 ELSE 0 END", "case  when a then 1 else 0 end"},
        {"-1", "- 1"},
        {"x IS NOT NULL", "x is not null"},
    };
    for (const auto& [a, b] : same) EXPECT_EQ(normalize_sql(a), normalize_sql(b)) << a << " vs " << b;
    // Parentheses inside an expression are kept as written; only a pair around everything goes.
    EXPECT_NE(normalize_sql("a>0 AND b>0"), normalize_sql("(a > 0) and (b > 0)"));
}

// SQLite folds the ASCII case of every identifier, quoted or not, so "Order" and "ORDER" name
// the same column; the normal form must not tell them apart or CHECKs and index expressions that
// spell a quoted column differently show as drift.
TEST(SqlTokenizer, NormalizeSqlFoldsAsciiCaseOfQuotedNames) {
    EXPECT_EQ(normalize_sql("\"order\" > 0"), normalize_sql("\"ORDER\" > 0"));
    EXPECT_EQ(normalize_sql("\"First Name\" <> ''"), normalize_sql("\"first name\" <> ''"));
    EXPECT_NE(normalize_sql("\"näme\""), normalize_sql("\"nÄme\"")) << "SQLite folds ASCII case only";
}

// A non-ASCII name may be written bare or quoted; SQLite reads both as the same identifier, so
// CHECKs, generated columns and index expressions spelled either way must normalize alike.
TEST(SqlTokenizer, NormalizeSqlBareAndQuotedNonAsciiNamesAreEqual) {
    EXPECT_EQ(normalize_sql("lower(näme)"), normalize_sql("lower(\"näme\")"));
    EXPECT_EQ(normalize_sql("таблица.id > 0"), normalize_sql("\"таблица\".\"id\" > 0"));
}

TEST(SqlTokenizer, StripOuterParens) {
    const std::vector<NormalizeCase> cases = {
        {"(a)", "a"},          {"((a))", "a"},           {" ( a ) ", "a"},     {"(a) + (b)", "(a) + (b)"},
        {"(a + (b))", "a + (b)"}, {"a", "a"},            {"()", ""},           {"(')')", "')'"},
        {"(f(x))", "f(x)"},    {"(a)) ", "(a))"},
    };
    for (const auto& c : cases) EXPECT_EQ(std::string(strip_outer_parens(c.input)), c.expected) << c.input;
}

}  // namespace
}  // namespace dbaudit::engine::sqlite
