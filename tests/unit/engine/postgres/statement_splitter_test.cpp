#include "dbaudit/engine/postgres/statement_splitter.hpp"

#include <gtest/gtest.h>

#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::engine::postgres {
namespace {

TEST(PgStatementSplitter, SplitsOnStatementsNotOnSemicolonsInBodies) {
    const std::vector<SchemaFile> files{{"a.sql",
                                         "-- header\nCREATE TABLE t (x int);\n\nCREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$\n"
                                         "BEGIN RETURN 1; END $$;\n/* trailing */ CREATE INDEX CONCURRENTLY i ON t (x);\n"
                                         "ALTER TYPE mood ADD VALUE 'x';\nCREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\n-- end\n"}};
    const SplitSchema split = split_schema(files);
    ASSERT_EQ(split.statements.size(), 5u);
    EXPECT_EQ(split.statements[0].text(), "CREATE TABLE t (x int)");
    EXPECT_EQ(split.statements[1].text().substr(0, 17), "CREATE FUNCTION f");
    EXPECT_EQ(split.statements[1].run, StatementRun::batch);
    EXPECT_EQ(split.statements[2].text(), "CREATE INDEX CONCURRENTLY i ON t (x)");
    EXPECT_EQ(split.statements[2].run, StatementRun::alone);
    EXPECT_EQ(split.statements[3].run, StatementRun::ends_batch);
    EXPECT_EQ(split.statements[4].extension, "uuid-ossp");
}

TEST(PgStatementSplitter, SyntaxErrorHasFileLineAndCharacterColumn) {
    const std::vector<SchemaFile> files{{"ok.sql", "CREATE TABLE a (x int);\n"}, {"bad.sql", "SELECT 1;\n  SELEC 'ü' ;\n"}};
    try {
        split_schema(files);
        FAIL() << "no error";
    } catch (const util::InputError& e) {
        EXPECT_STREQ(e.what(), "bad.sql:2:3: syntax error at or near \"SELEC\"");
    }
}

TEST(PgStatementSplitter, CollectsRolesTheSchemaNames) {
    const std::vector<SchemaFile> files{{"r.sql",
                                         "CREATE ROLE app_owner;\nCREATE TABLE t (x int);\nALTER TABLE t OWNER TO app_owner;\n"
                                         "GRANT SELECT ON t TO authenticated, \"Odd Name\";\nCREATE POLICY p ON t TO anon USING (true);\n"
                                         "CREATE TABLE users (user_id int);\n"}};
    const SplitSchema split = split_schema(files);
    EXPECT_EQ(split.roles_used, (std::vector<std::string>{"Odd Name", "anon", "app_owner", "authenticated"}));
    EXPECT_EQ(split.roles_created, std::vector<std::string>{"app_owner"});
}

TEST(PgStatementSplitter, CharacterPositionsBecomeByteOffsets) {
    EXPECT_EQ(byte_offset_of_character("abc", 1), 0u);
    EXPECT_EQ(byte_offset_of_character("äbc", 2), 2u);
    EXPECT_EQ(byte_offset_of_character("a€c", 3), 4u);
}

TEST(PgFunctionBody, NormalizesWhitespaceAndCommentsOnly) {
    EXPECT_EQ(normalize_body("\n  BEGIN\n    RETURN 1; -- one\n  END\n"), "BEGIN RETURN 1; END");
    EXPECT_EQ(normalize_body("SELECT 'a  b' /* c */ , \"x  y\""), "SELECT 'a  b' , \"x  y\"");
    EXPECT_EQ(normalize_body("SELECT $q$ keep   this $q$"), "SELECT $q$ keep   this $q$");
    EXPECT_NE(normalize_body("SELECT 1"), normalize_body("SELECT 2"));
}

}  // namespace
}  // namespace dbaudit::engine::postgres
