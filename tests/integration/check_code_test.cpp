// check-code end to end on the multi-language fixture app (tests/fixtures/check_code_app) against
// the seed-000 databases: production.sql as live, examples/bot/schema as expected.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>

#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

class CheckCode : public ::testing::Test {
protected:
    void SetUp() override { make_sqlite_db(production, read_bytes(source_path("examples/bot/production.sql"))); }

    // The report's file names relative to the fixture app.
    std::string relative(const std::string& file) const {
        return file.rfind(app + "/", 0) == 0 ? file.substr(app.size() + 1) : file;
    }
    std::string place(const Json& entry) const {
        return relative(entry["file"].get<std::string>()) + ":" + std::to_string(entry["line"].get<int>()) + ":" +
               std::to_string(entry["column"].get<int>());
    }
    Json run_json(std::vector<std::string> args, int expected_exit = 1) {
        args.insert(args.begin(), {"check-code", app});
        args.insert(args.end(), {"--format", "json"});
        const auto result = run_dbaudit(args);
        EXPECT_EQ(result.exit_code, expected_exit) << result.err;
        EXPECT_EQ(result.err, "");
        return Json::parse(result.out);
    }

    TempDir dir;
    std::string production = dir.file("production.db");
    std::string schema = source_path("examples/bot/schema");
    std::string app = source_path("tests/fixtures/check_code_app");
};

TEST_F(CheckCode, BothSidesClassifyEveryStatementAtItsExactPlace) {
    const Json report = run_json({"--db", production, "--schema", schema, "--against", "both"});
    std::map<std::string, std::string> classes;
    for (const auto& s : report["statements"]) classes[place(s)] = s["classification"];
    const std::map<std::string, std::string> expected{
        {"bot/database/db.py:14:14", "fails_only_live"},      // leads.area is not in production
        {"bot/database/db.py:20:14", "ok"},
        {"bot/database/db.py:41:20", "fails_only_live"},      // add_spy_lead: no spy_leads in production
        {"bot/database/db.py:48:43", "ok"},                   // PRAGMA table_info(spy_leads)
        {"bot/database/db.py:51:38", "fails_only_live"},      // ALTER: already applied in the schema files
        {"bot/database/db.py:55:43", "fails_in_both"},        // SELECT nme
        {"bot/database/db.py:61:43", "fails_only_expected"},  // the legacy holidays table
        {"bot/handlers/admin.py:11:28", "ok"},                // %(status)s
        {"bot/handlers/admin.py:15:23", "fails_only_live"},   // content_plan.published_at
        {"bot/services/lead_hunter/hunter.py:10:46", "fails_only_live"},
        {"queries/reports.sql:4:1", "ok"},
        {"queries/reports.sql:7:1", "fails_only_expected"},
        {"reports/report.go:10:2", "ok"},
        {"reports/report.go:15:19", "fails_only_live"},
        {"reports/report.go:26:19", "fails_only_expected"},
        {"service/src/leads.ts:6:22", "ok"},
        {"service/src/leads.ts:11:14", "ok"},                 // sql`...${phone}`: a bound parameter
        {"service/src/leads.ts:15:22", "fails_in_both"},      // titel
        {"service/src/leads.ts:24:22", "fails_only_live"},    // the hot_leads view
    };
    EXPECT_EQ(classes, expected);

    std::map<std::string, std::string> dynamic;
    for (const auto& s : report["dynamic"]) dynamic[place(s)] = s["reason"];
    EXPECT_EQ(dynamic, (std::map<std::string, std::string>{
                           {"bot/database/db.py:65:44", "interpolates `{table}`"},
                           {"bot/database/db.py:69:34", "`%s` stands for a name, not a value"},
                           {"reports/report.go:21:34", "`%s` stands for a name, not a value"},
                           {"service/src/leads.ts:19:22", "interpolates `${table}`"},
                       }));

    std::map<std::string, std::string> stale;
    for (const auto& s : report["stale_imports"]) stale[place(s)] = s["module"].get<std::string>() + ": " + s["reason"].get<std::string>();
    EXPECT_EQ(stale, (std::map<std::string, std::string>{
                         {"bot/run_all.py:6:6", "services.chat_parser: bot/services/ has no chat_parser.py or chat_parser/"},
                         {"service/src/leads.ts:3:25",
                          "./legacy/notify: no file service/src/legacy/notify (with .ts, .tsx, .js, ... or /index)"},
                     }));

    EXPECT_EQ(report["no_code_references"], Json::array({"news"}));
    EXPECT_EQ(report["summary"]["statements"], 23);
    EXPECT_EQ(report["summary"]["checked"], 19);
    EXPECT_EQ(report["summary"]["dynamic"], 4);
    EXPECT_EQ(report["summary"]["fails_only_live"], 7);
    EXPECT_EQ(report["summary"]["fails_in_both"], 2);
    EXPECT_EQ(report["summary"]["fails_only_expected"], 3);
    EXPECT_EQ(report["severity_counts"]["high"], 7 + 2 + 2);
    EXPECT_EQ(report["severity_counts"]["medium"], 3);
    EXPECT_EQ(report["passes"], false);
}

