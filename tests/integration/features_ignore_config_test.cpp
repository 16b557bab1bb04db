// Features, --feature scoping, --ignore and dbaudit.toml, through the real binary on real SQLite files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Json = nlohmann::ordered_json;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A schema folder with three features (one file holds two), and a database that has only part of it.
class Features : public ::testing::Test {
protected:
    void SetUp() override {
        dir.write("schema/accounts.sql",
                  "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL DEFAULT '');\n"
                  "CREATE INDEX idx_users_email ON users(email);\n");
        dir.write("schema/billing.sql",
                  "CREATE TABLE invoices (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), total REAL);\n"
                  "CREATE VIEW unpaid AS SELECT * FROM invoices WHERE total > 0;\n"
                  "-- dbaudit:feature reports\n"
                  "CREATE TABLE report_runs (id INTEGER PRIMARY KEY, note TEXT);\n");
        make_sqlite_db(db, "CREATE TABLE users (id INTEGER PRIMARY KEY); CREATE TABLE legacy_x (a); CREATE INDEX legacy_x_a ON legacy_x(a);"
                           "CREATE TABLE old_stuff (b);");
    }
    TempDir dir;
    std::string db = dir.file("live.db");
    std::string schema = dir.file("schema");
};

TEST_F(Features, TextReportGroupsFindingsByFeature) {
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema, "--color", "never"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    const std::string& out = result.out;
    const auto accounts = out.find("── Feature accounts · 2 findings: 1 high, 1 medium (fails at medium)");
    const auto billing = out.find("── Feature billing · 2 findings: 2 critical (fails at medium)");
    const auto reports = out.find("── Feature reports · 1 finding: 1 critical (fails at medium)");
    const auto none = out.find("── Not in any feature · 2 findings: 2 low");
    ASSERT_NE(accounts, std::string::npos) << out;
    ASSERT_NE(billing, std::string::npos) << out;
    ASSERT_NE(reports, std::string::npos) << out;
    ASSERT_NE(none, std::string::npos) << out;
    EXPECT_LT(accounts, billing);
    EXPECT_LT(billing, reports);
    EXPECT_LT(reports, none);
    // Each finding sits under its own feature.
    const auto users_email = out.find("users.email");
    EXPECT_TRUE(accounts < users_email && users_email < billing) << out;
    const auto report_runs = out.find("report_runs");
    EXPECT_TRUE(reports < report_runs && report_runs < none) << out;
    EXPECT_GT(out.find("table legacy_x"), none);
}

TEST_F(Features, JsonReportHasAFeaturePerFindingAndPerFeatureSummaries) {
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema, "--format", "json"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    const Json json = Json::parse(result.out);
    EXPECT_EQ(json["features"], Json::parse(R"([
      {"name": "accounts", "findings": 2, "severity_counts": {"critical": 0, "high": 1, "medium": 1, "low": 0, "info": 0}, "passes": false},
      {"name": "billing", "findings": 2, "severity_counts": {"critical": 2, "high": 0, "medium": 0, "low": 0, "info": 0}, "passes": false},
      {"name": "reports", "findings": 1, "severity_counts": {"critical": 1, "high": 0, "medium": 0, "low": 0, "info": 0}, "passes": false},
      {"name": null, "findings": 2, "severity_counts": {"critical": 0, "high": 0, "medium": 0, "low": 2, "info": 0}, "passes": true}
    ])")) << json["features"].dump(2);
    std::map<std::string, Json> feature_of;
    for (const auto& finding : json["findings"]) feature_of[finding["object"].get<std::string>()] = finding["feature"];
    EXPECT_EQ(feature_of.at("users.email"), "accounts");
    EXPECT_EQ(feature_of.at("idx_users_email"), "accounts");
    EXPECT_EQ(feature_of.at("invoices"), "billing");
    EXPECT_EQ(feature_of.at("unpaid"), "billing");
    EXPECT_EQ(feature_of.at("report_runs"), "reports");
    EXPECT_EQ(feature_of.at("legacy_x"), nullptr);
    EXPECT_EQ(json["scope"], Json::parse(R"({"features": [], "included": [], "ignore": []})"));
}

