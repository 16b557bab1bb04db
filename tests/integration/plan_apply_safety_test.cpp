// apply never loses a row and never leaves a half-migrated database: cascades do not fire during a
// rebuild, a killed process leaves the database as it was, the backup is the database before,
// stale plans and failing steps are refused with the exit codes the README promises.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <regex>
#include <sstream>

#include "support/test_support.hpp"

extern char** environ;

namespace dbaudit::testing {
namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

std::vector<std::string> statement_lines(const std::string& script) {
    std::vector<std::string> out;
    std::istringstream in(script);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line.rfind("--", 0) != 0) out.push_back(line);
    return out;
}

// Runs dbaudit with a pseudo-terminal as stdin, typing `input` into it.
CommandResult run_on_terminal(const std::vector<std::string>& args, const std::string& input) {
    CommandResult result;
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
        ADD_FAILURE() << "no pseudo-terminal";
        return result;
    }
    const std::string slave = ::ptsname(master);
    TempDir capture;
    const std::string out_path = capture.file("stdout"), err_path = capture.file("stderr");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, slave.c_str(), O_RDWR, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> argv_strings{DBAUDIT_BINARY};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid;
    if (posix_spawn(&pid, DBAUDIT_BINARY, &actions, nullptr, argv.data(), environ) != 0) {
        ADD_FAILURE() << "cannot start dbaudit";
        return result;
    }
    posix_spawn_file_actions_destroy(&actions);
    if (::write(master, input.data(), input.size()) != static_cast<ssize_t>(input.size())) ADD_FAILURE() << "cannot type";
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(master);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_bytes(out_path);
    result.err = read_bytes(err_path);
    return result;
}

class PlanApplySafety : public ::testing::Test {
protected:
    std::string schema(const std::string& sql) { return dir.write("schema_" + std::to_string(++m_schemas) + ".sql", sql); }

    TempDir dir;
    std::string db = dir.file("live.db");

private:
    int m_schemas = 0;
};

// A parent with ON DELETE CASCADE children is rebuilt (a column changes type). With foreign keys
// switched off inside the transaction -- the bug of other tools -- dropping the old parent would
// delete every child row. dbaudit switches them off outside it.
constexpr const char* k_cascade_live = R"(
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born TEXT);
CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE, title TEXT);
CREATE TABLE reviews (id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES books(id) ON DELETE CASCADE, stars INTEGER);
CREATE INDEX idx_books_author ON books(author_id);
CREATE VIEW author_books AS SELECT a.name, b.title FROM authors a JOIN books b ON b.author_id = a.id;
CREATE TRIGGER authors_touch AFTER UPDATE ON authors BEGIN UPDATE books SET title = title WHERE author_id = NEW.id; END;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT INTO authors (id, name, born) SELECT i, 'author ' || i, '19' || (10 + i) FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO books (id, author_id, title) SELECT i, 1 + i % 50, 'book ' || i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
INSERT INTO reviews (id, book_id, stars) SELECT i, 1 + i % 200, i % 5 FROM n;
)";
constexpr const char* k_cascade_expected = R"(
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER, country TEXT DEFAULT 'unknown' NOT NULL);
CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES authors(id) ON DELETE CASCADE, title TEXT);
CREATE TABLE reviews (id INTEGER PRIMARY KEY, book_id INTEGER REFERENCES books(id) ON DELETE CASCADE, stars INTEGER);
CREATE INDEX idx_books_author ON books(author_id);
CREATE INDEX idx_authors_name ON authors(name);
CREATE VIEW author_books AS SELECT a.name, b.title FROM authors a JOIN books b ON b.author_id = a.id;
CREATE TRIGGER authors_touch AFTER UPDATE ON authors BEGIN UPDATE books SET title = title WHERE author_id = NEW.id; END;
)";

// Both ways of rebuilding run: the documented rename of a new table, and the copy aside into a
// temporary table (chosen for small tables in large schemas). The test hook forces each.
class PlanApplyRebuild : public PlanApplySafety, public ::testing::WithParamInterface<std::string> {
protected:
    std::vector<std::string> method() const { return {"DBAUDIT_TEST_REBUILD_METHOD=" + GetParam()}; }
};

