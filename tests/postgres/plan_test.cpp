// `dbaudit plan` against the real PostgreSQL test cluster: what each kind of change becomes, in
// which order, with which hazards; the script run with psql as a person would run it; then audit
// must pass and a new plan must be empty.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Json = nlohmann::json;

// Runs a plan file with psql exactly as the docs say: psql -v ON_ERROR_STOP=1 -f plan.sql.
CommandResult run_psql(const PgDatabase& db, const std::string& file) {
    const std::string command = "psql -X -q -v ON_ERROR_STOP=1 -h '" + pg_host() + "' -p 5432 -U postgres -d '" + db.name() + "' -f '" +
                                file + "' 2>&1";
    CommandResult result;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return result;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) result.out.append(buffer, n);
    const int status = pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::size_t position(const std::string& text, const std::string& needle) {
    const std::size_t at = text.find(needle);
    EXPECT_NE(at, std::string::npos) << "not in the plan: " << needle;
    return at;
}

class PgPlan : public ::testing::Test {
protected:
    std::string fixture(const std::string& name) { return source_path("tests/postgres/plan/" + name); }

    // plan -> psql -> audit exits 0 -> plan is empty.
    std::string plan_run_converge(const std::string& schema, std::vector<std::string> extra = {}) {
        std::vector<std::string> args = {"plan", "--db", db.url(), "--schema", schema, "--output", dir.file("plan.sql")};
        args.insert(args.end(), extra.begin(), extra.end());
        const auto planned = run_dbaudit(args);
        EXPECT_EQ(planned.exit_code, 0) << planned.err;
        const std::string script = read_bytes(dir.file("plan.sql"));
        const auto ran = run_psql(db, dir.file("plan.sql"));
        EXPECT_EQ(ran.exit_code, 0) << ran.out << "\n" << script;
        const auto audit = run_dbaudit({"audit", "--db", db.url(), "--schema", schema});
        EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
        const auto again = run_dbaudit({"plan", "--db", db.url(), "--schema", schema, "--format", "json"});
        EXPECT_EQ(again.exit_code, 0) << again.err;
        if (again.exit_code == 0) EXPECT_EQ(Json::parse(again.out)["summary"]["running"], 0) << again.out;
        return script;
    }

    PgDatabase db;
    TempDir dir;
};

TEST_F(PgPlan, EveryKindInDependencyOrderThenConverges) {
    const std::string script = plan_run_converge(fixture("every_kind.sql"));
    // Schemas and types before the tables that use them; functions used by defaults and checks
    // before the tables; foreign keys (a cycle) after both tables.
    EXPECT_LT(position(script, "CREATE SCHEMA app"), position(script, "CREATE EXTENSION IF NOT EXISTS pgcrypto"));
    EXPECT_LT(position(script, "CREATE TYPE app.status AS ENUM ('new', 'active', 'closed')"), position(script, "CREATE TABLE app.accounts"));
    EXPECT_LT(position(script, "CREATE DOMAIN app.positive_amount"), position(script, "CREATE TABLE app.users"));
    EXPECT_LT(position(script, "CREATE OR REPLACE FUNCTION app.default_region()"), position(script, "CREATE TABLE app.accounts"));
    EXPECT_LT(position(script, "CREATE OR REPLACE FUNCTION app.valid_email(e text)"), position(script, "CREATE TABLE app.users"));
    EXPECT_LT(position(script, "CREATE SEQUENCE app.invoice_no"), position(script, "CREATE TABLE app.invoices"));
    EXPECT_LT(position(script, "CREATE TABLE app.users"), position(script, "ADD CONSTRAINT accounts_owner_fkey"));
    EXPECT_LT(position(script, "CREATE TABLE app.accounts"), position(script, "ADD CONSTRAINT users_account_id_fkey"));
    // Views after the views they read; the function whose SQL body reads a view after it.
    EXPECT_LT(position(script, "CREATE VIEW app.active_accounts"), position(script, "CREATE VIEW app.active_users"));
    EXPECT_LT(position(script, "CREATE VIEW app.active_users"), position(script, "CREATE VIEW app.active_user_count"));
    EXPECT_LT(position(script, "CREATE VIEW app.active_user_count"), position(script, "FUNCTION app.user_count()"));
    EXPECT_LT(position(script, "CREATE MATERIALIZED VIEW app.invoice_totals"), position(script, "CREATE UNIQUE INDEX invoice_totals_id_idx"));
    // The trigger after its function; policies and RLS; comments last.
    EXPECT_LT(position(script, "FUNCTION app.touch()"), position(script, "CREATE TRIGGER users_touch"));
    EXPECT_NE(script.find("ALTER TABLE app.users ENABLE ROW LEVEL SECURITY"), std::string::npos);
    EXPECT_NE(script.find("CREATE POLICY users_self ON app.users FOR SELECT TO PUBLIC USING ((email = CURRENT_USER))"), std::string::npos);
    EXPECT_NE(script.find("COMMENT ON COLUMN app.users.email IS 'login'"), std::string::npos);
    // Tables created in the plan carry no lock or size hazards.
    EXPECT_EQ(script.find("hazard: takes an ACCESS EXCLUSIVE lock on app.users"), std::string::npos);
    // The session is set up first, all of it in one transaction.
    EXPECT_LT(position(script, "SET lock_timeout = '5s';"), position(script, "BEGIN;"));
    EXPECT_NE(script.find("\nCOMMIT;\n"), std::string::npos);
}

