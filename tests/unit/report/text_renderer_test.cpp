#include "dbaudit/report/text_renderer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/engine/sqlite/expected_loader.hpp"
#include "dbaudit/report/audit_report.hpp"

namespace dbaudit::report {
namespace {

model::Catalog catalog_from(const std::string& sql) {
    return engine::sqlite::load_expected_schema({engine::SchemaFile{"test.sql", sql}});
}

AuditReport report_for(const std::string& expected_sql, const std::string& live_sql,
                       std::vector<std::string> schema_files = {"schema/"}, diff::Severity fail_on = diff::Severity::medium) {
    const auto expected = catalog_from(expected_sql);
    const auto live = catalog_from(live_sql);
    return build_audit_report(expected, live, diff::diff_catalogs(expected, live),
                              AuditInputs{"sqlite", "app.db", std::move(schema_files), fail_on});
}

std::size_t occurrences(const std::string& text, const std::string& needle) {
    std::size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
    return count;
}

const std::string k_expected =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL DEFAULT 'anon', email TEXT, age INT);\n"
    "-- What people bought.\n"
    "CREATE TABLE orders (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id), total REAL);\n"
    "CREATE INDEX ix_orders_user ON orders (user_id);\n"
    "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 100;\n";
// No extra columns here: see ExtraColumnIsListedOnce for those.
const std::string k_live =
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT, age TEXT);\n"
    "CREATE TABLE old_stuff (x INT, y INT);\n";

TEST(TextRenderer, WholeReportWithoutColour) {
    const std::string text = render_text(report_for(k_expected, k_live), Color::never);
    const std::string expected =
        "dbaudit audit · sqlite · app.db\n"
        "expected schema: schema/\n"
        "\n"
        "Tables: 1 / 2 (1 extra) · Columns: 3 / 7 (1 changed) · Constraints: 1 / 3 · Indexes: 0 / 1 · Views: 0 / 1\n"
        "(present / expected)\n"
        "\n"
        "Missing tables (1)\n"
        "  CRITICAL orders  What people bought.\n"
        "\n"
        "Missing columns (1)\n"
        "  HIGH     users.name  TEXT NOT NULL DEFAULT 'anon'\n"
        "\n"
        "Changed columns (1)\n"
        "  HIGH     users.age  expected INT, live TEXT\n"
        "\n"
        "Missing views (1)\n"
        "  CRITICAL big_orders\n"
        "\n"
        "Other differences (1)\n"
        "  MEDIUM   index ix_orders_user is missing (its table is missing)\n"
        "\n"
        "Not in the expected schema (legacy?) (1)\n"
        "  LOW      table old_stuff\n"
        "\n"
        "Drift: 2 critical, 2 high, 1 medium, 1 low, 0 info (failing at medium and above).\n";
    EXPECT_EQ(text, expected);
}

TEST(TextRenderer, SummaryLineAndSections) {
    const std::string text = render_text(report_for(k_expected, k_live), Color::never);
    EXPECT_NE(text.find("Tables: 1 / 2"), std::string::npos);
    for (const char* section : {"Missing tables (1)", "Missing columns (1)", "Changed columns (1)", "Missing views (1)", "Other differences (1)",
                                "Not in the expected schema (legacy?) (1)"})
        EXPECT_EQ(occurrences(text, section), 1u) << section;
    EXPECT_EQ(text.find("Triggers:"), std::string::npos) << "kinds with nothing expected and nothing extra are left out";
}

