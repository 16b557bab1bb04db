// check-code as SARIF 2.1.0, for code-scanning UIs (GitHub, GitLab, VS Code): one result per
// failing statement and per stale import, located at file:line:col.
#pragma once

#include <string>

namespace dbaudit::code_check {
struct CodeCheckReport;
}

namespace dbaudit::report {

std::string render_sarif(const code_check::CodeCheckReport& report);

}  // namespace dbaudit::report
