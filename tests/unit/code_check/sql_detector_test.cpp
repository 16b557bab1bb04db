// What counts as SQL: a statement keyword, then the shape of that statement, never prose.
#include <gtest/gtest.h>

#include "dbaudit/code_check/sql_detector.hpp"
#include "dbaudit/code_check/sql_lexer.hpp"

namespace dbaudit::code_check {
namespace {

std::string detect(std::string_view sql) {
    const auto tokens = lex_sql(sql);
    const auto keyword = detect_statement(sql, tokens, 0, tokens.size());
    return keyword ? std::string(*keyword) : "-";
}

TEST(SqlDetector, StatementsAreSql) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"SELECT 1", "SELECT"},
        {"select count(*) from t", "SELECT"},
        {"SELECT last_insert_rowid()", "SELECT"},
        {"Select * FROM users", "SELECT"},
        {"INSERT INTO t (a) VALUES (?)", "INSERT"},
        {"INSERT OR IGNORE INTO t VALUES (1)", "INSERT"},
        {"REPLACE INTO t VALUES (1)", "REPLACE"},
        {"UPDATE t SET a = 1", "UPDATE"},
        {"UPDATE OR REPLACE main.t AS x SET a = 1", "UPDATE"},
        {"DELETE FROM t", "DELETE"},
        {"WITH RECURSIVE c(n) AS (SELECT 1) SELECT n FROM c", "WITH"},
        {"CREATE TABLE IF NOT EXISTS t (a)", "CREATE"},
        {"CREATE UNIQUE INDEX i ON t (a)", "CREATE"},
        {"ALTER TABLE t ADD COLUMN b TEXT", "ALTER"},
        {"DROP TABLE IF EXISTS t", "DROP"},
        {"PRAGMA table_info(spy_leads)", "PRAGMA"},
        {"PRAGMA journal_mode = WAL", "PRAGMA"},
        {"EXPLAIN QUERY PLAN SELECT * FROM t", "EXPLAIN"},
        {"BEGIN IMMEDIATE", "BEGIN"},
        {"COMMIT", "COMMIT"},
        {"VACUUM", "VACUUM"},
        {"SAVEPOINT s1", "SAVEPOINT"},
        {"ATTACH DATABASE 'x.db' AS x", "ATTACH"},
    };
    for (const auto& [sql, keyword] : cases) EXPECT_EQ(detect(sql), keyword) << sql;
}

TEST(SqlDetector, ProseIsNot) {
    for (const char* prose : {"Select a city", "Select from the list below", "Update your profile",
                              "Update available!", "Delete this item?", "Delete from cart", "Create account",
                              "Create a new table", "Drop files here", "With love", "Replace all", "Insert coin",
                              "commit", "Begin", "Explain yourself", "Analyze this.", "Release notes", "PRAGMA is a word here",
                              "SELECT FROM", "DELETE everything", "ALTER ego", "select-one", "update.available",
                              "create/edit", "drop-down"}) {
        EXPECT_EQ(detect(prose), "-") << prose;
    }
}

TEST(SqlDetector, CheapPrefilter) {
    EXPECT_TRUE(may_start_statement("SELECT 1"));
    EXPECT_TRUE(may_start_statement("\\n  -- comment\\n  select a"));
    EXPECT_TRUE(may_start_statement("/* x */ WITH a AS (SELECT 1) SELECT * FROM a"));
    EXPECT_TRUE(may_start_statement("(SELECT 1)"));
    EXPECT_FALSE(may_start_statement("SELECTED"));
    EXPECT_FALSE(may_start_statement("select_box"));
    EXPECT_FALSE(may_start_statement("hello SELECT"));
    EXPECT_FALSE(may_start_statement("select-one"));
    EXPECT_TRUE(may_start_statement("SELECT*FROM t"));
    EXPECT_FALSE(may_start_statement(""));
}

}  // namespace
}  // namespace dbaudit::code_check
