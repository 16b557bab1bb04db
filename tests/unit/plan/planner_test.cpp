// The planner against real SQLite databases (no mocks): order, holds, renames, seeds.
#include "dbaudit/plan/planner.hpp"

#include <gtest/gtest.h>

#include "dbaudit/engine/sqlite/expected_loader.hpp"
#include "dbaudit/engine/sqlite/sqlite_dialect.hpp"
#include "dbaudit/engine/sqlite/live_reader.hpp"
#include "dbaudit/util/error.hpp"
#include "support/test_support.hpp"

namespace dbaudit::plan {
namespace {

class Planner : public ::testing::Test {
protected:
    MigrationPlan plan(const std::string& live_sql, const std::string& expected_sql, bool allow_destructive = false) {
        const std::string db = m_dir.file("live" + std::to_string(++m_count) + ".db");
        testing::make_sqlite_db(db, live_sql);
        const model::Catalog expected = engine::sqlite::load_expected_schema({{"schema.sql", expected_sql}});
        engine::sqlite::SqliteLiveReader reader(db);
        return make_plan(expected, reader.inspect(), reader, m_dialect, {allow_destructive});
    }
    static std::vector<std::string> running(const MigrationPlan& plan) {
        std::vector<std::string> out;
        for (const Step& step : plan.steps)
            if (step.runs()) out.push_back(step.sql);
        return out;
    }

