#include "dbaudit/report/markdown_renderer.hpp"

#include <gtest/gtest.h>

#include <string>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/engine/sqlite/expected_loader.hpp"
#include "dbaudit/report/markdown_report.hpp"
#include "support/markdown_check.hpp"

namespace dbaudit::report {
namespace {

model::Catalog catalog_from(const std::string& sql) {
    return engine::sqlite::load_expected_schema({engine::SchemaFile{"test.sql", sql}});
}

MarkdownReport markdown_for(const std::string& expected_sql, const std::string& live_sql, const ErDiagramLimits& limits = {}) {
    const auto expected = catalog_from(expected_sql);
    const auto live = catalog_from(live_sql);
    MarkdownReport md;
    md.audit = build_audit_report(expected, live, diff::diff_catalogs(expected, live), AuditInputs{"sqlite", "app.db", {"schema/"}});
    md.diagram = build_er_diagram(expected, md.audit, limits);
    return md;
}

TEST(MarkdownRenderer, NamesWithPipesAndBackticksStayInTheirCells) {
    MarkdownReport md = markdown_for("-- Orders | returns, `legacy` *ones*\nCREATE TABLE \"a|b\" (\"x`y\" TEXT);\n",
                                     "CREATE TABLE other (id INTEGER);\n");
    const std::string out = render_markdown(md);
    const auto structure = testing::parse_markdown(out);
    bool found = false;
    for (const auto& table : structure.tables) {
        if (table.header != std::vector<std::string>{"Table", "Columns", "Purpose"}) continue;
        ASSERT_EQ(table.rows.size(), 1u);
        EXPECT_EQ(table.rows[0], (std::vector<std::string>{"a|b", "1", "Orders | returns, `legacy` *ones*"}));
        found = true;
    }
    EXPECT_TRUE(found) << out;
}

TEST(MarkdownRenderer, ChangedColumnsShowExpectedAndLive) {
    MarkdownReport md = markdown_for("CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT NOT NULL DEFAULT 'x');\n",
                                     "CREATE TABLE t (id INTEGER PRIMARY KEY, n BLOB);\n");
    const auto structure = testing::parse_markdown(render_markdown(md));
    bool found = false;
    for (const auto& table : structure.tables) {
        if (table.header != std::vector<std::string>{"Column", "Severity", "Type", "Default", "Nullable"}) continue;
        ASSERT_EQ(table.rows.size(), 1u);
        EXPECT_EQ(table.rows[0][0], "t.n");
        EXPECT_EQ(table.rows[0][2], "TEXT → BLOB");
        EXPECT_EQ(table.rows[0][3], "'x' → (none)");
        EXPECT_EQ(table.rows[0][4], "NOT NULL → yes");
        found = true;
    }
    EXPECT_TRUE(found);
}

TEST(MarkdownRenderer, FixSectionSaysWhyThereIsNone) {
    MarkdownReport md = markdown_for("CREATE TABLE t (id INTEGER);\n", "");
    md.fix.unavailable = "dbaudit cannot plan migrations for this engine yet";
    const std::string out = render_markdown(md);
    EXPECT_NE(out.find("## Fix\n\ndbaudit cannot plan migrations for this engine yet\n"), std::string::npos) << out;
    EXPECT_EQ(out.find("```sql"), std::string::npos);
}

TEST(MarkdownRenderer, HeldBackStepsAreCommentedOut) {
    MarkdownReport md = markdown_for("CREATE TABLE t (id INTEGER);\n", "CREATE TABLE t (id INTEGER);\nCREATE TABLE old (x);\n");
    md.fix.prologue = {"BEGIN"};
    md.fix.epilogue = {"COMMIT"};
    md.fix.steps = {{"table old is not in the expected schema", "DROP TABLE old", {"drops 3 rows"}, "destructive"}};
    const std::string out = render_markdown(md);
    EXPECT_NE(out.find("-- [held back: destructive] table old is not in the expected schema\n--   hazard: drops 3 rows\n-- DROP TABLE old;\n"),
              std::string::npos)
        << out;
}

// A schema above the full limit: only tables with findings and their foreign-key neighbours.
TEST(MarkdownRenderer, LargeDiagramKeepsFindingsAndNeighbours) {
    std::string expected = "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n"
                           "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));\n";
    std::string live = "CREATE TABLE parent (id INTEGER PRIMARY KEY);\n";
    for (int i = 0; i < 10; ++i) {
        const std::string table = "quiet_" + std::to_string(i) + " (id INTEGER PRIMARY KEY);\n";
        expected += "CREATE TABLE " + table;
        live += "CREATE TABLE " + table;
    }
    MarkdownReport md = markdown_for(expected, live, {5, 8});
    ASSERT_EQ(md.diagram.entities.size(), 2u);
    EXPECT_EQ(md.diagram.entities[0].name, "child");
    EXPECT_TRUE(md.diagram.entities[0].missing);
    EXPECT_EQ(md.diagram.entities[1].name, "parent");
    EXPECT_EQ(md.diagram.omitted.size(), 10u);
    const std::string out = render_markdown(md);
    EXPECT_NE(out.find("parent ||--o{ child : \"parent_id\""), std::string::npos) << out;
    EXPECT_NE(out.find("The schema has 12 tables, more than 5: the diagram shows only the tables with findings and their "
                       "foreign-key neighbours (at most 8). Left out: 10 tables: `quiet_0`"),
              std::string::npos)
        << out;
    const auto structure = testing::parse_markdown(out);
    for (const auto& block : structure.code_blocks)
        if (block.info == "mermaid") EXPECT_EQ(testing::check_er_diagram(block.text), std::vector<std::string>{});
}

TEST(MarkdownRenderer, AttributeNamedLikeAKeyMarkerIsRenamed) {
    MarkdownReport md = markdown_for("CREATE TABLE t (pk INTEGER PRIMARY KEY, uk TEXT);\n", "");
    const std::string out = render_markdown(md);
    EXPECT_NE(out.find("INTEGER pk_ PK"), std::string::npos) << out;
    EXPECT_NE(out.find("TEXT uk_ \"MISSING TABLE\""), std::string::npos) << out;
}

}  // namespace
}  // namespace dbaudit::report

