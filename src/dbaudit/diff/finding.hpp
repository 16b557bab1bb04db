// One reported difference with a severity: what reports show and what decides the exit code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/diff/change.hpp"

namespace dbaudit::diff {

enum class Severity { info = 0, low = 1, medium = 2, high = 3, critical = 4 };

// unsupported: seen but not compared yet; not_visible: the auditing role could not read the kind.
enum class FindingType { missing, extra, changed, unsupported, not_visible };

enum class ObjectKind {
    table, column, primary_key, unique, foreign_key, check, table_option, index, view, trigger,
    // PostgreSQL
    schema, extension, type, sequence, function, procedure, materialized_view, policy, exclusion, row_security,
    comment, server,
    // seen, not compared yet (FindingType::unsupported)
    collation, operator_, operator_class, operator_family, conversion, statistics, text_search_configuration,
    text_search_dictionary, text_search_parser, text_search_template, base_type, foreign_table, rule,
    event_trigger, cast, foreign_data_wrapper, foreign_server, language, access_method, transform, publication,
    default_privileges, aggregate, other
};

// The kind named by a word such as "collation" (the words to_string(ObjectKind) gives); other when unknown.
ObjectKind parse_object_kind(std::string_view word);

struct Finding {
    Severity severity = Severity::info;
    FindingType type = FindingType::missing;
    ObjectKind kind = ObjectKind::table;
    std::string table;     // the table the object belongs to (empty for tables and views)
    std::string object;    // display name: "leads", "leads.area", "idx_spy_leads_created"
    std::string expected;  // what the code expects, in words or SQL ("TEXT DEFAULT 'x'")
    std::string live;      // what the database has
    std::string message;   // one line a person reads
    std::string feature;   // the feature whose text defined the object; empty = none (set by the report)
};

const char* to_string(Severity severity);
const char* to_string(FindingType type);
const char* to_string(ObjectKind kind);
std::optional<Severity> parse_severity(std::string_view text);

// The name a severity override uses for a finding's kind: "missing_table", "extra_index",
// "changed_column" ...; "unsupported" and "not_visible" for those types whatever the kind.
std::string severity_key(const Finding& finding);
// True when `key` is a name severity_key can give.
bool valid_severity_key(std::string_view key);

// How a column reads in a report: "TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE".
std::string describe_column(const model::Column& column);

// Findings for a change set, in the change set's order.
std::vector<Finding> findings_for(const ChangeSet& changes);

}  // namespace dbaudit::diff
