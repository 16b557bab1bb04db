// The seed-000 story closed by dbaudit itself: the plan creates the 11 missing tables and adds the
// missing columns of leads and content_plan, apply runs it, and afterwards audit is clean, the
// legacy tables and every lead are untouched, and a second plan has nothing to run.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <sstream>

#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

class PlanApplySeed000 : public ::testing::Test {
protected:
    void SetUp() override { make_sqlite_db(production, read_bytes(source_path("examples/bot/production.sql"))); }

    // The statements of a plan script: lines that are not comments and not blank.
    static std::vector<std::string> statement_lines(const std::string& script) {
        std::vector<std::string> out;
        std::istringstream in(script);
        for (std::string line; std::getline(in, line);)
            if (!line.empty() && line.rfind("--", 0) != 0) out.push_back(line);
        return out;
    }

    TempDir dir;
    std::string production = dir.file("production.db");
    std::string schema = source_path("examples/bot/schema");
};

TEST_F(PlanApplySeed000, PlanCreatesTheMissingTablesAndColumnsAndHoldsTheLegacyDropsBack) {
    const auto result = run_dbaudit({"plan", "--db", production, "--schema", schema});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    const std::string& plan = result.out;

    std::set<std::string> created;
    const std::regex create_table(R"(^CREATE TABLE (\w+) \()");
    for (const std::string& line : statement_lines(plan)) {
        std::smatch match;
        if (std::regex_search(line, match, create_table)) created.insert(match[1]);
    }
    EXPECT_EQ(created, (std::set<std::string>{"bot_settings", "clients_birthdays", "content_history", "dialog_history",
                                              "sales_conversations", "sales_templates", "spy_keywords", "spy_leads",
                                              "target_resources", "user_states", "users"}));
    for (const char* add : {"ALTER TABLE leads ADD COLUMN area TEXT;", "ALTER TABLE leads ADD COLUMN extra_questions TEXT;",
                            "ALTER TABLE leads ADD COLUMN thread_id INTEGER;",
                            "ALTER TABLE content_plan ADD COLUMN channel TEXT DEFAULT 'terion';",
                            "ALTER TABLE content_plan ADD COLUMN theme TEXT;", "ALTER TABLE content_plan ADD COLUMN image_url TEXT;",
                            "ALTER TABLE content_plan ADD COLUMN admin_id INTEGER DEFAULT NULL;",
                            "ALTER TABLE content_plan ADD COLUMN published_at TIMESTAMP DEFAULT NULL;"})
        EXPECT_NE(plan.find(std::string("\n") + add + "\n"), std::string::npos) << add << "\n" << plan;
    // Each step is preceded by a one-line comment saying what it fixes.
    EXPECT_NE(plan.find("-- [12/29] column content_plan.channel is missing\nALTER TABLE content_plan ADD COLUMN channel"), std::string::npos)
        << plan;
    // Parents before children: users before the tables whose foreign keys point at it.
    EXPECT_LT(plan.find("CREATE TABLE users ("), plan.find("CREATE TABLE user_states ("));
    EXPECT_LT(plan.find("CREATE TABLE users ("), plan.find("CREATE TABLE dialog_history ("));
    // The legacy tables are not dropped without --allow-destructive: commented out, and counted.
    for (const char* table : {"holidays", "news", "subscribers"}) {
        EXPECT_NE(plan.find(std::string("\n-- DROP TABLE ") + table + ";\n"), std::string::npos) << table;
        EXPECT_EQ(plan.find(std::string("\nDROP TABLE ") + table), std::string::npos) << table;
    }
    EXPECT_NE(plan.find("-- 3 destructive steps held back (commented out below): pass --allow-destructive to include them"), std::string::npos);
    EXPECT_NE(plan.find("--   hazard: drops table news and its 4 rows"), std::string::npos);
    // Seed rows only as INSERT OR IGNORE.
    EXPECT_NE(plan.find("INSERT OR IGNORE INTO bot_settings (\"key\", value) VALUES\n  ('spy_notify_enabled', '1');"), std::string::npos);
    // Foreign keys off outside the transaction, checked before COMMIT.
    EXPECT_LT(plan.find("PRAGMA foreign_keys = OFF;"), plan.find("BEGIN IMMEDIATE;"));
    EXPECT_LT(plan.find("PRAGMA foreign_key_check;"), plan.find("COMMIT;"));
}

