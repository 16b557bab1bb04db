// `-- dbaudit:renamed-from OLD` annotations in PostgreSQL schema files: found around each CREATE
// TABLE statement exactly as for SQLite (the comment syntax is the same, so SQLite's reader of
// annotations is reused), with the table named as the inspector names it ("schema.table").
#pragma once

#include <vector>

#include "dbaudit/engine/postgres/statement_splitter.hpp"
#include "dbaudit/model/rename_annotation.hpp"

namespace dbaudit::engine::postgres {

std::vector<model::RenameAnnotation> read_renames(const SplitSchema& schema);

// The table a CREATE TABLE statement creates, as "schema.table" (unqualified: public), or empty
// when the statement is not one.
std::string created_table(std::string_view statement);

}  // namespace dbaudit::engine::postgres
