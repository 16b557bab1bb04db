// The result of an audit as plain data: every renderer (text, JSON, ...) is a pure function of it.
#pragma once

#include <array>
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

struct AuditInputs {
    std::string engine;
    std::string target;                     // safe to print
    std::vector<std::string> schema_files;  // as given
    diff::Severity fail_on = diff::Severity::medium;
    std::string command = "audit";  // "diff": the target is FROM and the schema is TO
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

    // True when no finding reaches the failing severity.
    bool passes() const;
    int exit_code() const { return passes() ? 0 : 1; }
};

AuditReport build_audit_report(const model::Catalog& expected, const model::Catalog& live, const diff::ChangeSet& changes,
                               AuditInputs inputs);

}  // namespace dbaudit::report
