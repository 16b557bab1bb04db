// PostgreSQL's MigrationDialect: the statements the engine-neutral parts of plan and apply ask for
// (script framing, splitting a plan file) and, through in_place(), PostgresAlterDialect, which
// writes every change with its hazards. The SQL text comes from ddl_renderer.
#pragma once

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/postgres/postgres_alter_dialect.hpp"

namespace dbaudit::engine::postgres {

class PostgresDialect final : public MigrationDialect {
public:
    const InPlaceDialect* in_place() const override { return &m_in_place; }

    // MigrationDialect
    std::string quote_identifier(std::string_view name) const override;
    std::string create_table(const model::Table& table) const override;
    std::string drop_table(std::string_view table) const override;
    std::string rename_table(std::string_view from, std::string_view to) const override;
    std::string rename_column(std::string_view table, std::string_view from, std::string_view to) const override;
    std::optional<std::string> add_column(const model::Table& expected, const model::Column& column, bool table_has_rows) const override;
    std::optional<std::string> drop_column(const model::Catalog& live, const model::Table& table, const model::Column& column) const override;
    std::optional<model::Table> simulate_alter(const model::Table&, const std::vector<std::string>&) const override { return std::nullopt; }
    std::optional<std::string> merge_table_definition(const model::Table&, const model::Table&, const std::vector<std::string>&,
                                                      const std::vector<std::string>&, const std::vector<std::string>&) const override {
        return std::nullopt;
    }
    std::vector<RenderedStatement> rebuild_table(const TableRebuild&) const override { return {}; }
    std::string create_index(const model::Index& index) const override;
    std::string drop_index(const model::Index& index) const override;
    std::string create_view(const model::View& view) const override;
    std::string drop_view(const model::View& view) const override;
    std::string create_trigger(const model::Trigger& trigger) const override;
    std::string drop_trigger(const model::Trigger& trigger) const override;
    std::vector<std::string> mentioned_names(std::string_view sql) const override;
    bool same_type_family(std::string_view a, std::string_view b) const override;
    TypeChangeRisk type_change_risk(std::string_view from, std::string_view to) const override;
    std::vector<std::string> script_prologue() const override { return {"BEGIN"}; }
    std::vector<std::string> script_epilogue() const override { return {"COMMIT"}; }
    std::vector<std::string> split_script(std::string_view script) const override;
    bool same_statement(std::string_view a, std::string_view b) const override;

private:
    PostgresAlterDialect m_in_place;
};

}  // namespace dbaudit::engine::postgres
