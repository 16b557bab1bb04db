#include "dbaudit/engine/sqlite/expected_loader.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/engine/sqlite/connection.hpp"
#include "dbaudit/engine/sqlite/inspector.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"
#include "unit/support/model_printers.hpp"

namespace dbaudit::engine::sqlite {
namespace {

model::Catalog load(const std::string& path, const std::string& text, LoadStatistics* statistics = nullptr) {
    return load_expected_schema({SchemaFile{path, text}}, statistics);
}

// The message of the InputError loading `files` throws; fails the test when nothing is thrown.
std::string load_error(const std::vector<SchemaFile>& files) {
    try {
        load_expected_schema(files);
    } catch (const util::InputError& e) {
        EXPECT_EQ(e.code(), util::ExitCode::bad_input);
        return e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "expected util::InputError, got: " << e.what();
        return {};
    }
    ADD_FAILURE() << "expected util::InputError, nothing was thrown";
    return {};
}

std::vector<std::string> table_names(const model::Catalog& catalog) {
    std::vector<std::string> names;
    for (const auto& t : catalog.tables) names.push_back(t.name);
    return names;
}

std::size_t column_count(const model::Catalog& catalog) {
    std::size_t n = 0;
    for (const auto& t : catalog.tables) n += t.columns.size();
    return n;
}

// ---------------------------------------------------------------------------------------------
// Errors: exactly "path:line:col: SQLite's message", columns counted in characters.

struct ErrorCase {
    const char* name;
    std::vector<SchemaFile> files;
    std::string message;

