// The inspector against a real server: every object kind of fixtures/every_kind.sql, field by
// field; a fixed number of catalog queries however many tables; kinds the role cannot read.
#include <gtest/gtest.h>

#include "dbaudit/engine/postgres/catalog_queries.hpp"
#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/model/catalog.hpp"
#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using engine::postgres::InspectStats;

template <typename T>
const T& named(const std::vector<T>& objects, const std::string& qualified_name) {
    for (const T& object : objects)
        if (object.qualified_name() == qualified_name) return object;
    ADD_FAILURE() << "no object " << qualified_name;
    static const T none{};
    return none;
}

class EveryKind : public ::testing::Test {
protected:
    void SetUp() override {
        db.exec(read_bytes(source_path("tests/postgres/fixtures/every_kind.sql")));
        auto connection = db.connect();
        catalog = engine::postgres::inspect(connection, &stats);
    }
    PgDatabase db;
    model::Catalog catalog;
    InspectStats stats;
};

TEST_F(EveryKind, CatalogBasics) {
    EXPECT_EQ(catalog.engine, "postgresql");
    EXPECT_EQ(catalog.server_version.substr(0, 3), "15.");
    EXPECT_EQ(stats.catalog_queries, engine::postgres::k_catalog_query_count);
    EXPECT_EQ(stats.round_trips, 2);  // everything in one batch, then COMMIT
    EXPECT_TRUE(catalog.privilege_notes.empty());
}

TEST_F(EveryKind, SchemasAndExtensions) {
    ASSERT_EQ(catalog.schemas.size(), 2u);
    EXPECT_EQ(catalog.schemas[0].name, "app");
    EXPECT_EQ(catalog.schemas[0].comment, "Application objects");
    EXPECT_EQ(catalog.schemas[1].name, "public");
    ASSERT_EQ(catalog.extensions.size(), 2u);  // plpgsql is built in and not listed
    EXPECT_EQ(catalog.extensions[0].name, "citext");
    EXPECT_EQ(catalog.extensions[0].schema, "public");
    EXPECT_EQ(catalog.extensions[1].name, "uuid-ossp");
    EXPECT_EQ(catalog.extensions[1].version, "1.1");
    EXPECT_NE(catalog.find_available_extension("pgcrypto"), nullptr);
    EXPECT_EQ(catalog.find_available_extension("vector"), nullptr);
}

TEST_F(EveryKind, Types) {
    ASSERT_EQ(catalog.types.size(), 4u);
    const auto& address = named(catalog.types, "app.address");
    EXPECT_EQ(address.kind, model::TypeKind::composite);
    ASSERT_EQ(address.attributes.size(), 3u);
    EXPECT_EQ(address.attributes[1], (model::TypeAttribute{"city", "text", "C"}));
    EXPECT_EQ(address.attributes[2], (model::TypeAttribute{"zip", "character varying(10)", ""}));
    const auto& mood = named(catalog.types, "app.mood");
    EXPECT_EQ(mood.kind, model::TypeKind::enum_type);
    EXPECT_EQ(mood.labels, (std::vector<std::string>{"sad", "ok", "happy"}));
    EXPECT_EQ(mood.comment, "How a user feels");
    const auto& positive = named(catalog.types, "app.positive_int");
    EXPECT_EQ(positive.kind, model::TypeKind::domain);
    EXPECT_EQ(positive.base_type, "integer");
    EXPECT_TRUE(positive.not_null);
    EXPECT_EQ(positive.default_expr, "1");
    EXPECT_EQ(positive.checks, (std::vector<std::string>{"positive: CHECK ((VALUE > 0))"}));
    const auto& range = named(catalog.types, "app.price_range");
    EXPECT_EQ(range.kind, model::TypeKind::range);
    EXPECT_EQ(range.base_type, "numeric");
}

TEST_F(EveryKind, Sequences) {
    ASSERT_EQ(catalog.sequences.size(), 2u);  // the identity column's sequence belongs to its column
    const auto& events = named(catalog.sequences, "app.events_id_seq");
    EXPECT_EQ(events.owned_by, "app.events.id");
    EXPECT_EQ(events.data_type, "integer");
    const auto& invoice = named(catalog.sequences, "app.invoice_no");
    EXPECT_EQ(invoice.increment, 5);
    EXPECT_EQ(invoice.min_value, 100);
    EXPECT_EQ(invoice.max_value, 1000000);
    EXPECT_EQ(invoice.start, 100);
    EXPECT_EQ(invoice.cache, 10);
    EXPECT_TRUE(invoice.cycle);
    EXPECT_EQ(invoice.owned_by, "");
}

