// Checks of a Markdown report by real parsers and strict grammars: cmark-gfm (GitHub's own
// CommonMark parser, with its table extension) turns the document into XML, read back here as a
// tree of headings, tables and code blocks; Mermaid erDiagram blocks are checked against the
// grammar subset dbaudit writes (no Mermaid parser runs offline without npm packages).
#pragma once

#include <string>
#include <vector>

namespace dbaudit::testing {

struct MarkdownHeading {
    int level = 0;
    std::string text;
};

struct MarkdownTable {
    std::vector<std::string> header;  // cell texts
    std::vector<std::vector<std::string>> rows;
};

struct MarkdownCodeBlock {
    std::string info;  // "sql", "mermaid"
    std::string text;
};

struct MarkdownStructure {
    std::vector<MarkdownHeading> headings;  // in document order
    std::vector<MarkdownTable> tables;
    std::vector<MarkdownCodeBlock> code_blocks;
    std::vector<std::string> html;  // raw HTML blocks or inlines (a report should have none)
};

// Parses `markdown` with `cmark-gfm -e table -t xml`; fails the calling test when that cannot run.
MarkdownStructure parse_markdown(const std::string& markdown);

// Errors ("line N: ...") in a Mermaid erDiagram: header, entity blocks with attribute lines
// `type name [PK|FK|UK[, ...]] ["comment"]`, `%%` comments, and relationship lines
// `A <card>--<card> B : "label"` between declared entities. Empty when it is valid.
std::vector<std::string> check_er_diagram(const std::string& text);

}  // namespace dbaudit::testing
