// check-code against PostgreSQL: the PostgreSQL flavour of the fixture app
// (tests/postgres/check_code_app/app) checked against a live database built from live.sql and the
// expected schema in schema/ (loaded into a shadow database), with exact places, classes and
// PostgreSQL's own messages; nothing is ever written, and the password is never printed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <map>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/postgres/statement_checker.hpp"
#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Json = nlohmann::json;

class PgCheckCode : public ::testing::Test {
protected:
    void SetUp() override { live.exec(read_bytes(source_path("tests/postgres/check_code_app/live.sql"))); }

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
    const Json& statement_at(const Json& report, const std::string& where) const {
        for (const auto& s : report["statements"])
            if (place(s) == where) return s;
        ADD_FAILURE() << "no statement at " << where;
        static const Json none;
        return none;
    }
    long long count(const std::string& sql) {
        auto connection = live.connect();
        return connection.exec(sql).integer(0, 0);
    }

    PgDatabase live;
    std::string schema = source_path("tests/postgres/check_code_app/schema");
    std::string app = source_path("tests/postgres/check_code_app/app");
};

TEST_F(PgCheckCode, BothSidesClassifyEveryStatementAtItsExactPlace) {
    const Json report = run_json({"--db", live.url(), "--schema", schema, "--against", "both"});
    EXPECT_EQ(report["engine"], "postgresql");
    std::map<std::string, std::string> classes;
    for (const auto& s : report["statements"]) classes[place(s)] = s["classification"];
    const std::map<std::string, std::string> expected{
        {"bot/db.py:5:18", "fails_only_live"},       // leads.area is not in production
        {"bot/db.py:10:12", "fails_only_live"},      // seed 000: spy_leads without pain_stage
        {"bot/db.py:17:18", "ok"},                   // alias l., LIMIT %s
        {"bot/db.py:21:18", "fails_in_both"},        // SELECT nme
        {"bot/db.py:25:18", "fails_only_expected"},  // the legacy holidays table
        {"bot/db.py:29:18", "ok"},                   // ALTER: applies live, already applied in the schema files
        {"bot/db.py:33:18", "ok"},                   // an INSERT that prepares everywhere
        {"bot/db.py:37:18", "fails_in_both"},        // syntax error
        {"queries/reports.sql:4:1", "ok"},
        {"queries/reports.sql:7:1", "fails_only_expected"},
        {"reports/report.go:7:19", "fails_only_live"},   // content_plan.published_at
        {"reports/report.go:12:19", "ok"},               // UPDATE ... $1
        {"service/leads.ts:5:20", "ok"},                 // :city twice, :phone, city::text
        {"service/leads.ts:10:20", "fails_only_live"},  // the hot_leads view
    };
    EXPECT_EQ(classes, expected);
    std::map<std::string, std::string> dynamic;
    for (const auto& s : report["dynamic"]) dynamic[place(s)] = s["reason"];
    EXPECT_EQ(dynamic, (std::map<std::string, std::string>{{"bot/db.py:41:19", "interpolates `{table}`"}}));
    EXPECT_EQ(report["no_code_references"], Json::array({"news"}));
    EXPECT_EQ(report["stale_imports"], Json::array());
    EXPECT_EQ(report["summary"]["checked"], 14);
    EXPECT_EQ(report["summary"]["fails_only_live"], 4);
    EXPECT_EQ(report["summary"]["fails_in_both"], 2);
    EXPECT_EQ(report["summary"]["fails_only_expected"], 2);
    EXPECT_EQ(report["summary"]["ok"], 6);
}

TEST_F(PgCheckCode, PostgresMessagesAndErrorPositions) {
    const Json report = run_json({"--db", live.url(), "--schema", schema, "--against", "both"});
    const Json& spy = statement_at(report, "bot/db.py:10:12");
    EXPECT_EQ(spy["live"]["status"], "failed");
    EXPECT_EQ(spy["live"]["message"], "column \"pain_stage\" of relation \"spy_leads\" does not exist");
    EXPECT_EQ(spy["live"]["error_at"], (Json{{"line", 10}, {"column", 66}}));
    EXPECT_EQ(spy["expected"]["status"], "ok");
    ASSERT_EQ(spy["touches"].size(), 1u);
    EXPECT_EQ(spy["touches"][0]["table"], "spy_leads");
    EXPECT_EQ(spy["touches"][0]["kind"], "insert");
    EXPECT_EQ(spy["touches"][0]["columns"], Json::array({"pain_stage", "priority_score", "source_name", "source_type", "url"}));

    EXPECT_EQ(statement_at(report, "bot/db.py:5:18")["live"]["message"], "column \"area\" of relation \"leads\" does not exist");
    const Json& nme = statement_at(report, "bot/db.py:21:18");
    EXPECT_EQ(nme["live"]["message"], "relation \"users\" does not exist");
    EXPECT_EQ(nme["expected"]["message"], "column \"nme\" does not exist");
    EXPECT_EQ(nme["expected"]["error_at"], (Json{{"line", 21}, {"column", 25}}));
    EXPECT_EQ(statement_at(report, "bot/db.py:25:18")["expected"]["message"], "relation \"holidays\" does not exist");
    const Json& typo = statement_at(report, "bot/db.py:37:18");
    EXPECT_EQ(typo["live"]["message"], "syntax error at or near \"LIMT\"");
    EXPECT_EQ(typo["expected"]["message"], "syntax error at or near \"LIMT\"");
    EXPECT_EQ(typo["live"]["error_at"], (Json{{"line", 37}, {"column", 18 + 54}}));

    const Json& migration = statement_at(report, "bot/db.py:29:18");
    EXPECT_EQ(migration["live"]["status"], "ok");
    EXPECT_EQ(migration["expected"]["status"], "already_applied");
    EXPECT_EQ(migration["expected"]["message"], "column \"pain_stage\" of relation \"spy_leads\" already exists");

    // Reads resolved through the alias and the catalog.
    const Json& recent = statement_at(report, "bot/db.py:17:18");
    ASSERT_EQ(recent["touches"].size(), 1u);
    EXPECT_EQ(recent["touches"][0]["table"], "leads");
    EXPECT_EQ(recent["touches"][0]["kind"], "read");
    EXPECT_EQ(recent["touches"][0]["columns"], Json::array({"city", "created_at", "id", "name", "phone"}));
    const Json& update = statement_at(report, "reports/report.go:12:19");
    bool updates_status = false;
    for (const auto& t : update["touches"])
        if (t["kind"] == "update") updates_status = t["columns"] == Json::array({"status"});
    EXPECT_TRUE(updates_status) << update.dump();
}

