// Reads a SQLite database's schema into the engine-neutral model in a fixed number of queries
// (three, however many tables), whether the database is the live target or an expected schema.
#pragma once

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::engine::sqlite {

class Connection;

// Appends the schema found through `connection` to `catalog`. Does not sort.
void inspect_into(Connection& connection, model::Catalog& catalog);

// The number of statements inspect_into runs, for the benchmark and the tests that guard it.
constexpr int k_inspector_query_count = 3;

}  // namespace dbaudit::engine::sqlite