TEST_F(EveryKind, TablesAndColumns) {
    ASSERT_EQ(catalog.tables.size(), 5u);
    const auto& users = *catalog.find_table("app.users");
    EXPECT_EQ(users.comment, "People who sign in");
    ASSERT_EQ(users.columns.size(), 7u);
    const auto& id = users.columns[0];
    EXPECT_EQ(id.type, "uuid");
    EXPECT_TRUE(id.not_null);
    EXPECT_EQ(id.default_expr, "public.uuid_generate_v4()");
    const auto& email = users.columns[1];
    EXPECT_EQ(email.type, "public.citext");
    EXPECT_EQ(email.comment, "Login name");
    EXPECT_EQ(users.columns[2].collation, "C");
    EXPECT_EQ(users.columns[3].type, "app.mood");
    EXPECT_EQ(users.columns[3].default_expr, "'ok'::app.mood");
    EXPECT_EQ(users.columns[6].default_expr, "now()");

    const auto& leads = *catalog.find_table("app.leads");
    EXPECT_EQ(leads.columns[0].identity, "ALWAYS");
    EXPECT_FALSE(leads.columns[0].default_expr.has_value());
    EXPECT_EQ(leads.columns[3].generated, model::Generated::stored_column);
    EXPECT_EQ(leads.columns[3].generation_expr, "\nCASE\n    WHEN (score > 50) THEN 'hot'::text\n    ELSE 'cold'::text\nEND");
    EXPECT_EQ(leads.columns[4].type, "text[]");
    EXPECT_EQ(leads.columns[4].default_expr, "'{}'::text[]");
    EXPECT_TRUE(leads.row_security);
    EXPECT_TRUE(leads.force_row_security);

    const auto& events = *catalog.find_table("app.events");
    EXPECT_EQ(events.options.partition_key, "RANGE (happened_on)");
    const auto& partition = *catalog.find_table("app.events_2024");
    EXPECT_EQ(partition.options.partition_of, "app.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')");
    EXPECT_TRUE(catalog.find_table("app.scratch")->options.unlogged);
    EXPECT_FALSE(events.options.unlogged);
}

TEST_F(EveryKind, Constraints) {
    const auto& users = *catalog.find_table("app.users");
    ASSERT_TRUE(users.primary_key);
    EXPECT_EQ(users.primary_key->name, "users_pkey");
    EXPECT_EQ(users.primary_key->columns, std::vector<std::string>{"id"});
    ASSERT_EQ(users.uniques.size(), 1u);
    EXPECT_EQ(users.uniques[0].name, "users_email_key");
    EXPECT_TRUE(users.uniques[0].deferrable);
    EXPECT_TRUE(users.uniques[0].initially_deferred);

    const auto& leads = *catalog.find_table("app.leads");
    ASSERT_EQ(leads.foreign_keys.size(), 1u);
    const auto& fk = leads.foreign_keys[0];
    EXPECT_EQ(fk.name, "leads_owner_fk");
    EXPECT_EQ(fk.columns, std::vector<std::string>{"owner_id"});
    EXPECT_EQ(fk.referenced_schema, "app");
    EXPECT_EQ(fk.referenced_table, "users");
    EXPECT_EQ(fk.referenced_columns, std::vector<std::string>{"id"});
    EXPECT_EQ(fk.on_delete, model::ForeignKeyAction::cascade);
    EXPECT_EQ(fk.on_update, model::ForeignKeyAction::restrict);
    EXPECT_TRUE(fk.deferrable);
    EXPECT_FALSE(fk.initially_deferred);
    EXPECT_FALSE(fk.not_valid);
    ASSERT_EQ(leads.checks.size(), 2u);
    EXPECT_EQ(leads.checks[0].name, "leads_score_check");
    EXPECT_EQ(leads.checks[0].expression, "score >= 0");
    EXPECT_FALSE(leads.checks[0].not_valid);
    EXPECT_EQ(leads.checks[1].name, "leads_score_max");
    EXPECT_TRUE(leads.checks[1].not_valid);
    ASSERT_EQ(leads.exclusions.size(), 1u);
    EXPECT_EQ(leads.exclusions[0].name, "leads_no_overlap");
    EXPECT_EQ(leads.exclusions[0].definition, "EXCLUDE USING gist (during WITH &&)");
}

