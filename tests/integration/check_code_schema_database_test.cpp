// Property: the expected schema's in-memory database (built by writing sqlite_schema rows, in
// linear time) prepares every statement exactly like a database SQLite built from the same DDL:
// same verdicts, same messages, same tables and columns touched.
#include <gtest/gtest.h>

#include <filesystem>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/sqlite/statement_checker.hpp"
#include "dbaudit/model/catalog.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Fixture = SchemaFixture;

std::vector<Fixture> fixtures() { return schema_fixtures(); }

std::string describe(const engine::StatementCheck& check) {
    std::string out = check.status == engine::CheckStatus::ok ? "ok" : "not ok: " + check.message;
    for (const auto& a : check.accesses)
        out += " | " + std::to_string(static_cast<int>(a.kind)) + " " + a.table + "." + a.column + " " + a.via;
    return out;
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

class SchemaDatabase : public ::testing::TestWithParam<Fixture> {};

TEST_P(SchemaDatabase, PreparesLikeTheDatabaseSqliteBuilt) {
    const Fixture& fixture = GetParam();
    TempDir dir;
    const std::string db = dir.file("built.db");
    std::string ddl;
    for (const auto& file : fixture.files) ddl += read_bytes(file) + "\n;\n";
    make_sqlite_db(db, ddl);

    auto live = engine::sqlite::SqliteStatementChecker::open_live({"sqlite", db, db});
    auto expected = engine::sqlite::SqliteStatementChecker::open_expected(engine::read_schema_files(fixture.files));

    std::vector<std::string> statements;
    for (const model::Table& table : live->catalog().tables) {
        statements.push_back("SELECT * FROM " + quoted(table.name));
        statements.push_back("INSERT INTO " + quoted(table.name) + " DEFAULT VALUES");
        statements.push_back("DELETE FROM " + quoted(table.name) + " WHERE rowid = 1");
        if (!table.columns.empty())
            statements.push_back("UPDATE " + quoted(table.name) + " SET " + quoted(table.columns[0].name) + " = ?");
        statements.push_back("ALTER TABLE " + quoted(table.name) + " ADD COLUMN dbaudit_probe TEXT");
    }
    for (const model::View& view : live->catalog().views) statements.push_back("SELECT * FROM " + quoted(view.name));
    // Some fixtures are an empty schema: nothing to compare, and nothing may go wrong building it.
    for (const std::string& sql : statements) EXPECT_EQ(describe(live->check(sql)), describe(expected->check(sql))) << sql;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SchemaDatabase, ::testing::ValuesIn(fixtures()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace dbaudit::testing