namespace dbaudit::report {
namespace {

// Past the size GitHub renders, the diagram keeps keys and marked columns only, and says so.
TEST(MarkdownRenderer, OversizedDiagramIsDrawnCompact) {
    std::string expected;
    for (int t = 0; t < 40; ++t) {
        expected += "CREATE TABLE wide_" + std::to_string(t) + " (id INTEGER PRIMARY KEY";
        for (int c = 0; c < 40; ++c) expected += ", some_long_column_name_" + std::to_string(c) + " TEXT";
        expected += ");\n";
    }
    MarkdownReport md = markdown_for(expected, "CREATE TABLE wide_0 (id INTEGER PRIMARY KEY);\n");
    const std::string out = render_markdown(md);
    EXPECT_NE(out.find("The full diagram would pass the size GitHub renders"), std::string::npos);
    const auto structure = testing::parse_markdown(out);
    bool found = false;
    for (const auto& block : structure.code_blocks) {
        if (block.info != "mermaid") continue;
        found = true;
        EXPECT_LT(block.text.size(), 50'000u);
        EXPECT_EQ(testing::check_er_diagram(block.text), std::vector<std::string>{});
        EXPECT_NE(block.text.find("TEXT some_long_column_name_0 \"MISSING\""), std::string::npos) << "marked columns of present tables stay";
        EXPECT_EQ(block.text.find("TEXT some_long_column_name_0 \"MISSING TABLE\""), std::string::npos);
        EXPECT_NE(block.text.find("INTEGER id PK \"MISSING TABLE\""), std::string::npos) << "keys stay";
    }
    EXPECT_TRUE(found);
}

}  // namespace
}  // namespace dbaudit::report
