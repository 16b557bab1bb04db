// The SalesFlow story (seed 004) end to end, against a real server: the code expects 59 tables in
// twelve feature groups, six materialized views, 21 functions, two extensions, RLS with a policy
// on leads and a trigger; production has 15 of the tables, 3 functions and a legacy table. The
// expected schema goes through dbaudit's own ephemeral shadow cluster (no --dev-url).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Json = nlohmann::json;

std::set<std::string> objects(const Json& report, const std::string& type, const std::string& kind) {
    std::set<std::string> out;
    for (const auto& f : report["findings"])
        if (f["type"] == type && f["kind"] == kind) out.insert(f["object"].get<std::string>());
    return out;
}

class SalesFlow : public ::testing::Test {
protected:
    void SetUp() override { db.exec(read_bytes(source_path("tests/postgres/salesflow/live.sql"))); }
    PgDatabase db;
    std::string schema = source_path("tests/postgres/salesflow/schema");
};

TEST_F(SalesFlow, ExactFindings) {
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", schema, "--format", "json"});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const Json report = Json::parse(result.out);

    const std::set<std::string> missing_tables = objects(report, "missing", "table");
    EXPECT_EQ(missing_tables.size(), 44u);
    for (const char* table : {"public.email_accounts", "public.email_messages", "public.email_threads", "public.email_sync_status",
                              "public.badges", "public.user_achievements", "public.video_meetings", "public.lead_enrichment_jobs",
                              "public.import_jobs", "public.potential_duplicates", "public.user_consents", "public.products"})
        EXPECT_TRUE(missing_tables.count(table)) << table;
    for (const char* present : {"public.users", "public.leads", "public.lead_embeddings", "public.playbook_executions"})
        EXPECT_FALSE(missing_tables.count(present)) << present;

    EXPECT_EQ(objects(report, "missing", "column"), (std::set<std::string>{"public.leads.source"}));
    EXPECT_EQ(objects(report, "extra", "table"), (std::set<std::string>{"public.old_contacts"}));
    EXPECT_EQ(objects(report, "missing", "materialized_view"),
              (std::set<std::string>{"public.view_conversion_microsteps", "public.view_followups_scored", "public.view_leads_scored",
                                     "public.view_personality_insights", "public.view_squad_performance",
                                     "public.view_user_activity_summary"}));
    const auto missing_functions = objects(report, "missing", "function");
    EXPECT_EQ(missing_functions.size(), 18u);
    EXPECT_TRUE(missing_functions.count("public.refresh_all_materialized_views()"));
    EXPECT_TRUE(missing_functions.count("public.merge_leads(p_keep uuid, p_drop uuid)"));
    EXPECT_FALSE(missing_functions.count("public.check_lead_limit(p_user_id uuid)"));
    EXPECT_EQ(objects(report, "missing", "trigger"), (std::set<std::string>{"public.leads.trg_update_lead_memory"}));
    EXPECT_EQ(objects(report, "missing", "policy"), (std::set<std::string>{"public.leads.leads_owner_access"}));
    EXPECT_EQ(objects(report, "changed", "row_security"), (std::set<std::string>{"public.leads"}));
    EXPECT_EQ(objects(report, "missing", "index"),
              (std::set<std::string>{"public.email_messages_lead_idx", "public.knowledge_base_tags_idx",
                                     "public.view_user_activity_summary_user_idx"}));
    EXPECT_TRUE(objects(report, "missing", "extension").empty());
    // 44 tables + 1 column + 1 legacy table + 6 materialized views + 18 functions + trigger +
    // policy + RLS + 3 indexes; nothing else (no false drift from the shadow's normal form).
    EXPECT_EQ(report["findings"].size(), 44u + 1 + 1 + 6 + 18 + 1 + 1 + 1 + 3) << report["findings"].dump(1);

    for (const auto& f : report["findings"]) {
        if (f["kind"] == "row_security") {
            EXPECT_EQ(f["severity"], "high");
            EXPECT_EQ(f["message"], "row level security on public.leads is disabled, but the expected schema enables it (its "
                                    "policies do not apply)");
        }
        if (f["kind"] == "policy" || f["kind"] == "trigger") EXPECT_EQ(f["severity"], "high");
        if (f["kind"] == "materialized_view" || f["kind"] == "function" || f["kind"] == "table" && f["type"] == "missing")
            EXPECT_EQ(f["severity"], "critical");
    }
    EXPECT_EQ(report["severity_counts"]["critical"], 44 + 6 + 18);
    EXPECT_EQ(report["severity_counts"]["high"], 4);
    EXPECT_EQ(report["severity_counts"]["medium"], 3);
    EXPECT_EQ(report["severity_counts"]["low"], 1);

    const Json& summary = report["summary"];
    EXPECT_EQ(summary["tables"]["expected"], 59);
    EXPECT_EQ(summary["tables"]["present"], 15);
    EXPECT_EQ(summary["materialized_views"]["present"], 0);
    EXPECT_EQ(summary["materialized_views"]["expected"], 6);
    EXPECT_EQ(summary["functions"]["present"], 3);
    EXPECT_EQ(summary["functions"]["expected"], 21);
    EXPECT_EQ(summary["extensions"]["present"], 2);
    EXPECT_EQ(summary["extensions"]["expected"], 2);
    EXPECT_EQ(summary["policies"]["missing"], 1);
    EXPECT_EQ(report["missing"]["materialized_views"].size(), 6u);
    EXPECT_EQ(report["missing"]["functions"].size(), 18u);
    for (const auto& table : report["missing"]["tables"]) {
        if (table["name"] == "public.email_accounts") EXPECT_EQ(table["purpose"], "Connected mailboxes (Gmail, Outlook, IMAP)");
    }
}