    friend void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.name; }
};

class LoadErrorTable : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(LoadErrorTable, ThrowsInputErrorWithExactLocationAndMessage) {
    EXPECT_EQ(load_error(GetParam().files), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LoadErrorTable,
    ::testing::Values(
        // Line 5: "  név TEXT NOT NUL," — é is two bytes but one column, so NUL is at column 16.
        ErrorCase{"syntax_error_after_multibyte_character",
                  {{"schema/app.sql",
                    "-- app schema\n"
                    "CREATE TABLE a (x INT);\n"
                    "CREATE TABLE users (\n"
                    "  id INTEGER PRIMARY KEY,\n"
                    "  név TEXT NOT NUL,\n"
                    "  email TEXT\n"
                    ");\n"}},
                  "schema/app.sql:5:16: near \"NUL\": syntax error"},
        // A four-byte character (emoji) in a string before the error on the same line.
        ErrorCase{"syntax_error_after_emoji",
                  {{"seed.sql", "CREATE TABLE a (x TEXT);\nINSERT INTO a VALUES ('😀') oops;\n"}},
                  "seed.sql:2:28: near \"oops\": syntax error"},
        ErrorCase{"syntax_error_inside_a_trigger_body",
                  {{"t.sql",
                    "CREATE TABLE t (a INT);\n"
                    "CREATE TRIGGER trg AFTER INSERT ON t BEGIN\n"
                    "  UPDAT t SET a = 1;\n"
                    "END;\n"}},
                  "t.sql:3:3: near \"UPDAT\": syntax error"},
        ErrorCase{"error_in_second_file_names_the_second_file",
                  {{"a.sql", "CREATE TABLE a (x INT);\n"}, {"b.sql", "CREATE TABLE b (y INT);\nCREATE TABEL c (z INT);\n"}},
                  "b.sql:2:8: near \"TABEL\": syntax error"},
        ErrorCase{"error_in_first_file_names_the_first_file",
                  {{"a.sql", "\n\nCREATE TABLE a (x INT,);\n"}, {"b.sql", "CREATE TABLE b (y INT);\n"}},
                  "a.sql:3:23: near \")\": syntax error"},
        // SQLite gives no offset for errors found after parsing: the location is the statement's.
        ErrorCase{"insert_into_missing_table",
                  {{"seed.sql", "CREATE TABLE a (x INT);\n\n  INSERT INTO nope VALUES (1);\n"}},
                  "seed.sql:3:3: no such table: nope"},
        ErrorCase{"insert_into_missing_column",
                  {{"seed.sql", "CREATE TABLE a (x INT);\nINSERT INTO a (y) VALUES (1);\n"}},
                  "seed.sql:2:1: table a has no column named y"},
        ErrorCase{"index_on_missing_table",
                  {{"ix.sql", "CREATE TABLE a (x INT);\nCREATE INDEX ix ON b (x);\n"}},
                  "ix.sql:2:1: no such table: main.b"},
        ErrorCase{"crlf_line_endings",
                  {{"crlf.sql", "-- Users.\r\nCREATE TABLE users (id INTEGER PRIMARY KEY);\r\nCREATE TABEL x (a);\r\n"}},
                  "crlf.sql:3:8: near \"TABEL\": syntax error"},
        ErrorCase{"duplicate_table",
                  {{"a.sql", "CREATE TABLE a (x INT);\n"}, {"b.sql", "-- again\nCREATE TABLE a (y INT);\n"}},
                  "b.sql:2:14: table a already exists"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ExpectedLoader, ForeignKeyViolationInSeedsIsAnErrorAtTheStatement) {
    EXPECT_EQ(load_error({{"fk.sql",
                           "PRAGMA foreign_keys = ON;\n"
                           "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                           "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));\n"
                           "INSERT INTO parent VALUES (1);\n"
                           "  INSERT INTO child VALUES (10, 99);\n"}}),
              "fk.sql:5:3: FOREIGN KEY constraint failed");
}

// ---------------------------------------------------------------------------------------------
// What a successful load keeps.

TEST(ExpectedLoader, EmptyInputGivesAnEmptySqliteCatalog) {
    LoadStatistics statistics;
    const auto catalog = load_expected_schema({{"empty.sql", ""}, {"comments.sql", "-- nothing here\n/* at all */\n"}},
                                              &statistics);
    EXPECT_EQ(catalog.engine, "sqlite");
    EXPECT_EQ(catalog.name_matching, model::NameMatching::ascii_case_insensitive);
    EXPECT_TRUE(catalog.tables.empty());
    EXPECT_TRUE(catalog.views.empty());
    EXPECT_TRUE(catalog.triggers.empty());
    EXPECT_TRUE(catalog.seeds.empty());
    EXPECT_EQ(statistics.statements, 0u);
    EXPECT_FALSE(statistics.single_database);
}

TEST(ExpectedLoader, SeedInsertsAreKeptWithTableAndLocation) {
    const std::string text =
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
        "INSERT INTO users (id, name) VALUES (1, 'root');\n"
        "  INSERT OR IGNORE INTO \"Users\" VALUES (2, 'b');\n"
        "-- third\n"
        "REPLACE INTO main.users VALUES (3, 'c;d');\n";
    const auto catalog = load("seeds.sql", text);
    ASSERT_EQ(catalog.seeds.size(), 3u);
    struct Expected {
        std::string table, sql, location;
    };
    const std::vector<Expected> expected = {
        {"users", "INSERT INTO users (id, name) VALUES (1, 'root');", "seeds.sql:2:1"},
        {"Users", "INSERT OR IGNORE INTO \"Users\" VALUES (2, 'b');", "seeds.sql:3:3"},
        {"users", "REPLACE INTO main.users VALUES (3, 'c;d');", "seeds.sql:5:1"},
    };
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(catalog.seeds[i].table, expected[i].table) << i;
        EXPECT_EQ(catalog.seeds[i].sql, expected[i].sql) << i;
        EXPECT_EQ(catalog.seeds[i].location.to_string(), expected[i].location) << i;
        EXPECT_EQ(catalog.seeds[i].location.file, "seeds.sql");
    }
    EXPECT_EQ(table_names(catalog), std::vector<std::string>{"users"});
}

TEST(ExpectedLoader, SeedsAcrossFilesKeepSourceOrderAndTheirFile) {
    const auto catalog = load_expected_schema({{"10_tables.sql", "CREATE TABLE a (x INT);\nCREATE TABLE b (y INT);\n"},
                                               {"20_seeds.sql", "INSERT INTO b VALUES (1);\nINSERT INTO a VALUES (2);\n"}});
    ASSERT_EQ(catalog.seeds.size(), 2u);
    EXPECT_EQ(catalog.seeds[0].table, "b");
    EXPECT_EQ(catalog.seeds[0].location.to_string(), "20_seeds.sql:1:1");
    EXPECT_EQ(catalog.seeds[1].table, "a");
    EXPECT_EQ(catalog.seeds[1].location.to_string(), "20_seeds.sql:2:1");
}

TEST(ExpectedLoader, PurposeCommentsAboveCreateTableBecomeTheTableComment) {
    const std::string text =
        "-- Users of the bot.\n"
        "-- One row per Telegram account.\n"
        "CREATE TABLE users (id INTEGER PRIMARY KEY);\n"
        "\n"
        "-- ====\n"
        "-- Orders placed.\n"
        "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n"
        "\n"
        "-- A section header, then a blank line\n"
        "\n"
        "CREATE TABLE plain (id INTEGER PRIMARY KEY);\n"
        "-- ==========\n"
        "-- Boxed title\n"
        "-- ----------\n"
        "CREATE TABLE boxed (id INTEGER PRIMARY KEY);\n"
        "-- dbaudit: ignore-me\n"
        "-- Tagged purpose.\n"
        "CREATE TABLE tagged (id INTEGER PRIMARY KEY);\n"
        "/* block comments are not purposes */\n"
        "CREATE TABLE blocked (id INTEGER PRIMARY KEY);\n"
        "    --   indented purpose   \n"
        "CREATE TABLE \"Indented\" (id INTEGER PRIMARY KEY);\n";
    const auto catalog = load("purpose.sql", text);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"users", "Users of the bot. One row per Telegram account."},
        {"orders", "Orders placed."},
        {"plain", ""},
        {"boxed", "Boxed title"},
        {"tagged", "Tagged purpose."},
        {"blocked", ""},
        {"Indented", "indented purpose"},
    };
    for (const auto& [name, comment] : expected) {
        const auto* table = catalog.find_table(name);
        ASSERT_NE(table, nullptr) << name;
        EXPECT_EQ(table->comment, comment) << name;
    }
}

