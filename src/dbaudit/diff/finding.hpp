// One reported difference with a severity: what reports show and what decides the exit code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/diff/change.hpp"

namespace dbaudit::diff {

enum class Severity { info = 0, low = 1, medium = 2, high = 3, critical = 4 };

enum class FindingType { missing, extra, changed };

enum class ObjectKind { table, column, primary_key, unique, foreign_key, check, table_option, index, view, trigger };

struct Finding {
    Severity severity = Severity::info;
    FindingType type = FindingType::missing;
    ObjectKind kind = ObjectKind::table;
    std::string table;     // the table the object belongs to (empty for tables and views)
    std::string object;    // display name: "leads", "leads.area", "idx_spy_leads_created"
    std::string expected;  // what the code expects, in words or SQL ("TEXT DEFAULT 'x'")
    std::string live;      // what the database has
    std::string message;   // one line a person reads
};

const char* to_string(Severity severity);
const char* to_string(FindingType type);
const char* to_string(ObjectKind kind);
std::optional<Severity> parse_severity(std::string_view text);

// How a column reads in a report: "TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE".
std::string describe_column(const model::Column& column);

// Findings for a change set, in the change set's order.
std::vector<Finding> findings_for(const ChangeSet& changes);

}  // namespace dbaudit::diff
