// The terminal summary of an audit.
#pragma once

#include <string>

namespace dbaudit::report {

struct AuditReport;

enum class Color { never, always };

std::string render_text(const AuditReport& report, Color color);

}  // namespace dbaudit::report
