// PostgreSQL's statement checker. Each statement is first parsed with libpg_query (no server: a
// syntax error keeps its offset). SELECT / INSERT / UPDATE / DELETE / MERGE are then PREPAREd and
// DEALLOCATEd inside BEGIN READ ONLY ... ROLLBACK, on the live server or on the shadow database
// the expected schema was loaded into, so PostgreSQL itself resolves every name and type. DDL
// cannot be PREPAREd: its names are resolved against the inspected catalog. The tables and
// columns a statement touches come from the parse tree, resolved against the same catalog.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/postgres/connection.hpp"
#include "dbaudit/engine/postgres/shadow_database.hpp"
#include "dbaudit/engine/statement_checker.hpp"
#include "dbaudit/model/catalog.hpp"

namespace dbaudit::engine::postgres {

class PostgresStatementChecker final : public StatementChecker {
public:
    // Throws util::ConnectionError when the server cannot be reached or read.
    static std::unique_ptr<PostgresStatementChecker> open_live(const Target& target);
    // Loads the expected schema into a shadow database (own cluster, or a database on `dev_url`)
    // that lives as long as the checker. Throws util::InputError "file:line:col: message".
    static std::unique_ptr<PostgresStatementChecker> open_expected(const std::vector<SchemaFile>& files,
                                                                   const std::string& dev_url);

    ParameterStyle parameter_style() const override { return ParameterStyle::postgresql; }
    StatementCheck check(std::string_view sql) override;
    const model::Catalog& catalog() const override { return m_catalog; }

    ~PostgresStatementChecker() override;

    // Round trips to the server so far (a syntax error must need none).
    int round_trips() const { return m_connection.round_trips(); }

    // The relations of the catalog, by "schema.name".
    struct Relation {
        std::string schema;
        std::string name;
        bool is_view = false;
        std::unordered_set<std::string> columns;
    };
    // `schema` empty: the search path (public).
    const Relation* find_relation(const std::string& schema, const std::string& name) const;
    bool has_index(const std::string& schema, const std::string& name) const;

private:
    PostgresStatementChecker(std::unique_ptr<ShadowDatabase> shadow, Connection connection, model::Catalog catalog);

    void prepare(const std::string& text, StatementCheck& result);

    std::unique_ptr<ShadowDatabase> m_shadow;  // null for the live database; outlives the connection
    Connection m_connection;
    model::Catalog m_catalog;
    std::unordered_map<std::string, Relation> m_relations;  // "schema.name"
    std::unordered_set<std::string> m_indexes;              // "schema.name"
    std::unordered_set<std::string> m_schemas;
};

}  // namespace dbaudit::engine::postgres