TEST_P(PlanApplyRebuild, RebuildingACascadeParentKeepsEveryChildRow) {
    make_sqlite_db(db, k_cascade_live);
    const std::string expected = schema(k_cascade_expected);
    const auto counts = [&] {
        return query_column(db, "SELECT (SELECT count(*) FROM authors) || ' ' || (SELECT count(*) FROM books) || ' ' || (SELECT count(*) FROM reviews)");
    };
    ASSERT_EQ(counts(), std::vector<std::string>{"50 200 400"});
    const auto plan = run_dbaudit({"plan", "--db", db, "--schema", expected, "--allow-destructive"}, method());
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    EXPECT_NE(plan.out.find("DROP TABLE authors;"), std::string::npos) << "the parent is rebuilt:\n" << plan.out;
    EXPECT_EQ(plan.out.find("ALTER TABLE authors__dbaudit_new RENAME TO authors;") != std::string::npos, GetParam() == "rename") << plan.out;
    EXPECT_LT(plan.out.find("PRAGMA foreign_keys = OFF;"), plan.out.find("BEGIN IMMEDIATE;"));

    // The connection starts with foreign keys enforced, as an application's (or a SQLite built
    // with SQLITE_DEFAULT_FOREIGN_KEYS=1) does: switching them off inside the transaction would be
    // a no-op and DROP TABLE authors would cascade into books and reviews (see the control below).
    std::vector<std::string> env = method();
    env.push_back("DBAUDIT_TEST_FOREIGN_KEYS_ON=1");
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--allow-destructive", "--no-backup"}, env);
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    EXPECT_EQ(counts(), std::vector<std::string>{"50 200 400"});
    EXPECT_EQ(query_column(db, "SELECT count(*) FROM pragma_foreign_key_check"), std::vector<std::string>{"0"});
    EXPECT_EQ(query_column(db, "SELECT typeof(born) || ' ' || country FROM authors WHERE id = 7"), std::vector<std::string>{"integer unknown"});
    EXPECT_EQ(query_column(db, "SELECT count(*) FROM author_books"), std::vector<std::string>{"200"});  // the view still works
    EXPECT_EQ(query_column(db, "SELECT name FROM sqlite_schema WHERE type = 'trigger'"), std::vector<std::string>{"authors_touch"});
    EXPECT_EQ(query_column(db, "SELECT name FROM sqlite_schema WHERE name LIKE '%dbaudit%' UNION ALL SELECT name FROM sqlite_temp_schema"),
              std::vector<std::string>{});
    EXPECT_EQ(run_dbaudit({"audit", "--db", db, "--schema", expected, "--fail-on", "info"}).exit_code, 0);
    EXPECT_TRUE(statement_lines(run_dbaudit({"plan", "--db", db, "--schema", expected}).out).empty());
}

// The control for the test above: the procedure other tools use (foreign keys switched off
// inside the transaction) really loses the child rows, so the test above can fail.
TEST_F(PlanApplySafety, ControlForeignKeysOffInsideATransactionCascades) {
    make_sqlite_db(db, k_cascade_live);
    sqlite3* connection = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &connection), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(connection,
                           "PRAGMA foreign_keys = ON; BEGIN; PRAGMA foreign_keys = OFF;"
                           "CREATE TABLE authors_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL, born INTEGER);"
                           "INSERT INTO authors_new SELECT id, name, born FROM authors; DROP TABLE authors;"
                           "PRAGMA legacy_alter_table = ON; ALTER TABLE authors_new RENAME TO authors; COMMIT;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(connection);
    EXPECT_EQ(query_column(db, "SELECT (SELECT count(*) FROM authors) || ' ' || (SELECT count(*) FROM books) || ' ' || (SELECT count(*) FROM reviews)"),
              std::vector<std::string>{"50 0 0"});
}

