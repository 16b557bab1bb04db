#include "dbaudit/engine/postgres/postgres_dialect.hpp"

#include "dbaudit/engine/postgres/ddl_renderer.hpp"
#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/engine/postgres/statement_splitter.hpp"
#include "dbaudit/engine/postgres/type_changes.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

std::string PostgresDialect::quote_identifier(std::string_view name) const { return quote_name(name); }

std::string PostgresDialect::create_table(const model::Table& table) const { return render_create_table(table); }

std::string PostgresDialect::drop_table(std::string_view table) const { return "DROP TABLE " + quote_qualified(table); }

std::string PostgresDialect::rename_table(std::string_view from, std::string_view to) const {
    const std::size_t dot = to.rfind('.');
    return "ALTER TABLE " + quote_qualified(from) + " RENAME TO " + quote_name(dot == std::string_view::npos ? to : to.substr(dot + 1));
}

std::string PostgresDialect::rename_column(std::string_view table, std::string_view from, std::string_view to) const {
    return "ALTER TABLE " + quote_qualified(table) + " RENAME COLUMN " + quote_name(from) + " TO " + quote_name(to);
}

std::optional<std::string> PostgresDialect::add_column(const model::Table& expected, const model::Column& column, bool) const {
    return "ALTER TABLE " + qualified(expected.schema, expected.name) + " ADD COLUMN " + render_column(column);
}

std::optional<std::string> PostgresDialect::drop_column(const model::Catalog&, const model::Table& table, const model::Column& column) const {
    return "ALTER TABLE " + qualified(table.schema, table.name) + " DROP COLUMN " + quote_name(column.name);
}

std::string PostgresDialect::create_index(const model::Index& index) const { return render_create_index(index); }

std::string PostgresDialect::drop_index(const model::Index& index) const { return "DROP INDEX " + qualified(index.schema, index.name); }

std::string PostgresDialect::create_view(const model::View& view) const { return render_create_view(view); }

std::string PostgresDialect::drop_view(const model::View& view) const {
    return std::string(view.materialized ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") + qualified(view.schema, view.name);
}

std::string PostgresDialect::create_trigger(const model::Trigger& trigger) const { return render_create_trigger(trigger); }

std::string PostgresDialect::drop_trigger(const model::Trigger& trigger) const {
    return "DROP TRIGGER " + quote_name(trigger.name) + " ON " + quote_qualified(trigger.table);
}

std::vector<std::string> PostgresDialect::mentioned_names(std::string_view sql) const { return mentioned_qualified_names(sql); }

bool PostgresDialect::same_type_family(std::string_view a, std::string_view b) const { return type_family(a) == type_family(b); }

TypeChangeRisk PostgresDialect::type_change_risk(std::string_view from, std::string_view to) const {
    if (widens(from, to)) return {};
    return {true, "from " + std::string(from) + " to " + std::string(to) + ": values are converted and the change fails if one does not fit"};
}

std::vector<std::string> PostgresDialect::split_script(std::string_view script) const {
    const SchemaFile file{"plan", std::string(script)};
    const std::vector<SchemaFile> files{file};
    std::vector<std::string> out;
    for (const SqlStatement& statement : split_schema(files).statements) out.emplace_back(statement.text());
    return out;
}

bool PostgresDialect::same_statement(std::string_view a, std::string_view b) const {
    auto bare = [](std::string_view s) {
        s = util::trim(s);
        while (!s.empty() && s.back() == ';') s = util::trim(s.substr(0, s.size() - 1));
        return util::ascii_lower(normalize_body(s));
    };
    return bare(a) == bare(b);
}

}  // namespace dbaudit::engine::postgres
