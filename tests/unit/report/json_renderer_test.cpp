#include "dbaudit/report/json_renderer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/engine/sqlite/expected_loader.hpp"
#include "dbaudit/report/audit_report.hpp"

namespace dbaudit::report {
namespace {

using Json = nlohmann::ordered_json;

model::Catalog catalog_from(const std::string& sql) {
    return engine::sqlite::load_expected_schema({engine::SchemaFile{"test.sql", sql}});
}

AuditReport report_for(const std::string& expected_sql, const std::string& live_sql,
                       diff::Severity fail_on = diff::Severity::medium) {
    const auto expected = catalog_from(expected_sql);
    const auto live = catalog_from(live_sql);
    return build_audit_report(expected, live, diff::diff_catalogs(expected, live),
                              AuditInputs{"sqlite", "app.db", {"schema/"}, fail_on});
}

std::vector<std::string> keys(const Json& object) {
    std::vector<std::string> out;
    for (const auto& item : object.items()) out.push_back(item.key());
    return out;
}

// The drifted scenario used below: `orders` and the view are missing, `users` lost `name` and
// gained `legacy`, and the database keeps an old table.
const std::string k_expected =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'anon', email TEXT);\n"
    "-- What people bought.\n"
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), total REAL);\n"
    "CREATE INDEX ix_orders_user ON orders (user_id);\n"
    "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;\n";
const std::string k_live =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, legacy TEXT);\n"
    "CREATE TABLE old_stuff (x INT, y INT);\n";

const std::string k_base_for_utf8 = "CREATE TABLE t (id INTEGER PRIMARY KEY, city TEXT DEFAULT 'Zurich');\n";

TEST(JsonRenderer, TopLevelKeysInTheDocumentedOrder) {
    const Json json = Json::parse(render_json(report_for(k_expected, k_live)));
    EXPECT_EQ(keys(json), (std::vector<std::string>{"schema_version", "tool", "engine", "target", "schema", "fail_on", "in_sync",
                                                    "passes", "exit_code", "server_version", "summary", "severity_counts", "missing", "extra",
                                                    "findings", "features", "scope"}));
    EXPECT_EQ(keys(json["summary"]),
              (std::vector<std::string>{"tables", "columns", "constraints", "indexes", "views", "triggers", "materialized_views",
                                        "functions", "sequences", "types", "extensions", "policies", "schemas"}));
    for (const auto& kind : json["summary"].items())
        EXPECT_EQ(keys(kind.value()), (std::vector<std::string>{"expected", "present", "missing", "extra", "changed", "unknown"})) << kind.key();
    EXPECT_EQ(keys(json["severity_counts"]), (std::vector<std::string>{"critical", "high", "medium", "low", "info"}));
    EXPECT_EQ(keys(json["missing"]), (std::vector<std::string>{"tables", "columns", "views", "triggers", "materialized_views", "functions", "sequences", "types", "extensions", "policies"}));
    EXPECT_EQ(keys(json["extra"]), (std::vector<std::string>{"tables"}));
    ASSERT_FALSE(json["findings"].empty());
    EXPECT_EQ(keys(json["findings"][0]),
              (std::vector<std::string>{"severity", "type", "kind", "table", "object", "expected", "live", "message", "feature"}));
    EXPECT_EQ(json["features"], Json::array());  // no features in a single file without markers
    EXPECT_EQ(json["scope"], Json::parse(R"({"features": [], "included": [], "ignore": []})"));
}

TEST(JsonRenderer, HeaderValues) {
    const std::string text = render_json(report_for(k_expected, k_live));
    ASSERT_FALSE(text.empty());
    EXPECT_EQ(text.back(), '\n');
    const Json json = Json::parse(text);
    EXPECT_EQ(json["schema_version"], k_json_report_version);
    EXPECT_EQ(json["schema_version"], 1);
    EXPECT_EQ(json["tool"], "dbaudit");
    EXPECT_EQ(json["engine"], "sqlite");
    EXPECT_EQ(json["target"], "app.db");
    EXPECT_EQ(json["schema"], Json::array({"schema/"}));
    EXPECT_EQ(json["fail_on"], "medium");
    EXPECT_EQ(json["in_sync"], false);
    EXPECT_EQ(json["passes"], false);
    EXPECT_EQ(json["exit_code"], 1);
}