// Killing the process at any step leaves the database exactly as it was: SQLite's rollback
// journal undoes the open transaction when the database is next opened. A table larger than the
// page cache makes SQLite write pages of the unfinished transaction to the file before COMMIT,
// so recovery really has work to do.
TEST_P(PlanApplyRebuild, KillingApplyAtAnyStepLeavesTheDatabaseAsItWas) {
    make_sqlite_db(db, std::string(k_cascade_live) +
                           "CREATE TABLE big (id INTEGER PRIMARY KEY, payload BLOB);\n"
                           "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)\n"
                           "INSERT INTO big SELECT i, randomblob(256) FROM n;");
    const std::string expected = schema(std::string(k_cascade_expected) + "CREATE TABLE big (id INTEGER PRIMARY KEY, payload BLOB DEFAULT x'00');");
    const std::string before_dump = dump_database(db);
    const std::string before_bytes = read_bytes(db);
    const std::string plan = dir.file("plan.sql");
    ASSERT_EQ(run_dbaudit({"plan", "--db", db, "--schema", expected, "--allow-destructive", "--output", plan}, method()).exit_code, 0);
    std::smatch match;
    const std::string plan_text = read_bytes(plan);
    ASSERT_TRUE(std::regex_search(plan_text, match, std::regex(R"(-- \[1/(\d+)\])"))) << plan_text;
    const int steps = std::stoi(match[1]);
    ASSERT_GE(steps, 12) << plan_text;
    bool spilled = false;  // pages of the open transaction reached the file at least once
    for (int step = 1; step <= steps; ++step) {
        const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--plan", plan, "--yes", "--no-backup"},
                                        {"DBAUDIT_TEST_KILL_AT_STEP=" + std::to_string(step), method().front()});
        ASSERT_EQ(result.exit_code, 128 + SIGKILL) << "step " << step << ": " << result.err;
        if (step == steps) break;  // the last one is recovered by the next apply itself, below
        spilled = spilled || read_bytes(db) != before_bytes;
        // dump_database opens read-write, which rolls a hot journal back, as any next user would.
        EXPECT_EQ(dump_database(db), before_dump) << "killed before step " << step;
        EXPECT_EQ(read_bytes(db), before_bytes) << "killed before step " << step;
    }
    EXPECT_TRUE(spilled) << "no step wrote to the file before COMMIT; the test proves less than it should";
    // Right after a kill the journal is hot: a read-only audit cannot open the database and says
    // how to recover, while apply recovers it itself and the same plan still applies.
    const auto audit = run_dbaudit({"audit", "--db", db, "--schema", expected});
    if (read_bytes(db) != before_bytes) {
        EXPECT_EQ(audit.exit_code, 3) << audit.err;
        EXPECT_NE(audit.err.find("hot journal"), std::string::npos) << audit.err;
    }
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--plan", plan, "--yes", "--no-backup"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query_column(db, "SELECT count(*) FROM big"), std::vector<std::string>{"12000"});
}