TEST_F(CheckCode, Seed000AddSpyLeadFailsOnlyLive) {
    const Json report = run_json({"--db", production, "--schema", schema, "--against", "both"});
    const Json* insert = nullptr;
    for (const auto& s : report["statements"])
        if (place(s) == "bot/database/db.py:41:20") insert = &s;
    ASSERT_NE(insert, nullptr);
    EXPECT_EQ((*insert)["keyword"], "INSERT");
    EXPECT_EQ((*insert)["classification"], "fails_only_live");
    EXPECT_EQ((*insert)["severity"], "high");
    EXPECT_EQ((*insert)["live"]["status"], "failed");
    EXPECT_EQ((*insert)["live"]["message"], "no such table: spy_leads");
    EXPECT_EQ((*insert)["expected"]["status"], "ok");
    EXPECT_EQ((*insert)["expected"]["message"], nullptr);
    ASSERT_EQ((*insert)["touches"].size(), 1u);
    EXPECT_EQ((*insert)["touches"][0]["table"], "spy_leads");
    EXPECT_EQ((*insert)["touches"][0]["kind"], "insert");
    EXPECT_EQ((*insert)["touches"][0]["columns"],
              Json::array({"author_id", "pain_stage", "priority_score", "profile_url", "source_name", "source_type", "text", "url",
                           "username"}));
    EXPECT_EQ((*insert)["excerpt"].get<std::string>().rfind("INSERT INTO spy_leads (source_type, source_name, author_id", 0), 0u);
}

// The seed's own words: production has spy_leads, but without the columns add_spy_lead writes.
TEST_F(CheckCode, Seed000SpyLeadsWithoutTheNewColumns) {
    make_sqlite_db(production,
                   "CREATE TABLE spy_leads (id INTEGER PRIMARY KEY AUTOINCREMENT, source_type TEXT NOT NULL, source_name TEXT NOT NULL,"
                   " author_id TEXT, username TEXT, profile_url TEXT, text TEXT, url TEXT NOT NULL,"
                   " created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP);");
    const Json report = run_json({"--db", production, "--schema", schema, "--against", "both"});
    std::map<std::string, std::string> live_messages;
    for (const auto& s : report["statements"])
        if (s["classification"] == "fails_only_live") live_messages[place(s)] = s["live"]["message"];
    EXPECT_EQ(live_messages["bot/database/db.py:41:20"], "table spy_leads has no column named pain_stage");
    // The migration that adds pain_stage prepares against live, and is already applied in the schema files.
    bool alter_ok = false;
    for (const auto& s : report["statements"])
        if (place(s) == "bot/database/db.py:51:38") alter_ok = s["classification"] == "ok" && s["live"]["status"] == "ok";
    EXPECT_TRUE(alter_ok);
}

TEST_F(CheckCode, ErrorsPointAtTheEngineOffsetInTheSource) {
    const Json report = run_json({"--db", production, "--schema", schema, "--against", "both"});
    for (const auto& s : report["statements"]) {
        if (place(s) == "bot/database/db.py:55:43") {
            EXPECT_EQ(s["live"]["message"], "no such table: users");
            EXPECT_EQ(s["expected"]["message"], "no such column: nme");
            EXPECT_EQ(s["expected"]["error_at"], (Json{{"line", 55}, {"column", 50}}));
        }
        if (place(s) == "service/src/leads.ts:15:22") {
            EXPECT_EQ(s["live"]["error_at"], (Json{{"line", 15}, {"column", 33}}));
        }
    }
}

