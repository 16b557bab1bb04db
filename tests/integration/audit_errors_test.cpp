// Bad input exits 2 and bad targets exit 3, each with one clear line that says what and where.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

class AuditErrors : public ::testing::Test {
protected:
    void SetUp() override { make_sqlite_db(db, "CREATE TABLE a(x INTEGER);"); }

    TempDir dir;
    std::string db = dir.file("ok.db");
    std::string schema = dir.write("schema.sql", "CREATE TABLE a(x INTEGER);\n");
};

// The first line of stderr, which must carry the whole message.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST_F(AuditErrors, SyntaxErrorNamesFileLineAndCharacterColumn) {
    // The error is on line 3; a multibyte character earlier on that line counts as one column.
    const std::string bad = dir.write("bad.sql", "CREATE TABLE a(x);\n-- a comment\n/*ü*/ CREATE TABL b(y);\n");
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", bad});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: " + bad + ":3:14: near \"TABL\": syntax error");
    EXPECT_TRUE(result.out.empty());
}

TEST_F(AuditErrors, FailingStatementInSecondFileOfDirectory) {
    dir.write("schema_dir/01_a.sql", "CREATE TABLE a(x INTEGER);\n");
    const std::string second = dir.write("schema_dir/02_b.sql", "CREATE TABLE b(y);\n  INSERT INTO nope VALUES (1);\n");
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", dir.file("schema_dir")});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: " + second + ":2:3: no such table: nope");
}

TEST_F(AuditErrors, MissingDatabaseIsNeverCreated) {
    const std::string missing = dir.file("missing.db");
    const auto result = run_dbaudit({"audit", "--db", missing, "--schema", schema});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: database file " + missing + " does not exist");
    EXPECT_FALSE(std::filesystem::exists(missing));
}

TEST_F(AuditErrors, FileThatIsNotADatabase) {
    const std::string junk = dir.write("junk.db", std::string(4096, 'x'));
    const auto result = run_dbaudit({"audit", "--db", junk, "--schema", schema});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: " + junk + " is not a SQLite database (file is not a database)");
    EXPECT_EQ(read_bytes(junk), std::string(4096, 'x'));
}

TEST_F(AuditErrors, LockedDatabaseFailsAfterTheBusyTimeout) {
    sqlite3* holder = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &holder), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(holder, "BEGIN EXCLUSIVE; INSERT INTO a VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema});
    sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(holder);
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_NE(first_line(result.err).find("is locked by another process"), std::string::npos) << result.err;
}

TEST_F(AuditErrors, UnreadableDatabase) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
    ::chmod(db.c_str(), 0);
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: cannot read database file " + db + ": Permission denied");
}

TEST_F(AuditErrors, DirectoryIsNotADatabase) {
    const auto result = run_dbaudit({"audit", "--db", dir.path().string(), "--schema", schema});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: database path " + dir.path().string() + " is a directory, not a SQLite file");
}

TEST_F(AuditErrors, BadInputExitsTwo) {
    struct Case {
        std::vector<std::string> args;
        std::vector<std::string> env;
        std::string message;
    };
    const std::string empty_dir = dir.file("empty");
    std::filesystem::create_directories(empty_dir);
    const std::vector<Case> cases{
        {{"audit", "--schema", schema}, {}, "dbaudit: error: no database given"},
        {{"audit", "--db", db, "--schema", schema, "--format", "yaml"}, {}, "dbaudit: error: --format: yaml not in {text,json,markdown}"},
        {{"audit", "--db", db, "--schema", schema, "--fail-on", "severe"}, {}, "dbaudit: error: --fail-on: severe not in {critical,high,medium,low,info}"},
        {{"audit", "--db", db}, {}, "dbaudit: error: no expected schema given"},
        {{"audit", "--db", "mysql://h/db", "--schema", schema}, {}, "dbaudit: error: unknown database URL scheme 'mysql'"},
        {{"audit", "--db", "sqlite:", "--schema", schema}, {}, "dbaudit: error: database URL sqlite: names no file"},
        {{"audit", "--schema", empty_dir}, {"DATABASE_URL=" + db}, "dbaudit: error: schema directory " + empty_dir + " holds no *.sql files"},
        {{"frobnicate"}, {}, "dbaudit: error: unknown command 'frobnicate' (commands: audit, plan, apply, check-code, init, inspect, diff)"},
    };
    for (const Case& c : cases) {
        const auto result = run_dbaudit(c.args, c.env);
        EXPECT_EQ(result.exit_code, 2) << c.message;
        EXPECT_EQ(first_line(result.err), c.message);
    }
}

TEST_F(AuditErrors, PasswordInAnUnreachablePostgresUrlIsNeverPrinted) {
    const auto result = run_dbaudit({"audit", "--db", "postgres://app:s3cr3t-pw@db.invalid/app", "--schema", schema});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(result.err.find("s3cr3t-pw"), std::string::npos) << result.err;
    EXPECT_EQ(result.out.find("s3cr3t-pw"), std::string::npos);
}

TEST_F(AuditErrors, HelpDocumentsEveryFlag) {
    const auto result = run_dbaudit({"audit", "--help"});
    EXPECT_EQ(result.exit_code, 0);
    for (const char* flag : {"--db", "--schema", "--format", "--output", "--fail-on", "--color", "Exit codes"})
        EXPECT_NE(result.out.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace dbaudit::testing
