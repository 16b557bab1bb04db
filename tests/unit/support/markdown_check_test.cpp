// The checkers the golden tests rely on: strict about the erDiagram subset, faithful to cmark-gfm.
#include "support/markdown_check.hpp"

#include <gtest/gtest.h>

namespace dbaudit::testing {
namespace {

TEST(ErDiagramChecker, AcceptsTheSubsetDbauditWrites) {
    EXPECT_EQ(check_er_diagram("erDiagram\n    %% users: MISSING TABLE\n    users {\n        INTEGER id PK \"MISSING TABLE\"\n"
                               "        DECIMAL(10_2) cost\n        INTEGER parent_id PK, FK\n    }\n    orders {\n    }\n"
                               "    users |o--o{ orders : \"user_id\"\n"),
              std::vector<std::string>{});
}

TEST(ErDiagramChecker, RejectsWhatTheSubsetExcludes) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"graph TD\n", "the first line must be erDiagram"},
        {"erDiagram\n  a {\n    INTEGER id\n", "an entity block is not closed"},
        {"erDiagram\n  a {\n  }\n  a ||--x{ a : \"x\"\n", "not an entity, attribute or relationship"},
        {"erDiagram\n  a {\n  }\n  a ||--o{ b : \"x\"\n", "relationship names undeclared entity b"},
        {"erDiagram\n  a {\n    DECIMAL(10, 2) cost\n  }\n", "not an attribute line"},
        {"erDiagram\n  a {\n    INTEGER pk\n  }\n", "an attribute name the lexer reads as a key"},
        {"erDiagram\n  a {\n    TEXT x \"say \"hi\"\"\n  }\n", "not an attribute line"},
        {"erDiagram\n  public.a {\n  }\n", "not an entity, attribute or relationship"},
    };
    for (const auto& [text, error] : cases) {
        const auto errors = check_er_diagram(text);
        ASSERT_FALSE(errors.empty()) << text;
        EXPECT_NE(errors[0].find(error), std::string::npos) << errors[0];
    }
}

TEST(MarkdownParser, ReadsHeadingsTablesAndCodeBlocks) {
    const auto md = parse_markdown("# T\n\n## A & B\n\n| x | y |\n| --- | --- |\n| 1 \\| 2 | `c` |\n\n```sql\nSELECT 1;\n```\n");
    ASSERT_EQ(md.headings.size(), 2u);
    EXPECT_EQ(md.headings[1].text, "A & B");
    ASSERT_EQ(md.tables.size(), 1u);
    EXPECT_EQ(md.tables[0].rows, (std::vector<std::vector<std::string>>{{"1 | 2", "c"}}));
    ASSERT_EQ(md.code_blocks.size(), 1u);
    EXPECT_EQ(md.code_blocks[0].info, "sql");
    EXPECT_EQ(md.code_blocks[0].text, "SELECT 1;\n");
}

}  // namespace
}  // namespace dbaudit::testing
