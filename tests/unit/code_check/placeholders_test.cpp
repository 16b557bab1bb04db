// Placeholders rewritten per engine; interpolation and formatting recognised as dynamic.
#include <gtest/gtest.h>

#include "dbaudit/code_check/placeholders.hpp"

namespace dbaudit::code_check {
namespace {

std::string normalized(std::string_view sql, engine::ParameterStyle style) {
    const auto tokens = lex_sql(sql);
    return normalize_placeholders(sql, tokens, 0, tokens.size(), style).sql;
}

std::string reason(std::string_view sql, bool formatted = false) {
    ScannedLiteral literal;
    literal.value = std::string(sql);
    literal.formatted = formatted;
    const auto tokens = lex_sql(sql);
    return dynamic_reason(sql, tokens, 0, tokens.size(), literal, sql);
}

TEST(Placeholders, SqliteKeepsItsOwnFormsAndRewritesPyformat) {
    using engine::ParameterStyle;
    const std::vector<std::pair<std::string, std::string>> cases{
        {"SELECT * FROM t WHERE a = ? AND b = ?2", "SELECT * FROM t WHERE a = ? AND b = ?2"},
        {"SELECT * FROM t WHERE a = :a AND b = @b AND c = $c AND d = $1", "SELECT * FROM t WHERE a = :a AND b = @b AND c = $c AND d = $1"},
        {"INSERT INTO t (a, b) VALUES (%s, %s)", "INSERT INTO t (a, b) VALUES (?, ?)"},
        {"UPDATE t SET a = %(value)s WHERE id = %(id)s", "UPDATE t SET a = :value WHERE id = :id"},
        {"SELECT '%s', ':x', a::text, b % 2 FROM t", "SELECT '%s', ':x', a::text, b % 2 FROM t"},
    };
    for (const auto& [in, out] : cases) EXPECT_EQ(normalized(in, ParameterStyle::sqlite), out) << in;
}

TEST(Placeholders, PostgresqlNumbersEveryForm) {
    using engine::ParameterStyle;
    const std::vector<std::pair<std::string, std::string>> cases{
        {"SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = $1 AND b = $2"},
        {"SELECT * FROM t WHERE a = :a AND b = :b AND c = :a", "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $1"},
        {"UPDATE t SET a = %(value)s WHERE id = %s", "UPDATE t SET a = $1 WHERE id = $2"},
        {"SELECT * FROM t WHERE a = $1 AND b = $2", "SELECT * FROM t WHERE a = $1 AND b = $2"},
        {"SELECT a::int FROM t WHERE b = @b", "SELECT a::int FROM t WHERE b = $1"},
    };
    for (const auto& [in, out] : cases) EXPECT_EQ(normalized(in, ParameterStyle::postgresql), out) << in;
}

TEST(Placeholders, ErrorOffsetsMapBackThroughRewrites) {
    const std::string sql = "UPDATE t SET a = %(value)s WHERE nope = 1";
    const auto tokens = lex_sql(sql);
    const NormalizedStatement out = normalize_placeholders(sql, tokens, 0, tokens.size(), engine::ParameterStyle::sqlite);
    ASSERT_EQ(out.sql, "UPDATE t SET a = :value WHERE nope = 1");
    EXPECT_EQ(out.to_original.map(out.sql.find("nope")), sql.find("nope"));
    EXPECT_EQ(out.to_original.map(out.sql.find(":value")), sql.find("%(value)s"));
}

TEST(Placeholders, DynamicReasons) {
    EXPECT_EQ(reason("SELECT * FROM t WHERE id = %s"), "");
    EXPECT_EQ(reason("SELECT * FROM %s WHERE id = ?"), "`%s` stands for a name, not a value");
    EXPECT_EQ(reason("SELECT * FROM log_%s"), "`%s` stands for a name, not a value");
    EXPECT_EQ(reason("SELECT * FROM t ORDER BY %(column)s"), "`%(column)s` stands for a name, not a value");
    EXPECT_EQ(reason("SELECT %s.id FROM t"), "`%s` stands for a name, not a value");
    EXPECT_EQ(reason("SELECT * FROM t LIMIT %d"), "formats `%d` into the text");
    EXPECT_EQ(reason("SELECT * FROM {table}"), "formats `{table}` into the text");
    EXPECT_EQ(reason("SELECT * FROM t WHERE id = %s", true), "formatted at run time (% or .format)");
    // Formatting with nothing to format changes nothing; any % or { in formatted text is a conversion.
    EXPECT_EQ(reason("SELECT 100", true), "");
    EXPECT_EQ(reason("SELECT 100 % 7", true), "formatted at run time (% or .format)");
    EXPECT_EQ(reason("PRAGMA table_info(\"{0}\")", true), "formatted at run time (% or .format)");
}

}  // namespace
}  // namespace dbaudit::code_check
