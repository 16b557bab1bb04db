// The PostgreSQL engine: live inspection over libpq, the expected schema through a shadow
// database (an ephemeral local cluster, or --dev-url), both read by the same inspector.
#pragma once

#include <optional>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/postgres/statement_splitter.hpp"

namespace dbaudit::engine::postgres {

class PostgresEngine final : public Engine {
public:
    explicit PostgresEngine(EngineOptions options) : m_options(std::move(options)) {}

    std::string_view name() const override { return "postgresql"; }
    // Safe to run concurrently with load_expected: each uses its own connections.
    model::Catalog inspect_live(const Target& target) override;
    model::Catalog load_expected(const std::vector<SchemaFile>& files) override;
    void prepare_expected(const std::vector<SchemaFile>& files) override;
    // check-code: live, or a shadow database holding the expected schema for as long as the checker lives.
    std::unique_ptr<StatementChecker> open_statement_checker(const CheckAgainst& against) override;
    // The shadow's server: its version and where it runs (the --dev-url server, or the binaries of
    // the ephemeral cluster). Empty (no caching) when it cannot be told without loading.
    std::string expected_model_identity() override;
    // inspect --format sql: ddl_renderer's render_schema (every kind, in an order PostgreSQL accepts).
    std::string render_schema_sql(const model::Catalog& catalog) const override;
    std::unique_ptr<Migrator> make_migrator() override;
    std::vector<VerificationQuery> verification_queries(const VerificationRequest& request) const override;

private:
    EngineOptions m_options;
    std::optional<SplitSchema> m_split;
    const std::vector<SchemaFile>* m_split_files = nullptr;
};

}  // namespace dbaudit::engine::postgres
