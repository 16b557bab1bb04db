// `inspect --format sql` for SQLite: the schema as the CREATE statements SQLite stored, which
// reload into an empty database as exactly the same schema.
#pragma once

#include <string>

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::engine::sqlite {

// Tables (parents first), their indexes, views (after the views they read), triggers; each
// statement as stored in sqlite_schema, ended by ";" and a blank line.
std::string render_schema_sql(const model::Catalog& catalog);

}  // namespace dbaudit::engine::sqlite