TEST_F(EveryKind, Indexes) {
    const auto& leads = *catalog.find_table("app.leads");
    ASSERT_EQ(leads.indexes.size(), 2u);  // the primary key's and the exclusion's belong to the constraints
    const auto& score = leads.indexes[0];
    EXPECT_EQ(score.name, "leads_score_idx");
    EXPECT_EQ(score.table, "app.leads");
    EXPECT_EQ(score.method, "btree");
    ASSERT_EQ(score.keys.size(), 2u);
    EXPECT_EQ(score.keys[0].column, "score");
    EXPECT_TRUE(score.keys[0].descending);
    EXPECT_TRUE(score.keys[0].nulls_first);  // NULLS LAST on a DESC key: not the default
    EXPECT_EQ(score.keys[1].column, "owner_id");
    EXPECT_EQ(score.include, std::vector<std::string>{"tags"});
    EXPECT_EQ(score.predicate, "(score > 10)");
    const auto& tags = leads.indexes[1];
    EXPECT_EQ(tags.method, "gin");
    const auto& users = *catalog.find_table("app.users");
    ASSERT_EQ(users.indexes.size(), 1u);
    EXPECT_TRUE(users.indexes[0].unique);
    EXPECT_EQ(users.indexes[0].keys[0].expression, "lower(name)");
    EXPECT_EQ(users.indexes[0].sql, "CREATE UNIQUE INDEX users_lower_name_idx ON app.users USING btree (lower(name))");
}

TEST_F(EveryKind, ViewsAndMaterializedViews) {
    ASSERT_EQ(catalog.views.size(), 1u);
    EXPECT_EQ(catalog.views[0].qualified_name(), "app.hot_leads");
    EXPECT_EQ(catalog.views[0].options, "security_barrier=true");
    EXPECT_EQ(catalog.views[0].definition, " SELECT leads.id,\n    leads.owner_id,\n    leads.score\n   FROM app.leads\n  WHERE (leads.score > 50);");
    ASSERT_EQ(catalog.materialized_views.size(), 1u);
    const auto& stats_view = catalog.materialized_views[0];
    EXPECT_EQ(stats_view.qualified_name(), "app.lead_stats");
    EXPECT_TRUE(stats_view.materialized);
    ASSERT_EQ(stats_view.indexes.size(), 1u);
    EXPECT_EQ(stats_view.indexes[0].name, "lead_stats_owner_idx");
    EXPECT_EQ(stats_view.indexes[0].table, "app.lead_stats");
}

TEST_F(EveryKind, Functions) {
    ASSERT_EQ(catalog.functions.size(), 4u);  // the aggregate is unsupported; range constructors belong to the type
    const auto& add = named(catalog.functions, "app.add(a integer, b integer)");
    EXPECT_EQ(add.kind, "function");
    EXPECT_EQ(add.result, "integer");
    EXPECT_EQ(add.language, "sql");
    EXPECT_EQ(add.volatility, "immutable");
    EXPECT_TRUE(add.strict);
    EXPECT_EQ(add.body, "RETURN (a + b)");
    EXPECT_EQ(add.comment, "Adds");
    const auto& count = named(catalog.functions, "app.lead_count(owner uuid)");
    EXPECT_TRUE(count.security_definer);
    EXPECT_EQ(count.volatility, "stable");
    EXPECT_EQ(count.body, "SELECT count(*) FROM app.leads WHERE owner_id = owner");
    const auto& reset = named(catalog.functions, "app.reset_scores()");
    EXPECT_EQ(reset.kind, "procedure");
    EXPECT_EQ(reset.result, "");
    const auto& touch = named(catalog.functions, "app.touch()");
    EXPECT_EQ(touch.language, "plpgsql");
    EXPECT_EQ(touch.result, "trigger");
    EXPECT_EQ(touch.body_key, "BEGIN NEW.created_at := now(); RETURN NEW; END");
    EXPECT_NE(touch.definition.find("CREATE OR REPLACE FUNCTION app.touch()"), std::string::npos);
}