TEST(TextRenderer, InSync) {
    const std::string text = render_text(report_for(k_expected, k_expected), Color::never);
    EXPECT_NE(text.find("Tables: 2 / 2 · Columns: 7 / 7 · Constraints: 3 / 3 · Indexes: 1 / 1 · Views: 1 / 1\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("Missing"), std::string::npos);
    EXPECT_EQ(text.find("Other differences"), std::string::npos);
    EXPECT_TRUE(text.ends_with("\nIn sync: the database matches the expected schema.\n")) << text;
}

TEST(TextRenderer, EmptySchemasOnBothSides) {
    const std::string text = render_text(report_for("", ""), Color::never);
    EXPECT_NE(text.find("No objects in either schema.\n"), std::string::npos) << text;
}

TEST(TextRenderer, PassesBelowTheFailingSeverity) {
    const std::string text = render_text(report_for(k_expected, k_expected + "CREATE TABLE old_stuff (x INT);\n"), Color::never);
    EXPECT_TRUE(text.ends_with("\nPasses: 0 critical, 0 high, 0 medium, 1 low, 0 info (nothing at or above medium).\n")) << text;
}

TEST(TextRenderer, SchemaFilesLine) {
    EXPECT_NE(render_text(report_for("", "", {"a.sql"}), Color::never).find("expected schema: a.sql\n"), std::string::npos);
    EXPECT_NE(render_text(report_for("", "", {"a.sql", "b.sql", "c.sql"}), Color::never).find("expected schema: 3 files\n"),
              std::string::npos);
}

TEST(TextRenderer, ColourEscapesOnlyWithColorAlways) {
    const auto drift = report_for(k_expected, k_live);
    const auto in_sync = report_for(k_expected, k_expected);
    EXPECT_EQ(render_text(drift, Color::never).find('\033'), std::string::npos);
    EXPECT_EQ(render_text(in_sync, Color::never).find('\033'), std::string::npos);

    const std::string coloured = render_text(drift, Color::always);
    EXPECT_NE(coloured.find("\033[1mdbaudit audit\033[0m"), std::string::npos);
    EXPECT_NE(coloured.find("\033[1;31mCRITICAL\033[0m"), std::string::npos);
    EXPECT_NE(coloured.find("\033[31mHIGH    \033[0m"), std::string::npos);
    EXPECT_NE(coloured.find("\033[33mMEDIUM  \033[0m"), std::string::npos);
    EXPECT_NE(coloured.find("\033[36mLOW     \033[0m"), std::string::npos);
    EXPECT_NE(coloured.find("\033[1mMissing tables (1)\033[0m"), std::string::npos);
    EXPECT_NE(coloured.find("\033[1;31mDrift\033[0m"), std::string::npos);
    EXPECT_NE(render_text(in_sync, Color::always).find("\033[1;32mIn sync\033[0m"), std::string::npos);
}

TEST(TextRenderer, InfoOnlyReportPasses) {
    const std::string text = render_text(report_for("CREATE TABLE t (a INT, b INT);", "CREATE TABLE t (b INT, a INT);"),
                                         Color::never);
    EXPECT_EQ(text.find("Changed columns"), std::string::npos) << "column order is not a changed column";
    EXPECT_NE(text.find("  INFO     columns of t are in another order (no migration needed): expected (a, b), live (b, a)\n"),
              std::string::npos)
        << text;
    EXPECT_TRUE(text.ends_with("\nPasses: 0 critical, 0 high, 0 medium, 0 low, 1 info (nothing at or above medium).\n")) << text;
}

// An extra nullable column is legacy: it is listed once, under "Not in the expected schema".
TEST(TextRenderer, ExtraColumnIsListedOnce) {
    const std::string text = render_text(report_for("CREATE TABLE t (id INTEGER PRIMARY KEY);",
                                                    "CREATE TABLE t (id INTEGER PRIMARY KEY, legacy TEXT);"),
                                         Color::never);
    EXPECT_EQ(occurrences(text, "t.legacy"), 1u) << text;
    EXPECT_NE(text.find("Not in the expected schema (legacy?) (1)\n  LOW      column t.legacy\n"), std::string::npos) << text;
    EXPECT_EQ(text.find("Other differences"), std::string::npos) << text;
}

// An extra NOT NULL column without a default breaks inserts: it is a difference, not legacy.
TEST(TextRenderer, BlockingExtraColumnIsAnOtherDifference) {
    const std::string text = render_text(report_for("CREATE TABLE t (id INTEGER PRIMARY KEY);",
                                                    "CREATE TABLE t (id INTEGER PRIMARY KEY, req TEXT NOT NULL);"),
                                         Color::never);
    EXPECT_NE(text.find("Other differences (1)\n  MEDIUM   column t.req is not in the expected schema; it is NOT NULL "
                        "without a default, so inserts that omit it fail\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find("legacy?"), std::string::npos) << text;
}

}  // namespace
}  // namespace dbaudit::report