TEST_F(Features, FeatureScopedAuditIncludesTheForeignKeyParentAndNamesIt) {
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema, "--feature", "billing", "--format", "json"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    const Json json = Json::parse(result.out);
    EXPECT_EQ(json["scope"]["features"], Json::parse(R"(["billing"])"));
    EXPECT_EQ(json["scope"]["included"], Json::parse(R"json([{"kind": "table", "name": "users", "feature": "accounts",
                                                         "reason": "table invoices references it (foreign key user_id)"}])json"));
    std::vector<std::string> objects;
    for (const auto& finding : json["findings"]) objects.push_back(finding["object"]);
    std::sort(objects.begin(), objects.end());
    // report_runs (another feature) and the extra tables are left out; the parent's drift is in.
    EXPECT_EQ(objects, (std::vector<std::string>{"idx_users_email", "invoices", "unpaid", "users.email"}));
    EXPECT_EQ(json["summary"]["tables"]["expected"], 2);
    EXPECT_EQ(json["summary"]["tables"]["extra"], 0);

    const auto text = run_dbaudit({"audit", "--db", db, "--schema", schema, "--feature", "billing", "--color", "never"});
    EXPECT_TRUE(contains(text.out, "Scope: feature billing and what it depends on; other objects, and objects only the database has, are left out\n"
                                   "  included: table users (feature accounts) because table invoices references it (foreign key user_id)\n"))
        << text.out;
}

TEST_F(Features, UnknownFeatureIsBadInputListingTheKnownOnes) {
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema, "--feature", "biling"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err, "dbaudit: error: unknown feature 'biling' (features: accounts, billing, reports)\n");
    EXPECT_TRUE(result.out.empty());
}

TEST_F(Features, MarkerWithoutNameIsBadInputWithFileLineColumn) {
    const std::string bad = dir.write("bad/one.sql", "CREATE TABLE a(x);\n-- dbaudit:feature\n");
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", bad});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_TRUE(result.err.rfind("dbaudit: error: " + bad + ":2:1: '-- dbaudit:feature' needs one feature name", 0) == 0) << result.err;
}

TEST_F(Features, InFileMarkersMakeFeaturesOfOneFile) {
    const std::string file = dir.write("single.sql",
                                       "CREATE TABLE shared (id INTEGER PRIMARY KEY);\n"
                                       "-- dbaudit:feature email\n"
                                       "CREATE TABLE email_accounts (id INTEGER PRIMARY KEY, shared_id INTEGER REFERENCES shared(id));\n"
                                       "-- dbaudit:feature crm\n"
                                       "CREATE TABLE leads (id INTEGER PRIMARY KEY);\n");
    const std::string empty_db = dir.file("empty.db");
    make_sqlite_db(empty_db, "CREATE TABLE leads (id INTEGER PRIMARY KEY);");
    const auto result = run_dbaudit({"audit", "--db", empty_db, "--schema", file, "--format", "json"});
    const Json json = Json::parse(result.out);
    EXPECT_EQ(json["features"].size(), 3u) << json["features"].dump();
    EXPECT_EQ(json["features"][0]["name"], "email");
    EXPECT_EQ(json["features"][0]["findings"], 1);
    EXPECT_EQ(json["features"][1]["name"], "crm");
    EXPECT_EQ(json["features"][1]["findings"], 0);
    EXPECT_EQ(json["features"][2]["name"], nullptr);  // `shared` is written before the first marker
    const auto scoped = run_dbaudit({"audit", "--db", empty_db, "--schema", file, "--feature", "email", "--color", "never"});
    EXPECT_TRUE(contains(scoped.out, "included: table shared (no feature) because table email_accounts references it (foreign key shared_id)"))
        << scoped.out;
}