TEST_F(CheckCode, UsageMapNamesEveryReaderAndWriter) {
    const Json report = run_json({"--db", production, "--schema", schema, "--against", "both"});
    std::map<std::string, Json> tables;
    for (const auto& t : report["tables"]) tables[t["name"]] = t;
    ASSERT_TRUE(tables.count("leads"));
    std::vector<std::string> leads;
    for (const auto& r : tables["leads"]["references"]) leads.push_back(place(r) + " " + r["kind"].get<std::string>());
    EXPECT_EQ(leads, (std::vector<std::string>{"bot/database/db.py:14:14 insert", "bot/database/db.py:20:14 read",
                                               "queries/reports.sql:4:1 read", "reports/report.go:10:2 read",
                                               "service/src/leads.ts:6:22 read", "service/src/leads.ts:11:14 read"}));
    // Reading the view reaches spy_leads through it.
    bool via_view = false;
    for (const auto& r : tables["spy_leads"]["references"])
        if (r["via"] == "hot_leads" && place(r) == "service/src/leads.ts:24:22") via_view = true;
    EXPECT_TRUE(via_view);
    EXPECT_EQ(tables["news"]["no_code_references"], true);
    EXPECT_EQ(tables["news"]["in_live"], true);
    EXPECT_EQ(tables["news"]["in_expected"], false);
    // users is named only by a statement no schema could prepare: not called unreferenced.
    EXPECT_EQ(tables["users"]["no_code_references"], false);
    EXPECT_EQ(tables["users"]["references"].size(), 0u);
    EXPECT_EQ(place(tables["users"]["unchecked_mentions"][0]), "bot/database/db.py:55:43");
}

TEST_F(CheckCode, LiveOnlyAndExpectedOnly) {
    const Json live = run_json({"--db", production});
    std::set<std::string> live_classes;
    for (const auto& s : live["statements"]) live_classes.insert(s["classification"]);
    EXPECT_EQ(live_classes, (std::set<std::string>{"ok", "fails_live"}));
    EXPECT_EQ(live["against"], "live");
    EXPECT_EQ(live["schema"], Json::array());
    EXPECT_EQ(live["summary"]["fails_live"], 9);

    const Json expected = run_json({"--schema", schema, "--against", "expected"});
    EXPECT_EQ(expected["live"], nullptr);
    EXPECT_EQ(expected["summary"]["fails_expected"], 5);
    EXPECT_EQ(expected["no_code_references"],
              Json::array({"bot_settings", "clients_birthdays", "content_history", "dialog_history", "sales_conversations",
                           "sales_templates", "target_resources", "user_states"}));
}