// A comment at the end of the previous statement's line belongs to that statement.
TEST(ExpectedLoader, TrailingCommentOfThePreviousLineIsNotAPurpose) {
    const auto catalog = load("trailing.sql",
                              "CREATE TABLE a (x INT); -- legacy, keep\n"
                              "CREATE TABLE b (y INT);\n");
    ASSERT_NE(catalog.find_table("b"), nullptr);
    EXPECT_EQ(catalog.find_table("b")->comment, "");
}

TEST(ExpectedLoader, CrlfLineEndings) {
    const auto catalog = load("crlf.sql",
                              "-- Users of the bot.\r\n-- One row each.\r\nCREATE TABLE users (id INTEGER PRIMARY KEY);\r\n"
                              "INSERT INTO users VALUES (1);\r\n");
    ASSERT_NE(catalog.find_table("users"), nullptr);
    EXPECT_EQ(catalog.find_table("users")->comment, "Users of the bot. One row each.");
    ASSERT_EQ(catalog.seeds.size(), 1u);
    EXPECT_EQ(catalog.seeds[0].location.to_string(), "crlf.sql:4:1");
}

TEST(ExpectedLoader, StatementWithoutFinalSemicolonEndsAtTheEndOfItsFile) {
    const auto catalog = load_expected_schema({{"a.sql", "CREATE TABLE a (x INT)"}, {"b.sql", "CREATE TABLE b (y INT)\n"}});
    EXPECT_EQ(table_names(catalog), (std::vector<std::string>{"a", "b"}));
}

// Editors on Windows often save UTF-8 with a byte order mark; SQLite reads it as white space, so
// the file is still sharded normally and the purpose comment after the mark is kept.
TEST(ExpectedLoader, Utf8ByteOrderMarkIsIgnored) {
    LoadStatistics statistics;
    const auto catalog = load("bom.sql", "\xEF\xBB\xBF-- Users.\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n", &statistics);
    ASSERT_NE(catalog.find_table("users"), nullptr);
    EXPECT_EQ(catalog.find_table("users")->comment, "Users.");
    EXPECT_FALSE(statistics.single_database);
}

TEST(ExpectedLoader, AlterAndDropRunInOneDatabaseAndGiveTheRightResult) {
    LoadStatistics statistics;
    const auto catalog = load("alter.sql",
                              "CREATE TABLE a (x INT);\n"
                              "ALTER TABLE a ADD COLUMN y TEXT NOT NULL DEFAULT 'z';\n"
                              "CREATE TABLE b (k INT);\n"
                              "DROP TABLE b;\n"
                              "CREATE TABLE c (v INT);\n"
                              "ALTER TABLE c RENAME TO c2;\n"
                              "CREATE INDEX ix_a ON a (y);\n"
                              "DROP INDEX ix_a;\n",
                              &statistics);
    EXPECT_TRUE(statistics.single_database);
    EXPECT_EQ(statistics.shards, 1u);
    EXPECT_EQ(statistics.statements, 8u);
    EXPECT_EQ(table_names(catalog), (std::vector<std::string>{"a", "c2"}));
    const auto* a = catalog.find_table("a");
    ASSERT_EQ(a->columns.size(), 2u);
    EXPECT_EQ(a->columns[1].name, "y");
    EXPECT_EQ(a->columns[1].type, "TEXT");
    EXPECT_TRUE(a->columns[1].not_null);
    EXPECT_EQ(a->columns[1].default_expr, "'z'");
    EXPECT_TRUE(a->indexes.empty());
}

