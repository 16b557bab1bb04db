// The audit as a GitHub-flavoured Markdown document to paste into a ticket (docs/markdown-report.md).
#pragma once

#include <string>

namespace dbaudit::report {

struct MarkdownReport;

std::string render_markdown(const MarkdownReport& report);

}  // namespace dbaudit::report
