// The seed-000 story end to end: production kept 5 old tables while the code expects 13.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Json = nlohmann::json;

class Seed000 : public ::testing::Test {
protected:
    void SetUp() override {
        make_sqlite_db(production, read_bytes(source_path("examples/bot/production.sql")));
    }

    TempDir dir;
    std::string production = dir.file("production.db");
    std::string schema = source_path("examples/bot/schema");
};

std::set<std::string> objects(const Json& report, const std::string& type, const std::string& kind) {
    std::set<std::string> out;
    for (const auto& f : report["findings"])
        if (f["type"] == type && f["kind"] == kind) out.insert(f["object"].get<std::string>());
    return out;
}

TEST_F(Seed000, JsonReportListsExactlyTheDrift) {
    const auto result = run_dbaudit({"audit", "--db", production, "--schema", schema, "--format", "json"});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const Json report = Json::parse(result.out);

    EXPECT_EQ(objects(report, "missing", "table"),
              (std::set<std::string>{"bot_settings", "clients_birthdays", "content_history", "dialog_history",
                                     "sales_conversations", "sales_templates", "spy_keywords", "spy_leads",
                                     "target_resources", "user_states", "users"}));
    EXPECT_EQ(objects(report, "missing", "column"),
              (std::set<std::string>{"content_plan.admin_id", "content_plan.channel", "content_plan.image_url",
                                     "content_plan.published_at", "content_plan.theme", "leads.area",
                                     "leads.extra_questions", "leads.thread_id"}));
    EXPECT_EQ(objects(report, "extra", "table"), (std::set<std::string>{"holidays", "news", "subscribers"}));
    EXPECT_EQ(objects(report, "missing", "view"), (std::set<std::string>{"hot_leads"}));
    EXPECT_EQ(objects(report, "missing", "trigger"), (std::set<std::string>{"trg_target_resources_updated_at"}));
    EXPECT_EQ(objects(report, "missing", "index").size(), 6u);
    EXPECT_EQ(report["findings"].size(), 11u + 8u + 3u + 1u + 1u + 6u) << report["findings"].dump(2);

    EXPECT_EQ(report["summary"]["tables"]["expected"], 13);
    EXPECT_EQ(report["summary"]["tables"]["present"], 2);
    EXPECT_EQ(report["summary"]["tables"]["missing"], 11);
    EXPECT_EQ(report["summary"]["tables"]["extra"], 3);
    EXPECT_EQ(report["severity_counts"]["critical"], 12);  // 11 tables + 1 view
    EXPECT_EQ(report["severity_counts"]["low"], 3);

    // Missing columns carry what a person needs to write the ALTER: type and default.
    bool saw_channel = false;
    for (const auto& c : report["missing"]["columns"]) {
        if (c["table"] == "content_plan" && c["column"] == "channel") {
            saw_channel = true;
            EXPECT_EQ(c["type"], "TEXT");
            EXPECT_EQ(c["default"], "'terion'");
            EXPECT_EQ(c["not_null"], false);
        }
    }
    EXPECT_TRUE(saw_channel);
    for (const auto& t : report["missing"]["tables"]) {
        if (t["name"] == "spy_leads") {
            EXPECT_EQ(t["purpose"], "Leads discovered by LeadHunter from Telegram/VK channels");
        }
    }
}

TEST_F(Seed000, TextSummaryReadsLikeTheSeed) {
    const auto result = run_dbaudit({"audit", "--db", production, "--schema", schema});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    EXPECT_NE(result.out.find("Tables: 2 / 13 (3 extra)"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("Missing tables (11)"), std::string::npos);
    EXPECT_NE(result.out.find("Missing columns (8)"), std::string::npos);
    EXPECT_NE(result.out.find("leads.area"), std::string::npos);
    EXPECT_NE(result.out.find("TEXT DEFAULT 'terion'"), std::string::npos);
    EXPECT_NE(result.out.find("table holidays"), std::string::npos);
    EXPECT_EQ(result.out.find("\033["), std::string::npos) << "no colour when stdout is not a terminal";
}

TEST_F(Seed000, AuditNeverWritesToTheTarget) {
    const std::string before = read_bytes(production);
    const auto mtime = std::filesystem::last_write_time(production);
    for (const char* format : {"text", "json", "markdown"}) {
        const auto result = run_dbaudit({"audit", "--db", production, "--schema", schema, "--format", format});
        EXPECT_EQ(result.exit_code, 1) << result.err;
    }
    EXPECT_EQ(read_bytes(production), before);
    EXPECT_EQ(std::filesystem::last_write_time(production), mtime);
    EXPECT_FALSE(std::filesystem::exists(production + "-journal"));
    EXPECT_FALSE(std::filesystem::exists(production + "-wal"));
}

TEST_F(Seed000, DatabaseBuiltFromTheExpectedSchemaIsInSync) {
    std::string ddl;
    for (const char* file : {"01_users.sql", "02_leads.sql", "03_content.sql", "04_sales.sql"})
        ddl += read_bytes(schema + "/" + file) + "\n";
    const std::string synced = dir.file("synced.db");
    make_sqlite_db(synced, ddl);
    const auto result = run_dbaudit({"audit", "--db", synced, "--schema", schema});
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("In sync"), std::string::npos) << result.out;
}

TEST_F(Seed000, FailOnDecidesTheExitCode) {
    // Only legacy tables differ: low findings pass at the default level and fail at --fail-on low.
    std::string ddl;
    for (const char* file : {"01_users.sql", "02_leads.sql", "03_content.sql", "04_sales.sql"})
        ddl += read_bytes(schema + "/" + file) + "\n";
    const std::string db = dir.file("legacy.db");
    make_sqlite_db(db, ddl + "CREATE TABLE news(id INTEGER PRIMARY KEY, title TEXT);");
    EXPECT_EQ(run_dbaudit({"audit", "--db", db, "--schema", schema}).exit_code, 0);
    EXPECT_EQ(run_dbaudit({"audit", "--db", db, "--schema", schema, "--fail-on", "low"}).exit_code, 1);
    EXPECT_EQ(run_dbaudit({"audit", "--db", production, "--schema", schema, "--fail-on", "critical"}).exit_code, 1);
}

TEST_F(Seed000, OutputFileAndDatabaseUrlForms) {
    const std::string out = dir.file("report.json");
    auto result = run_dbaudit({"audit", "--schema", schema, "--format", "json", "--output", out},
                              {"DATABASE_URL=sqlite://" + production});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    EXPECT_TRUE(result.out.empty());
    EXPECT_EQ(Json::parse(read_bytes(out))["summary"]["tables"]["missing"], 11);
    result = run_dbaudit({"audit", "--db", "sqlite:" + production, "--schema", schema, "--format", "json"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_EQ(Json::parse(result.out)["target"], production);
}

}  // namespace
}  // namespace dbaudit::testing
