// The JSON report of check-code (docs/check-code-report.md): fixed key order, deterministic.
#pragma once

#include <string>

namespace dbaudit::code_check {
struct CodeCheckReport;
}

namespace dbaudit::report {

inline constexpr int k_code_check_json_version = 1;

std::string render_code_check_json(const code_check::CodeCheckReport& report);

}  // namespace dbaudit::report
