// PostgreSQL bad input (exit 2) and unreachable / unusable servers (exit 3): one clear line each,
// file:line:col for SQL, and never a password.
#include <gtest/gtest.h>

#include <chrono>
#include <set>
#include <thread>

#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }
std::size_t line_count(const std::string& text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')); }

class PgAuditErrors : public ::testing::Test {
protected:
    TempDir dir;
    std::string schema = dir.write("schema.sql", "CREATE TABLE a (x integer);\n");
};

TEST_F(PgAuditErrors, SyntaxErrorIsReportedBeforeAnyConnection) {
    // Line 3; the multibyte character earlier on the line counts as one column. The target does
    // not exist: the syntax error must win without trying it.
    const std::string bad = dir.write("bad.sql", "CREATE TABLE a (x int);\n-- comment\n/*ü*/ CREATE TABL b (y int);\n");
    const auto result = run_dbaudit({"audit", "--db", "postgresql://app:pw@127.0.0.1:1/app", "--schema", bad});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err, "dbaudit: error: " + bad + ":3:14: syntax error at or near \"TABL\"\n");
    EXPECT_TRUE(result.out.empty());
}

TEST_F(PgAuditErrors, PsqlMetaCommandIsNotSql) {
    const std::string bad = dir.write("meta.sql", "CREATE TABLE a (x int);\n\\i other.sql\n");
    const auto result = run_dbaudit({"audit", "--db", "postgresql://app@127.0.0.1:1/app", "--schema", bad});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: " + bad + ":2:1: syntax error at or near \"\\\"");
    EXPECT_NE(result.err.find("psql meta-commands"), std::string::npos) << result.err;
}

TEST_F(PgAuditErrors, FailingStatementNamesFileLineAndColumn) {
    PgDatabase db;
    dir.write("schema_dir/01_a.sql", "CREATE TABLE a (x integer);\n");
    const std::string second = dir.write("schema_dir/02_b.sql", "CREATE TABLE b (y integer);\n  INSERT INTO nope VALUES (1);\n");
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", dir.file("schema_dir"), "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: " + second + ":2:15: relation \"nope\" does not exist");
}

TEST_F(PgAuditErrors, StatementWithoutPositionPointsAtItsStart) {
    PgDatabase db;
    const std::string file = dir.write("dup.sql", "CREATE TABLE a (x integer);\n\n   CREATE TABLE a (y text);\n");
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", file, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: " + file + ":3:4: relation \"a\" already exists");
}

TEST_F(PgAuditErrors, MissingExtensionOnTheShadowServerSaysHowToGetIt) {
    PgDatabase db;
    const std::string file = dir.write("ext.sql", "CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\nCREATE EXTENSION vector;\n");
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", file, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: " + file + ":2:1: extension \"vector\" is not available on the --dev-url server " +
                                          pg_dev_url() + " (PostgreSQL 15.20)")
        << result.err;
    EXPECT_NE(result.err.find("dbaudit: hint: install it where the shadow server runs (Debian: apt-get install postgresql-15-pgvector)"),
              std::string::npos)
        << result.err;
}

TEST_F(PgAuditErrors, MissingExtensionOnTheOwnShadowCluster) {
    PgDatabase db;
    const std::string file = dir.write("ext.sql", "CREATE EXTENSION vector;\n");
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", file});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(first_line(result.err).find(file + ":1:1: extension \"vector\" is not available on the local shadow cluster dbaudit started from /usr/lib/postgresql/"),
              std::string::npos)
        << result.err;
}

TEST_F(PgAuditErrors, RoleMissingOnDevServer) {
    PgDatabase db;
    const std::string file = dir.write("grant.sql", "CREATE TABLE a (x integer);\nGRANT SELECT ON a TO dbaudit_no_such_role;\n");
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", file, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: " + file + ":2:1: role \"dbaudit_no_such_role\" does not exist");
    EXPECT_NE(result.err.find("omit --dev-url"), std::string::npos) << result.err;
    // dbaudit's own cluster creates the roles a schema names.
    const auto own = run_dbaudit({"audit", "--db", db.url(), "--schema", file});
    EXPECT_EQ(own.exit_code, 1) << own.err;  // table a is missing from the empty database
}

