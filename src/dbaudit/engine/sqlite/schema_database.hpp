// One in-memory database that holds a whole expected schema, built in linear time, for preparing
// statements against it (check-code --against expected). Never executes anything against it.
#pragma once

#include "dbaudit/engine/sqlite/connection.hpp"

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::engine::sqlite {

// `catalog` must come from the inspector (load_expected_schema): its CREATE statements are
// SQLite's own, already accepted by SQLite. The result is query_only.
Connection build_schema_database(const model::Catalog& catalog);

}  // namespace dbaudit::engine::sqlite
