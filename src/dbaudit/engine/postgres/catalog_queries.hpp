// The set-based pg_catalog queries the inspector runs: a fixed number, however many objects the
// database holds, each with ORDER BY so the model is deterministic. pg_catalog, not
// information_schema, which hides rows the role has no privilege on.
#pragma once

#include <string>
#include <vector>

namespace dbaudit::engine::postgres {

enum class QueryKind { schemas, extensions, types, relations, columns, constraints, indexes, functions, triggers, policies, unsupported };

struct CatalogQuery {
    QueryKind kind;
    // When the role may not read what this query reads: essential queries fail the audit (exit 3);
    // the others become a "not visible" note for `object_kind` in the report.
    bool essential;
    const char* object_kind;
    std::string sql;
};

// The queries for a server of this version (PostgreSQL 12 or later), in the order the inspector
// reads them.
std::vector<CatalogQuery> catalog_queries(int server_version_num);

// How many catalog queries an inspection runs (sent in one round trip when nothing fails).
constexpr int k_catalog_query_count = 11;

// Settings that make the server render types, expressions and definitions identically on both
// sides: everything schema-qualified, dates and numbers in one style.
extern const char* const k_session_settings;

}  // namespace dbaudit::engine::postgres