TEST_F(PgAuditErrors, UnreachableServerIsOneLine) {
    const auto result = run_dbaudit({"audit", "--db", "postgresql://app:s3cret-pw@127.0.0.1:1/app", "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(result.err, "dbaudit: error: cannot connect to postgresql://app@127.0.0.1:1/app: connection refused (is the server "
                          "running and accepting connections on that host and port?)\n");
}

TEST_F(PgAuditErrors, UnknownHostIsOneLine) {
    const auto result = run_dbaudit({"audit", "--db", "postgres://app@no-such-host.invalid/app", "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(line_count(result.err), 1u) << result.err;
    EXPECT_NE(result.err.find("could not translate host name \"no-such-host.invalid\" to address"), std::string::npos) << result.err;
}

TEST_F(PgAuditErrors, MissingDatabaseIsOneLine) {
    const auto result = run_dbaudit({"audit", "--db", pg_url("dbaudit_no_such_db"), "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(result.err, "dbaudit: error: cannot connect to " + pg_url("dbaudit_no_such_db") +
                              ": database \"dbaudit_no_such_db\" does not exist (check the database name)\n");
}

TEST_F(PgAuditErrors, WrongPasswordNeverAppearsAnywhere) {
    const std::string password = "Wr0ng-horse-9f3k";
    struct Case {
        std::vector<std::string> args;
        std::vector<std::string> env;
    };
    const std::string url = "postgresql://dbaudit_pw_user:" + password + "@/postgres?host=" + pg_host();
    const std::vector<Case> cases{
        {{"audit", "--db", url, "--schema", schema, "--dev-url", pg_dev_url()}, {}},
        {{"audit", "--db", "host=" + pg_host() + " user=dbaudit_pw_user password=" + password + " dbname=postgres", "--schema", schema,
          "--dev-url", pg_dev_url()},
         {}},
        {{"audit", "--schema", schema, "--dev-url", pg_dev_url()}, {"DATABASE_URL=" + url}},
        {{"audit", "--db", "postgresql://dbaudit_pw_user@/postgres?host=" + pg_host(), "--schema", schema, "--dev-url", pg_dev_url()},
         {"PGPASSWORD=" + password}},
        // The password of the --dev-url server is just as secret.
        {{"audit", "--db", pg_url("postgres"), "--schema", schema, "--dev-url", url}, {}},
    };
    for (const Case& c : cases) {
        const auto result = run_dbaudit(c.args, c.env);
        EXPECT_EQ(result.exit_code, 3) << result.err;
        EXPECT_EQ(line_count(result.err), 1u) << result.err;
        EXPECT_NE(result.err.find("password authentication failed for user \"dbaudit_pw_user\""), std::string::npos) << result.err;
        EXPECT_EQ(result.err.find(password), std::string::npos) << result.err;
        EXPECT_EQ(result.out.find(password), std::string::npos) << result.out;
    }
}

TEST_F(PgAuditErrors, RightPasswordWorksAndIsNotInTheReport) {
    const std::string password = "correct-horse-battery";
    const auto result = run_dbaudit({"audit", "--db", "postgresql://dbaudit_pw_user:" + password + "@/postgres?host=" + pg_host(), "--schema",
                                     schema, "--dev-url", pg_dev_url(), "--format", "json"});
    EXPECT_EQ(result.exit_code, 1) << result.err;  // table a is missing
    EXPECT_NE(result.out.find("\"target\": \"postgresql://dbaudit_pw_user@/postgres?host=" + pg_host() + "\""), std::string::npos)
        << result.out;
    EXPECT_EQ(result.out.find(password), std::string::npos);
    EXPECT_EQ(result.err.find(password), std::string::npos);
}

TEST_F(PgAuditErrors, PgEnvironmentNamesTheDatabaseWhenNoUrlIsGiven) {
    PgDatabase db;
    db.exec("CREATE TABLE a (x integer);");
    const auto result = run_dbaudit({"audit", "--schema", schema, "--dev-url", pg_dev_url(), "--format", "json"},
                                    {"PGHOST=" + pg_host(), "PGDATABASE=" + db.name(), "PGUSER=postgres"});
    EXPECT_EQ(result.exit_code, 0) << result.err << result.out;
    EXPECT_NE(result.out.find("\"target\": \"postgresql:// (from the PG* environment variables)\""), std::string::npos) << result.out;
}

TEST_F(PgAuditErrors, KeywordStringTargetKeepsItsOrderWithoutThePassword) {
    PgDatabase db;
    db.exec("CREATE TABLE a (x integer);");
    const std::string target = "host=" + pg_host() + " dbname=" + db.name() + " user=postgres password=not-needed-here";
    const auto result = run_dbaudit({"audit", "--db", target, "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("postgresql · host=" + pg_host() + " dbname=" + db.name() + " user=postgres\n"), std::string::npos) << result.out;
    EXPECT_EQ(result.out.find("not-needed-here"), std::string::npos);
}

TEST_F(PgAuditErrors, DevUrlIsForPostgresOnly) {
    const std::string db = dir.file("x.db");
    make_sqlite_db(db, "CREATE TABLE a (x integer);");
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: --dev-url applies to PostgreSQL targets only");
}

TEST_F(PgAuditErrors, NoShadowPossibleSaysBothWaysToFixIt) {
    PgDatabase db;
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", schema}, {"DBAUDIT_PG_BINDIR=/nonexistent"});
    EXPECT_EQ(result.exit_code, 3);
    EXPECT_EQ(first_line(result.err),
              "dbaudit: error: no shadow database for the expected schema: no PostgreSQL server binaries found and no --dev-url given");
    EXPECT_NE(result.err.find("apt-get install postgresql-15"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("--dev-url"), std::string::npos) << result.err;
}

TEST_F(PgAuditErrors, DevUrlLeavesNoDatabaseBehind) {
    PgDatabase db;
    auto connection = db.connect();
    // Other cases on this cluster may hold shadow databases of their own while this one runs:
    // only shadows that appeared during this audit count, and each must be gone once their
    // owner is done (ours at once, a neighbour's within a few seconds).
    auto shadows = [&] {
        std::set<std::string> names;
        const auto rows = connection.exec("SELECT datname FROM pg_database WHERE datname LIKE 'dbaudit_shadow_%'");
        for (int i = 0; i < rows.rows(); ++i) names.insert(rows.string(i, 0));
        return names;
    };
    const std::set<std::string> before = shadows();
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    std::set<std::string> left;
    for (int attempt = 0; attempt < 60; ++attempt) {
        left.clear();
        for (const std::string& name : shadows())
            if (!before.count(name)) left.insert(name);
        if (left.empty()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    EXPECT_TRUE(left.empty()) << "shadow database left behind: " << *left.begin();
}

}  // namespace
}  // namespace dbaudit::testing
