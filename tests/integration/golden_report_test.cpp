// Golden reports of the seed-000 scenario (SQLite): text, JSON and Markdown compared with
// tests/golden/seed000/ (DBAUDIT_UPDATE_GOLDEN=1 rewrites them), the Markdown read back by
// cmark-gfm for its structure and its Mermaid block checked against the erDiagram grammar, and
// the report's own SQL run: its fix converges the database, its verification queries run.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/golden.hpp"
#include "support/markdown_check.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

class Seed000Golden : public ::testing::Test {
protected:
    void SetUp() override { make_sqlite_db(production, read_bytes(source_path("examples/bot/production.sql"))); }

    CommandResult audit(const std::string& db, const std::string& format) {
        return run_dbaudit({"audit", "--db", db, "--schema", schema, "--format", format, "--color", "never"});
    }
    // The temporary database path and the source tree differ between machines.
    std::string normalize(const std::string& text) {
        return normalized(text, {{production, "<db>"}, {source_path(""), ""}});
    }

    TempDir dir;
    std::string production = dir.file("production.db");
    std::string schema = source_path("examples/bot/schema");
};

std::vector<std::string> heading_texts(const MarkdownStructure& structure, int level) {
    std::vector<std::string> out;
    for (const auto& h : structure.headings)
        if (h.level == level) out.push_back(h.text);
    return out;
}

const MarkdownTable* table_with_header(const MarkdownStructure& structure, const std::vector<std::string>& header) {
    for (const auto& t : structure.tables)
        if (t.header == header) return &t;
    return nullptr;
}

const MarkdownCodeBlock* code_block(const MarkdownStructure& structure, const std::string& info, std::size_t nth = 0) {
    for (const auto& block : structure.code_blocks)
        if (block.info == info && nth-- == 0) return &block;
    return nullptr;
}

TEST_F(Seed000Golden, TextReport) {
    const auto result = audit(production, "text");
    ASSERT_EQ(result.exit_code, 1) << result.err;
    expect_golden("seed000/audit.txt", normalize(result.out));
}

TEST_F(Seed000Golden, JsonReport) {
    const auto result = audit(production, "json");
    ASSERT_EQ(result.exit_code, 1) << result.err;
    expect_golden("seed000/audit.json", normalize(result.out));
}

TEST_F(Seed000Golden, MarkdownReport) {
    const auto result = audit(production, "markdown");
    ASSERT_EQ(result.exit_code, 1) << result.err;
    expect_golden("seed000/audit.md", normalize(result.out));
}

TEST_F(Seed000Golden, MarkdownStructureByCmarkGfm) {
    const auto result = audit(production, "markdown");
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const MarkdownStructure md = parse_markdown(result.out);

    EXPECT_EQ(heading_texts(md, 1), std::vector<std::string>{"Database schema audit"});
    EXPECT_EQ(heading_texts(md, 2),
              (std::vector<std::string>{"Executive summary", "Objects by kind", "Missing tables", "Missing columns", "Legacy objects",
                                        "Other findings", "Severity summary", "Fix", "Verification queries",
                                        "Expected schema diagram"}));
    EXPECT_TRUE(md.html.empty()) << md.html.front();

    const MarkdownTable* kinds = table_with_header(md, {"Kind", "Expected", "Present", "Missing", "Extra", "Changed"});
    ASSERT_NE(kinds, nullptr);
    ASSERT_EQ(kinds->rows.size(), 6u);
    EXPECT_EQ(kinds->rows[0], (std::vector<std::string>{"Tables", "13", "2", "11", "3", "0"}));

    const MarkdownTable* missing_tables = table_with_header(md, {"Table", "Columns", "Purpose"});
    ASSERT_NE(missing_tables, nullptr);
    EXPECT_EQ(missing_tables->rows.size(), 11u);
    bool spy_leads = false;
    for (const auto& row : missing_tables->rows)
        if (row[0] == "spy_leads") {
            spy_leads = true;
            EXPECT_EQ(row[2], "Leads discovered by LeadHunter from Telegram/VK channels");
        }
    EXPECT_TRUE(spy_leads);

    const MarkdownTable* columns = table_with_header(md, {"Table", "Column", "Type", "Default", "Nullable"});
    ASSERT_NE(columns, nullptr);
    EXPECT_EQ(columns->rows.size(), 8u);
    EXPECT_EQ(columns->rows[0], (std::vector<std::string>{"content_plan", "channel", "TEXT", "'terion'", "yes"}));

    const MarkdownTable* legacy = table_with_header(md, {"Object", "Kind", "Columns", "Rows", "Severity"});
    ASSERT_NE(legacy, nullptr);
    ASSERT_EQ(legacy->rows.size(), 3u);
    EXPECT_EQ(legacy->rows[2], (std::vector<std::string>{"subscribers", "table", "5", "6", "low"}));

    const MarkdownTable* severities = table_with_header(md, {"Severity", "Findings", "What"});
    ASSERT_NE(severities, nullptr);
    ASSERT_EQ(severities->rows.size(), 5u);
    EXPECT_EQ(severities->rows[0], (std::vector<std::string>{"critical (fails)", "12", "11 missing tables, 1 missing view"}));

    const MarkdownCodeBlock* fix = code_block(md, "sql", 0);
    ASSERT_NE(fix, nullptr);
    EXPECT_NE(fix->text.find("CREATE TABLE spy_leads"), std::string::npos);
    EXPECT_NE(fix->text.find("ALTER TABLE content_plan ADD COLUMN channel TEXT DEFAULT 'terion';"), std::string::npos);
    EXPECT_NE(fix->text.find("-- DROP TABLE holidays;"), std::string::npos) << "destructive steps are held back";
    const MarkdownCodeBlock* verification = code_block(md, "sql", 1);
    ASSERT_NE(verification, nullptr);
    EXPECT_NE(verification->text.find("PRAGMA table_info(content_plan);"), std::string::npos);

    const MarkdownCodeBlock* diagram = code_block(md, "mermaid");
    ASSERT_NE(diagram, nullptr);
    EXPECT_EQ(check_er_diagram(diagram->text), std::vector<std::string>{});
    EXPECT_NE(diagram->text.find("TEXT channel \"MISSING\""), std::string::npos);
    EXPECT_NE(diagram->text.find("INTEGER id PK \"MISSING TABLE\""), std::string::npos);
    EXPECT_NE(diagram->text.find("users ||--o{ clients_birthdays : \"user_id\""), std::string::npos);
}