TEST_F(CheckCode, TextReport) {
    const auto result = run_dbaudit({"check-code", app, "--db", production, "--schema", schema, "--against", "both"});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const std::string& out = result.out;
    EXPECT_NE(out.find("11 files read, 23 SQL statements found: 19 checked, 4 dynamic\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\nFails only live: the database lags the code (7)\n"), std::string::npos) << out;
    EXPECT_NE(out.find("  HIGH   " + app + "/bot/database/db.py:41:20\n"
                       "         INSERT INTO spy_leads (source_type, source_name, author_id, username, profile_url, text, url, pai...\n"
                       "         live: no such table: spy_leads\n"
                       "         touches spy_leads (insert: author_id, pain_stage, priority_score, profile_url, source_name, "
                       "source_type, text, url, username)\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("         expected: no such column: nme (at 55:50)\n"), std::string::npos) << out;
    EXPECT_NE(out.find("  HIGH   " + app + "/bot/database/db.py:51:38\n"
                       "         ALTER TABLE spy_leads ADD COLUMN pain_stage TEXT\n"
                       "         live: no such table: spy_leads\n"
                       "         expected: already applied (duplicate column name: pain_stage)\n"),
              std::string::npos)
        << out;
    EXPECT_NE(out.find("  " + app + "/bot/database/db.py:65:44  interpolates `{table}`\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\nNo code references (1): news\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\nFails: 12 failing statements, 2 stale imports; 11 high, 3 medium (failing at medium and above).\n"),
              std::string::npos)
        << out;
}

TEST_F(CheckCode, SarifForCodeScanning) {
    const auto result = run_dbaudit({"check-code", app, "--db", production, "--schema", schema, "--against", "both", "--format", "sarif"});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const Json sarif = Json::parse(result.out);
    EXPECT_EQ(sarif["version"], "2.1.0");
    EXPECT_EQ(sarif["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    const Json& run = sarif["runs"][0];
    EXPECT_EQ(run["tool"]["driver"]["name"], "dbaudit");
    EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
    EXPECT_EQ(run["results"].size(), 12u + 2u);
    std::set<std::string> rule_ids;
    for (const auto& rule : run["tool"]["driver"]["rules"]) rule_ids.insert(rule["id"]);
    const Json* insert = nullptr;
    for (const auto& r : run["results"]) {
        EXPECT_TRUE(rule_ids.count(r["ruleId"])) << r["ruleId"];
        EXPECT_EQ(run["tool"]["driver"]["rules"][r["ruleIndex"].get<int>()]["id"], r["ruleId"]);
        EXPECT_FALSE(r["partialFingerprints"].empty());
        const auto& location = r["locations"][0]["physicalLocation"];
        if (location["artifactLocation"]["uri"] == "file://" + app + "/bot/database/db.py" && location["region"]["startLine"] == 41)
            insert = &r;
    }
    ASSERT_NE(insert, nullptr);
    EXPECT_EQ((*insert)["ruleId"], "DBA1001");
    EXPECT_EQ((*insert)["level"], "error");
    EXPECT_EQ((*insert)["locations"][0]["physicalLocation"]["region"]["startColumn"], 20);
    EXPECT_EQ((*insert)["message"]["text"],
              "INSERT statement: live: no such table: spy_leads (Fails only live: the database lags the code)");
}

TEST_F(CheckCode, ExitCodes) {
    // Only 'fails only expected' (medium) and nothing high would pass at --fail-on high; here high exists.
    EXPECT_EQ(run_dbaudit({"check-code", app, "--db", production, "--fail-on", "critical"}).exit_code, 0);
    auto missing_schema = run_dbaudit({"check-code", app, "--db", production, "--against", "both"});
    EXPECT_EQ(missing_schema.exit_code, 2);
    EXPECT_EQ(missing_schema.err,
              "dbaudit: error: --against both needs --schema\n"
              "dbaudit: hint: name the expected schema: --schema schema/ (a .sql file or a folder of them)\n");
    auto missing_path = run_dbaudit({"check-code", dir.file("nowhere"), "--db", production});
    EXPECT_EQ(missing_path.exit_code, 2);
    EXPECT_EQ(missing_path.err, "dbaudit: error: source path " + dir.file("nowhere") + " does not exist\n");
    auto missing_db = run_dbaudit({"check-code", app, "--db", dir.file("none.db")});
    EXPECT_EQ(missing_db.exit_code, 3);
    EXPECT_EQ(missing_db.err.rfind("dbaudit: error: database file " + dir.file("none.db") + " does not exist\n", 0), 0u);
    const std::string bad_schema = dir.write("bad.sql", "CREATE TABLE a (x);\nCREATE INDEX i ON a(nope);\n");
    auto schema_error = run_dbaudit({"check-code", app, "--schema", bad_schema, "--against", "expected"});
    EXPECT_EQ(schema_error.exit_code, 2);
    EXPECT_EQ(schema_error.err, "dbaudit: error: " + bad_schema + ":2:21: no such column: nope\n");
    auto no_db = run_dbaudit({"check-code", app});
    EXPECT_EQ(no_db.exit_code, 2);
}

TEST_F(CheckCode, CleanCodePasses) {
    const std::string src = dir.write("clean/app.py", "def leads(db):\n    return db.execute('SELECT id, name FROM leads')\n");
    const auto result = run_dbaudit({"check-code", dir.file("clean"), "--db", production});
    EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
    EXPECT_NE(result.out.find("Passes: 0 failing statements, 0 stale imports (nothing at or above medium).\n"), std::string::npos)
        << result.out;
}

TEST_F(CheckCode, ExcludeAndSchemaFilesAreNotCode) {
    const Json report = run_json({"--db", production, "--exclude", "service", "--exclude", "*.go"});
    for (const auto& s : report["statements"]) {
        EXPECT_EQ(place(s).rfind("service/", 0), std::string::npos);
        EXPECT_EQ(place(s).find(".go:"), std::string::npos);
    }
    EXPECT_EQ(report["summary"]["statements"], 23 - 5 - 4);
    // A schema folder inside the scanned tree is the expected schema, not application SQL.
    const auto result = run_dbaudit({"check-code", source_path("examples/bot"), "--schema", schema, "--against", "expected",
                                     "--format", "json"});
    const Json bot = Json::parse(result.out);
    EXPECT_EQ(bot["summary"]["statements"], 12u) << result.out;  // production.sql: BEGIN, 5 CREATE TABLE, 5 INSERT, COMMIT
    for (const auto& s : bot["statements"]) EXPECT_EQ(s["file"], source_path("examples/bot/production.sql"));
}

}  // namespace
}  // namespace dbaudit::testing