TEST(ExpectedLoader, IndependentTablesAreShardedAndTransactionStatementsIgnored) {
    LoadStatistics statistics;
    std::string text = "BEGIN TRANSACTION;\n";
    for (int i = 0; i < 200; ++i) text += "CREATE TABLE t" + std::to_string(i) + " (id INTEGER PRIMARY KEY);\n";
    text += "COMMIT;\n";
    const auto catalog = load("many.sql", text, &statistics);
    EXPECT_FALSE(statistics.single_database);
    EXPECT_GT(statistics.shards, 1u);
    EXPECT_EQ(statistics.statements, 202u);
    EXPECT_EQ(catalog.tables.size(), 200u);
}

TEST(ExpectedLoader, ForeignKeysOnWithSeedRowsWhoseParentsAreInTheScript) {
    LoadStatistics statistics;
    std::string text =
        "PRAGMA foreign_keys = ON;\n"
        "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT);\n"
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id) ON DELETE CASCADE);\n"
        "CREATE TABLE grandchild (id INTEGER PRIMARY KEY, child_id INTEGER NOT NULL REFERENCES child (id));\n";
    // Unrelated tables between, so the families could land in different shards.
    for (int i = 0; i < 150; ++i) text += "CREATE TABLE filler" + std::to_string(i) + " (id INTEGER PRIMARY KEY);\n";
    text +=
        "INSERT INTO parent VALUES (1, 'p');\n"
        "INSERT INTO child VALUES (10, 1);\n"
        "INSERT INTO grandchild VALUES (100, 10);\n"
        "DELETE FROM parent WHERE id = 2;\n";
    const auto catalog = load("fk.sql", text, &statistics);
    EXPECT_FALSE(statistics.single_database) << "a valid script does not need the single-database fallback";
    EXPECT_GT(statistics.shards, 1u);
    EXPECT_EQ(catalog.tables.size(), 153u);
    EXPECT_EQ(catalog.seeds.size(), 4u);
    const auto* child = catalog.find_table("child");
    ASSERT_NE(child, nullptr);
    ASSERT_EQ(child->foreign_keys.size(), 1u);
    EXPECT_EQ(child->foreign_keys[0].referenced_table, "parent");
    EXPECT_EQ(child->foreign_keys[0].on_delete, model::ForeignKeyAction::cascade);
}

// A schema of ~300 tables with foreign keys, views joining tables, triggers that write to a shared
// log table, and seed rows; `force_single` appends a statement that makes the loader use one database.
std::string big_schema() {
    std::string s = "PRAGMA foreign_keys = ON;\n";
    s += "-- Everything the triggers record.\n";
    s += "CREATE TABLE audit_log (id INTEGER PRIMARY KEY, what TEXT NOT NULL, at TEXT DEFAULT CURRENT_TIMESTAMP);\n";
    for (int i = 0; i < 300; ++i) {
        const std::string n = std::to_string(i);
        const int root = i / 5 * 5;
        const std::string r = std::to_string(root);
        if (i == root) {
            s += "-- Root table " + n + ".\n";
            s += "CREATE TABLE t" + n + " (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE, " +
                 "n INT CHECK (n >= 0), UNIQUE (name, n));\n";
            s += "CREATE INDEX ix_t" + n + "_name ON t" + n + " (lower(name)) WHERE n > 0;\n";
        } else {
            s += "CREATE TABLE t" + n + " (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES t" + r +
                 " (id) ON DELETE CASCADE, name TEXT DEFAULT 'x', n INT);\n";
            s += "CREATE INDEX ix_t" + n + "_parent ON t" + n + " (parent_id DESC);\n";
        }
        if (i % 10 == 9)
            s += "CREATE VIEW v" + n + " AS SELECT c.id, p.name FROM t" + n + " c JOIN t" + r + " p ON p.id = c.parent_id;\n";
        if (i % 7 == 0)
            s += "CREATE TRIGGER trg_t" + n + " AFTER INSERT ON t" + n +
                 " BEGIN INSERT INTO audit_log (what) VALUES ('t" + n + ":' || new.id); END;\n";
        if (root % 3 == 0) {
            if (i == root) s += "INSERT INTO t" + n + " (id, name, n) VALUES (1, 'root', 0);\n";
            else s += "INSERT INTO t" + n + " (parent_id) VALUES (1);\n";
        }
    }
    return s;
}

