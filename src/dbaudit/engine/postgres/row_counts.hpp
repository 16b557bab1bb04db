// Row counts of a few tables for a report, in at most two queries whatever their number: the
// planner's estimate (pg_class.reltuples) for large tables, count(*) for small ones. For the
// PostgreSQL LiveReader's count_rows (engine/migration.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dbaudit/engine/migration.hpp"

namespace dbaudit::engine::postgres {

class Connection;

// `tables` are qualified names ("public.old_contacts"). Exact when the table's estimate is at
// most `exact_limit` rows (or, never analyzed, it is at most 16 MB on disk); otherwise the
// estimate. A table with neither (never analyzed and large) or that does not exist is left out.
std::vector<RowCount> count_rows(Connection& connection, const std::vector<std::string>& tables, std::int64_t exact_limit);

}  // namespace dbaudit::engine::postgres