// The report's SQL is real: its fix, run by sqlite3 on a copy, leaves only the legacy tables,
// and its verification queries then return what their comments promise.
TEST_F(Seed000Golden, FixAndVerificationQueriesRun) {
    const auto result = audit(production, "markdown");
    ASSERT_EQ(result.exit_code, 1) << result.err;
    const MarkdownStructure md = parse_markdown(result.out);
    const MarkdownCodeBlock* fix = code_block(md, "sql", 0);
    const MarkdownCodeBlock* verification = code_block(md, "sql", 1);
    ASSERT_TRUE(fix && verification);

    const std::string fixed = dir.file("fixed.db");
    std::filesystem::copy_file(production, fixed);
    EXPECT_EQ(query_column(fixed, verification->text.substr(0, verification->text.find(';') + 1)).size(), 0u);
    make_sqlite_db(fixed, fix->text);
    EXPECT_EQ(query_column(fixed, verification->text.substr(0, verification->text.find(';') + 1)).size(), 11u);
    const auto after = run_dbaudit({"audit", "--db", fixed, "--schema", schema, "--format", "json"});
    EXPECT_EQ(after.exit_code, 0) << after.out;
    EXPECT_NE(after.out.find("\"low\": 3"), std::string::npos) << "only the three legacy tables remain";
    // Every verification query is valid SQLite (query_column fails the test otherwise).
    std::string statements_only;
    for (std::size_t start = 0, end; start < verification->text.size(); start = end + 1) {
        end = verification->text.find('\n', start);
        const std::string line = verification->text.substr(start, end - start);
        if (!line.starts_with("--")) statements_only += line + "\n";
    }
    std::size_t statements = 0;
    for (std::size_t start = 0, end; (end = statements_only.find(";\n", start)) != std::string::npos; start = end + 2) {
        query_column(fixed, statements_only.substr(start, end - start + 1));
        ++statements;
    }
    EXPECT_EQ(statements, 7u);
}

TEST_F(Seed000Golden, InSyncMarkdownSaysSo) {
    std::string ddl;
    for (const char* file : {"01_users.sql", "02_leads.sql", "03_content.sql", "04_sales.sql"}) ddl += read_bytes(schema + "/" + file) + "\n";
    const std::string synced = dir.file("synced.db");
    make_sqlite_db(synced, ddl);
    const auto result = audit(synced, "markdown");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    EXPECT_NE(result.out.find("is **in sync** with the expected schema"), std::string::npos) << result.out;
    const MarkdownStructure md = parse_markdown(result.out);
    EXPECT_EQ(heading_texts(md, 2), (std::vector<std::string>{"Executive summary", "Objects by kind", "Severity summary", "Fix",
                                                              "Verification queries", "Expected schema diagram"}));
    const MarkdownCodeBlock* diagram = code_block(md, "mermaid");
    ASSERT_NE(diagram, nullptr);
    EXPECT_EQ(check_er_diagram(diagram->text), std::vector<std::string>{});
    EXPECT_EQ(diagram->text.find("MISSING"), std::string::npos);
}

}  // namespace
}  // namespace dbaudit::testing

namespace dbaudit::testing {
namespace {

// A plan the data in place does not allow is part of the report, not a failed audit.
TEST(MarkdownReportFix, SaysWhyNoFixCanBePlanned) {
    TempDir dir;
    const std::string db = dir.file("live.db");
    make_sqlite_db(db, "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);");
    const std::string schema = dir.write("schema.sql", "CREATE TABLE t (id INTEGER PRIMARY KEY, n TEXT NOT NULL);\n");
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", schema, "--format", "markdown"});
    ASSERT_EQ(result.exit_code, 1) << result.err;
    EXPECT_TRUE(result.err.empty()) << result.err;
    const auto start = result.out.find("## Fix\n\ndbaudit cannot plan a fix: ");
    ASSERT_NE(start, std::string::npos) << result.out;
    const std::string sentence = result.out.substr(start, result.out.find('\n', start + 9) - start);
    EXPECT_NE(sentence.find("t.n"), std::string::npos) << sentence;
    EXPECT_EQ(parse_markdown(result.out).code_blocks.size(), 2u) << "verification queries and the diagram, no fix";
}

}  // namespace
}  // namespace dbaudit::testing