TEST(ExpectedLoader, ShardedAndSingleDatabaseLoadsGiveTheSameModel) {
    const std::string schema = big_schema();
    LoadStatistics sharded_statistics, single_statistics;
    const auto sharded = load("big.sql", schema, &sharded_statistics);
    const auto single = load("big.sql", schema + "SELECT 1;\n", &single_statistics);
    EXPECT_FALSE(sharded_statistics.single_database);
    EXPECT_GT(sharded_statistics.shards, 1u);
    EXPECT_TRUE(single_statistics.single_database);
    EXPECT_EQ(single_statistics.shards, 1u);

    EXPECT_EQ(sharded.tables.size(), 301u);
    EXPECT_EQ(single.tables.size(), 301u);
    EXPECT_EQ(column_count(sharded), 3u + 60u * 3u + 240u * 4u);
    EXPECT_EQ(column_count(single), column_count(sharded));
    EXPECT_EQ(sharded.views.size(), 30u);
    EXPECT_EQ(single.views.size(), 30u);
    EXPECT_EQ(sharded.triggers.size(), 43u);
    EXPECT_EQ(single.triggers.size(), 43u);
    EXPECT_EQ(sharded.seeds.size(), single.seeds.size());
    EXPECT_EQ(sharded.seeds.size(), 100u);

    EXPECT_TRUE(diff::diff_catalogs(sharded, single).empty());
    EXPECT_TRUE(diff::diff_catalogs(single, sharded).empty());
    EXPECT_EQ(model::dump_catalog(sharded), model::dump_catalog(single));
    EXPECT_EQ(sharded.find_table("audit_log")->comment, "Everything the triggers record.");
    EXPECT_EQ(sharded.find_table("t5")->comment, "Root table 5.");
}

// The property the whole design rests on: loading DDL as expected gives the same model as
// inspecting a database built from the same DDL (minus what only a script has: seeds, comments).
TEST(ExpectedLoader, LoadingDdlGivesTheSameModelAsInspectingADatabaseBuiltFromIt) {
    const std::string schema = big_schema();
    auto loaded = load("big.sql", schema);
    Connection db = Connection::open_memory();
    db.execute(schema);
    model::Catalog inspected;
    inspect_into(db, inspected);
    inspected.sort();

    EXPECT_TRUE(diff::diff_catalogs(loaded, inspected).empty());
    loaded.seeds.clear();
    for (auto& table : loaded.tables) table.comment.clear();
    EXPECT_EQ(model::dump_catalog(loaded), model::dump_catalog(inspected));
}

// BEGIN and END are fallback keywords, so a time-range table may call its columns begin and end;
// SQLite accepts them inside a trigger body.
TEST(ExpectedLoader, TriggerBodyUsingColumnsNamedBeginAndEnd) {
    const auto catalog = load("events.sql",
                              "CREATE TABLE events (id INTEGER PRIMARY KEY, begin INT, end INT);\n"
                              "CREATE TRIGGER trg_events AFTER INSERT ON events BEGIN\n"
                              "  UPDATE events SET end = new.begin + 1 WHERE id = new.id;\n"
                              "END;\n"
                              "INSERT INTO events (id, begin) VALUES (1, 5);\n");
    ASSERT_EQ(catalog.triggers.size(), 1u);
    EXPECT_EQ(catalog.triggers[0].name, "trg_events");
    EXPECT_EQ(catalog.triggers[0].table, "events");
    EXPECT_EQ(catalog.seeds.size(), 1u);
}

TEST(ExpectedLoader, CatalogIsSortedByCaseFoldedName) {
    const auto catalog = load("order.sql",
                              "CREATE TABLE b (x INT);\nCREATE TABLE A (x INT);\nCREATE TABLE c (x INT);\n"
                              "CREATE VIEW Vb AS SELECT 1;\nCREATE VIEW va AS SELECT 2;\n");
    EXPECT_EQ(table_names(catalog), (std::vector<std::string>{"A", "b", "c"}));
    ASSERT_EQ(catalog.views.size(), 2u);
    EXPECT_EQ(catalog.views[0].name, "va");
    EXPECT_EQ(catalog.views[1].name, "Vb");
}

TEST(ExpectedLoader, LoadingPrintsNothing) {
    ::unsetenv("DBAUDIT_TIMINGS");
    ::testing::internal::CaptureStderr();
    ::testing::internal::CaptureStdout();
    load("quiet.sql", "CREATE TABLE a (x INT);\nINSERT INTO a VALUES (1);\n");
    const std::string out = ::testing::internal::GetCapturedStdout();
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(out, "");
    EXPECT_EQ(err, "");
}

}  // namespace
}  // namespace dbaudit::engine::sqlite
