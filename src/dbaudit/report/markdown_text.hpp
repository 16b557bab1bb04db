// GitHub-flavoured Markdown text that stays what it says whatever a name contains: escaped
// plain text, code spans and fences sized to their content, table rows with `|` escaped, and
// Mermaid erDiagram tokens restricted to what its grammar accepts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::report::markdown {

// Plain inline text: Markdown's active characters backslash-escaped, line breaks as spaces.
std::string text(std::string_view raw);

// An inline code span; its backtick fence is longer than any run of backticks inside.
std::string code(std::string_view raw);

// A fenced code block with an info string ("sql", "mermaid"); the fence outgrows the content's.
std::string fenced(std::string_view content, std::string_view info);

// One table row from cells that are already Markdown; `|` inside a cell is escaped.
std::string table_row(const std::vector<std::string>& cells);
// The header row and the delimiter row; `right` holds the indexes of right-aligned columns.
std::string table_header(const std::vector<std::string>& cells, const std::vector<std::size_t>& right = {});

// A GitHub heading anchor for a heading text ("Missing tables" -> "missing-tables").
std::string anchor(std::string_view heading);

// Mermaid erDiagram tokens: an entity or attribute name ([A-Za-z_][A-Za-z0-9_]*), an attribute
// type ([A-Za-z_][A-Za-z0-9_()\[\]-]*) and a quoted comment or label (no double quote inside).
std::string mermaid_name(std::string_view raw);
std::string mermaid_type(std::string_view raw);
std::string mermaid_quoted(std::string_view raw);

}  // namespace dbaudit::report::markdown
