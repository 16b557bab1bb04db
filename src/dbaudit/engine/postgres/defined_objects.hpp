// Which object each CREATE statement of a PostgreSQL schema defines, read from its leading words,
// with unqualified names placed in the schema `SET search_path` chose (public by default).
#pragma once

#include <vector>

#include "dbaudit/engine/postgres/statement_splitter.hpp"
#include "dbaudit/model/object_source.hpp"

namespace dbaudit::engine::postgres {

std::vector<model::ObjectSource> defined_objects(const SplitSchema& split);

}  // namespace dbaudit::engine::postgres