TEST(JsonRenderer, SummaryAndSeverityCounts) {
    const Json json = Json::parse(render_json(report_for(k_expected, k_live)));
    Json expected_summary = Json::parse(R"json({
        "tables":      {"expected": 2, "present": 1, "missing": 1, "extra": 1, "changed": 0, "unknown": 0},
        "columns":     {"expected": 6, "present": 2, "missing": 4, "extra": 1, "changed": 0, "unknown": 0},
        "constraints": {"expected": 3, "present": 1, "missing": 2, "extra": 0, "changed": 0, "unknown": 0},
        "indexes":     {"expected": 1, "present": 0, "missing": 1, "extra": 0, "changed": 0, "unknown": 0},
        "views":       {"expected": 1, "present": 0, "missing": 1, "extra": 0, "changed": 0, "unknown": 0},
        "triggers":    {"expected": 0, "present": 0, "missing": 0, "extra": 0, "changed": 0, "unknown": 0}
    })json");
    // The PostgreSQL kinds are always present, at zero for SQLite, so consumers see one shape.
    for (const char* kind : {"materialized_views", "functions", "sequences", "types", "extensions", "policies", "schemas"})
        expected_summary[kind] = Json::parse(R"json({"expected": 0, "present": 0, "missing": 0, "extra": 0, "changed": 0, "unknown": 0})json");
    EXPECT_EQ(json["summary"], expected_summary) << json["summary"].dump(2);
    EXPECT_EQ(json["severity_counts"], Json::parse(R"json({"critical": 2, "high": 1, "medium": 1, "low": 2, "info": 0})json"));
    EXPECT_EQ(json["findings"].size(), 6u);
}

TEST(JsonRenderer, MissingAndExtraObjects) {
    const Json json = Json::parse(render_json(report_for(k_expected, k_live)));
    EXPECT_EQ(json["missing"]["tables"],
              Json::parse(R"json([{"name": "orders", "columns": 3, "purpose": "What people bought."}])json"));
    EXPECT_EQ(json["missing"]["columns"],
              Json::parse(R"json([{"table": "users", "column": "name", "type": "TEXT", "not_null": true, "default": "'anon'"}])json"));
    EXPECT_EQ(json["extra"]["tables"], Json::parse(R"json([{"name": "old_stuff", "columns": 2}])json"));
}

TEST(JsonRenderer, FindingsMostSevereFirstWithNullsForEmptyFields) {
    const Json json = Json::parse(render_json(report_for(k_expected, k_live)));
    const Json expected = Json::parse(R"json([
      {"severity": "critical", "type": "missing", "kind": "table", "table": null, "object": "orders",
       "expected": "3 columns", "live": null, "message": "table orders is missing", "feature": null},
      {"severity": "critical", "type": "missing", "kind": "view", "table": null, "object": "big_orders",
       "expected": "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100", "live": null,
       "message": "view big_orders is missing", "feature": null},
      {"severity": "high", "type": "missing", "kind": "column", "table": "users", "object": "users.name",
       "expected": "TEXT NOT NULL DEFAULT 'anon'", "live": null, "message": "column users.name is missing", "feature": null},
      {"severity": "medium", "type": "missing", "kind": "index", "table": "orders", "object": "ix_orders_user",
       "expected": "ON orders(user_id)", "live": null, "message": "index ix_orders_user is missing (its table is missing)", "feature": null},
      {"severity": "low", "type": "extra", "kind": "table", "table": null, "object": "old_stuff",
       "expected": null, "live": "2 columns", "message": "table old_stuff is not in the expected schema (legacy?)", "feature": null},
      {"severity": "low", "type": "extra", "kind": "column", "table": "users", "object": "users.legacy",
       "expected": null, "live": "TEXT", "message": "column users.legacy is not in the expected schema", "feature": null}
    ])json");
    EXPECT_EQ(json["findings"], expected) << json["findings"].dump(2);
}