TEST_F(EveryKind, TriggersAndPolicies) {
    ASSERT_EQ(catalog.triggers.size(), 2u);
    const auto& audit = catalog.triggers[0];
    EXPECT_EQ(audit.qualified_name(), "app.users.users_audit");
    EXPECT_EQ(audit.table, "app.users");
    EXPECT_EQ(audit.timing, "AFTER");
    EXPECT_EQ(audit.event, "DELETE");
    EXPECT_EQ(audit.enabled, "DISABLED");
    const auto& touch = catalog.triggers[1];
    EXPECT_EQ(touch.timing, "BEFORE");
    EXPECT_EQ(touch.event, "INSERT OR UPDATE");
    EXPECT_EQ(touch.enabled, "");
    EXPECT_EQ(touch.definition, "CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch()");

    ASSERT_EQ(catalog.policies.size(), 2u);
    const auto& insert = catalog.policies[0];
    EXPECT_EQ(insert.qualified_name(), "app.leads.leads_insert");
    EXPECT_EQ(insert.command, "INSERT");
    EXPECT_FALSE(insert.permissive);
    EXPECT_EQ(insert.roles, std::vector<std::string>{"public"});
    EXPECT_EQ(insert.using_expr, "");
    EXPECT_EQ(insert.with_check, "(score < 100)");
    const auto& owner = catalog.policies[1];
    EXPECT_EQ(owner.command, "SELECT");
    EXPECT_TRUE(owner.permissive);
    EXPECT_EQ(owner.roles, std::vector<std::string>{"authenticated"});
    EXPECT_EQ(owner.using_expr, "(owner_id = (current_setting('app.user_id'::text))::uuid)");
}

TEST_F(EveryKind, UnsupportedObjectsAreListed) {
    std::vector<std::string> names;
    for (const auto& object : catalog.unsupported) names.push_back(object.qualified_name());
    EXPECT_EQ(names, (std::vector<std::string>{"aggregate app.total(integer)", "collation app.german"}));
}

// The number of catalog queries does not grow with the schema: the same for 3 and 300 tables,
// counted independently by the server (pg_stat_statements) as well as by dbaudit.
TEST(InspectorQueries, FixedNumberWhateverTheTableCount) {
    for (int tables : {3, 300}) {
        PgDatabase db;
        std::string ddl;
        for (int i = 0; i < tables; ++i)
            ddl += "CREATE TABLE t" + std::to_string(i) + " (id serial PRIMARY KEY, name text NOT NULL, ref int REFERENCES t0(id));\n"
                   "CREATE INDEX t" + std::to_string(i) + "_name ON t" + std::to_string(i) + " (name);\n";
        db.exec(ddl);
        db.exec("CREATE EXTENSION pg_stat_statements");
        db.exec("SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
        const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", source_path("tests/postgres/fixtures/every_kind.sql"),
                                         "--dev-url", pg_dev_url(), "--format", "json"},
                                        {"DBAUDIT_TIMINGS=1"});
        ASSERT_EQ(result.exit_code, 1) << result.err;
        // Round trips: BEGIN + pg_export_snapshot, the batch, COMMIT on the main connection; the
        // columns query and COMMIT on the helper that shares its snapshot.
        EXPECT_NE(result.err.find("catalog_queries=" + std::to_string(engine::postgres::k_catalog_query_count) + " round_trips=5"),
                  std::string::npos)
            << result.err;
        auto connection = db.connect();
        const auto counted = connection.exec(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            "WHERE d.datname = current_database() AND s.query ILIKE 'SELECT%' AND s.query NOT ILIKE '%pg_stat_statements%' "
            "AND s.query NOT ILIKE '%pg_export_snapshot%'");
        EXPECT_EQ(counted.integer(0, 0), engine::postgres::k_catalog_query_count) << tables << " tables";
    }
}

// A role that may not read pg_proc sees no functions: the report says so instead of calling the
// expected functions missing.
TEST(InspectorPrivileges, UnreadableKindIsNotVisibleNotMissing) {
    PgDatabase db;
    db.exec("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
            "CREATE TABLE t (id int PRIMARY KEY);\n"
            "REVOKE SELECT ON pg_catalog.pg_proc FROM PUBLIC;\n"
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dbaudit_auditor') THEN CREATE ROLE dbaudit_auditor LOGIN; END IF; END $$;");
    TempDir dir;
    const std::string schema = dir.write("schema.sql", "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1';\n"
                                                       "CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 2';\n"
                                                       "CREATE TABLE t (id int PRIMARY KEY);\n");
    const auto result = run_dbaudit({"audit", "--db", db.url("dbaudit_auditor"), "--schema", schema, "--dev-url", pg_dev_url(),
                                     "--format", "json"});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    EXPECT_EQ(result.out.find("\"missing\",\n      \"kind\": \"function\""), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\"type\": \"not_visible\""), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("permission denied for table pg_proc"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("2 expected function object(s) were not checked"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("\"unknown\": 2"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace dbaudit::testing
