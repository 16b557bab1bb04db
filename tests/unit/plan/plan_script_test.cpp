#include "dbaudit/plan/plan_script.hpp"

#include <gtest/gtest.h>

#include "dbaudit/engine/sqlite/sqlite_dialect.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::plan {
namespace {

MigrationPlan sample_plan() {
    MigrationPlan plan;
    Step create;
    create.kind = StepKind::create_table;
    create.object = "a";
    create.sql = "CREATE TABLE a (x)";
    create.why = "table a is missing";
    plan.steps.push_back(create);
    Step trigger;
    trigger.kind = StepKind::create_trigger;
    trigger.sql = "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\nEND";
    trigger.why = "trigger t on a is missing";
    plan.steps.push_back(trigger);
    Step drop;
    drop.kind = StepKind::drop_table;
    drop.sql = "DROP TABLE legacy";
    drop.why = "table legacy is not in the expected schema (legacy?)";
    drop.hazards = {"drops table legacy and its 3 rows"};
    drop.destructive = true;
    drop.held = HoldReason::destructive;
    plan.steps.push_back(drop);
    plan.notes.push_back("a note\nthat had a newline");
    return plan;
}

ScriptHeader sample_header() {
    ScriptHeader header;
    header.engine = "sqlite";
    header.target = "app.db";
    header.schema = {"schema/"};
    header.live.overall = "0123456789abcdef";
    header.live.objects = {{"table", "legacy", "1111111111111111"}, {"table", "odd%name\nx", "2222222222222222"}};
    header.expected_fingerprint = "fedcba9876543210";
    return header;
}

TEST(PlanScript, RendersStepsCommentsAndHeldBackStepsCommentedOut) {
    const engine::sqlite::SqliteDialect dialect;
    const std::string script = render_plan_script(sample_plan(), dialect, sample_header());
    EXPECT_EQ(script,
              "-- dbaudit plan for app.db (sqlite) against schema/\n"
              "-- 2 steps to run in one transaction; 1 held back\n"
              "-- 1 destructive step held back (commented out below): pass --allow-destructive to include it\n"
              "-- dbaudit:plan-format 1\n"
              "-- dbaudit:engine sqlite\n"
              "-- dbaudit:allow-destructive no\n"
              "-- dbaudit:live-fingerprint 0123456789abcdef\n"
              "-- dbaudit:expected-fingerprint fedcba9876543210\n"
              "-- Apply exactly this file with: dbaudit apply --plan FILE (same --db and --schema); it refuses when the\n"
              "-- live schema no longer matches the fingerprint.\n"
              "-- note: a note that had a newline\n"
              "\n"
              "PRAGMA foreign_keys = OFF;  -- outside the transaction, where it takes effect\n"
              "BEGIN IMMEDIATE;\n"
              "\n"
              "-- [1/2] table a is missing\n"
              "CREATE TABLE a (x);\n"
              "\n"
              "-- [2/2] trigger t on a is missing\n"
              "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
              "  SELECT 1;\n"
              "END;\n"
              "\n"
              "-- [held back: destructive] table legacy is not in the expected schema (legacy?)\n"
              "--   hazard: drops table legacy and its 3 rows\n"
              "-- DROP TABLE legacy;\n"
              "\n"
              "PRAGMA foreign_key_check;  -- must return no rows (dbaudit apply checks this before COMMIT)\n"
              "COMMIT;\n"
              "PRAGMA foreign_keys = ON;\n"
              "\n"
              "-- dbaudit:live-objects the schema this plan was computed from\n"
              "-- dbaudit:object table 1111111111111111 legacy\n"
              "-- dbaudit:object table 2222222222222222 odd%25name%0Ax\n");
}

TEST(PlanScript, ParsesBackExactlyTheStatementsThatRun) {
    const engine::sqlite::SqliteDialect dialect;
    const PlanFile file = parse_plan_script(render_plan_script(sample_plan(), dialect, sample_header()), "plan.sql", dialect);
    EXPECT_EQ(file.engine, "sqlite");
    EXPECT_FALSE(file.allow_destructive);
    EXPECT_TRUE(file.has_fingerprint);
    EXPECT_EQ(file.live_fingerprint, "0123456789abcdef");
    EXPECT_EQ(file.expected_fingerprint, "fedcba9876543210");
    EXPECT_EQ(file.live_objects, sample_header().live.objects);
    EXPECT_EQ(file.statements, (std::vector<std::string>{"CREATE TABLE a (x)", "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  SELECT 1;\nEND"}));
}

TEST(PlanScript, EmptyPlanIsOnlyComments) {
    const engine::sqlite::SqliteDialect dialect;
    const std::string script = render_plan_script({}, dialect, sample_header());
    EXPECT_EQ(script,
              "-- dbaudit plan for app.db (sqlite) against schema/\n"
              "-- nothing to run: the database matches the expected schema\n"
              "-- dbaudit:plan-format 1\n"
              "-- dbaudit:engine sqlite\n"
              "-- dbaudit:allow-destructive no\n");
    EXPECT_TRUE(parse_plan_script(script, "p", dialect).statements.empty());
}

TEST(PlanScript, RejectsFilesThatAreNotPlans) {
    const engine::sqlite::SqliteDialect dialect;
    struct Case {
        std::string text;
        std::string message;
    };
    const std::vector<Case> cases = {
        {"CREATE TABLE a (x);", "p.sql is not a dbaudit plan (it has no '-- dbaudit:plan-format' line)"},
        {"-- dbaudit:plan-format 2\n", "p.sql is a dbaudit plan of format 2; this dbaudit reads format 1"},
        {"-- dbaudit:plan-format 1\nCREATE TABLE a (x);\n",
         "p.sql has statements but no '-- dbaudit:live-fingerprint' line, so it cannot be checked against the database"},
    };
    for (const Case& c : cases) {
        try {
            parse_plan_script(c.text, "p.sql", dialect);
            ADD_FAILURE() << "accepted: " << c.text;
        } catch (const util::InputError& e) {
            EXPECT_EQ(std::string(e.what()), c.message);
        }
    }
}

}  // namespace
}  // namespace dbaudit::plan
