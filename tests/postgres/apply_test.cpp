// `dbaudit apply` on PostgreSQL end to end, with the real binary against the test cluster:
// SalesFlow (plan, apply with a pg_dump backup, audit clean, plan empty, rows intact, the backup
// restores to the schema before), a table locked by another session, a killed apply, two applies
// at once, a password that never reaches argv or output, a missing privilege, and concurrent
// index builds after COMMIT (one of them failing on duplicate data).
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/engine/postgres/postgres_apply_session.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/subprocess.hpp"
#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using engine::postgres::Connection;

model::Catalog inspected(const PgDatabase& db) {
    Connection connection = db.connect();
    return engine::postgres::inspect(connection);
}

// Every difference between two inspected schemas, one per line ("" when they are the same).
std::string differences(const model::Catalog& a, const model::Catalog& b) {
    std::string out;
    for (const diff::Finding& finding : diff::findings_for(diff::diff_catalogs(a, b))) out += finding.message + "\n";
    return out;
}

// Waits until a dbaudit session of `db` waits for a lock (pg_stat_activity), at most 60 s.
bool wait_until_dbaudit_waits_for_a_lock(const PgDatabase& db) {
    Connection watcher = db.connect();
    for (int i = 0; i < 3000; ++i) {
        const auto waiting = watcher.exec(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'dbaudit' "
            "AND wait_event_type = 'Lock'");
        if (waiting.string(0, 0) != "0") return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// Waits until no session holds dbaudit's apply lock (the advisory lock goes with the session that
// took it), at most 20 s.
bool wait_until_the_apply_lock_is_free(const PgDatabase& db) {
    Connection watcher = db.connect();
    const auto key = static_cast<unsigned long long>(engine::postgres::k_apply_lock_key);
    const std::string held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = " + std::to_string(key >> 32) +
                             " AND objid = " + std::to_string(key & 0xffffffffULL) + " AND objsubid = 1";
    for (int i = 0; i < 1000; ++i) {
        if (watcher.exec(held).string(0, 0) == "0") return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// A small shop: orders with rows; the expected schema adds an invoices table that references
// orders and an index on orders, so the migration needs a lock on orders.
class PgApply : public ::testing::Test {
protected:
    void SetUp() override {
        db.exec("CREATE TABLE public.orders (id int PRIMARY KEY, email text, total numeric);"
                "INSERT INTO public.orders VALUES (1, 'a@x', 10), (2, 'b@x', 20), (3, 'a@x', 30)");
        schema = dir.write("schema.sql",
                           "CREATE TABLE public.orders (id int PRIMARY KEY, email text, total numeric);\n"
                           "CREATE INDEX orders_total_idx ON public.orders (total);\n"
                           "CREATE TABLE public.invoices (id int PRIMARY KEY, order_id int NOT NULL REFERENCES public.orders (id));\n");
    }
    std::vector<std::string> apply_args(const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> args{"apply", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--yes"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }
    PgDatabase db;
    TempDir dir;
    std::string schema;
};

TEST_F(PgApply, AppliesVerifiesAndConverges) {
    const auto applied = run_dbaudit(apply_args({"--no-backup"}));
    ASSERT_EQ(applied.exit_code, 0) << applied.err << applied.out;
    EXPECT_NE(applied.out.find("in one transaction, verified before COMMIT"), std::string::npos) << applied.out;
    const auto audit = run_dbaudit({"audit", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
    const auto again = run_dbaudit({"plan", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("-- nothing to run:"), std::string::npos) << again.out;
    EXPECT_EQ(db.connect().exec("SELECT string_agg(id || ':' || email || ':' || total, ',' ORDER BY id) FROM public.orders").string(0, 0),
              "1:a@x:10,2:b@x:20,3:a@x:30");
}

// A reviewed plan file that leaves a difference behind (a step deleted by hand) is caught by the
// check before COMMIT: everything is rolled back.
TEST_F(PgApply, RemainingDriftBeforeCommitRollsBack) {
    const model::Catalog before = inspected(db);
    const std::string plan_file = dir.file("plan.sql");
    const auto plan = run_dbaudit({"plan", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--output", plan_file});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    std::string text = read_bytes(plan_file);
    const std::size_t at = text.find("CREATE INDEX orders_total_idx");
    ASSERT_NE(at, std::string::npos) << text;
    text.erase(at, text.find(";\n", at) + 2 - at);
    const std::string edited = dir.write("edited.sql", text);
    const auto result = run_dbaudit({"apply", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--plan", edited, "--yes",
                                     "--no-backup"});
    EXPECT_EQ(result.exit_code, 4) << result.err;
    EXPECT_NE(result.err.find("verification failed, rolled back: after the plan the database would still differ from the expected "
                              "schema: "),
              std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("orders_total_idx"), std::string::npos) << result.err;
    EXPECT_EQ(differences(before, inspected(db)), "");
}

// Killed between two statements of the transaction (the test hook raises SIGKILL before step 2):
// the first statement's table is gone with the transaction.
TEST_F(PgApply, KilledBetweenStepsLeavesTheDatabaseAsItWas) {
    const model::Catalog before = inspected(db);
    const auto killed = run_dbaudit(apply_args({"--no-backup"}), {"DBAUDIT_TEST_KILL_AT_STEP=2"});
    EXPECT_EQ(killed.exit_code, 128 + SIGKILL) << killed.err;
    EXPECT_TRUE(wait_until_the_apply_lock_is_free(db));
    EXPECT_EQ(differences(before, inspected(db)), "");
    const auto again = run_dbaudit(apply_args({"--no-backup"}));
    EXPECT_EQ(again.exit_code, 0) << again.err;
}

TEST_F(PgApply, DryRunVerifiesAndRollsBack) {
    const model::Catalog before = inspected(db);
    const auto result = run_dbaudit({"apply", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--dry-run"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("-- dbaudit apply: dry run: all 3 statements ran"), std::string::npos) << result.out;
    EXPECT_EQ(differences(before, inspected(db)), "");
}

// A reviewed file made with --concurrently: apply runs its CREATE INDEX CONCURRENTLY after
// COMMIT without being told again, and the check before COMMIT does not miss that index.
TEST_F(PgApply, ReviewedConcurrentPlanBuildsItsIndexAfterCommit) {
    const std::string plan_file = dir.file("plan.sql");
    const auto plan = run_dbaudit(
        {"plan", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--concurrently", "--output", plan_file});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    ASSERT_NE(read_bytes(plan_file).find("CREATE INDEX CONCURRENTLY orders_total_idx"), std::string::npos) << read_bytes(plan_file);
    const auto applied = run_dbaudit({"apply", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--plan", plan_file,
                                      "--yes", "--no-backup"});
    ASSERT_EQ(applied.exit_code, 0) << applied.err;
    EXPECT_NE(applied.out.find("-- dbaudit apply: step 3 of 3 runs outside the transaction: CREATE INDEX CONCURRENTLY orders_total_idx"),
              std::string::npos)
        << applied.out;
    EXPECT_NE(applied.out.find("(1 of them after COMMIT, outside the transaction)"), std::string::npos) << applied.out;
    Connection check = db.connect();
    EXPECT_EQ(check.exec("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.orders_total_idx'::regclass").string(0, 0), "t");
    const auto audit = run_dbaudit({"audit", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(audit.exit_code, 0) << audit.out;
}

TEST_F(PgApply, WithoutATerminalItNeedsYes) {
    const auto result = run_dbaudit({"apply", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--no-backup"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_NE(result.err.find("apply needs a confirmation and stdin is not a terminal; nothing was applied"), std::string::npos)
        << result.err;
    Connection check = db.connect();
    EXPECT_EQ(check.exec("SELECT to_regclass('public.invoices') IS NULL").string(0, 0), "t");
}

TEST_F(PgApply, LockedTableFailsAfterTheLockTimeoutAndChangesNothing) {
    const model::Catalog before = inspected(db);
    Connection writer = db.connect();
    writer.exec("BEGIN; LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
    const std::string writer_pid = writer.exec("SELECT pg_backend_pid()").string(0, 0);
    const auto started = std::chrono::steady_clock::now();
    const auto result = run_dbaudit(apply_args({"--no-backup"}));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    writer.exec("ROLLBACK");
    EXPECT_EQ(result.exit_code, 4) << result.err;
    EXPECT_NE(result.err.find("could not get a lock on table public.orders within lock_timeout 5s (server process " + writer_pid +
                              " holds AccessExclusiveLock on it); nothing was changed"),
              std::string::npos)
        << result.err;
    EXPECT_GE(seconds, 5.0);
    EXPECT_EQ(differences(before, inspected(db)), "");
}

TEST_F(PgApply, KilledWhileAStepWaitsLeavesTheDatabaseAsItWasAndReleasesTheLock) {
    const model::Catalog before = inspected(db);
    Connection writer = db.connect();
    writer.exec("BEGIN; LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
    {
        BackgroundDbaudit apply(apply_args({"--no-backup", "--lock-timeout", "60s"}));
        ASSERT_TRUE(wait_until_dbaudit_waits_for_a_lock(db)) << "apply never waited for the lock on orders";
        apply.kill_now();
        EXPECT_EQ(apply.wait().exit_code, 128 + SIGKILL);
    }
    // The server notices the closed connection (client_connection_check_interval) while the
    // step still waits for the lock, and rolls back: the advisory lock goes with the session,
    // before the writer lets go of the table.
    EXPECT_TRUE(wait_until_the_apply_lock_is_free(db));
    writer.exec("ROLLBACK");
    EXPECT_EQ(differences(before, inspected(db)), "");
    const auto again = run_dbaudit(apply_args({"--no-backup"}));
    EXPECT_EQ(again.exit_code, 0) << again.err;
}

TEST_F(PgApply, SecondApplyRefusesWhileTheFirstRuns) {
    Connection writer = db.connect();
    writer.exec("BEGIN; LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
    BackgroundDbaudit first(apply_args({"--no-backup", "--lock-timeout", "60s"}));
    ASSERT_TRUE(wait_until_dbaudit_waits_for_a_lock(db));
    const auto second = run_dbaudit(apply_args({"--no-backup"}));
    writer.exec("ROLLBACK");
    EXPECT_EQ(second.exit_code, 3) << second.err;
    EXPECT_NE(first_line(second.err).find("another dbaudit apply is running on "), std::string::npos) << second.err;
    EXPECT_NE(first_line(second.err).find(" and holds the apply lock; nothing was applied"), std::string::npos) << second.err;
    const auto done = first.wait();
    EXPECT_EQ(done.exit_code, 0) << done.err;
}

TEST_F(PgApply, MissingCreatePrivilegeNamesPrivilegeAndSchema) {
    db.exec("DO $$ BEGIN CREATE ROLE dbaudit_no_create LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
            "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO dbaudit_no_create;"
            "GRANT SELECT ON public.orders TO dbaudit_no_create");
    const model::Catalog before = inspected(db);
    const auto result = run_dbaudit({"apply", "--db", db.url("dbaudit_no_create"), "--schema", schema, "--dev-url", pg_dev_url(),
                                     "--yes", "--no-backup"});
    EXPECT_EQ(result.exit_code, 4) << result.err;
    EXPECT_NE(result.err.find("role dbaudit_no_create lacks the CREATE privilege on schema public (GRANT CREATE ON SCHEMA public TO "
                              "dbaudit_no_create): permission denied for schema public; nothing was changed"),
              std::string::npos)
        << result.err;
    EXPECT_EQ(differences(before, inspected(db)), "");
}

// The password reaches pg_dump through PGPASSWORD only (scram-sha-256 for this role, so the backup
// proves it arrived) and appears in no output.
TEST_F(PgApply, PasswordNeverInOutputAndBackupStillAuthenticates) {
    db.exec("ALTER DATABASE " + db.name() + " OWNER TO dbaudit_pw_user; ALTER SCHEMA public OWNER TO dbaudit_pw_user;"
            "ALTER TABLE public.orders OWNER TO dbaudit_pw_user");
    const std::string password = "correct-horse-battery";
    const std::string url = "postgresql://dbaudit_pw_user:" + password + "@/" + db.name() + "?host=" + pg_host();
    // A backup that cannot be written stops the apply before anything changes, without the password.
    const auto unwritable = run_dbaudit({"apply", "--db", url, "--schema", schema, "--dev-url", pg_dev_url(), "--yes", "--backup",
                                         dir.file("no/such/dir/b.dump")});
    EXPECT_EQ(unwritable.exit_code, 2) << unwritable.err;
    EXPECT_NE(unwritable.err.find("is not a writable directory"), std::string::npos) << unwritable.err;
    EXPECT_EQ(unwritable.err.find(password), std::string::npos);
    EXPECT_EQ(unwritable.out.find(password), std::string::npos);

    const std::string backup = dir.file("before.dump");
    const auto result =
        run_dbaudit({"apply", "--db", url, "--schema", schema, "--dev-url", pg_dev_url(), "--yes", "--backup", backup});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out.find(password), std::string::npos);
    EXPECT_EQ(result.err.find(password), std::string::npos);
    EXPECT_NE(result.out.find("backup: " + backup), std::string::npos) << result.out;
    const auto list = util::run_process({"pg_restore", "--list", backup});
    ASSERT_TRUE(list);
    EXPECT_EQ(list->exit_code, 0);
    EXPECT_NE(list->out.find("TABLE DATA public orders"), std::string::npos) << list->out;
    EXPECT_EQ(list->out.find("invoices"), std::string::npos) << list->out;  // taken before the change
}

TEST_F(PgApply, ConcurrentIndexesAfterCommitOneInvalidIsDroppedRetriedAndReported) {
    const std::string concurrent = dir.write("concurrent.sql",
                                             "CREATE TABLE public.orders (id int PRIMARY KEY, email text, total numeric);\n"
                                             "CREATE INDEX orders_total_idx ON public.orders (total);\n"
                                             "CREATE UNIQUE INDEX orders_email_key ON public.orders (email);\n"
                                             "CREATE TABLE public.invoices (id int PRIMARY KEY);\n");
    const auto result = run_dbaudit({"apply", "--db", db.url(), "--schema", concurrent, "--dev-url", pg_dev_url(), "--yes",
                                     "--no-backup", "--concurrently"});
    EXPECT_EQ(result.exit_code, 4) << result.err;
    EXPECT_NE(result.out.find("runs outside the transaction: CREATE INDEX CONCURRENTLY"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("index \"public\".\"orders_email_key\" was invalid after CREATE INDEX CONCURRENTLY (could not create "
                              "unique index \"orders_email_key\" (Key (email)=(a@x) is duplicated.)): dropped it and built it again"),
              std::string::npos)
        << result.out;
    EXPECT_NE(result.err.find("was committed, but 1 of the 2 statements that run outside a transaction failed: "), std::string::npos)
        << result.err;
    EXPECT_NE(result.err.find("index \"public\".\"orders_email_key\" is still not valid after a second build: could not create unique "
                              "index \"orders_email_key\" (Key (email)=(a@x) is duplicated.); the invalid index was dropped again"),
              std::string::npos)
        << result.err;
    Connection check = db.connect();
    // The transaction's part and the other concurrent index are there; the failed index is not.
    EXPECT_EQ(check.exec("SELECT to_regclass('public.invoices') IS NOT NULL").string(0, 0), "t");
    EXPECT_EQ(check.exec("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.orders_total_idx'::regclass").string(0, 0), "t");
    EXPECT_EQ(check.exec("SELECT count(*) FROM pg_class WHERE relname = 'orders_email_key'").string(0, 0), "0");
}

}  // namespace
}  // namespace dbaudit::testing

namespace dbaudit::testing {
namespace {

// A digest of every row of every table in `tables`, reading only the columns they had before.
std::string rows_digest(const PgDatabase& db, const std::vector<std::pair<std::string, std::string>>& tables) {
    Connection connection = db.connect();
    std::string out;
    for (const auto& [table, columns] : tables)
        out += table + " " +
               connection.exec("SELECT count(*) || ' ' || coalesce(md5(string_agg(row(" + columns + ")::text, ',' ORDER BY row(" + columns +
                               ")::text)), '') FROM " + table)
                   .string(0, 0) +
               "\n";
    return out;
}

class SalesFlowApply : public ::testing::Test {
protected:
    void SetUp() override {
        db.exec(read_bytes(source_path("tests/postgres/salesflow/live.sql")));
        db.exec("INSERT INTO users (email, full_name) VALUES ('ana@x', 'Ana'), ('bo@x', 'Bo');"
                "INSERT INTO squads (name, leader_id) SELECT 'North', id FROM users WHERE email = 'ana@x';"
                "INSERT INTO leads (owner_id, name, email, status, score) SELECT id, 'Lead ' || email, 'lead-' || email, 'new', 7 FROM users;"
                "INSERT INTO old_contacts (name, phone) VALUES ('Old', '555')");
    }
    PgDatabase db;
    TempDir dir;
    std::string schema = source_path("tests/postgres/salesflow/schema");
};

TEST_F(SalesFlowApply, PlanApplyWithBackupAuditCleanPlanEmptyRowsIntactBackupRestores) {
    // The columns every existing table has now, to compare rows before and after.
    std::vector<std::pair<std::string, std::string>> tables;
    {
        Connection connection = db.connect();
        const auto r = connection.exec(
            "SELECT c.relname, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) FROM pg_class c JOIN pg_attribute a ON "
            "a.attrelid = c.oid WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT "
            "a.attisdropped GROUP BY c.relname ORDER BY 1");
        for (int i = 0; i < r.rows(); ++i) tables.emplace_back("public." + r.string(i, 0), r.string(i, 1));
    }
    ASSERT_EQ(tables.size(), 16u);
    const std::string rows_before = rows_digest(db, tables);
    const model::Catalog before = inspected(db);

    const std::string plan_file = dir.file("plan.sql");
    const auto plan = run_dbaudit({"plan", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--output", plan_file});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;

    const std::string backup = dir.file("salesflow-before.dump");
    const auto applied = run_dbaudit({"apply", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--plan", plan_file,
                                      "--yes", "--backup", backup});
    ASSERT_EQ(applied.exit_code, 0) << applied.err << applied.out.substr(applied.out.size() > 3000 ? applied.out.size() - 3000 : 0);
    EXPECT_NE(applied.out.find("-- dbaudit apply: backup: " + backup), std::string::npos);
    EXPECT_NE(applied.out.find("verified before COMMIT"), std::string::npos);

    const auto audit = run_dbaudit({"audit", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(audit.exit_code, 0) << audit.out;
    const auto again = run_dbaudit({"plan", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("-- nothing to run:"), std::string::npos) << again.out;
    EXPECT_EQ(rows_digest(db, tables), rows_before);

    // The backup is pg_dump's custom format and holds the database as it was before the apply.
    const auto list = util::run_process({"pg_restore", "--list", backup});
    ASSERT_TRUE(list);
    ASSERT_EQ(list->exit_code, 0);
    EXPECT_NE(list->out.find("TABLE DATA public leads"), std::string::npos);
    PgDatabase restored;
    const auto restore = util::run_process({"pg_restore", "--exit-on-error", "--no-owner", "--dbname=" + restored.url(), backup},
                                           util::ProcessOptions{{}, true});
    ASSERT_TRUE(restore);
    ASSERT_EQ(restore->exit_code, 0) << restore->err;
    EXPECT_EQ(differences(before, inspected(restored)), "");
    EXPECT_EQ(rows_digest(restored, tables), rows_before);
}

}  // namespace
}  // namespace dbaudit::testing
