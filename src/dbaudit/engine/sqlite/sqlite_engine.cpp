#include "dbaudit/engine/sqlite/sqlite_engine.hpp"

#include <sqlite3.h>

#include "dbaudit/engine/sqlite/connection.hpp"
#include "dbaudit/engine/sqlite/expected_loader.hpp"
#include "dbaudit/engine/sqlite/inspector.hpp"
#include "dbaudit/engine/sqlite/schema_renderer.hpp"
#include "dbaudit/engine/sqlite/sqlite_migrator.hpp"
#include "dbaudit/engine/sqlite/statement_checker.hpp"
#include "dbaudit/engine/sqlite/verification_queries.hpp"
#include "dbaudit/model/catalog.hpp"

namespace dbaudit::engine::sqlite {

model::Catalog SqliteEngine::inspect_live(const Target& target) {
    Connection connection = Connection::open_read_only(target.location);
    model::Catalog catalog;
    // One read transaction, so the three catalog queries see one consistent schema.
    connection.execute("BEGIN");
    inspect_into(connection, catalog);
    connection.execute("COMMIT");
    catalog.sort();
    return catalog;
}

std::unique_ptr<StatementChecker> SqliteEngine::open_statement_checker(const CheckAgainst& against) {
    if (against.live) return SqliteStatementChecker::open_live(*against.live);
    return SqliteStatementChecker::open_expected(*against.expected);
}

model::Catalog SqliteEngine::load_expected(const std::vector<SchemaFile>& files) {
    return load_expected_schema(files);
}

std::unique_ptr<Migrator> SqliteEngine::make_migrator() { return std::make_unique<SqliteMigrator>(); }

std::string SqliteEngine::render_schema_sql(const model::Catalog& catalog) const { return sqlite::render_schema_sql(catalog); }

std::string SqliteEngine::expected_model_identity() { return std::string("sqlite ") + sqlite3_libversion() + " " + sqlite3_sourceid(); }

std::vector<VerificationQuery> SqliteEngine::verification_queries(const VerificationRequest& request) const {
    return sqlite::verification_queries(request);
}

}  // namespace dbaudit::engine::sqlite