TEST_F(SalesFlow, TextSummaryReadsLikeTheSeed) {
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", schema});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    for (const char* part : {"Tables: 15 / 59 (1 extra)", "Materialized views: 0 / 6", "Functions: 3 / 21", "Extensions: 2 / 2",
                             "Policies: 0 / 1", "public.email_accounts ", "Connected mailboxes (Gmail",
                             // Each schema file is a feature; findings are grouped by it.
                             "── Feature 06_email · 5 findings: 4 critical, 1 medium (fails at medium)\n\nMissing tables (4)\n",
                             "── Feature 13_functions · 18 findings: 18 critical (fails at medium)\n\nMissing functions (18)\n",
                             "── Feature 15_materialized_views · 7 findings: 6 critical, 1 medium (fails at medium)\n\nMissing materialized views (6)\n",
                             "── Feature 00_extensions · in sync\n", "── Not in any feature · 1 finding: 1 low\n"})
        EXPECT_NE(result.out.find(part), std::string::npos) << part << "\n" << result.out;
}

// The seed-004 team migrates "only Email Integration": the email tables and the tables they
// reference in other features (named), nothing of the other 14 features, no extra table.
TEST_F(SalesFlow, OnlyEmailIntegration) {
    const auto audit = run_dbaudit({"audit", "--db", db.url(), "--schema", schema, "--feature", "06_email", "--format", "json"});
    ASSERT_EQ(audit.exit_code, 1) << audit.err;
    const Json report = Json::parse(audit.out);
    std::vector<std::string> included;
    for (const auto& inclusion : report["scope"]["included"])
        included.push_back(inclusion["name"].get<std::string>() + " (" + inclusion["feature"].get<std::string>() + "): " +
                           inclusion["reason"].get<std::string>());
    EXPECT_EQ(included, (std::vector<std::string>{
                            "public.users (01_core): table public.email_accounts references it (foreign key user_id)",
                            "public.leads (01_core): table public.email_messages references it (foreign key lead_id)",
                            "public.squads (01_core): table public.users references it (foreign key squad_id)",
                            "public.update_lead_memory (13_functions): trigger public.leads.trg_update_lead_memory uses it"}))
        << report["scope"].dump(2);
    std::set<std::string> features;
    for (const auto& finding : report["findings"]) features.insert(finding["feature"].is_null() ? "-" : finding["feature"].get<std::string>());
    // An included table comes whole: the policy 14_security puts on it is in scope too.
    EXPECT_EQ(features, (std::set<std::string>{"01_core", "06_email", "13_functions", "14_security"}));
    EXPECT_EQ(report["summary"]["tables"]["extra"], 0);
    EXPECT_EQ(report["missing"]["tables"].size(), 4u);
}

// After the missing parts are applied, the same audit finds nothing but the column order of
// leads (source was appended at the end), which never needs a migration.
TEST_F(SalesFlow, ConvergesOnceTheSchemaIsApplied) {
    db.exec("DROP TABLE old_contacts; ALTER TABLE leads ADD COLUMN source text;");
    std::string rest;
    for (const char* file : {"02_ai_knowledge", "03_premium", "04_social", "05_network", "06_email", "07_import_export",
                             "08_gamification", "09_video", "10_enrichment", "11_compliance", "12_data_quality"}) {
        // Tables already in production are skipped by running each statement on its own.
        rest = read_bytes(schema + "/" + file + ".sql");
        std::size_t start = 0;
        while (start < rest.size()) {
            std::size_t end = rest.find(";\n", start);
            if (end == std::string::npos) end = rest.size();
            const std::string statement = rest.substr(start, end - start);
            start = end + 2;
            if (statement.find("CREATE TABLE ") == std::string::npos && statement.find("CREATE INDEX") == std::string::npos &&
                statement.find("COMMENT ON") == std::string::npos)
                continue;
            auto connection = db.connect();
            try {
                connection.exec(statement);
            } catch (const engine::postgres::StatementError& e) {
                if (e.error().sqlstate != "42P07") ADD_FAILURE() << e.error().message << " in " << statement;  // already exists
            }
        }
    }
    // Functions that production already has are recreated as they are.
    std::string functions = read_bytes(schema + "/13_functions.sql");
    for (std::size_t at = 0; (at = functions.find("CREATE FUNCTION", at)) != std::string::npos; at += 6)
        functions.replace(at, 15, "CREATE OR REPLACE FUNCTION");
    db.exec(functions);
    db.exec(read_bytes(schema + "/14_security.sql"));
    db.exec(read_bytes(schema + "/15_materialized_views.sql"));
    const auto result = run_dbaudit({"audit", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url()});
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("Passes: 0 critical, 0 high, 0 medium, 0 low, 1 info"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace dbaudit::testing