TEST_F(PgPlan, AltersColumnsInPlaceKeepingData) {
    db.exec(read_bytes(fixture("alter_live.sql")));
    const std::string schema = fixture("alter_expected.sql");
    // Without --allow-destructive the text -> integer conversion is held back, the rest runs.
    const auto held = run_dbaudit({"plan", "--db", db.url(), "--schema", schema});
    ASSERT_EQ(held.exit_code, 0) << held.err;
    EXPECT_NE(held.out.find("-- [held back: destructive] column public.items.code differs in type"), std::string::npos) << held.out;
    EXPECT_NE(held.out.find("-- ALTER TABLE public.items ALTER COLUMN code TYPE integer USING code::integer;"), std::string::npos);

    const std::string script = plan_run_converge(schema, {"--allow-destructive", "--concurrently", "--lock-timeout", "2s"});
    EXPECT_NE(script.find("SET lock_timeout = '2s';"), std::string::npos);
    // Enum values before the transaction (steps in it use them), added in their place.
    EXPECT_LT(position(script, "ALTER TYPE public.mood ADD VALUE 'ok' BEFORE 'happy';"), position(script, "BEGIN;"));
    EXPECT_LT(position(script, "ALTER TYPE public.mood ADD VALUE 'great';"), position(script, "BEGIN;"));
    // Views reading a column whose type changes: dropped (dependents first) and created again.
    EXPECT_LT(position(script, "DROP VIEW public.items_view_2;"), position(script, "DROP VIEW public.items_view;"));
    EXPECT_LT(position(script, "DROP VIEW public.items_view;"), position(script, "ALTER COLUMN qty TYPE bigint"));
    EXPECT_LT(position(script, "CREATE VIEW public.items_view AS"), position(script, "CREATE VIEW public.items_view_2 AS"));
    EXPECT_NE(script.find("ALTER TABLE public.items ALTER COLUMN qty SET NOT NULL;"), std::string::npos);
    // varchar(20) -> text keeps the storage: a lock, no rewrite.
    const std::string label = script.substr(position(script, "column public.items.label differs in type"));
    EXPECT_EQ(label.substr(0, label.find("ALTER TABLE")).find("rewrites"), std::string::npos) << label;
    // Foreign keys and checks on tables with rows: NOT VALID, then VALIDATE.
    EXPECT_LT(position(script, "FOREIGN KEY (parent_id) REFERENCES public.parents (id) NOT VALID;"),
              position(script, "ALTER TABLE public.kids VALIDATE CONSTRAINT kids_parent_id_fkey;"));
    EXPECT_NE(script.find("CHECK (price >= (0)::numeric) NOT VALID;"), std::string::npos);
    // --concurrently: the new index after COMMIT.
    EXPECT_LT(position(script, "\nCOMMIT;"), position(script, "CREATE INDEX CONCURRENTLY items_label_idx ON public.items (label);"));

    auto connection = db.connect();
    const auto rows = connection.exec("SELECT id, qty, code, label, m::text FROM public.items ORDER BY id");
    ASSERT_EQ(rows.rows(), 2);
    EXPECT_EQ(rows.string(0, 1), "5");
    EXPECT_EQ(rows.string(0, 2), "42");
    EXPECT_EQ(rows.string(0, 3), "first");
    EXPECT_EQ(rows.string(1, 4), "sad");
    EXPECT_EQ(connection.exec("SELECT count(*) FROM public.kids").string(0, 0), "2");
}

