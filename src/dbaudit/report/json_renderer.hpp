// The machine-readable audit report; its format is documented in docs/json-report.md.
#pragma once

#include <string>

namespace dbaudit::report {

struct AuditReport;

constexpr int k_json_report_version = 1;

std::string render_json(const AuditReport& report);

}  // namespace dbaudit::report
