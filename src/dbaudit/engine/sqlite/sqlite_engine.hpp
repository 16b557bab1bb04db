// The SQLite engine: live inspection of a database file, expected schema through :memory:.
#pragma once

#include "dbaudit/engine/engine.hpp"

namespace dbaudit::engine::sqlite {

class SqliteEngine final : public Engine {
public:
    std::string_view name() const override { return "sqlite"; }
    std::unique_ptr<StatementChecker> open_statement_checker(const CheckAgainst& against) override;
    model::Catalog inspect_live(const Target& target) override;
    model::Catalog load_expected(const std::vector<SchemaFile>& files) override;
    std::unique_ptr<Migrator> make_migrator() override;
    std::string render_schema_sql(const model::Catalog& catalog) const override;
    std::string expected_model_identity() override;  // "sqlite 3.40.1 <source id>"
    std::vector<VerificationQuery> verification_queries(const VerificationRequest& request) const override;
};

}  // namespace dbaudit::engine::sqlite