TEST_F(Features, FeatureScopedPlanAndApplyCreateTheParentAndLeaveEverythingElse) {
    const auto plan = run_dbaudit({"plan", "--db", db, "--schema", schema, "--feature", "billing"});
    EXPECT_EQ(plan.exit_code, 0) << plan.err;
    EXPECT_TRUE(contains(plan.out, "-- scope: feature billing and what it depends on; nothing else is created, changed or dropped\n"
                                   "-- included: table users (feature accounts): included because table invoices references it (foreign key user_id)\n"))
        << plan.out;
    EXPECT_TRUE(contains(plan.out, "CREATE TABLE invoices"));
    EXPECT_TRUE(contains(plan.out, "ALTER TABLE users ADD COLUMN email"));
    EXPECT_FALSE(contains(plan.out, "report_runs"));
    EXPECT_FALSE(contains(plan.out, "DROP TABLE"));

    const auto apply = run_dbaudit({"apply", "--db", db, "--schema", schema, "--feature", "billing", "--yes", "--no-backup", "--allow-destructive"});
    EXPECT_EQ(apply.exit_code, 0) << apply.err << apply.out;
    EXPECT_TRUE(contains(apply.out, "-- included: table users (feature accounts)")) << apply.out;
    EXPECT_EQ(query_column(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"),
              (std::vector<std::string>{"invoices", "legacy_x", "old_stuff", "users"}));  // extras kept, other features untouched
    const auto after = run_dbaudit({"audit", "--db", db, "--schema", schema, "--feature", "billing", "--color", "never"});
    EXPECT_EQ(after.exit_code, 0) << after.out;
    EXPECT_TRUE(contains(after.out, "In sync: the database matches the expected schema.")) << after.out;
    const auto again = run_dbaudit({"plan", "--db", db, "--schema", schema, "--feature", "billing"});
    EXPECT_TRUE(contains(again.out, "-- nothing to run: the database matches the expected schema")) << again.out;
}

TEST_F(Features, IgnoreRemovesObjectsOnBothSidesFromFindingsAndPlans) {
    // Expected side: report_runs is ignored, so it is not missing. Live side: legacy_x (with its
    // index) and old_stuff are ignored, so they are not extra and never dropped.
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema, "--ignore", "report_*", "--ignore", "LEGACY_?",
                                     "--ignore", "old_stuf[f]", "--format", "json"});
    const Json json = Json::parse(result.out);
    for (const auto& finding : json["findings"]) {
        const std::string object = finding["object"];
        EXPECT_FALSE(contains(object, "report_runs") || contains(object, "legacy_x") || contains(object, "old_stuff")) << object;
    }
    EXPECT_EQ(json["findings"].size(), 4u) << json["findings"].dump(2);
    EXPECT_EQ(json["summary"]["tables"]["extra"], 0);
    EXPECT_EQ(json["summary"]["tables"]["expected"], 2);
    EXPECT_EQ(json["scope"]["ignore"], Json::parse(R"(["report_*", "LEGACY_?", "old_stuf[f]"])"));

    const auto plan = run_dbaudit({"plan", "--db", db, "--schema", schema, "--ignore", "report_*", "--ignore", "legacy_*",
                                   "--ignore", "old_*", "--allow-destructive"});
    EXPECT_EQ(plan.exit_code, 0) << plan.err;
    EXPECT_TRUE(contains(plan.out, "-- ignoring: report_*, legacy_*, old_*\n")) << plan.out;
    // Only the fingerprint of the live schema (which covers all of it) still names them.
    std::string steps = plan.out.substr(0, plan.out.find("-- dbaudit:live-objects"));
    EXPECT_FALSE(contains(steps, "legacy_x") || contains(steps, "old_stuff") || contains(steps, "report_runs")) << plan.out;
    EXPECT_FALSE(contains(steps, "DROP")) << plan.out;
    const auto unscoped = run_dbaudit({"plan", "--db", db, "--schema", schema, "--allow-destructive"});
    EXPECT_TRUE(contains(unscoped.out, "DROP TABLE legacy_x")) << unscoped.out;  // the control: without --ignore it would go
}

