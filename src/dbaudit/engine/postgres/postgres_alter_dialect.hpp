// How each kind of schema change is written for PostgreSQL, with the hazards PostgreSQL's locking
// and storage give it: which statements take an ACCESS EXCLUSIVE lock, rewrite or scan the table,
// or cannot run in a transaction block. The SQL text comes from ddl_renderer.
#pragma once

#include "dbaudit/engine/in_place_dialect.hpp"

namespace dbaudit::engine::postgres {

class PostgresAlterDialect final : public InPlaceDialect {
public:
    DdlStatement create_schema(const model::Schema& schema) const override;
    DdlStatement drop_schema(const model::Schema& schema, bool with_objects) const override;
    DdlStatement create_extension(const model::Extension& extension) const override;
    util::InputError extension_not_offered(const model::Extension& extension, const ServerFacts& server) const override;
    DdlStatement drop_extension(const model::Extension& extension) const override;
    std::vector<DdlStatement> alter_extension(const model::Extension& expected, const model::Extension& live) const override;
    DdlStatement create_type(const model::UserType& type) const override;
    DdlStatement drop_type(const model::UserType& type) const override;
    std::optional<std::vector<DdlStatement>> alter_type(const model::UserType& expected, const model::UserType& live) const override;
    DdlStatement create_sequence(const model::Sequence& sequence) const override;
    DdlStatement drop_sequence(const model::Sequence& sequence) const override;
    std::optional<DdlStatement> sequence_owner(const model::Sequence& sequence) const override;
    std::vector<DdlStatement> alter_sequence(const model::Sequence& expected, const model::Sequence& live) const override;
    DdlStatement create_function(const model::Function& function) const override;
    DdlStatement drop_function(const model::Function& function) const override;
    bool function_replaceable(const model::Function& expected, const model::Function& live) const override;
    bool function_needs_objects(const model::Function& function) const override;
    DdlStatement create_table(const model::Table& table) const override;
    DdlStatement drop_table(const model::Table& table) const override;
    DdlStatement add_column(const model::Table& table, const model::Column& column, const model::Catalog& expected,
                            const ServerFacts& server) const override;
    DdlStatement drop_column(const model::Table& table, const model::Column& column) const override;
    std::optional<std::vector<DdlStatement>> alter_column(const model::Table& table, const model::Column& expected,
                                                          const model::Column& live) const override;
    bool widens(std::string_view from, std::string_view to) const override;
    DdlStatement rename_table(const model::Table& live, std::string_view new_name) const override;
    DdlStatement rename_column(const model::Table& table, std::string_view from, std::string_view to) const override;
    std::vector<DdlStatement> row_security(const model::Table& table, bool enable, bool force) const override;
    std::optional<DdlStatement> set_table_options(const model::Table& expected, const model::Table& live) const override;
    DdlStatement add_primary_key(const model::Table& table, const model::PrimaryKey& key) const override;
    DdlStatement add_unique(const model::Table& table, const model::UniqueConstraint& unique) const override;
    DdlStatement add_check(const model::Table& table, const model::CheckConstraint& check, bool not_valid) const override;
    DdlStatement add_foreign_key(const model::Table& table, const model::ForeignKey& key, bool not_valid) const override;
    DdlStatement add_exclusion(const model::Table& table, const model::ExclusionConstraint& exclusion) const override;
    DdlStatement validate_constraint(const model::Table& table, std::string_view name) const override;
    DdlStatement drop_constraint(const model::Table& table, std::string_view name) const override;
    DdlStatement rename_constraint(const model::Table& table, std::string_view from, std::string_view to) const override;
    std::string default_constraint_name(const model::Table& table, std::string_view kind,
                                        const std::vector<std::string>& columns) const override;
    DdlStatement create_index(const model::Index& index, bool concurrently) const override;
    DdlStatement drop_index(const model::Index& index, bool concurrently) const override;
    DdlStatement create_view(const model::View& view, bool or_replace) const override;
    DdlStatement drop_view(const model::View& view) const override;
    bool view_replaceable(const model::View& expected, const model::View& live) const override;
    std::vector<std::string> mentioned_objects(std::string_view sql) const override;
    DdlStatement create_trigger(const model::Trigger& trigger) const override;
    DdlStatement drop_trigger(const model::Trigger& trigger) const override;
    DdlStatement trigger_state(const model::Trigger& trigger) const override;
    DdlStatement create_policy(const model::Policy& policy) const override;
    DdlStatement drop_policy(const model::Policy& policy) const override;
    DdlStatement comment(std::string_view kind, std::string_view object, std::string_view text) const override;
    std::vector<std::string> session_settings(int lock_timeout_ms, int statement_timeout_ms) const override;

};

}  // namespace dbaudit::engine::postgres
