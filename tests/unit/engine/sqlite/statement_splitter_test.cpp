#include "dbaudit/engine/sqlite/statement_splitter.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dbaudit::engine::sqlite {
namespace {

std::vector<std::string> statement_texts(std::string_view script) {
    std::vector<std::string> out;
    for (const StatementSpan& span : split_statements(script)) out.emplace_back(span.text(script));
    return out;
}

struct SplitCase {
    const char* name;
    std::string script;
    std::vector<std::string> statements;

    friend void PrintTo(const SplitCase& c, std::ostream* out) { *out << c.name; }
};

class SplitTable : public ::testing::TestWithParam<SplitCase> {};

TEST_P(SplitTable, SplitsIntoExactlyTheseStatements) {
    const SplitCase& c = GetParam();
    EXPECT_EQ(statement_texts(c.script), c.statements) << "script:\n" << c.script;
}

const std::string k_trigger_with_case =
    "CREATE TRIGGER trg AFTER INSERT ON t\n"
    "BEGIN\n"
    "  UPDATE t SET kind = CASE WHEN new.n > 0 THEN 'pos' ELSE 'neg' END WHERE id = new.id;\n"
    "  INSERT INTO log (msg) VALUES (CASE new.n WHEN 0 THEN 'zero;' END);\n"
    "  SELECT CASE WHEN 1 THEN CASE WHEN 2 THEN 3 END END;\n"
    "END;";

INSTANTIATE_TEST_SUITE_P(
    Cases, SplitTable,
    ::testing::Values(
        SplitCase{"two_statements", "CREATE TABLE a (x);\nCREATE TABLE b (y);",
                  {"CREATE TABLE a (x);", "CREATE TABLE b (y);"}},
        SplitCase{"semicolon_in_string", "INSERT INTO t VALUES ('a;b'); SELECT 1;",
                  {"INSERT INTO t VALUES ('a;b');", "SELECT 1;"}},
        SplitCase{"semicolon_in_line_comment", "SELECT 1 -- x; y\n; SELECT 2;", {"SELECT 1 -- x; y\n;", "SELECT 2;"}},
        SplitCase{"semicolon_in_block_comment", "SELECT /* ; */ 1; SELECT 2;", {"SELECT /* ; */ 1;", "SELECT 2;"}},
        SplitCase{"semicolon_in_double_quoted_name", "CREATE TABLE \"a;b\" (x); SELECT 2;",
                  {"CREATE TABLE \"a;b\" (x);", "SELECT 2;"}},
        SplitCase{"semicolon_in_bracketed_and_backticked_names", "CREATE TABLE [a;b] (`c;d`); SELECT 2;",
                  {"CREATE TABLE [a;b] (`c;d`);", "SELECT 2;"}},
        SplitCase{"missing_final_semicolon", "SELECT 1;\nSELECT 2\n", {"SELECT 1;", "SELECT 2\n"}},
        SplitCase{"only_statement_without_semicolon", "SELECT 1", {"SELECT 1"}},
        SplitCase{"empty_statements_are_skipped", ";; ;\nSELECT 1;;\n;SELECT 2;", {"SELECT 1;", "SELECT 2;"}},
        SplitCase{"nothing_but_trivia", "-- only a comment\n/* and another */\n  ", {}},
        SplitCase{"empty_script", "", {}},
        SplitCase{"trigger_body_with_several_statements",
                  "CREATE TRIGGER trg AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM u; END; SELECT 1;",
                  {"CREATE TRIGGER trg AFTER INSERT ON t BEGIN UPDATE t SET a = 1; DELETE FROM u; END;", "SELECT 1;"}},
        SplitCase{"trigger_body_with_case_end", k_trigger_with_case + "\nSELECT 9;", {k_trigger_with_case, "SELECT 9;"}},
        SplitCase{"trigger_with_case_in_when_clause",
                  "CREATE TRIGGER trg BEFORE UPDATE ON t WHEN CASE WHEN new.a THEN 1 END BEGIN SELECT 1; END; SELECT 2;",
                  {"CREATE TRIGGER trg BEFORE UPDATE ON t WHEN CASE WHEN new.a THEN 1 END BEGIN SELECT 1; END;", "SELECT 2;"}},
        SplitCase{"temp_trigger", "CREATE TEMP TRIGGER trg DELETE ON t BEGIN SELECT 1; SELECT 2; END; SELECT 3;",
                  {"CREATE TEMP TRIGGER trg DELETE ON t BEGIN SELECT 1; SELECT 2; END;", "SELECT 3;"}},
        SplitCase{"trigger_if_not_exists_lower_case",
                  "create trigger if not exists trg after delete on t begin select 1; select 2; end;select 3;",
                  {"create trigger if not exists trg after delete on t begin select 1; select 2; end;", "select 3;"}},
        SplitCase{"trigger_body_with_raise_string",
                  "CREATE TRIGGER trg BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'no; END'); END; SELECT 1;",
                  {"CREATE TRIGGER trg BEFORE INSERT ON t BEGIN SELECT RAISE(ABORT, 'no; END'); END;", "SELECT 1;"}},
        SplitCase{"trigger_without_final_semicolon", "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END",
                  {"CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END"}},
        SplitCase{"transaction_begin_is_not_a_trigger_body", "BEGIN; CREATE TABLE a (x); COMMIT; END;",
                  {"BEGIN;", "CREATE TABLE a (x);", "COMMIT;", "END;"}},
        SplitCase{"case_end_outside_trigger", "SELECT CASE WHEN 1 THEN 2 END; SELECT 3;",
                  {"SELECT CASE WHEN 1 THEN 2 END;", "SELECT 3;"}},
        // BEGIN and END are fallback keywords: SQLite accepts them as bare column names.
        SplitCase{"column_named_end_in_trigger_body",
                  "CREATE TRIGGER trg AFTER INSERT ON events BEGIN UPDATE events SET end = new.begin + 1 WHERE id = new.id; "
                  "END; SELECT 1;",
                  {"CREATE TRIGGER trg AFTER INSERT ON events BEGIN UPDATE events SET end = new.begin + 1 WHERE id = new.id; "
                   "END;",
                   "SELECT 1;"}},
        SplitCase{"qualified_end_in_trigger_body",
                  "CREATE TRIGGER trg AFTER UPDATE ON events WHEN new.end > 0 BEGIN SELECT new.end, old.begin; END; SELECT 1;",
                  {"CREATE TRIGGER trg AFTER UPDATE ON events WHEN new.end > 0 BEGIN SELECT new.end, old.begin; END;",
                   "SELECT 1;"}},
        SplitCase{"view_named_trigger_is_not_a_trigger", "CREATE VIEW \"trigger\" AS SELECT 1; SELECT 2;",
                  {"CREATE VIEW \"trigger\" AS SELECT 1;", "SELECT 2;"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(StatementSplitter, SpanOffsetsStartAtTheFirstSignificantTokenAndEndPastTheSemicolon) {
    const std::string script = "  -- lead\nSELECT 1 ;  SELECT 2";
    const auto spans = split_statements(script);
    ASSERT_EQ(spans.size(), 2u);
    EXPECT_EQ(spans[0].begin, 10u);
    EXPECT_EQ(spans[0].end, 20u);
    EXPECT_EQ(spans[0].trivia_begin, 0u);
    EXPECT_EQ(spans[1].begin, 22u);
    EXPECT_EQ(spans[1].end, script.size());
    EXPECT_EQ(spans[1].trivia_begin, 20u);
}

TEST(StatementSplitter, LeadingTriviaIsEverythingSinceThePreviousStatement) {
    const std::string script =
        "-- Users of the bot.\n"
        "CREATE TABLE users (id INTEGER);\n"
        "\n"
        "/* block */\n"
        "-- Orders.\n"
        "CREATE TABLE orders (id INTEGER); -- trailing\n"
        "CREATE INDEX ix ON orders (id);";
    const auto spans = split_statements(script);
    ASSERT_EQ(spans.size(), 3u);
    EXPECT_EQ(spans[0].leading_trivia(script), "-- Users of the bot.\n");
    EXPECT_EQ(spans[1].leading_trivia(script), "\n\n/* block */\n-- Orders.\n");
    EXPECT_EQ(spans[2].leading_trivia(script), " -- trailing\n");
    EXPECT_EQ(spans[2].text(script), "CREATE INDEX ix ON orders (id);");
}

TEST(StatementSplitter, EmptyStatementsAreNotPartOfTheNextStatementsTrivia) {
    const std::string script = "SELECT 1;\n;\n-- note\nSELECT 2;";
    const auto spans = split_statements(script);
    ASSERT_EQ(spans.size(), 2u);
    EXPECT_EQ(spans[1].leading_trivia(script), "\n-- note\n");
}

TEST(StatementSplitter, UnterminatedStringRunsToTheEndOfTheScript) {
    // The tokenizer makes the rest of the input one illegal token; SQLite then reports the error.
    const std::string script = "SELECT 1; INSERT INTO t VALUES ('oops); SELECT 2;";
    EXPECT_EQ(statement_texts(script),
              (std::vector<std::string>{"SELECT 1;", "INSERT INTO t VALUES ('oops); SELECT 2;"}));
}

}  // namespace
}  // namespace dbaudit::engine::sqlite