// dbaudit.toml: found from a subfolder upward; paths relative to the file; flags override it.
TEST_F(Features, ConfigFileFoundUpwardAndOverriddenByFlags) {
    dir.write("dbaudit.toml",
              "database_url = \"live.db\"\n"
              "schema = \"schema\"\n"
              "fail_on = \"critical\"\n"
              "ignore = [\"legacy_*\", \"old_*\"]\n"
              "format = \"json\"\n"
              "[severity]\n"
              "missing_table = \"low\"\n"
              "missing_view = \"low\"\n");
    dir.write("sub/deeper/.keep", "");
    const auto result = run_dbaudit_in(dir.file("sub/deeper"), {"audit"});
    EXPECT_EQ(result.exit_code, 0) << result.err;  // nothing critical once missing tables are low
    const Json json = Json::parse(result.out);
    EXPECT_EQ(json["fail_on"], "critical");
    EXPECT_EQ(json["severity_counts"], Json::parse(R"({"critical": 0, "high": 1, "medium": 1, "low": 3, "info": 0})"));
    EXPECT_EQ(json["summary"]["tables"]["extra"], 0);

    // Flags win: format, fail-on and the database; --ignore adds to the file's patterns.
    const std::string other = dir.file("other.db");
    make_sqlite_db(other, "CREATE TABLE legacy_y (a); CREATE TABLE keep_me (a);");
    const auto flagged = run_dbaudit_in(dir.file("sub/deeper"), {"audit", "--db", other, "--fail-on", "low", "--format", "text",
                                                                 "--color", "never", "--ignore", "keep_*"});
    EXPECT_EQ(flagged.exit_code, 1);
    EXPECT_TRUE(contains(flagged.out, "dbaudit audit · sqlite · " + other)) << flagged.out;
    EXPECT_TRUE(contains(flagged.out, "ignoring: legacy_*, old_*, keep_*")) << flagged.out;
    EXPECT_FALSE(contains(flagged.out, "legacy_y") || contains(flagged.out, "keep_me")) << flagged.out;

    // format = "markdown" in a file named with --config.
    const std::string markdown = dir.write("md.toml", "database_url = \"live.db\"\nschema = \"schema\"\nformat = \"markdown\"\n");
    const auto md = run_dbaudit({"audit", "--config", markdown});
    EXPECT_EQ(md.exit_code, 1) << md.err;
    EXPECT_TRUE(md.out.rfind("# ", 0) == 0 && contains(md.out, "\n## Findings by feature\n")) << md.out;

    // --config names another file; its errors carry file:line:col and exit 2.
    const std::string bad = dir.write("bad.toml", "schema = \"schema\"\nfail_on = 3\n");
    const auto broken = run_dbaudit_in(dir.file("sub"), {"audit", "--config", bad});
    EXPECT_EQ(broken.exit_code, 2);
    EXPECT_EQ(broken.err, "dbaudit: error: " + bad + ":2:11: 'fail_on' must be a string, not an integer\n");
    const std::string unknown = dir.write("unknown.toml", "schema = \"schema\"\n\nfail-on = \"low\"\n");
    const auto typo = run_dbaudit({"audit", "--config", unknown});
    EXPECT_EQ(typo.exit_code, 2);
    EXPECT_TRUE(typo.err.rfind("dbaudit: error: " + unknown + ":3:1: unknown key 'fail-on' (keys: ", 0) == 0) << typo.err;
}

TEST_F(Features, DatabaseFromTheVariableTheConfigNames) {
    dir.write("proj/dbaudit.toml", "database_url_env = \"APP_DATABASE\"\nschema = [\"../schema\"]\n");
    const auto unset = run_dbaudit_in(dir.file("proj"), {"audit"});
    EXPECT_EQ(unset.exit_code, 2);
    EXPECT_EQ(unset.err, "dbaudit: error: dbaudit.toml:1:20: database_url_env names $APP_DATABASE, which is not set\n");
    const auto set = run_dbaudit_in(dir.file("proj"), {"audit", "--format", "json"}, {"APP_DATABASE=" + db});
    EXPECT_EQ(set.exit_code, 1) << set.err;
    EXPECT_EQ(Json::parse(set.out)["target"], db);
}

TEST_F(Features, MarkdownReportHasTheFeatureTableAndTheScope) {
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema, "--feature", "billing", "--ignore", "legacy_*",
                                     "--format", "markdown"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_TRUE(contains(result.out,
                         "## Findings by feature\n\n"
                         "Scope: feature `billing` and what it depends on; other objects, and objects only the database has, are left out.\n\n"
                         "- included: table `users` (feature `accounts`) because table invoices references it (foreign key user\\_id)\n\n"
                         "Ignored (in no finding and no plan): `legacy_*`.\n\n"
                         "| Feature | Findings | Critical | High | Medium | Low | Info | Result |\n"
                         "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n"
                         "| `accounts` | 2 | 0 | 1 | 1 | 0 | 0 | fails |\n"
                         "| `billing` | 2 | 2 | 0 | 0 | 0 | 0 | fails |\n"))
        << result.out;
    // The fix in the report is the scoped plan: nothing outside the scope is dropped.
    EXPECT_FALSE(contains(result.out, "DROP TABLE")) << result.out;
    EXPECT_TRUE(contains(result.out, "CREATE TABLE invoices")) << result.out;
}

