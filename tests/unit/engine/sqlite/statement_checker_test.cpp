// SQLite's statement checker: verdicts in SQLite's own words, exact accesses from the authorizer,
// DDL that is already applied, and proof that nothing is ever executed.
#include "dbaudit/engine/sqlite/statement_checker.hpp"

#include <gtest/gtest.h>

#include "dbaudit/util/error.hpp"
#include "support/test_support.hpp"

namespace dbaudit::engine::sqlite {
namespace {

using testing::TempDir;

const char* k_schema = R"sql(
CREATE TABLE users (user_id INTEGER PRIMARY KEY, username TEXT UNIQUE, phone TEXT);
CREATE TABLE leads (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER REFERENCES users(user_id), name TEXT, city TEXT,
                    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);
CREATE INDEX idx_leads_city ON leads(city);
CREATE INDEX idx_leads_user ON leads(user_id);
CREATE TABLE audit_log (id INTEGER PRIMARY KEY, message TEXT);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE VIEW city_leads AS SELECT l.id, l.city, u.username FROM leads l JOIN users u ON u.user_id = l.user_id;
CREATE TRIGGER leads_audit AFTER INSERT ON leads BEGIN INSERT INTO audit_log (message) VALUES (new.name); END;
CREATE VIRTUAL TABLE notes USING fts5(body);
)sql";

std::string describe(const StatementCheck& check) {
    std::string out = check.status == CheckStatus::ok ? "ok" : (check.status == CheckStatus::failed ? "failed" : "already_applied");
    if (!check.message.empty()) out += ": " + check.message;
    if (check.error_offset) out += " @" + std::to_string(*check.error_offset);
    for (const TableAccess& a : check.accesses) {
        const char* kinds[] = {"read", "insert", "update", "delete", "schema"};
        out += " | " + std::string(kinds[static_cast<int>(a.kind)]) + " " + a.table + (a.column.empty() ? "" : "." + a.column) +
               (a.via.empty() ? "" : " via " + a.via);
    }
    return out;
}

class StatementCheckerTest : public ::testing::Test {
protected:
    void SetUp() override {
        testing::make_sqlite_db(path, k_schema);
        live = SqliteStatementChecker::open_live({"sqlite", path, path});
        expected = SqliteStatementChecker::open_expected({{"schema.sql", k_schema}});
    }
    // The same verdict from the live file and from the expected schema's in-memory copy.
    std::string both(const std::string& sql) {
        const std::string from_live = describe(live->check(sql));
        EXPECT_EQ(from_live, describe(expected->check(sql))) << sql;
        return from_live;
    }

