#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"

#include <gtest/gtest.h>

namespace dbaudit::engine::sqlite {
namespace {

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

}  // namespace
}  // namespace dbaudit::engine::sqlite
