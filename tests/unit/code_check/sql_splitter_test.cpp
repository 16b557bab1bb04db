// Statement boundaries: top-level semicolons only.
#include <gtest/gtest.h>

#include "dbaudit/code_check/sql_splitter.hpp"

namespace dbaudit::code_check {
namespace {

std::vector<std::string> split(std::string_view sql) {
    const auto tokens = lex_sql(sql);
    std::vector<std::string> out;
    for (const auto& span : split_sql(sql, tokens)) out.emplace_back(sql.substr(span.begin, span.end - span.begin));
    return out;
}

TEST(SqlSplitter, SemicolonsInsideQuotesCommentsAndBodiesDoNotSplit) {
    EXPECT_EQ(split("SELECT ';'; -- a; comment\nSELECT \"a;b\" FROM [c;d];;  "),
              (std::vector<std::string>{"SELECT ';'", "SELECT \"a;b\" FROM [c;d]"}));
    EXPECT_EQ(split("CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE c SET x = CASE WHEN 1 THEN 2 END; END; SELECT 1"),
              (std::vector<std::string>{
                  "CREATE TRIGGER t AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE c SET x = CASE WHEN 1 THEN 2 END; END",
                  "SELECT 1"}));
    EXPECT_EQ(split("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT $1"),
              (std::vector<std::string>{"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql", "SELECT $1"}));
    EXPECT_EQ(split("BEGIN; COMMIT;"), (std::vector<std::string>{"BEGIN", "COMMIT"}));
    EXPECT_TRUE(split("  -- only a comment\n ; ").empty());
}

}  // namespace
}  // namespace dbaudit::code_check
