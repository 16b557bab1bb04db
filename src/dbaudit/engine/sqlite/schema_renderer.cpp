#include "dbaudit/engine/sqlite/schema_renderer.hpp"

#include "dbaudit/engine/schema_order.hpp"
#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/engine/sqlite/sqlite_dialect.hpp"
#include "dbaudit/model/catalog.hpp"

namespace dbaudit::engine::sqlite {

namespace {

// Stored texts end before the ";", possibly in a line comment: the ";" then goes on a new line.
void append_statement(std::string& out, const std::string& sql) {
    out += sql;
    const auto tokens = tokenize(sql);
    if (!tokens.empty() && tokens.back().kind == TokenKind::comment && tokens.back().text.starts_with("--")) out += "\n";
    out += ";\n\n";
}

}  // namespace

std::string render_schema_sql(const model::Catalog& catalog) {
    std::string out;
    const auto tables = tables_in_dependency_order(catalog);
    for (const model::Table* table : tables) append_statement(out, table->sql);
    for (const model::Table* table : tables) {
        for (const model::Index& index : table->indexes)
            if (index.origin == model::IndexOrigin::create_index && !index.sql.empty()) append_statement(out, index.sql);
    }
    const SqliteDialect dialect;
    for (const model::View* view : views_in_dependency_order(catalog, catalog.views,
                                                             [&](std::string_view sql) { return dialect.mentioned_names(sql); }))
        append_statement(out, view->sql);
    for (const model::Trigger& trigger : catalog.triggers) append_statement(out, trigger.sql);
    return out;
}

}  // namespace dbaudit::engine::sqlite
