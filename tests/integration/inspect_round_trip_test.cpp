// Property: `inspect --format sql` of a database, loaded into an empty database, gives exactly the
// same model (field by field) and the same schema by SQLite's own account; `inspect --format
// json` reads back as exactly the inspected model. Every SQLite fixture; exceptions, if any, are
// listed with their reason in inspect_round_trip_exceptions.txt.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "dbaudit/engine/sqlite/sqlite_engine.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/snapshot/snapshot.hpp"
#include "support/catalog_compare.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

std::set<std::string> exceptions() {
    std::set<std::string> out;
    std::istringstream lines(read_bytes(source_path("tests/integration/inspect_round_trip_exceptions.txt")));
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line[0] != '#') out.insert(line.substr(0, line.find(' ')));
    return out;
}

class InspectRoundTrip : public ::testing::TestWithParam<SchemaFixture> {};

TEST_P(InspectRoundTrip, SqlReloadsToTheSameModel) {
    const SchemaFixture& fixture = GetParam();
    if (exceptions().count(fixture.name)) GTEST_SKIP() << "listed in inspect_round_trip_exceptions.txt";
    TempDir dir;
    const std::string original = dir.file("original.db");
    std::string ddl;
    for (const auto& file : fixture.files) ddl += read_bytes(file) + "\n;\n";
    make_sqlite_db(original, ddl);

    const auto sql = run_dbaudit({"inspect", "--db", original});
    ASSERT_EQ(sql.exit_code, 0) << sql.err;
    const std::string reloaded = dir.file("reloaded.db");
    make_sqlite_db(reloaded, sql.out);

    engine::sqlite::SqliteEngine engine;
    const model::Catalog before = engine.inspect_live({"sqlite", original, original});
    const model::Catalog after = engine.inspect_live({"sqlite", reloaded, reloaded});
    EXPECT_EQ(catalog_difference(after, before), "");
    EXPECT_EQ(sqlite_oracle(reloaded), sqlite_oracle(original));
    // Deterministic: the reloaded database renders the same text.
    EXPECT_EQ(run_dbaudit({"inspect", "--db", reloaded}).out, sql.out);
}

TEST_P(InspectRoundTrip, JsonReadsBackAsTheInspectedModel) {
    const SchemaFixture& fixture = GetParam();
    TempDir dir;
    const std::string db = dir.file("db.db");
    std::string ddl;
    for (const auto& file : fixture.files) ddl += read_bytes(file) + "\n;\n";
    make_sqlite_db(db, ddl);
    const auto json = run_dbaudit({"inspect", "--db", db, "--format", "json"});
    ASSERT_EQ(json.exit_code, 0) << json.err;
    engine::sqlite::SqliteEngine engine;
    EXPECT_EQ(catalog_difference(snapshot::read_snapshot(json.out, "inspect.json"), engine.inspect_live({"sqlite", db, db})), "");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InspectRoundTrip, ::testing::ValuesIn(schema_fixtures()),
                         [](const ::testing::TestParamInfo<SchemaFixture>& info) { return info.param.name; });

TEST(Inspect, SqlOrdersParentsFirstThenIndexesViewsTriggers) {
    TempDir dir;
    const std::string db = dir.file("db.db");
    make_sqlite_db(db,
                   "CREATE TABLE a_child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES z_parent(id)); -- trailing\n"
                   "CREATE TABLE z_parent (id INTEGER PRIMARY KEY, name TEXT -- the name\n);\n"
                   "CREATE INDEX idx_child_parent ON a_child(parent_id);\n"
                   "CREATE VIEW a_view AS SELECT * FROM b_view;\n"
                   "CREATE VIEW b_view AS SELECT name FROM z_parent;\n"
                   "CREATE TRIGGER trg AFTER INSERT ON z_parent BEGIN SELECT 1; END;\n");
    const auto result = run_dbaudit({"inspect", "--db", "sqlite:" + db, "--output", dir.file("schema.sql")});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_EQ(read_bytes(dir.file("schema.sql")),
              "CREATE TABLE z_parent (id INTEGER PRIMARY KEY, name TEXT -- the name\n);\n\n"
              "CREATE TABLE a_child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES z_parent(id));\n\n"
              "CREATE INDEX idx_child_parent ON a_child(parent_id);\n\n"
              "CREATE VIEW b_view AS SELECT name FROM z_parent;\n\n"
              "CREATE VIEW a_view AS SELECT * FROM b_view;\n\n"
              "CREATE TRIGGER trg AFTER INSERT ON z_parent BEGIN SELECT 1; END;\n\n");
}

TEST(Inspect, NeverWritesAndFailsCleanly) {
    TempDir dir;
    const std::string db = dir.file("db.db");
    make_sqlite_db(db, "CREATE TABLE t (a);");
    const std::string before = read_bytes(db);
    EXPECT_EQ(run_dbaudit({"inspect", "--db", db, "--format", "json"}).exit_code, 0);
    EXPECT_EQ(read_bytes(db), before);

    const auto missing = run_dbaudit({"inspect", "--db", dir.file("missing.db")});
    EXPECT_EQ(missing.exit_code, 3);
    EXPECT_EQ(missing.err.substr(0, missing.err.find('\n')), "dbaudit: error: database file " + dir.file("missing.db") + " does not exist");
    const auto format = run_dbaudit({"inspect", "--db", db, "--format", "yaml"});
    EXPECT_EQ(format.exit_code, 2);
    EXPECT_NE(format.err.find("--format"), std::string::npos) << format.err;
}

}  // namespace
}  // namespace dbaudit::testing