    TempDir dir;
    std::string path = dir.file("app.db");
    std::unique_ptr<SqliteStatementChecker> live;
    std::unique_ptr<SqliteStatementChecker> expected;
};

TEST_F(StatementCheckerTest, ReadsWritesAndColumnsComeFromTheAuthorizer) {
    EXPECT_EQ(both("SELECT name FROM leads WHERE city = ?"), "ok | read leads.city | read leads.name");
    EXPECT_EQ(both("SELECT count(*) FROM leads"), "ok | read leads");
    EXPECT_EQ(both("UPDATE users SET phone = :phone WHERE user_id = :id"),
              "ok | update users.phone | read users.user_id");
    EXPECT_EQ(both("DELETE FROM users WHERE user_id = ?"), "ok | delete users | read users.user_id");
    EXPECT_EQ(both("WITH c AS (SELECT city FROM leads) SELECT city FROM c"), "ok | read leads.city");
    EXPECT_EQ(both("INSERT OR REPLACE INTO settings (key, value) VALUES ('a', 'b')"),
              "ok | insert settings | insert settings.key | insert settings.value");
}

TEST_F(StatementCheckerTest, ViewsAndTriggersAreNamedAsTheWayIn) {
    EXPECT_EQ(both("SELECT username FROM city_leads"),
              "ok | read city_leads.username | read leads.city via city_leads | read leads.id via city_leads"
              " | read leads.user_id via city_leads | read users.user_id via city_leads | read users.username via city_leads");
    // The trigger's INSERT is compiled with the statement that fires it.
    EXPECT_EQ(both("INSERT INTO leads (name, city) VALUES (?, ?)"),
              "ok | insert audit_log via leads_audit | insert leads | insert leads.city | read leads.name via leads_audit"
              " | insert leads.name");
    // A virtual table's columns come from its module, which the catalog does not read: the table only.
    EXPECT_EQ(both("INSERT INTO notes (body) VALUES (?)"), "ok | insert notes");
}

TEST_F(StatementCheckerTest, FailuresInSqlitesWordsWithOffsets) {
    EXPECT_EQ(both("SELECT nme FROM users"), "failed: no such column: nme @7");
    EXPECT_EQ(both("INSERT INTO leads (name, pain_stage) VALUES (?, ?)"), "failed: table leads has no column named pain_stage");
    EXPECT_EQ(both("SELECT * FROM spy_leads"), "failed: no such table: spy_leads");
    EXPECT_EQ(both("SELECT * FORM users"), "failed: near \"FORM\": syntax error @9");
}

TEST_F(StatementCheckerTest, DdlWhoseChangeIsThereIsAlreadyApplied) {
    EXPECT_EQ(both("CREATE TABLE users (x)"), "already_applied: table users already exists @13");
    EXPECT_EQ(both("CREATE TABLE IF NOT EXISTS users (x)"), "ok | schema users");
    EXPECT_EQ(both("ALTER TABLE users ADD COLUMN phone TEXT"), "already_applied: duplicate column name: phone");
    EXPECT_EQ(both("DROP TABLE gone"), "already_applied: no such table: gone");
    EXPECT_EQ(both("ALTER TABLE gone ADD COLUMN x"), "failed: no such table: gone");
    EXPECT_EQ(both("CREATE INDEX idx_leads_city ON leads(city)"), "already_applied: index idx_leads_city already exists");
}

TEST_F(StatementCheckerTest, NothingIsEverExecuted) {
    const std::string before = testing::read_bytes(path);
    for (const char* sql : {"DELETE FROM users", "DROP TABLE leads", "INSERT INTO users (username) VALUES ('x')",
                            "CREATE TABLE extra (a)", "PRAGMA user_version = 7", "PRAGMA query_only = 0", "VACUUM",
                            "ALTER TABLE users ADD COLUMN extra TEXT", "UPDATE users SET phone = NULL"}) {
        EXPECT_NE(live->check(sql).status, CheckStatus::failed) << sql;
    }
    EXPECT_EQ(testing::read_bytes(path), before);
    // A pragma that sets something compiled to nothing: the connection is still query_only.
    EXPECT_EQ(live->check("PRAGMA table_info(leads)").accesses.size(), 1u);
}

TEST_F(StatementCheckerTest, MultipleStatementsInOneCheck) {
    EXPECT_EQ(both("SELECT 1; SELECT nope FROM users"), "failed: no such column: nope @17");
}

TEST(StatementCheckerExpected, SchemaErrorsAreBadInputWithTheirPlace) {
    try {
        SqliteStatementChecker::open_expected({{"schema/01.sql", "CREATE TABLE a (x);\nCREATE INDEX i ON a(nope);\n"}});
        ADD_FAILURE() << "no error";
    } catch (const util::InputError& e) {
        EXPECT_STREQ(e.what(), "schema/01.sql:2:21: no such column: nope");
    }
}

TEST(StatementCheckerLive, AMissingDatabaseCannotConnect) {
    EXPECT_THROW(SqliteStatementChecker::open_live({"sqlite", "/nonexistent/x.db", "/nonexistent/x.db"}), util::ConnectionError);
}

}  // namespace
}  // namespace dbaudit::engine::sqlite