TEST_F(PlanApplySeed000, ApplyClosesTheDriftAndKeepsEveryRow) {
    const auto rows_of = [&](const std::string& table) {
        return query_column(production, "SELECT quote(" + std::string("id") + ") || '|' || quote(name) || '|' || quote(phone) || '|' || quote(created_at) FROM " +
                                            table + " ORDER BY id");
    };
    const auto leads = rows_of("leads");
    const auto legacy = query_column(production, "SELECT group_concat(quote(title), ',') FROM news UNION ALL SELECT group_concat(quote(name), ',') FROM holidays "
                                                 "UNION ALL SELECT group_concat(quote(username), ',') FROM subscribers");

    auto result = run_dbaudit({"apply", "--db", production, "--schema", schema, "--yes"});
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
    EXPECT_NE(result.out.find("applied 29 statements to " + production + " in one transaction, verified before COMMIT"), std::string::npos) << result.out;
    EXPECT_NE(result.out.find("3 differences left as planned (held back)"), std::string::npos) << result.out;

    result = run_dbaudit({"audit", "--db", production, "--schema", schema});
    EXPECT_EQ(result.exit_code, 0) << result.out;
    EXPECT_NE(result.out.find("Tables: 13 / 13 (3 extra)"), std::string::npos) << result.out;

    EXPECT_EQ(rows_of("leads"), leads);
    EXPECT_EQ(query_column(production, "SELECT count(*) FROM leads"), std::vector<std::string>{"5"});
    EXPECT_EQ(query_column(production, "SELECT count(*) FROM leads WHERE area IS NULL AND extra_questions IS NULL AND thread_id IS NULL"),
              std::vector<std::string>{"5"});
    EXPECT_EQ(query_column(production, "SELECT group_concat(quote(title), ',') FROM news UNION ALL SELECT group_concat(quote(name), ',') FROM holidays "
                                       "UNION ALL SELECT group_concat(quote(username), ',') FROM subscribers"),
              legacy);
    EXPECT_EQ(query_column(production, "SELECT channel FROM content_plan ORDER BY id"), (std::vector<std::string>{"terion", "terion", "terion"}));
    EXPECT_EQ(query_column(production, "SELECT key || '=' || value FROM bot_settings"), std::vector<std::string>{"spy_notify_enabled=1"});

    // A second plan has nothing to run: only the held-back legacy drops, as comments.
    result = run_dbaudit({"plan", "--db", production, "--schema", schema});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_TRUE(statement_lines(result.out).empty()) << result.out;
    EXPECT_NE(result.out.find("-- nothing to run: 3 steps held back, see below"), std::string::npos) << result.out;
}

TEST_F(PlanApplySeed000, AllowDestructiveDropsTheLegacyTablesToo) {
    auto result = run_dbaudit({"apply", "--db", production, "--schema", schema, "--yes", "--allow-destructive", "--no-backup"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("\nDROP TABLE news;\n"), std::string::npos);
    result = run_dbaudit({"audit", "--db", production, "--schema", schema, "--fail-on", "info"});
    EXPECT_EQ(result.exit_code, 0) << result.out;
    result = run_dbaudit({"plan", "--db", production, "--schema", schema});
    EXPECT_EQ(statement_lines(result.out), std::vector<std::string>{});
    EXPECT_NE(result.out.find("-- nothing to run: the database matches the expected schema"), std::string::npos) << result.out;
}

TEST_F(PlanApplySeed000, ReviewedPlanFileIsAppliedExactly) {
    const std::string plan = dir.file("migrate.sql");
    auto result = run_dbaudit({"plan", "--db", production, "--schema", schema, "--output", plan});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.out, "dbaudit: wrote " + plan + ": 29 steps to run, 3 held back\n");
    result = run_dbaudit({"apply", "--db", production, "--schema", schema, "--plan", plan, "--yes", "--no-backup"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("-- dbaudit apply: " + plan + " (29 statements, as reviewed)"), std::string::npos) << result.out;
    EXPECT_EQ(run_dbaudit({"audit", "--db", production, "--schema", schema}).exit_code, 0);
}

}  // namespace
}  // namespace dbaudit::testing
