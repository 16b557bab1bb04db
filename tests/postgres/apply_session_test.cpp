// PostgresApplySession against the real test cluster: the advisory lock, lock_timeout and
// privilege messages, verify-inside-the-transaction, pg_dump backups, and concurrent index builds
// after COMMIT (an invalid index is dropped, retried once, reported).
#include "dbaudit/engine/postgres/postgres_apply_session.hpp"

#include <gtest/gtest.h>

#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/subprocess.hpp"
#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using engine::postgres::ApplySettings;
using engine::postgres::Connection;
using engine::postgres::PostgresApplySession;

engine::Target target_of(const std::string& url) { return engine::Target{"postgresql", url, "testdb"}; }

bool has_table(const model::Catalog& catalog, const std::string& name) {
    for (const auto& table : catalog.tables)
        if (table.schema + "." + table.name == name) return true;
    return false;
}

// An existing role (roles are cluster-wide; test processes may run in parallel).
void ensure_role(PgDatabase& db, const std::string& role) {
    db.exec("DO $$ BEGIN CREATE ROLE " + role + " LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
}

class PgApplySession : public ::testing::Test {
protected:
    void SetUp() override { db.exec("CREATE TABLE public.orders (id int PRIMARY KEY, email text); INSERT INTO public.orders VALUES (1, 'a'), (2, 'a')"); }
    PgDatabase db;
};

TEST_F(PgApplySession, InspectsInsideTheTransactionAndRollsBack) {
    {
        PostgresApplySession session(target_of(db.url()));
        session.begin();
        ASSERT_EQ(session.execute("CREATE TABLE public.invoices (id int)"), std::nullopt);
        const model::Catalog inside = session.inspect();
        EXPECT_TRUE(has_table(inside, "public.invoices"));
        // The inspection's SET LOCAL search_path = pg_catalog must not leak into later statements.
        ASSERT_EQ(session.execute("CREATE TABLE unqualified (id int)"), std::nullopt);
        EXPECT_TRUE(has_table(session.inspect(), "public.unqualified"));
        // destroyed without commit: rolled back
    }
    Connection check = db.connect();
    const model::Catalog after = engine::postgres::inspect(check);
    EXPECT_FALSE(has_table(after, "public.invoices"));
    EXPECT_FALSE(has_table(after, "public.unqualified"));
    EXPECT_TRUE(has_table(after, "public.orders"));
}

TEST_F(PgApplySession, CommitKeepsTheChanges) {
    PostgresApplySession session(target_of(db.url()));
    session.begin();
    ASSERT_EQ(session.execute("ALTER TABLE public.orders ADD COLUMN total numeric"), std::nullopt);
    ASSERT_EQ(session.commit(), std::nullopt);
    Connection check = db.connect();
    EXPECT_EQ(check.exec("SELECT count(*) FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'total'").string(0, 0), "1");
}

TEST_F(PgApplySession, SecondApplyRefusesAtOnce) {
    PostgresApplySession first(target_of(db.url()));
    first.begin();
    PostgresApplySession second(target_of(db.url()));
    try {
        second.begin();
        FAIL() << "the second apply started";
    } catch (const util::ConnectionError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("another dbaudit apply is running on testdb (server process "), std::string::npos) << message;
        EXPECT_NE(message.find("holds the apply lock; nothing was applied"), std::string::npos) << message;
        EXPECT_EQ(e.hint(), "wait for it to finish, then run dbaudit apply again");
    }
    first.rollback();
}

TEST_F(PgApplySession, LockIsReleasedWithTheSession) {
    { PostgresApplySession(target_of(db.url())).begin(); }
    PostgresApplySession again(target_of(db.url()));
    EXPECT_NO_THROW(again.begin());
}

