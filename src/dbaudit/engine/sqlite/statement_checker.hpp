// SQLite's statement checker: prepares application SQL on a read-only connection to the live
// database, or on an in-memory copy of the expected schema, and records through the authorizer
// callback exactly which tables and columns each statement reads and writes.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/sqlite/connection.hpp"
#include "dbaudit/engine/statement_checker.hpp"
#include "dbaudit/model/catalog.hpp"

namespace dbaudit::engine::sqlite {

class SqliteStatementChecker final : public StatementChecker {
public:
    // Throws util::ConnectionError when the database cannot be opened or read.
    static std::unique_ptr<SqliteStatementChecker> open_live(const Target& target);
    // Throws util::InputError "file:line:col: message" when the schema does not load.
    static std::unique_ptr<SqliteStatementChecker> open_expected(const std::vector<SchemaFile>& files);

    ParameterStyle parameter_style() const override { return ParameterStyle::sqlite; }
    StatementCheck check(std::string_view sql) override;
    const model::Catalog& catalog() const override { return m_catalog; }

    ~SqliteStatementChecker() override;

private:
    SqliteStatementChecker(Connection db, model::Catalog catalog);
    static int authorize(void* self, int action, const char* a, const char* b, const char* database, const char* via);
    void record(AccessKind kind, const char* table, const char* column, const char* via);
    void add_inserted_columns(std::string_view sql);

    Connection m_db;
    model::Catalog m_catalog;
    std::unordered_set<std::string> m_views;     // lower-case names
    std::unordered_set<std::string> m_triggers;  // lower-case names
    std::unordered_set<std::string> m_tables;    // lower-case names of tables and views
    std::vector<TableAccess> m_accesses;         // filled by the authorizer during one prepare
};

}  // namespace dbaudit::engine::sqlite