TEST_F(PgPlan, JsonStepsCarryHazardsFromLiveFacts) {
    db.exec(read_bytes(fixture("alter_live.sql")));
    const auto result = run_dbaudit({"plan", "--db", db.url(), "--schema", fixture("alter_expected.sql"), "--format", "json", "--concurrently"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const Json plan = Json::parse(result.out);
    EXPECT_EQ(plan["engine"], "postgresql");
    EXPECT_EQ(plan["session_settings"][0], "SET lock_timeout = '5s'");
    auto step = [&](const std::string& object, const std::string& kind) -> Json {
        for (const Json& s : plan["steps"])
            if (s["object"] == object && s["kind"] == kind) return s;
        ADD_FAILURE() << "no step " << kind << " " << object;
        return Json::object();
    };
    auto has = [](const Json& s, const std::string& kind) {
        for (const Json& k : s.value("hazard_kinds", Json::array()))
            if (k == kind) return true;
        return false;
    };
    // A volatile default fills every row; now() (stable) is stored once (PostgreSQL 11+).
    const Json uid = step("public.items.uid", "add_column");
    EXPECT_TRUE(has(uid, "rewrites_table")) << uid;
    EXPECT_TRUE(has(uid, "access_exclusive_lock")) << uid;
    const Json added = step("public.items.added", "add_column");
    EXPECT_FALSE(has(added, "rewrites_table")) << added;
    // The hazard says how big the table is.
    EXPECT_NE(uid["hazards"][0].get<std::string>().find("kB)"), std::string::npos) << uid;
    const Json index = step("public.items_label_idx", "create_index");
    EXPECT_EQ(index["placement"], "after_transaction");
    EXPECT_TRUE(has(index, "outside_transaction"));
    const Json code = step("public.items.code", "alter_column");
    EXPECT_EQ(code["runs"], false);
    EXPECT_EQ(code["held"], "destructive");
    EXPECT_EQ(plan["summary"]["held_destructive"], 1);
}

TEST_F(PgPlan, SalesFlowPlannedRunAndAuditedCleanWithDataIntact) {
    db.exec(read_bytes(source_path("tests/postgres/salesflow/live.sql")));
    db.exec("INSERT INTO public.users (id, email) VALUES ('00000000-0000-0000-0000-000000000001', 'a@example.com')");
    const std::string schema = source_path("tests/postgres/salesflow/schema");
    const auto planned = run_dbaudit({"plan", "--db", db.url(), "--schema", schema, "--output", dir.file("plan.sql")});
    ASSERT_EQ(planned.exit_code, 0) << planned.err;
    const std::string script = read_bytes(dir.file("plan.sql"));
    // The legacy table stays (its drop is held back).
    EXPECT_NE(script.find("-- DROP TABLE public.old_contacts;"), std::string::npos);
    const auto ran = run_psql(db, dir.file("plan.sql"));
    ASSERT_EQ(ran.exit_code, 0) << ran.out;
    const auto audit = run_dbaudit({"audit", "--db", db.url(), "--schema", schema});
    EXPECT_EQ(audit.exit_code, 0) << audit.out;
    const auto again = run_dbaudit({"plan", "--db", db.url(), "--schema", schema, "--format", "json"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(Json::parse(again.out)["summary"]["running"], 0);
    auto connection = db.connect();
    EXPECT_EQ(connection.exec("SELECT email FROM public.users").string(0, 0), "a@example.com");
}

}  // namespace
}  // namespace dbaudit::testing
