// The terminal report of check-code: failing statements by class, dynamic statements, stale
// imports, the table usage map and the tables no code references.
#pragma once

#include <string>

#include "dbaudit/report/text_renderer.hpp"

namespace dbaudit::code_check {
struct CodeCheckReport;
}

namespace dbaudit::report {

std::string render_code_check_text(const code_check::CodeCheckReport& report, Color color);

}  // namespace dbaudit::report
