// SQLite's verification queries: sqlite_schema and the table-valued pragmas, for a person to run
// in the sqlite3 shell before and after applying a fix.
#pragma once

#include <vector>

#include "dbaudit/engine/verification.hpp"

namespace dbaudit::engine::sqlite {

std::vector<VerificationQuery> verification_queries(const VerificationRequest& request);

}  // namespace dbaudit::engine::sqlite