    engine::sqlite::SqliteDialect m_dialect;
    testing::TempDir m_dir;
    int m_count = 0;
};

TEST_F(Planner, EmptyWhenInSync) {
    const std::string schema = "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT); CREATE INDEX ax ON a(x); CREATE VIEW v AS SELECT x FROM a;";
    const MigrationPlan p = plan(schema, schema);
    EXPECT_TRUE(p.steps.empty());
    EXPECT_TRUE(p.empty());
    EXPECT_TRUE(p.unresolved.empty());
}

TEST_F(Planner, CreatesParentsBeforeChildrenAndViewsAfterWhatTheyRead) {
    const MigrationPlan p = plan("",
                                 "CREATE TABLE a_child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES z_parent(id));\n"
                                 "CREATE TABLE z_parent (id INTEGER PRIMARY KEY);\n"
                                 "CREATE VIEW a_view AS SELECT * FROM z_view;\n"
                                 "CREATE VIEW z_view AS SELECT id FROM z_parent;\n");
    EXPECT_EQ(running(p), (std::vector<std::string>{"CREATE TABLE z_parent (id INTEGER PRIMARY KEY)",
                                                    "CREATE TABLE a_child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES z_parent(id))",
                                                    "CREATE VIEW z_view AS SELECT id FROM z_parent", "CREATE VIEW a_view AS SELECT * FROM z_view"}));
    EXPECT_EQ(p.checked_tables, (std::vector<std::pair<std::string, std::string>>{{"", "a_child"}}));
}

TEST_F(Planner, ForeignKeyCycleIsBrokenByNameAndReported) {
    const MigrationPlan p = plan("", "CREATE TABLE a (id INTEGER PRIMARY KEY, b INTEGER REFERENCES b(id));\n"
                                     "CREATE TABLE b (id INTEGER PRIMARY KEY, a INTEGER REFERENCES a(id));\n");
    ASSERT_EQ(running(p).size(), 2u);
    EXPECT_EQ(p.notes, std::vector<std::string>{"foreign keys between new tables form a cycle at a; created in name order"});
}

TEST_F(Planner, DestructiveStepsAreHeldBackUnlessAllowed) {
    const std::string live = "CREATE TABLE a (id INTEGER PRIMARY KEY, old TEXT, n TEXT); CREATE TABLE legacy (x); INSERT INTO a VALUES (1, 'o', '5');";
    const std::string expected = "CREATE TABLE a (id INTEGER PRIMARY KEY, n TEXT);";
    const MigrationPlan held = plan(live, expected);
    EXPECT_TRUE(held.empty());
    EXPECT_EQ(held.held_destructive_count(), 2u);
    EXPECT_EQ(held.unresolved.size(), 2u);
    const MigrationPlan allowed = plan(live, expected, true);
    EXPECT_EQ(running(allowed), (std::vector<std::string>{"ALTER TABLE a DROP COLUMN old", "DROP TABLE legacy"}));
    EXPECT_TRUE(allowed.unresolved.empty());
    // A type change that converts values is destructive too; the whole rebuild waits.
    const MigrationPlan narrowing = plan(live, "CREATE TABLE a (id INTEGER PRIMARY KEY, old TEXT, n INTEGER); CREATE TABLE legacy (x);");
    EXPECT_TRUE(narrowing.empty());
    ASSERT_FALSE(narrowing.steps.empty());
    EXPECT_EQ(narrowing.steps.front().held, HoldReason::destructive);
    EXPECT_EQ(narrowing.steps.front().hazards,
              std::vector<std::string>{"column a.n: TEXT affinity -> INTEGER affinity: text that looks like a number is stored as a number ('007' becomes 7)"});
}

TEST_F(Planner, SuspectedRenameOnlyWithinATypeFamily) {
    const MigrationPlan same = plan("CREATE TABLE a (id INTEGER PRIMARY KEY, mail VARCHAR(80));", "CREATE TABLE a (id INTEGER PRIMARY KEY, email TEXT);");
    ASSERT_EQ(same.steps.size(), 2u);
    EXPECT_EQ(same.steps[0].held, HoldReason::suspected_rename);
    EXPECT_EQ(same.steps[1].held, HoldReason::suspected_rename);
    const MigrationPlan other = plan("CREATE TABLE a (id INTEGER PRIMARY KEY, mail TEXT);", "CREATE TABLE a (id INTEGER PRIMARY KEY, n INTEGER);");
    ASSERT_EQ(other.steps.size(), 2u);
    EXPECT_EQ(other.steps[0].held, HoldReason::none);      // ADD COLUMN n
    EXPECT_EQ(other.steps[1].held, HoldReason::destructive);  // DROP COLUMN mail
}

TEST_F(Planner, RenameAnnotationsBecomeRenamesAndTheRestIsPlannedAfterThem) {
    const MigrationPlan p = plan("CREATE TABLE old_t (id INTEGER PRIMARY KEY, a TEXT); CREATE INDEX old_t_a ON old_t(a);",
                                 "-- dbaudit:renamed-from old_t\n"
                                 "CREATE TABLE t (\n  id INTEGER PRIMARY KEY,\n  b TEXT, -- dbaudit:renamed-from a\n  c INT\n);\n"
                                 "CREATE INDEX old_t_a ON t(b);");
    EXPECT_EQ(running(p), (std::vector<std::string>{"ALTER TABLE old_t RENAME TO t", "ALTER TABLE t RENAME COLUMN a TO b",
                                                    "ALTER TABLE t ADD COLUMN c INT"}));
    EXPECT_EQ(p.steps[0].why, "table old_t is renamed to t (dbaudit:renamed-from at schema.sql:1:1)");
    EXPECT_EQ(p.steps[1].why, "column t.a is renamed to b (dbaudit:renamed-from at schema.sql:4:11)");
}

TEST_F(Planner, StaleAnnotationsAreHistoryAndAmbiguousOnesAreReported) {
    EXPECT_TRUE(plan("CREATE TABLE t (id INTEGER PRIMARY KEY);", "-- dbaudit:renamed-from old_t\nCREATE TABLE t (id INTEGER PRIMARY KEY);").steps.empty());
    const MigrationPlan both = plan("CREATE TABLE t (id INTEGER PRIMARY KEY); CREATE TABLE old_t (id INTEGER PRIMARY KEY);",
                                    "-- dbaudit:renamed-from old_t\nCREATE TABLE t (id INTEGER PRIMARY KEY);");
    EXPECT_EQ(both.notes, std::vector<std::string>{"rename annotation at schema.sql:1:1 ignored: the database has both old_t and t"});
}

TEST_F(Planner, SeedRowsOnlyWhenMissing) {
    const std::string expected = "CREATE TABLE s (k TEXT PRIMARY KEY, v TEXT); INSERT INTO s VALUES ('a', '1'), ('b', '2');";
    EXPECT_TRUE(plan("CREATE TABLE s (k TEXT PRIMARY KEY, v TEXT); INSERT INTO s VALUES ('a', 'changed'), ('b', '2');", expected).steps.empty());
    EXPECT_EQ(running(plan("CREATE TABLE s (k TEXT PRIMARY KEY, v TEXT); INSERT INTO s VALUES ('a', 'changed');", expected)),
              std::vector<std::string>{"INSERT OR IGNORE INTO s (k, v) VALUES\n  ('b', '2')"});
    // A seed that reads another table is kept as written, made to ignore existing keys.
    const MigrationPlan reading = plan("CREATE TABLE s (k TEXT PRIMARY KEY, v TEXT); CREATE TABLE o (x);",
                                       "CREATE TABLE s (k TEXT PRIMARY KEY, v TEXT); CREATE TABLE o (x); INSERT INTO s SELECT x, x FROM o;");
    EXPECT_EQ(running(reading), std::vector<std::string>{"INSERT OR IGNORE INTO s SELECT x, x FROM o"});
}

TEST_F(Planner, SeedRowsOfAKeylessOrVirtualTableAreMatchedByEveryColumn) {
    const std::string expected = "CREATE VIRTUAL TABLE docs USING fts5(title, body); INSERT INTO docs VALUES ('t', 'b'), ('u', NULL);";
    const MigrationPlan missing = plan("CREATE VIRTUAL TABLE docs USING fts5(title, body); INSERT INTO docs VALUES ('t', 'b');", expected);
    ASSERT_EQ(running(missing).size(), 1u);
    EXPECT_EQ(running(missing)[0], "INSERT INTO docs (title, body)\n  SELECT 'u', NULL WHERE NOT EXISTS (SELECT 1 FROM docs WHERE title IS 'u' AND body IS NULL)");
    EXPECT_EQ(missing.steps[0].why, "seed rows from schema.sql:1:52: 1 of 2 rows missing in docs (matched by every column the statement sets)");
    EXPECT_TRUE(plan("CREATE VIRTUAL TABLE docs USING fts5(title, body); INSERT INTO docs VALUES ('u', NULL), ('t', 'b');", expected).steps.empty());
}

TEST_F(Planner, RefusesANotNullColumnWithoutDefaultOnATableWithRows) {
    try {
        plan("CREATE TABLE a (id INTEGER PRIMARY KEY); INSERT INTO a VALUES (1);", "CREATE TABLE a (id INTEGER PRIMARY KEY, must TEXT NOT NULL);");
        FAIL() << "no refusal";
    } catch (const util::InputError& e) {
        EXPECT_EQ(std::string(e.what()), "cannot add column a.must: it is NOT NULL without a default and table a has rows");
    }
}

TEST_F(Planner, AddColumnCarriesItsOwnReferencesAndCheck) {
    const MigrationPlan p = plan("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (id INTEGER PRIMARY KEY); INSERT INTO c VALUES (1);",
                                 "CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
                                 "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p(id) ON DELETE CASCADE, n INT DEFAULT 0 CHECK (n >= 0));");
    EXPECT_EQ(running(p), (std::vector<std::string>{"ALTER TABLE c ADD COLUMN p_id INTEGER REFERENCES p(id) ON DELETE CASCADE",
                                                    "ALTER TABLE c ADD COLUMN n INT DEFAULT 0 CHECK (n >= 0)"}));
    // A table-level constraint cannot come with ADD COLUMN: that is a rebuild.
    const MigrationPlan rebuild = plan("CREATE TABLE c (id INTEGER PRIMARY KEY);", "CREATE TABLE c (id INTEGER PRIMARY KEY, n INT, CHECK (n > 0));");
    ASSERT_FALSE(rebuild.steps.empty());
    EXPECT_EQ(rebuild.steps.front().kind, StepKind::rebuild_table);
}

TEST_F(Planner, AddColumnOnlyWhereSqliteAllowsIt) {
    struct Case {
        std::string column;
        bool in_place;
    };
    const std::vector<Case> cases = {
        {"x TEXT DEFAULT 'a'", true},       {"x INT AS (id * 2) VIRTUAL", true},  {"x TEXT UNIQUE", false},
        {"x INTEGER PRIMARY KEY", false},
        // SQLite refuses these only when the table has rows.
        {"x INT AS (id * 2) STORED", true}, {"x TEXT DEFAULT CURRENT_TIMESTAMP", true}, {"x TEXT NOT NULL", true},
    };
    for (const Case& c : cases) {
        const MigrationPlan p = plan("CREATE TABLE t (id INT);", "CREATE TABLE t (id INT, " + c.column + ");");
        ASSERT_FALSE(p.steps.empty()) << c.column;
        EXPECT_EQ(p.steps.front().kind, c.in_place ? StepKind::add_column : StepKind::rebuild_table) << c.column;
    }
    for (const std::string column : {"x INT AS (id * 2) STORED", "x TEXT DEFAULT CURRENT_TIMESTAMP"}) {
        const MigrationPlan p = plan("CREATE TABLE t (id INT); INSERT INTO t VALUES (1);", "CREATE TABLE t (id INT, " + column + ");");
        ASSERT_FALSE(p.steps.empty()) << column;
        EXPECT_EQ(p.steps.front().kind, StepKind::rebuild_table) << column << " on a table with rows";
    }
}

TEST_F(Planner, DroppingAUniqueKeyAForeignKeyNeedsIsDestructiveAndChildrenAreChecked) {
    const std::string live = "CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT); CREATE UNIQUE INDEX p_code ON p(code);\n"
                             "CREATE TABLE c (id INTEGER PRIMARY KEY, code TEXT REFERENCES p(code));";
    const std::string expected = "CREATE TABLE p (id INTEGER PRIMARY KEY, code TEXT);\n"
                                 "CREATE TABLE c (id INTEGER PRIMARY KEY, code TEXT REFERENCES p(code));";
    const MigrationPlan held = plan(live, expected);
    ASSERT_EQ(held.steps.size(), 1u);
    EXPECT_TRUE(held.steps[0].destructive);
    EXPECT_EQ(held.steps[0].held, HoldReason::destructive);
    const MigrationPlan allowed = plan(live, expected, true);
    EXPECT_EQ(allowed.checked_tables, (std::vector<std::pair<std::string, std::string>>{{"c", "c"}}));
}

}  // namespace
}  // namespace dbaudit::plan
