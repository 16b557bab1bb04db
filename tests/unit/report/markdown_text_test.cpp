#include "dbaudit/report/markdown_text.hpp"

#include <gtest/gtest.h>

namespace dbaudit::report::markdown {
namespace {

TEST(MarkdownText, EscapesWhatMarkdownWouldInterpret) {
    EXPECT_EQ(text("a_b *c* `d` [e](f) <g> x|y & ~z~ #1"), "a\\_b \\*c\\* \\`d\\` \\[e\\](f) \\<g\\> x\\|y \\& \\~z\\~ \\#1");
    EXPECT_EQ(text("two\nlines"), "two lines");
    EXPECT_EQ(text("back\\slash"), "back\\\\slash");
}

TEST(MarkdownText, CodeSpanFenceOutgrowsTheBackticksInside) {
    EXPECT_EQ(code("users"), "`users`");
    EXPECT_EQ(code("a`b"), "``a`b``");
    EXPECT_EQ(code("`quoted`"), "`` `quoted` ``");
    EXPECT_EQ(code(""), "` `");
}

TEST(MarkdownText, FencedBlockOutgrowsTheContentsFences) {
    EXPECT_EQ(fenced("SELECT 1;", "sql"), "```sql\nSELECT 1;\n```\n");
    EXPECT_EQ(fenced("x ``` y\n", "sql"), "````sql\nx ``` y\n````\n");
}

TEST(MarkdownText, TableCellsEscapePipesOnce) {
    EXPECT_EQ(table_row({"`a|b`", text("c|d"), ""}), "| `a\\|b` | c\\|d |   |\n");
    EXPECT_EQ(table_header({"Kind", "Count"}, {1}), "| Kind | Count |\n| --- | ---: |\n");
}

TEST(MarkdownText, AnchorsFollowGitHub) {
    EXPECT_EQ(anchor("Fix"), "fix");
    EXPECT_EQ(anchor("Missing tables"), "missing-tables");
}

TEST(MarkdownText, MermaidTokensStayInsideTheGrammar) {
    EXPECT_EQ(mermaid_name("public.users"), "public_users");
    EXPECT_EQ(mermaid_name("order items"), "order_items");
    EXPECT_EQ(mermaid_name("1st"), "_1st");
    EXPECT_EQ(mermaid_type("DECIMAL(10, 2)"), "DECIMAL(10_2)");
    EXPECT_EQ(mermaid_type("timestamp with time zone"), "timestamp_with_time_zone");
    EXPECT_EQ(mermaid_type("character varying(255)[]"), "character_varying(255)[]");
    EXPECT_EQ(mermaid_type("\"char\""), "char");
    EXPECT_EQ(mermaid_type(""), "ANY");
    EXPECT_EQ(mermaid_quoted("say \"hi\"\n"), "\"say 'hi' \"");
}

}  // namespace
}  // namespace dbaudit::report::markdown
