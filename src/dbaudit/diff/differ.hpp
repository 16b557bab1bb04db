// Compares two catalogs of the same engine semantically (normalized values, never DDL text).
#pragma once

#include "dbaudit/diff/change.hpp"

namespace dbaudit::diff {

ChangeSet diff_catalogs(const model::Catalog& expected, const model::Catalog& live);

}  // namespace dbaudit::diff