INSTANTIATE_TEST_SUITE_P(Methods, PlanApplyRebuild, ::testing::Values("rename", "copy"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

TEST_F(PlanApplySafety, BackupIsTheDatabaseBeforeApply) {
    make_sqlite_db(db, k_cascade_live);
    const std::string expected = schema(k_cascade_expected);
    const std::string before = dump_database(db);
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--allow-destructive"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    // The default name: <db>.<UTC timestamp>.bak, printed.
    std::string backup;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        if (entry.path().extension() == ".bak") backup = entry.path().string();
    ASSERT_FALSE(backup.empty()) << result.out;
    EXPECT_TRUE(std::regex_match(std::filesystem::path(backup).filename().string(), std::regex(R"(live\.db\.\d{8}T\d{6}Z\.bak)"))) << backup;
    EXPECT_NE(result.out.find("-- dbaudit apply: backup: " + backup + "\n"), std::string::npos) << result.out;
    EXPECT_EQ(dump_database(backup), before);
    EXPECT_NE(dump_database(db), before);
    EXPECT_EQ(query_column(backup, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});

    // --backup PATH is used as given, and never overwritten.
    make_sqlite_db(db, "CREATE TABLE extra_table (x);");
    const std::string chosen = dir.file("chosen.bak");
    auto again = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--allow-destructive", "--backup", chosen});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(dump_database(chosen).find("extra_table"), std::string::npos);
    make_sqlite_db(db, "CREATE TABLE another (x);");
    again = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--allow-destructive", "--backup", chosen});
    EXPECT_EQ(again.exit_code, 2);
    EXPECT_EQ(first_line(again.err), "dbaudit: error: backup file " + chosen + " exists already; dbaudit never overwrites a backup");
    EXPECT_NE(dump_database(db).find("another"), std::string::npos) << "nothing applied";
}

// Names that need quoting everywhere: quotes, spaces, keywords, unicode.
TEST_F(PlanApplySafety, OddIdentifiersSurvivePlanApplyAudit) {
    make_sqlite_db(db, R"(
CREATE TABLE "order" ("select" INTEGER PRIMARY KEY, "from" TEXT, "it's ""quoted""" TEXT, "таблица" TEXT);
CREATE TABLE "my table" ("a b" INTEGER, "old col" TEXT);
INSERT INTO "order" VALUES (1, 'x', 'y', 'z'), (2, 'p', 'q', 'r');
INSERT INTO "my table" VALUES (1, 'keep me'), (2, 'and me');
)");
    const std::string expected = schema(R"(
CREATE TABLE "order" ("select" INTEGER PRIMARY KEY, "from" INTEGER, "it's ""quoted""" TEXT NOT NULL DEFAULT 'd', "таблица" TEXT, "naïve column" TEXT DEFAULT 'ü');
CREATE INDEX "idx of ""order""" ON "order" ("таблица", "from");
-- dbaudit:renamed-from "my table"
CREATE TABLE "ünïcode table" (
    "a b" INTEGER,
    "new col" TEXT -- dbaudit:renamed-from "old col"
);
CREATE VIEW "view ""v""" AS SELECT "select", "from" FROM "order";
CREATE TRIGGER "trg ""t""" AFTER INSERT ON "ünïcode table" BEGIN UPDATE "order" SET "from" = "from" WHERE "select" = NEW."a b"; END;
INSERT INTO "order" ("select", "from", "it's ""quoted""", "таблица") VALUES (3, 3, 'seed', 'ж');
)");
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--allow-destructive", "--no-backup"});
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    const auto audit = run_dbaudit({"audit", "--db", db, "--schema", expected, "--fail-on", "info"});
    EXPECT_EQ(audit.exit_code, 0) << audit.out;
    EXPECT_TRUE(statement_lines(run_dbaudit({"plan", "--db", db, "--schema", expected}).out).empty());
    EXPECT_EQ(query_column(db, "SELECT \"new col\" FROM \"ünïcode table\" ORDER BY \"a b\""), (std::vector<std::string>{"keep me", "and me"}));
    EXPECT_EQ(query_column(db, "SELECT \"select\" || ':' || \"it's \"\"quoted\"\"\" || ':' || \"таблица\" FROM \"order\" ORDER BY 1"),
              (std::vector<std::string>{"1:y:z", "2:q:r", "3:seed:ж"}));
}

TEST_F(PlanApplySafety, StalePlanIsRefusedNamingWhatMoved) {
    make_sqlite_db(db, "CREATE TABLE a (id INTEGER PRIMARY KEY); CREATE TABLE b (id INTEGER PRIMARY KEY); CREATE INDEX b_id ON b(id);");
    const std::string expected = schema("CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT); CREATE TABLE b (id INTEGER PRIMARY KEY); CREATE INDEX b_id ON b(id);");
    const std::string plan = dir.file("plan.sql");
    ASSERT_EQ(run_dbaudit({"plan", "--db", db, "--schema", expected, "--output", plan}).exit_code, 0);
    make_sqlite_db(db, "ALTER TABLE a ADD COLUMN y TEXT; DROP INDEX b_id; CREATE TABLE c (z);");
    const std::string moved = dump_database(db);
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--plan", plan, "--yes"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: the live schema of " + db + " changed since " + plan +
                                          " was made: index b_id disappeared; table a changed; table c appeared; nothing was applied");
    EXPECT_EQ(dump_database(db), moved);
    // The expected schema may not move either.
    make_sqlite_db(db, "ALTER TABLE a DROP COLUMN y; CREATE INDEX b_id ON b(id); DROP TABLE c;");
    dir.write("schema_1.sql", read_bytes(expected) + "CREATE TABLE d (id INTEGER);");
    const auto second = run_dbaudit({"apply", "--db", db, "--schema", expected, "--plan", plan, "--yes"});
    EXPECT_EQ(second.exit_code, 2);
    EXPECT_EQ(first_line(second.err), "dbaudit: error: the expected schema (" + expected + ") changed since " + plan + " was made; nothing was applied");
}

TEST_F(PlanApplySafety, NotNullColumnWithoutDefaultIsRefusedOnlyWhenTheTableHasRows) {
    make_sqlite_db(db, "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT); CREATE TABLE empty (id INTEGER PRIMARY KEY);");
    const std::string expected = schema("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, email TEXT NOT NULL);\n"
                                        "CREATE TABLE empty (id INTEGER PRIMARY KEY, code TEXT NOT NULL);");
    // Empty tables: SQLite adds such a column in place.
    auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\nALTER TABLE empty ADD COLUMN code TEXT NOT NULL;\n"), std::string::npos) << result.out;
    // With a row, the plan refuses and names the column.
    make_sqlite_db(db, "ALTER TABLE people DROP COLUMN email; INSERT INTO people (name) VALUES ('ann');");
    result = run_dbaudit({"plan", "--db", db, "--schema", expected});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: cannot add column people.email: it is NOT NULL without a default and table people has rows");
    EXPECT_NE(result.err.find("dbaudit: hint: give people.email a DEFAULT"), std::string::npos);
    EXPECT_TRUE(result.out.empty());
    // A default in the expected schema makes it possible.
    const std::string with_default = schema("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, email TEXT NOT NULL DEFAULT '');\n"
                                            "CREATE TABLE empty (id INTEGER PRIMARY KEY, code TEXT NOT NULL);");
    result = run_dbaudit({"apply", "--db", db, "--schema", with_default, "--yes", "--no-backup"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("ALTER TABLE people ADD COLUMN email TEXT NOT NULL DEFAULT '';"), std::string::npos) << result.out;
}

// SQLite refuses some ADD COLUMN forms only when the table has rows (a non-constant default such
// as CURRENT_TIMESTAMP): those tables are rebuilt, empty ones altered in place.
TEST_F(PlanApplySafety, NonConstantDefaultIsAddedInPlaceOnlyToEmptyTables) {
    make_sqlite_db(db, "CREATE TABLE full (id INTEGER PRIMARY KEY); CREATE TABLE vacant (id INTEGER PRIMARY KEY); INSERT INTO full VALUES (1);");
    const std::string expected = schema("CREATE TABLE full (id INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP);\n"
                                        "CREATE TABLE vacant (id INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP);");
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup"});
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    EXPECT_NE(result.out.find("\nALTER TABLE vacant ADD COLUMN at TEXT DEFAULT CURRENT_TIMESTAMP;\n"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("rebuild full (1/"), std::string::npos) << result.out;
    EXPECT_EQ(query_column(db, "SELECT count(*) FROM full WHERE at IS NOT NULL"), std::vector<std::string>{"1"});
}

TEST_F(PlanApplySafety, FailingStatementRollsEverythingBack) {
    make_sqlite_db(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1, 'a'), (2, NULL);");
    const std::string expected = schema("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL); CREATE TABLE added (x);");
    const std::string before = dump_database(db);
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup"});
    EXPECT_EQ(result.exit_code, 4) << result.err;
    EXPECT_EQ(first_line(result.err), "dbaudit: error: step 5 of 6 failed: INSERT INTO t (id, v) ...: NOT NULL constraint failed: t.v; rolled back");
    EXPECT_NE(result.err.find("rolled back\n    INSERT INTO t (id, v)\n      SELECT c1, c2 FROM temp.t__dbaudit_new\ndbaudit: hint: nothing was applied; " + db +
                              " is unchanged"),
              std::string::npos) << result.err;
    EXPECT_EQ(dump_database(db), before);
}

TEST_F(PlanApplySafety, EditedPlanThatLeavesDriftFailsVerificationAndRollsBack) {
    make_sqlite_db(db, "CREATE TABLE t (id INTEGER PRIMARY KEY);");
    const std::string expected = schema("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);");
    const std::string plan = dir.file("plan.sql");
    ASSERT_EQ(run_dbaudit({"plan", "--db", db, "--schema", expected, "--output", plan}).exit_code, 0);
    std::string text = read_bytes(plan);
    const auto at = text.find("ALTER TABLE t ADD COLUMN b TEXT;");
    ASSERT_NE(at, std::string::npos) << text;
    text.insert(at, "-- ");  // a reviewer removed a step
    dir.write("plan.sql", text);
    const std::string before = dump_database(db);
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--plan", plan, "--yes", "--no-backup"});
    EXPECT_EQ(result.exit_code, 4);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: verification failed, rolled back: after the plan the database would still differ from "
                                      "the expected schema: high: column t.b is missing");
    EXPECT_EQ(dump_database(db), before);
}

TEST_F(PlanApplySafety, ForeignKeyViolationsFoundBeforeCommitRollBack) {
    // A seed row whose parent does not exist: SQLite does not enforce foreign keys unless asked,
    // so the schema loads; apply runs with them off and must catch the orphan before COMMIT.
    make_sqlite_db(db, "CREATE TABLE parent (id INTEGER PRIMARY KEY);");
    const std::string expected = schema("CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                                        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));\n"
                                        "INSERT INTO parent VALUES (1);\n"
                                        "INSERT INTO child VALUES (1, 1), (2, 99);\n");
    const std::string before = dump_database(db);
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup"});
    EXPECT_EQ(result.exit_code, 4) << result.err << result.out;
    EXPECT_EQ(first_line(result.err), "dbaudit: error: foreign key check failed: child has 1 rows whose parent row is missing (0 before); rolled back");
    EXPECT_EQ(dump_database(db), before);
}

TEST_F(PlanApplySafety, ForeignKeyCheckCatchesRowsWhoseParentWouldBeMissing) {
    // The child table exists with rows; the plan rebuilds the parent so that one key disappears.
    make_sqlite_db(db, "CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT);\n"
                       "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_code TEXT REFERENCES parent(code));\n"
                       "CREATE UNIQUE INDEX parent_code ON parent(code);\n"
                       "INSERT INTO parent VALUES (1, 'a'), (2, 'b'); INSERT INTO child VALUES (1, 'a'), (2, 'b');");
    // code becomes an INTEGER: 'a' and 'b' stay text, so the keys still match -- but the unique
    // index the foreign key needs is dropped, which makes every child row unverifiable.
    const std::string expected = schema("CREATE TABLE parent (id INTEGER PRIMARY KEY, code TEXT);\n"
                                        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_code TEXT REFERENCES parent(code));\n");
    const std::string before = dump_database(db);
    auto result = run_dbaudit({"plan", "--db", db, "--schema", expected});
    EXPECT_NE(result.out.find("-- [held back: destructive] index parent_code is not in the expected schema"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("hazard: it is the unique key a foreign key of child refers to"), std::string::npos) << result.out;
    result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup", "--allow-destructive"});
    EXPECT_EQ(result.exit_code, 4) << result.out;
    EXPECT_EQ(first_line(result.err), "dbaudit: error: foreign key check failed: the foreign keys of child cannot be checked (a foreign key "
                                      "names no primary or unique key); rolled back");
    EXPECT_EQ(dump_database(db), before);
}

TEST_F(PlanApplySafety, LockedDatabaseFailsCleanlyAfterTheBusyTimeout) {
    make_sqlite_db(db, "CREATE TABLE t (id INTEGER PRIMARY KEY);");
    const std::string expected = schema("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);");
    sqlite3* writer = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &writer), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE; INSERT INTO t VALUES (1);", nullptr, nullptr, nullptr), SQLITE_OK);
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup"});
    sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(writer);
    EXPECT_EQ(result.exit_code, 3) << result.err;
    EXPECT_EQ(first_line(result.err), "dbaudit: error: " + db + " is locked by another process and stayed locked for 5s (database is locked)");
    EXPECT_EQ(query_column(db, "SELECT count(*) FROM pragma_table_info('t')"), std::vector<std::string>{"1"});
}

TEST_F(PlanApplySafety, ConfirmationIsAskedOnATerminalAndRequiredWithoutOne) {
    make_sqlite_db(db, "CREATE TABLE t (id INTEGER PRIMARY KEY);");
    const std::string expected = schema("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);");
    auto result = run_dbaudit({"apply", "--db", db, "--schema", expected});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(first_line(result.err), "dbaudit: error: apply needs a confirmation and stdin is not a terminal; nothing was applied");

    result = run_on_terminal({"apply", "--db", db, "--schema", expected, "--no-backup"}, "\n");
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.err.find("Apply 1 statements to " + db + "? [y/N] "), std::string::npos) << result.err;
    EXPECT_NE(result.out.find("-- dbaudit apply: not applied"), std::string::npos);
    EXPECT_EQ(query_column(db, "SELECT count(*) FROM pragma_table_info('t')"), std::vector<std::string>{"1"});

    result = run_on_terminal({"apply", "--db", db, "--schema", expected, "--no-backup"}, "y\n");
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query_column(db, "SELECT count(*) FROM pragma_table_info('t')"), std::vector<std::string>{"2"});
}

