// The result of an audit as plain data: every renderer (text, JSON, ...) is a pure function of it.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dbaudit/diff/finding.hpp"

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::report {

// Expected / present / missing / extra / changed counts for one kind of object.
struct KindSummary {
    std::string kind;  // "tables", "columns", ...
    std::size_t expected = 0;
    std::size_t present = 0;
    std::size_t missing = 0;
    std::size_t extra = 0;
    std::size_t changed = 0;
    std::size_t unknown = 0;  // expected objects the auditing role could not see (not_visible)
};

// An expected object of a PostgreSQL kind that the database lacks (views, functions ...).
struct MissingObject {
    std::string kind;  // "views", "materialized_views", "functions", "extensions", ...
    std::string name;
    std::string version;     // extensions: the expected version
    bool available = false;  // extensions: the server offers it
};

struct MissingTable {
    std::string name;
    std::size_t columns = 0;
    std::string purpose;
};

struct MissingColumn {
    std::string table;
    std::string column;
    std::string type;
    bool not_null = false;
    std::string default_expr;  // empty = none
    bool has_default = false;
};

// A column both sides have, with a difference that matters (not only its position).
struct ChangedColumn {
    std::string table;
    std::string column;
    diff::Severity severity = diff::Severity::info;
    std::string expected_type, live_type;
    std::optional<std::string> expected_default, live_default;
    bool expected_not_null = false, live_not_null = false;
};

struct ExtraTable {
    std::string name;
    std::size_t columns = 0;
};

// An object outside the chosen features that came along because a chosen one needs it.
struct IncludedObject {
    std::string kind;     // "table", "view", "function" ...
    std::string name;
    std::string feature;  // its own feature; empty = none
    std::string reason;   // "table orders references it (foreign key user_id)"
};

// What the audit looked at: --feature and --ignore.
struct AuditScope {
    std::vector<std::string> features;        // chosen with --feature; empty = every feature
    std::vector<IncludedObject> included;     // dependencies from other features
    std::vector<std::string> ignore;          // --ignore patterns
};

struct AuditInputs {
    std::string engine;
    std::string target;                     // safe to print
    std::vector<std::string> schema_files;  // as given
    diff::Severity fail_on = diff::Severity::medium;
    std::vector<std::string> features;      // every feature the expected schema defines, in order
    AuditScope scope;
    // The feature of the object a finding is about (empty = none); unset when there are no features.
    std::function<std::string(const diff::Finding&)> feature_of;
    // Severity per finding kind (diff::severity_key), from the config file's [severity] table.
    std::map<std::string, diff::Severity> severity_overrides;
    std::string command = "audit";  // "diff": the target is FROM and the schema is TO
};

// The findings of one feature; `name` empty for objects of no feature (live-only objects).
struct FeatureSummary {
    std::string name;
    std::size_t findings = 0;
    std::array<std::size_t, 5> severity_counts{};  // indexed by diff::Severity
    bool passes = true;                            // nothing at or above fail_on
};

struct AuditReport {
    AuditInputs inputs;
    std::vector<KindSummary> summary;
    std::vector<MissingTable> missing_tables;
    std::vector<MissingColumn> missing_columns;
    std::vector<ChangedColumn> changed_columns;  // in findings order (most severe first)
    std::vector<ExtraTable> extra_tables;
    std::vector<MissingObject> missing_objects;  // by kind in summary order, then by name
    std::string live_server_version;             // PostgreSQL: "15.20"; empty for SQLite
    std::string expected_server_version;         // the shadow server's
    std::vector<diff::Finding> findings;  // most severe first, then in change order
    std::array<std::size_t, 5> severity_counts{};  // indexed by diff::Severity
    // With features: one per feature in inputs.features order (in scope only, with --feature),
    // then objects of no feature when there are findings about them.
    std::vector<FeatureSummary> features;

    // True when no finding reaches the failing severity.
    bool passes() const;
    int exit_code() const { return passes() ? 0 : 1; }
};

AuditReport build_audit_report(const model::Catalog& expected, const model::Catalog& live, const diff::ChangeSet& changes,
                               AuditInputs inputs);

}  // namespace dbaudit::report