TEST_F(PgApplySession, LockTimeoutNamesTheTableAndTheHolder) {
    Connection writer = db.connect();
    writer.exec("BEGIN; LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
    const std::string writer_pid = writer.exec("SELECT pg_backend_pid()").string(0, 0);
    ApplySettings settings;
    settings.lock_timeout = "300ms";
    PostgresApplySession session(target_of(db.url()), settings);
    session.begin();
    ASSERT_EQ(session.execute("CREATE TABLE public.audit_log (id int)"), std::nullopt);
    const auto error = session.execute("ALTER TABLE public.orders ADD COLUMN note text");
    ASSERT_TRUE(error);
    EXPECT_EQ(*error, "could not get a lock on table public.orders within lock_timeout 300ms (server process " + writer_pid +
                          " holds AccessExclusiveLock on it); nothing was changed");
    writer.exec("ROLLBACK");
    Connection check = db.connect();
    EXPECT_FALSE(has_table(engine::postgres::inspect(check), "public.audit_log"));
}

TEST_F(PgApplySession, PlanSetLockTimeoutIsTheOneNamed) {
    Connection writer = db.connect();
    writer.exec("BEGIN; LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
    PostgresApplySession session(target_of(db.url()));
    session.begin();
    ASSERT_EQ(session.execute("SET lock_timeout = '250ms'"), std::nullopt);
    const auto error = session.execute("DROP TABLE public.orders");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->rfind("could not get a lock on table public.orders within lock_timeout 250ms", 0), 0u) << *error;
}

TEST_F(PgApplySession, StatementTimeoutIsNamed) {
    ApplySettings settings;
    settings.statement_timeout = "200ms";
    PostgresApplySession session(target_of(db.url()), settings);
    session.begin();
    const auto error = session.execute("SELECT pg_sleep(5)");
    ASSERT_TRUE(error);
    EXPECT_EQ(*error, "canceling statement due to statement timeout (statement_timeout 200ms); nothing was changed");
}

TEST_F(PgApplySession, MissingCreateOnSchemaIsNamed) {
    ensure_role(db, "dbaudit_no_create");
    db.exec("GRANT USAGE ON SCHEMA public TO dbaudit_no_create; REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    PostgresApplySession session(target_of(db.url("dbaudit_no_create")));
    session.begin();
    const auto error = session.execute("CREATE TABLE public.invoices (id int)");
    ASSERT_TRUE(error);
    EXPECT_EQ(*error, "role dbaudit_no_create lacks the CREATE privilege on schema public (GRANT CREATE ON SCHEMA public TO "
                      "dbaudit_no_create): permission denied for schema public; nothing was changed");
    const auto owner = session.execute("ALTER TABLE public.orders ADD COLUMN x int");
    ASSERT_TRUE(owner);
    EXPECT_EQ(owner->rfind("only the owner of table orders (or a member of the owning role) may change it, and role "
                           "dbaudit_no_create is not",
                           0),
              0u)
        << *owner;
}

TEST_F(PgApplySession, BackupIsACustomFormatDumpOfTheStateBefore) {
    TempDir dir;
    const std::string path = dir.file("before.dump");
    PostgresApplySession session(target_of(db.url()));
    session.begin();
    session.backup_to(path);
    ASSERT_EQ(session.execute("CREATE TABLE public.invoices (id int)"), std::nullopt);
    ASSERT_EQ(session.commit(), std::nullopt);
    const auto list = util::run_process({"pg_restore", "--list", path});
    ASSERT_TRUE(list);
    EXPECT_EQ(list->exit_code, 0);
    EXPECT_NE(list->out.find("TABLE public orders"), std::string::npos) << list->out;
    EXPECT_NE(list->out.find("TABLE DATA public orders"), std::string::npos) << list->out;
    EXPECT_EQ(list->out.find("invoices"), std::string::npos) << list->out;
}

TEST_F(PgApplySession, BackupWaitsForALockedTableOnlyUntilTheLockTimeout) {
    TempDir dir;
    PostgresApplySession session(target_of(db.url()));
    session.begin();
    Connection writer = db.connect();
    writer.exec("BEGIN; LOCK TABLE public.orders IN ACCESS EXCLUSIVE MODE");
    const std::string path = dir.file("b.dump");
    try {
        session.backup_to(path);
        FAIL() << "pg_dump waited for the lock";
    } catch (const util::ApplyError& e) {
        const std::string message = e.what();
        EXPECT_EQ(message, "backup of testdb failed: pg_dump could not lock table public.orders within 5s (another session holds a "
                           "lock on it); nothing was applied");
    }
    EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(PgApplySession, ConcurrentIndexIsBuiltAfterCommitAndChecked) {
    PostgresApplySession session(target_of(db.url()));
    session.begin();
    ASSERT_EQ(session.commit(), std::nullopt);
    const auto built = session.execute_outside_transaction("CREATE INDEX CONCURRENTLY orders_email_idx ON public.orders (email)");
    EXPECT_EQ(built.error, std::nullopt);
    EXPECT_TRUE(built.notes.empty());
    Connection check = db.connect();
    EXPECT_EQ(check.exec("SELECT indisvalid FROM pg_index WHERE indexrelid = 'public.orders_email_idx'::regclass").string(0, 0), "t");
}

TEST_F(PgApplySession, BeforeTheTransactionEndsTheReadOnlyOneAndBeginsAgain) {
    db.exec("CREATE TYPE public.status AS ENUM ('new')");
    PostgresApplySession session(target_of(db.url()));
    session.begin();
    session.inspect();
    // The new value is usable only once committed, so it runs before the transaction.
    const auto added = session.execute_outside_transaction("ALTER TYPE public.status ADD VALUE 'won'");
    ASSERT_EQ(added.error, std::nullopt);
    ASSERT_EQ(session.execute("CREATE TABLE public.deals (s public.status DEFAULT 'won')"), std::nullopt);
    session.rollback();
    Connection check = db.connect();
    EXPECT_EQ(check.exec("SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum").string(0, 0), "new,won");
    EXPECT_FALSE(has_table(engine::postgres::inspect(check), "public.deals"));  // the transaction was rolled back
}

TEST_F(PgApplySession, InvalidConcurrentIndexIsDroppedRetriedAndReported) {
    PostgresApplySession session(target_of(db.url()));
    session.begin();
    ASSERT_EQ(session.commit(), std::nullopt);
    const auto result =
        session.execute_outside_transaction("CREATE UNIQUE INDEX CONCURRENTLY orders_email_key ON public.orders (email)");
    ASSERT_TRUE(result.error);
    EXPECT_EQ(*result.error, "index \"public\".\"orders_email_key\" is still not valid after a second build: could not create unique "
                             "index \"orders_email_key\" (Key (email)=(a) is duplicated.); the invalid index was dropped again");
    ASSERT_EQ(result.notes.size(), 1u);
    EXPECT_EQ(result.notes[0], "index \"public\".\"orders_email_key\" was invalid after CREATE INDEX CONCURRENTLY (could not create "
                               "unique index \"orders_email_key\" (Key (email)=(a) is duplicated.)): dropped it and built it again");
    Connection check = db.connect();
    EXPECT_EQ(check.exec("SELECT count(*) FROM pg_class WHERE relname = 'orders_email_key'").string(0, 0), "0");
}

}  // namespace
}  // namespace dbaudit::testing