TEST_F(PlanApplySafety, DryRunRunsAndVerifiesThenRollsBack) {
    make_sqlite_db(db, k_cascade_live);
    const std::string expected = schema(k_cascade_expected);
    const std::string before = dump_database(db);
    const auto result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--dry-run", "--allow-destructive"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_TRUE(std::regex_search(result.out, std::regex(R"(dry run: all \d+ statements ran, the foreign keys and the result checked out; rolled back, nothing changed)")))
        << result.out;
    EXPECT_EQ(dump_database(db), before);
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) EXPECT_NE(entry.path().extension(), ".bak");
}

TEST_F(PlanApplySafety, SuspectedRenameIsHeldBackUntilAnnotated) {
    make_sqlite_db(db, "CREATE TABLE users (id INTEGER PRIMARY KEY, mail TEXT); INSERT INTO users VALUES (1, 'a@x'), (2, 'b@x');");
    const std::string plain = schema("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);");
    auto result = run_dbaudit({"plan", "--db", db, "--schema", plain});
    ASSERT_EQ(result.exit_code, 0);
    EXPECT_NE(result.out.find("-- note: suspected rename: column users.mail vanished while users.email (TEXT) appeared; both held back until "
                              "-- dbaudit:renamed-from mail on the column or --allow-destructive decides"),
              std::string::npos) << result.out;
    EXPECT_NE(result.out.find("-- [held back: suspected rename] column users.email is missing\n-- ALTER TABLE users ADD COLUMN email TEXT;"),
              std::string::npos) << result.out;
    EXPECT_NE(result.out.find("-- [held back: suspected rename] column users.mail is not in the expected schema\n"), std::string::npos);
    EXPECT_TRUE(statement_lines(result.out).empty()) << result.out;

    const std::string annotated = schema("CREATE TABLE users (\n  id INTEGER PRIMARY KEY,\n  -- dbaudit:renamed-from mail\n  email TEXT\n);");
    result = run_dbaudit({"apply", "--db", db, "--schema", annotated, "--yes", "--no-backup"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("ALTER TABLE users RENAME COLUMN mail TO email;"), std::string::npos) << result.out;
    EXPECT_EQ(query_column(db, "SELECT email FROM users ORDER BY id"), (std::vector<std::string>{"a@x", "b@x"}));
    EXPECT_EQ(run_dbaudit({"audit", "--db", db, "--schema", annotated, "--fail-on", "info"}).exit_code, 0);
    // Once renamed, the annotation is history: nothing more to do.
    EXPECT_TRUE(statement_lines(run_dbaudit({"plan", "--db", db, "--schema", annotated}).out).empty());
}

// A rebuild needed for a safe change does not sneak in a held-back drop: the rebuilt table keeps
// the column, and the drop waits for --allow-destructive.
TEST_F(PlanApplySafety, RebuildKeepsHeldBackColumnsAndAppliesTheRest) {
    make_sqlite_db(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, old TEXT, n TEXT DEFAULT 'a', m TEXT);\n"
                       "INSERT INTO t VALUES (1, 'keep', 'x', '12'), (2, 'me', 'y', '007');");
    const std::string expected = schema("CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT DEFAULT 'b', m INTEGER, c INT);");
    auto result = run_dbaudit({"plan", "--db", db, "--schema", expected});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("-- [held back: destructive] column t.old is not in the expected schema (kept by the rebuild of t)\n"
                              "--   hazard: drops column t.old and every value in it\n-- ALTER TABLE t DROP COLUMN old;"),
              std::string::npos) << result.out;
    EXPECT_NE(result.out.find("-- [held back: destructive] column t.m differs in type (kept as it is by the rebuild of t)\n"
                              "--   hazard: column t.m: TEXT affinity -> INTEGER affinity"),
              std::string::npos) << result.out;
    EXPECT_NE(result.out.find("CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT DEFAULT 'b', m TEXT, c INT, old TEXT);"), std::string::npos)
        << result.out;
    result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup"});
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    EXPECT_NE(result.out.find("2 differences left as planned (held back):"), std::string::npos) << result.out;
    EXPECT_EQ(query_column(db, "SELECT id || ':' || old || ':' || m || ':' || typeof(m) FROM t ORDER BY id"),
              (std::vector<std::string>{"1:keep:12:text", "2:me:007:text"}));
    EXPECT_EQ(query_column(db, "SELECT dflt_value FROM pragma_table_info('t') WHERE name = 'n'"), std::vector<std::string>{"'b'"});
    // The rest waits for --allow-destructive, which then finishes the job.
    result = run_dbaudit({"plan", "--db", db, "--schema", expected});
    EXPECT_TRUE(statement_lines(result.out).empty()) << result.out;
    result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup", "--allow-destructive"});
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    EXPECT_EQ(query_column(db, "SELECT id || ':' || m || ':' || typeof(m) FROM t ORDER BY id"), (std::vector<std::string>{"1:12:integer", "2:7:integer"}));
    EXPECT_EQ(run_dbaudit({"audit", "--db", db, "--schema", expected, "--fail-on", "info"}).exit_code, 0);
}

