#include "dbaudit/engine/sqlite/sqlite_dialect.hpp"

#include <gtest/gtest.h>

#include "dbaudit/engine/sqlite/connection.hpp"
#include "dbaudit/engine/sqlite/inspector.hpp"

namespace dbaudit::engine::sqlite {
namespace {

model::Table table_from(const std::string& sql) {
    Connection db = Connection::open_memory();
    db.execute(sql);
    model::Catalog catalog;
    inspect_into(db, catalog);
    return catalog.tables.front();
}

TEST(SqliteDialect, AffinityFollowsSqliteRules) {
    const std::vector<std::pair<std::string, Affinity>> cases = {
        {"INTEGER", Affinity::integer}, {"BIGINT", Affinity::integer},   {"POINT", Affinity::integer},  // "INT" inside
        {"VARCHAR(10)", Affinity::text}, {"CLOB", Affinity::text},       {"TEXT", Affinity::text},
        {"BLOB", Affinity::blob},       {"", Affinity::blob},            {"REAL", Affinity::real},
        {"DOUBLE PRECISION", Affinity::real}, {"FLOATING", Affinity::real}, {"DECIMAL(10,2)", Affinity::numeric},
        {"BOOLEAN", Affinity::numeric}, {"TIMESTAMP", Affinity::numeric}, {"ANY", Affinity::numeric},
    };
    for (const auto& [type, affinity] : cases) EXPECT_EQ(affinity_of(type), affinity) << type;
}

TEST(SqliteDialect, TypeChangeRiskAndFamilies) {
    const SqliteDialect dialect(3040001);
    EXPECT_FALSE(dialect.type_change_risk("VARCHAR(100)", "TEXT").narrowing);
    EXPECT_FALSE(dialect.type_change_risk("INTEGER", "REAL").narrowing);
    EXPECT_FALSE(dialect.type_change_risk("TEXT", "BLOB").narrowing);
    EXPECT_FALSE(dialect.type_change_risk("TEXT", "").narrowing);
    const auto to_number = dialect.type_change_risk("TEXT", "INTEGER");
    EXPECT_TRUE(to_number.narrowing);
    EXPECT_EQ(to_number.explanation, "TEXT affinity -> INTEGER affinity: text that looks like a number is stored as a number ('007' becomes 7)");
    EXPECT_TRUE(dialect.type_change_risk("REAL", "TEXT").narrowing);
    EXPECT_TRUE(dialect.same_type_family("VARCHAR(100)", "TEXT"));
    EXPECT_FALSE(dialect.same_type_family("INTEGER", "TEXT"));
}

TEST(SqliteDialect, AddColumnUsesTheDefinitionAsWrittenAndProbesTablesWithRows) {
    const SqliteDialect dialect(3040001);
    const model::Table expected = table_from("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP, n INT NOT NULL, "
                                             "d TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE)");
    EXPECT_EQ(dialect.add_column(expected, *expected.find_column("at", false), false), "ALTER TABLE t ADD COLUMN at TEXT DEFAULT CURRENT_TIMESTAMP");
    EXPECT_EQ(dialect.add_column(expected, *expected.find_column("at", false), true), std::nullopt) << "non-constant default, rows";
    EXPECT_EQ(dialect.add_column(expected, *expected.find_column("n", false), true), std::nullopt) << "NOT NULL without default, rows";
    EXPECT_EQ(dialect.add_column(expected, *expected.find_column("d", false), true),
              "ALTER TABLE t ADD COLUMN d TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE");
}

TEST(SqliteDialect, DropColumnOnlyWhenNothingElseNamesIt) {
    const model::Table live = table_from("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)");
    model::Catalog catalog;
    catalog.tables.push_back(live);
    catalog.views.push_back({{}, "v", "", "CREATE VIEW v AS SELECT a FROM t"});
    EXPECT_EQ(SqliteDialect(3040001).drop_column(catalog, live, *live.find_column("b", false)), "ALTER TABLE t DROP COLUMN b");
    EXPECT_EQ(SqliteDialect(3040001).drop_column(catalog, live, *live.find_column("a", false)), std::nullopt);
    EXPECT_EQ(SqliteDialect(3034000).drop_column(catalog, live, *live.find_column("b", false)), std::nullopt) << "before SQLite 3.35";
}

TEST(SqliteDialect, SimulateAlterReadsTheResultBackOrFails) {
    const SqliteDialect dialect;
    const model::Table live = table_from("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)");
    const auto altered = dialect.simulate_alter(live, {"ALTER TABLE t ADD COLUMN b INT DEFAULT 3", "ALTER TABLE t DROP COLUMN a"});
    ASSERT_TRUE(altered);
    ASSERT_EQ(altered->columns.size(), 2u);
    EXPECT_EQ(altered->columns[1].name, "b");
    EXPECT_EQ(altered->columns[1].default_expr, "3");
    EXPECT_EQ(dialect.simulate_alter(live, {"ALTER TABLE t ADD COLUMN c INT UNIQUE"}), std::nullopt);
}

TEST(SqliteDialect, RebuildRenamesANewTableOrCopiesAside) {
    const SqliteDialect dialect;
    const model::Table live = table_from("CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, old TEXT)");
    const model::Table target = table_from("CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL DEFAULT '')");
    TableRebuild rebuild{&live, &target, {{"id", "id"}, {"name", "name"}}, "jobs__dbaudit_new", 1000000, 10};
    std::vector<std::string> sql;
    for (const auto& statement : dialect.rebuild_table(rebuild)) sql.push_back(statement.sql);
    EXPECT_EQ(sql, (std::vector<std::string>{
                       "CREATE TABLE jobs__dbaudit_new (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL DEFAULT '')",
                       "INSERT INTO jobs__dbaudit_new (id, name)\n  SELECT id, name FROM jobs",
                       "DELETE FROM sqlite_sequence WHERE name = 'jobs__dbaudit_new'",
                       "INSERT INTO sqlite_sequence (name, seq)\n  SELECT 'jobs__dbaudit_new', max(seq) FROM sqlite_sequence WHERE name = 'jobs' HAVING max(seq) IS NOT NULL",
                       "DROP TABLE jobs",
                       "PRAGMA legacy_alter_table = ON",
                       "ALTER TABLE jobs__dbaudit_new RENAME TO jobs",
                       "PRAGMA legacy_alter_table = OFF",
                   }));
    rebuild.estimated_rows = 10;  // small table: copying twice is cheaper than a rename
    sql.clear();
    for (const auto& statement : dialect.rebuild_table(rebuild)) sql.push_back(statement.sql);
    EXPECT_EQ(sql, (std::vector<std::string>{
                       "CREATE TEMP TABLE jobs__dbaudit_new AS\n  SELECT id AS c1, name AS c2 FROM jobs",
                       "CREATE TEMP TABLE jobs__dbaudit_new_seq AS SELECT seq FROM sqlite_sequence WHERE name = 'jobs'",
                       "DROP TABLE jobs",
                       "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL DEFAULT '')",
                       "INSERT INTO jobs (id, name)\n  SELECT c1, c2 FROM temp.jobs__dbaudit_new",
                       "DELETE FROM sqlite_sequence WHERE name = 'jobs'",
                       "INSERT INTO sqlite_sequence (name, seq) SELECT 'jobs', seq FROM temp.jobs__dbaudit_new_seq",
                       "DROP TABLE temp.jobs__dbaudit_new_seq",
                       "DROP TABLE temp.jobs__dbaudit_new",
                   }));
    // Without an INTEGER PRIMARY KEY the hidden rowid is kept.
    const model::Table plain = table_from("CREATE TABLE p (a TEXT)");
    const model::Table plain_target = table_from("CREATE TABLE p (a TEXT NOT NULL)");
    TableRebuild keep{&plain, &plain_target, {{"a", "a"}}, "p__new", 0, 10};
    EXPECT_EQ(dialect.rebuild_table(keep).front().sql, "CREATE TEMP TABLE p__new AS\n  SELECT rowid AS c1, a AS c2 FROM p");
    // A virtual table cannot be rebuilt by copying its rows.
    model::Table virtual_table = plain;
    virtual_table.sql = "CREATE VIRTUAL TABLE p USING fts5(a)";
    EXPECT_TRUE(dialect.rebuild_table({&virtual_table, &plain_target, {}, "x", 0, 0}).empty());
}

TEST(SqliteDialect, ScriptsSplitAndCompareStatements) {
    const SqliteDialect dialect;
    const auto statements = dialect.split_script(
        "-- header\nPRAGMA foreign_keys = OFF;\nCREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END;\n-- DROP TABLE x;\n");
    ASSERT_EQ(statements.size(), 2u);
    EXPECT_EQ(statements[1], "CREATE TRIGGER t AFTER INSERT ON a BEGIN SELECT 1; SELECT 2; END");
    EXPECT_TRUE(dialect.same_statement("pragma  foreign_keys=off;", "PRAGMA foreign_keys = OFF"));
    EXPECT_FALSE(dialect.same_statement("PRAGMA foreign_keys = ON", "PRAGMA foreign_keys = OFF"));
    EXPECT_EQ(dialect.quote_identifier("order"), "\"order\"");
    EXPECT_EQ(dialect.drop_table("my table"), "DROP TABLE \"my table\"");
    EXPECT_EQ(dialect.rename_column("t", "a\"b", "c"), "ALTER TABLE t RENAME COLUMN \"a\"\"b\" TO c");
}

}  // namespace
}  // namespace dbaudit::engine::sqlite
