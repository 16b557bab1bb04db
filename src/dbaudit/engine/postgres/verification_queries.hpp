// PostgreSQL's verification queries: pg_catalog and information_schema, for a person to run in
// psql before and after applying a fix.
#pragma once

#include <vector>

#include "dbaudit/engine/verification.hpp"

namespace dbaudit::engine::postgres {

std::vector<VerificationQuery> verification_queries(const VerificationRequest& request);

}  // namespace dbaudit::engine::postgres