TEST(JsonRenderer, InSyncReport) {
    const Json json = Json::parse(render_json(report_for(k_expected, k_expected)));
    EXPECT_EQ(json["in_sync"], true);
    EXPECT_EQ(json["passes"], true);
    EXPECT_EQ(json["exit_code"], 0);
    EXPECT_EQ(json["findings"], Json::array());
    EXPECT_EQ(json["missing"], Json::parse(R"json({"tables": [], "columns": [], "views": [], "triggers": [], "materialized_views": [],
                                                   "functions": [], "sequences": [], "types": [], "extensions": [], "policies": []})json"));
    EXPECT_EQ(json["extra"], Json::parse(R"json({"tables": []})json"));
    EXPECT_EQ(json["severity_counts"], Json::parse(R"json({"critical": 0, "high": 0, "medium": 0, "low": 0, "info": 0})json"));
    EXPECT_EQ(json["summary"]["tables"], Json::parse(R"json({"expected": 2, "present": 2, "missing": 0, "extra": 0, "changed": 0, "unknown": 0})json"));
    EXPECT_EQ(json["summary"]["views"], Json::parse(R"json({"expected": 1, "present": 1, "missing": 0, "extra": 0, "changed": 0, "unknown": 0})json"));
}

TEST(JsonRenderer, FailOnDecidesPassesAndExitCode) {
    // Only low findings: passes at medium, fails at low.
    const std::string live_with_extra = k_expected + "CREATE TABLE old_stuff (x INT);\n";
    struct Case {
        diff::Severity fail_on;
        bool passes;
    };
    for (const Case& c : std::vector<Case>{{diff::Severity::critical, true},
                                           {diff::Severity::high, true},
                                           {diff::Severity::medium, true},
                                           {diff::Severity::low, false},
                                           {diff::Severity::info, false}}) {
        const Json json = Json::parse(render_json(report_for(k_expected, live_with_extra, c.fail_on)));
        EXPECT_EQ(json["fail_on"], diff::to_string(c.fail_on));
        EXPECT_EQ(json["in_sync"], false);
        EXPECT_EQ(json["passes"], c.passes) << diff::to_string(c.fail_on);
        EXPECT_EQ(json["exit_code"], c.passes ? 0 : 1) << diff::to_string(c.fail_on);
    }
}

// SQLite stores names and strings as bytes; a legacy database may hold Latin-1 text in a DEFAULT.
// The JSON report must still be produced (invalid bytes replaced), not abort the audit.
TEST(JsonRenderer, InvalidUtf8InTheSchemaStillRenders) {
    const std::string latin1_default = "CREATE TABLE t (id INTEGER PRIMARY KEY, city TEXT DEFAULT 'Z\xfcrich');\n";
    const auto report = report_for(k_base_for_utf8, latin1_default);
    std::string text;
    ASSERT_NO_THROW(text = render_json(report));
    const Json json = Json::parse(text);
    ASSERT_EQ(json["findings"].size(), 1u);
    EXPECT_EQ(json["findings"][0]["object"], "t.city");
    EXPECT_EQ(json["findings"][0]["live"], "TEXT DEFAULT 'Z\xEF\xBF\xBDrich'") << "U+FFFD replaces the invalid byte";
}

TEST(JsonRenderer, ChangedObjectsAreCounted) {
    const Json json = Json::parse(render_json(report_for(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL, b INT CHECK (b > 0)) STRICT;\n"
        "CREATE INDEX ix ON t (a);\nCREATE VIEW v AS SELECT a FROM t;\n",
        "CREATE TABLE t (id INTEGER PRIMARY KEY, b INT, a TEXT);\n"
        "CREATE INDEX ix ON t (a DESC);\nCREATE VIEW v AS SELECT b FROM t;\n")));
    EXPECT_EQ(json["summary"]["tables"], Json::parse(R"json({"expected": 1, "present": 1, "missing": 0, "extra": 0, "changed": 1, "unknown": 0})json"));
    // Column order alone (info) is not a changed column; nullability is.
    EXPECT_EQ(json["summary"]["columns"], Json::parse(R"json({"expected": 3, "present": 3, "missing": 0, "extra": 0, "changed": 1, "unknown": 0})json"));
    EXPECT_EQ(json["summary"]["constraints"],
              Json::parse(R"json({"expected": 2, "present": 1, "missing": 1, "extra": 0, "changed": 0, "unknown": 0})json"));
    EXPECT_EQ(json["summary"]["indexes"], Json::parse(R"json({"expected": 1, "present": 1, "missing": 0, "extra": 0, "changed": 1, "unknown": 0})json"));
    EXPECT_EQ(json["summary"]["views"], Json::parse(R"json({"expected": 1, "present": 1, "missing": 0, "extra": 0, "changed": 1, "unknown": 0})json"));
    EXPECT_EQ(json["severity_counts"], Json::parse(R"json({"critical": 0, "high": 0, "medium": 5, "low": 0, "info": 1})json"));
}

}  // namespace
}  // namespace dbaudit::report
