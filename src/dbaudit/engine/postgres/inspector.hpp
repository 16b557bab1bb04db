// Reads a PostgreSQL database's schema into the engine-neutral model: one REPEATABLE READ READ
// ONLY transaction, a fixed number of set-based pg_catalog queries (k_catalog_query_count) sent
// in one round trip. Used for the live database and for the shadow database alike.
#pragma once

#include <string>
#include <string_view>

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::engine::postgres {

class Connection;

// Inspects the database `connection` is connected to. Kinds the role may not read become
// privilege notes; a failure to read tables or columns throws util::ConnectionError (exit 3).
struct InspectStats {
    int catalog_queries = 0;  // pg_catalog queries run (k_catalog_query_count when nothing fails)
    int round_trips = 0;      // on both connections together
};
// With a `helper` connection to the same database, the largest query runs there at the same
// time, in the same snapshot (pg_export_snapshot), which nearly halves the wall time on big
// schemas. Called inside a transaction block, it reads inside that transaction (seeing its
// uncommitted changes) under a savepoint it rolls back to, and uses no helper.
model::Catalog inspect(Connection& connection, InspectStats* stats = nullptr, Connection* helper = nullptr);

// Normalizes a function body for comparison: comments dropped, whitespace runs outside string
// literals and quoted identifiers collapsed to one space, trimmed.
std::string normalize_body(std::string_view body);

}  // namespace dbaudit::engine::postgres