TEST_F(PlanApplySafety, SeedRowsAreAddedOnlyWhenMissingAndNeverOverwrite) {
    make_sqlite_db(db, "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
                       "CREATE TABLE tags (name TEXT);\n"
                       "INSERT INTO settings VALUES ('theme', 'dark');\n"
                       "INSERT INTO tags VALUES ('red');");
    const std::string expected = schema("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"
                                        "CREATE TABLE tags (name TEXT);\n"
                                        "INSERT INTO settings (key, value) VALUES ('theme', 'light'), ('lang', 'en');\n"
                                        "INSERT INTO tags VALUES ('red'), ('blue');");
    auto result = run_dbaudit({"plan", "--db", db, "--schema", expected});
    EXPECT_NE(result.out.find("INSERT OR IGNORE INTO settings (\"key\", value) VALUES\n  ('lang', 'en');"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("1 of 2 rows missing in settings"), std::string::npos);
    EXPECT_NE(result.out.find("INSERT INTO tags (name)\n  SELECT 'blue' WHERE NOT EXISTS (SELECT 1 FROM tags WHERE name IS 'blue');"), std::string::npos)
        << result.out;
    result = run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(query_column(db, "SELECT key || '=' || value FROM settings ORDER BY key"), (std::vector<std::string>{"lang=en", "theme=dark"}));
    EXPECT_EQ(query_column(db, "SELECT name FROM tags ORDER BY name"), (std::vector<std::string>{"blue", "red"}));
    EXPECT_TRUE(statement_lines(run_dbaudit({"plan", "--db", db, "--schema", expected}).out).empty());
}

TEST_F(PlanApplySafety, AutoincrementCounterSurvivesARebuild) {
    make_sqlite_db(db, "CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT);\n"
                       "INSERT INTO jobs (name) VALUES ('a'), ('b'), ('c'); DELETE FROM jobs WHERE id = 3;");
    const std::string expected = schema("CREATE TABLE jobs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL DEFAULT '');");
    ASSERT_EQ(run_dbaudit({"apply", "--db", db, "--schema", expected, "--yes", "--no-backup"}).exit_code, 0);
    EXPECT_EQ(query_column(db, "SELECT name || '=' || seq FROM sqlite_sequence"), std::vector<std::string>{"jobs=3"});
    make_sqlite_db(db, "INSERT INTO jobs (name) VALUES ('d');");
    EXPECT_EQ(query_column(db, "SELECT id FROM jobs WHERE name = 'd'"), std::vector<std::string>{"4"}) << "ids are never reused";
}

TEST_F(PlanApplySafety, HelpDocumentsEveryFlag) {
    auto result = run_dbaudit({"plan", "--help"});
    EXPECT_EQ(result.exit_code, 0);
    for (const char* flag : {"--db", "--schema", "--output", "--allow-destructive", "Exit codes"})
        EXPECT_NE(result.out.find(flag), std::string::npos) << flag;
    result = run_dbaudit({"apply", "--help"});
    EXPECT_EQ(result.exit_code, 0);
    for (const char* flag : {"--db", "--schema", "--plan", "--allow-destructive", "--yes", "--dry-run", "--backup", "--no-backup", "--fail-on", "Exit codes"})
        EXPECT_NE(result.out.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace dbaudit::testing