TEST_F(PgCheckCode, NothingIsWritten) {
    const long long leads = count("SELECT count(*) FROM leads");
    const long long posts = count("SELECT count(*) FROM content_plan");
    const long long holidays = count("SELECT count(*) FROM holidays");
    const Json report = run_json({"--db", live.url(), "--schema", schema, "--against", "both"});
    EXPECT_EQ(statement_at(report, "bot/db.py:33:18")["live"]["status"], "ok");  // the INSERT prepared
    EXPECT_EQ(statement_at(report, "queries/reports.sql:7:1")["live"]["status"], "ok");  // the DELETE prepared
    EXPECT_EQ(count("SELECT count(*) FROM leads"), leads);
    EXPECT_EQ(count("SELECT count(*) FROM content_plan"), posts);
    EXPECT_EQ(count("SELECT count(*) FROM holidays"), holidays);
    EXPECT_EQ(count("SELECT count(*) FROM content_plan WHERE status = 'published'"), posts);  // the UPDATE never ran
    EXPECT_EQ(count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'spy_leads' AND column_name = 'pain_stage'"),
              0);  // the ALTER never ran
}

TEST_F(PgCheckCode, ExpectedOnlyOnADevUrlServer) {
    const Json report = run_json({"--dev-url", pg_dev_url(), "--schema", schema, "--against", "expected"});
    EXPECT_EQ(report["live"], nullptr);
    EXPECT_EQ(statement_at(report, "bot/db.py:10:12")["classification"], "ok");
    EXPECT_EQ(statement_at(report, "bot/db.py:25:18")["classification"], "fails_expected");
    EXPECT_EQ(statement_at(report, "service/leads.ts:10:20")["classification"], "ok");
}

TEST_F(PgCheckCode, LiveOnlyNeverPrintsThePassword) {
    const std::string password = "correct-horse-battery";
    const std::string url = "postgresql://dbaudit_pw_user:" + password + "@/" + live.name() + "?host=" + pg_host();
    for (const char* format : {"text", "json", "sarif"}) {
        const auto result = run_dbaudit({"check-code", app, "--db", url, "--format", format});
        EXPECT_EQ(result.exit_code, 1) << result.err;
        EXPECT_EQ(result.out.find(password), std::string::npos) << format;
        EXPECT_EQ(result.err.find(password), std::string::npos) << format;
        EXPECT_NE(result.out.find("spy_leads"), std::string::npos) << format;
    }
}

TEST_F(PgCheckCode, SyntaxErrorsNeedNoServerRoundTrip) {
    const engine::Target target = engine::parse_target(live.url());
    auto engine = engine::make_engine("postgresql");
    auto checker = engine->open_statement_checker({&target, nullptr});
    auto* pg = dynamic_cast<engine::postgres::PostgresStatementChecker*>(checker.get());
    ASSERT_NE(pg, nullptr);
    EXPECT_EQ(checker->parameter_style(), engine::ParameterStyle::postgresql);
    const int before = pg->round_trips();
    const std::string sql = "SELECT id FROM leads ORDER BY id LIMT 5";
    const auto check = checker->check(sql);
    EXPECT_EQ(check.status, engine::CheckStatus::failed);
    EXPECT_EQ(check.message, "syntax error at or near \"LIMT\"");
    EXPECT_EQ(check.error_offset, sql.find("LIMT"));
    EXPECT_EQ(pg->round_trips(), before);
    // DDL is never sent to the server either: its names are resolved against the catalog.
    EXPECT_EQ(checker->check("CREATE TABLE leads (id int)").status, engine::CheckStatus::already_applied);
    EXPECT_EQ(checker->check("DROP TABLE IF EXISTS users").status, engine::CheckStatus::ok);
    EXPECT_EQ(checker->check("DROP TABLE users").status, engine::CheckStatus::already_applied);
    EXPECT_EQ(checker->check("CREATE INDEX idx ON leads (nope)").message, "column \"nope\" does not exist");
    EXPECT_EQ(pg->round_trips(), before);
    // A statement that prepares costs one round trip, and leaves no transaction open.
    EXPECT_EQ(checker->check("SELECT id FROM leads WHERE city = $1").status, engine::CheckStatus::ok);
    EXPECT_EQ(pg->round_trips(), before + 1);
    // Two statements in one text are checked one by one; a failure in the second is placed there.
    const std::string two = "SELECT 1; SELECT nope FROM leads";
    const auto second = checker->check(two);
    EXPECT_EQ(second.message, "column \"nope\" does not exist");
    EXPECT_EQ(second.error_offset, two.find("nope"));
}

}  // namespace
}  // namespace dbaudit::testing
