// How each kind of schema change is written for SQLite: the cheap ALTER TABLE forms where the
// running SQLite accepts them, and otherwise the 12-step table rebuild SQLite documents
// ("Making Other Kinds Of Table Schema Changes" in lang_altertable.html).
#pragma once

#include "dbaudit/engine/migration.hpp"

namespace dbaudit::engine::sqlite {

// SQLite's type affinity of a declared type (datatype3.html, section 3.1).
enum class Affinity { integer, text, blob, real, numeric };
Affinity affinity_of(std::string_view declared_type);

class SqliteDialect final : public MigrationDialect {
public:
    SqliteDialect();
    explicit SqliteDialect(int version_number) : m_version(version_number) {}  // e.g. 3035000

    std::string quote_identifier(std::string_view name) const override;

    std::string create_table(const model::Table& table) const override;
    std::string drop_table(std::string_view table) const override;
    std::string rename_table(std::string_view from, std::string_view to) const override;
    std::string rename_column(std::string_view table, std::string_view from, std::string_view to) const override;
    std::optional<std::string> add_column(const model::Table& expected, const model::Column& column,
                                          bool table_has_rows) const override;
    std::optional<std::string> drop_column(const model::Catalog& live, const model::Table& table,
                                           const model::Column& column) const override;
    std::optional<model::Table> simulate_alter(const model::Table& live, const std::vector<std::string>& statements) const override;
    std::optional<std::string> merge_table_definition(const model::Table& expected, const model::Table& live,
                                                      const std::vector<std::string>& keep_live, const std::vector<std::string>& as_live,
                                                      const std::vector<std::string>& omit) const override;
    std::vector<RenderedStatement> rebuild_table(const TableRebuild& rebuild) const override;

    std::string create_index(const model::Index& index) const override;
    std::string drop_index(const model::Index& index) const override;
    std::string create_view(const model::View& view) const override;
    std::string drop_view(const model::View& view) const override;
    std::string create_trigger(const model::Trigger& trigger) const override;
    std::string drop_trigger(const model::Trigger& trigger) const override;

    std::vector<std::string> mentioned_names(std::string_view sql) const override;
    bool same_type_family(std::string_view a, std::string_view b) const override;
    TypeChangeRisk type_change_risk(std::string_view from, std::string_view to) const override;

    std::vector<std::string> script_prologue() const override;
    std::vector<std::string> script_epilogue() const override;
    std::string framing_comment(std::string_view statement) const override;
    std::vector<std::string> split_script(std::string_view script) const override;
    bool same_statement(std::string_view a, std::string_view b) const override;

    // ALTER TABLE DROP COLUMN arrived in SQLite 3.35.0.
    bool supports_drop_column() const { return m_version >= 3035000; }

private:
    int m_version;
};

}  // namespace dbaudit::engine::sqlite