// check-code takes --db, --schema and --dev-url from dbaudit.toml too.
TEST_F(Features, CheckCodeReadsTheDatabaseAndSchemaFromTheConfig) {
    dir.write("dbaudit.toml", "database_url = \"live.db\"\nschema = \"schema\"\n");
    dir.write("app/queries.py", "rows = db.execute(\"SELECT id, total FROM invoices\")\n");
    const auto result = run_dbaudit_in(dir.path().string(), {"check-code", "app", "--against", "both", "--format", "json"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    const Json json = Json::parse(result.out);
    ASSERT_EQ(json["statements"].size(), 1u) << result.out;
    EXPECT_EQ(json["statements"][0]["classification"], "fails_only_live") << json["statements"][0].dump(2);
}

TEST(Init, WritesAStarterFileThatAuditReadsAndRefusesToOverwrite) {
    TempDir dir;
    const auto first = run_dbaudit_in(dir.path().string(), {"init"});
    EXPECT_EQ(first.exit_code, 0) << first.err;
    EXPECT_EQ(first.out, "dbaudit: wrote dbaudit.toml: uncomment the keys you need (flags on the command line override them)\n");
    const std::string text = read_bytes(dir.file("dbaudit.toml"));
    EXPECT_TRUE(contains(text, "# database_url = \"sqlite:app.db\"\n"));
    EXPECT_TRUE(contains(text, "[severity]\n# extra_table = \"info\"\n"));

    const auto second = run_dbaudit_in(dir.path().string(), {"init"});
    EXPECT_EQ(second.exit_code, 2);
    EXPECT_EQ(second.err, "dbaudit: error: dbaudit.toml already exists; nothing was written\ndbaudit: hint: pass --force to overwrite it\n");
    dir.write("dbaudit.toml", "schema = \"s.sql\"\n");
    EXPECT_EQ(run_dbaudit_in(dir.path().string(), {"init", "--force"}).exit_code, 0);
    EXPECT_EQ(read_bytes(dir.file("dbaudit.toml")), text);

    // The starter file, read by audit, changes nothing: flags give what it leaves commented out.
    dir.write("s.sql", "CREATE TABLE a (x INTEGER);\n");
    make_sqlite_db(dir.file("a.db"), "CREATE TABLE a (x INTEGER);");
    const auto audit = run_dbaudit_in(dir.path().string(), {"audit", "--db", "a.db", "--schema", "s.sql", "--color", "never"});
    EXPECT_EQ(audit.exit_code, 0) << audit.err;
    EXPECT_TRUE(contains(audit.out, "In sync")) << audit.out;
    const auto no_schema = run_dbaudit_in(dir.path().string(), {"audit", "--db", "a.db"});
    EXPECT_EQ(no_schema.exit_code, 2);
    EXPECT_TRUE(no_schema.err.rfind("dbaudit: error: no expected schema given\n", 0) == 0) << no_schema.err;
}

// A reviewed plan made for one feature is applied with the same scope; another scope is refused.
TEST_F(Features, ReviewedScopedPlanNeedsTheSameScope) {
    const std::string plan_file = dir.file("billing.sql");
    const auto plan = run_dbaudit({"plan", "--db", db, "--schema", schema, "--feature", "billing", "--output", plan_file});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    const auto other = run_dbaudit({"apply", "--db", db, "--schema", schema, "--plan", plan_file, "--yes", "--no-backup"});
    EXPECT_EQ(other.exit_code, 2);
    EXPECT_TRUE(other.err.rfind("dbaudit: error: the expected schema (" + schema + ") changed since " + plan_file + " was made", 0) == 0)
        << other.err;
    EXPECT_TRUE(contains(other.err, "a plan made with --feature or --ignore is applied with the same ones")) << other.err;
    const auto same = run_dbaudit({"apply", "--db", db, "--schema", schema, "--plan", plan_file, "--feature", "billing", "--yes", "--no-backup"});
    EXPECT_EQ(same.exit_code, 0) << same.err;
    EXPECT_EQ(query_column(db, "SELECT name FROM sqlite_schema WHERE type = 'view'"), (std::vector<std::string>{"unpaid"}));
}

}  // namespace
}  // namespace dbaudit::testing
