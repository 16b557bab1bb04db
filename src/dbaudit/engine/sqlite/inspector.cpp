#include "dbaudit/engine/sqlite/inspector.hpp"

#include <algorithm>
#include <unordered_map>

#include "dbaudit/engine/sqlite/connection.hpp"
#include "dbaudit/engine/sqlite/create_table_reader.hpp"
#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::sqlite {

namespace {

// Tables whose catalog can be read with the pragma functions (virtual tables need their module).
constexpr const char* k_user_tables_filter =
    " m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND m.sql NOT LIKE 'CREATE VIRTUAL %' ";

std::string normalize_type(std::string_view type) { return normalize_sql(type); }

// SQLite's rules for the affinity of a declared type ("Determination Of Column Affinity").
std::string affinity_of(std::string_view normalized_type) {
    const std::string type = util::ascii_upper(normalized_type);
    if (type.find("INT") != std::string::npos) return "INTEGER";
    if (type.find("CHAR") != std::string::npos || type.find("CLOB") != std::string::npos ||
        type.find("TEXT") != std::string::npos)
        return "TEXT";
    if (type.empty() || type.find("BLOB") != std::string::npos) return "BLOB";
    if (type.find("REAL") != std::string::npos || type.find("FLOA") != std::string::npos ||
        type.find("DOUB") != std::string::npos)
        return "REAL";
    return "NUMERIC";
}

std::optional<std::string> normalize_default(std::string text) {
    // DEFAULT "x" names no column, so SQLite stores the string 'x'; compare it as one.
    const auto tokens = tokenize_significant(text);
    if (tokens.size() == 1 && tokens[0].kind == TokenKind::quoted_identifier && tokens[0].text.front() == '"')
        text = quote_string(unquote_identifier(tokens[0]));
    std::string value = normalize_sql(text);
    if (value == "NULL") return std::nullopt;  // DEFAULT NULL is the same as no default
    return value;
}

model::ForeignKeyAction parse_action(std::string_view text) {
    if (util::iequals(text, "CASCADE")) return model::ForeignKeyAction::cascade;
    if (util::iequals(text, "RESTRICT")) return model::ForeignKeyAction::restrict;
    if (util::iequals(text, "SET NULL")) return model::ForeignKeyAction::set_null;
    if (util::iequals(text, "SET DEFAULT")) return model::ForeignKeyAction::set_default;
    return model::ForeignKeyAction::no_action;
}

// Reads what follows the object kind keyword of a CREATE statement: skips IF NOT EXISTS and a
// schema qualifier; returns the index of the token after the object's name.
std::size_t skip_object_name(const std::vector<Token>& tokens, std::string_view kind_keyword) {
    std::size_t i = 0;
    while (i < tokens.size() && !tokens[i].is_word(kind_keyword)) ++i;
    ++i;
    if (i + 2 < tokens.size() && tokens[i].is_word("IF") && tokens[i + 1].is_word("NOT") && tokens[i + 2].is_word("EXISTS"))
        i += 3;
    ++i;  // the name
    if (i + 1 < tokens.size() && tokens[i].is_punct('.')) i += 2;
    return i;
}

// The text of a CREATE VIEW / CREATE TRIGGER from its name on, normalized: the definition two
// spellings of the same object share.
std::string normalized_definition(std::string_view sql, std::string_view kind_keyword) {
    const auto tokens = tokenize_significant(sql);
    std::size_t name_end = skip_object_name(tokens, kind_keyword);
    if (name_end >= tokens.size()) return normalize_sql(sql);
    return normalize_sql(sql.substr(tokens[name_end].offset));
}

// A trigger's definition with SQLite's defaults written out: BEFORE when no timing is given, and
// without FOR EACH ROW (the only kind SQLite has).
std::string normalized_trigger_definition(std::string_view sql) {
    std::string definition = normalized_definition(sql, "TRIGGER");
    const auto body = definition.find(" BEGIN ");
    for (const char* noise : {" FOR EACH ROW", "FOR EACH ROW "}) {
        const auto at = definition.find(noise);
        if (at != std::string::npos && at < body) {
            definition.erase(at, std::string_view(noise).size());
            break;
        }
    }
    for (const char* event : {"INSERT ", "UPDATE ", "DELETE "}) {
        if (definition.starts_with(event)) return "BEFORE " + definition;
    }
    return definition;
}

struct ParsedIndex {
    std::vector<std::string> key_texts;  // each key as written, without COLLATE / ASC / DESC
    std::string predicate;
};

ParsedIndex read_create_index(std::string_view sql) {
    ParsedIndex parsed;
    const auto tokens = tokenize_significant(sql);
    std::size_t i = 0;
    while (i < tokens.size() && !tokens[i].is_word("ON")) ++i;
    while (i < tokens.size() && !tokens[i].is_punct('(')) ++i;
    if (i == tokens.size()) return parsed;
    int depth = 0;
    std::size_t key_begin = i + 1, key_end = i + 1;  // token range of the current key's expression
    for (std::size_t j = i; j < tokens.size(); ++j) {
        const Token& token = tokens[j];
        if (token.is_punct('(')) {
            if (++depth == 1) continue;
        }
        if (token.is_punct(')') && depth == 1) {
            depth = 0;
            if (key_end > key_begin) {
                const std::size_t end = tokens[key_end - 1].offset + tokens[key_end - 1].text.size();
                parsed.key_texts.emplace_back(sql.substr(tokens[key_begin].offset, end - tokens[key_begin].offset));
            }
            for (std::size_t k = j + 1; k < tokens.size(); ++k) {
                if (tokens[k].is_word("WHERE") && k + 1 < tokens.size()) {
                    parsed.predicate = normalize_sql(sql.substr(tokens[k + 1].offset));
                    break;
                }
            }
            break;
        }
        if (token.is_punct(')')) --depth;
        if (depth == 1 && token.is_punct(',')) {
            const std::size_t end = tokens[key_end - 1].offset + tokens[key_end - 1].text.size();
            parsed.key_texts.emplace_back(sql.substr(tokens[key_begin].offset, end - tokens[key_begin].offset));
            key_begin = key_end = j + 1;
            continue;
        }
        // COLLATE x, ASC and DESC at the key's top level end its expression.
        if (depth == 1 && (token.is_word("COLLATE") || token.is_word("ASC") || token.is_word("DESC"))) continue;
        if (depth == 1 && j > 0 && tokens[j - 1].is_word("COLLATE")) continue;
        key_end = j + 1;
    }
    return parsed;
}

void read_trigger_header(std::string_view sql, model::Trigger& trigger) {
    const auto tokens = tokenize_significant(sql);
    std::size_t i = skip_object_name(tokens, "TRIGGER");
    std::vector<std::string> timing, event;
    for (; i < tokens.size() && !tokens[i].is_word("ON"); ++i) {
        const Token& token = tokens[i];
        if (token.is_word("BEFORE") || token.is_word("AFTER") || token.is_word("INSTEAD") || token.is_word("OF")) {
            if (event.empty()) {
                timing.push_back(util::ascii_upper(token.text));
                continue;
            }
        }
        if (token.is_punct(',') && !event.empty()) {
            event.back() += ",";
            continue;
        }
        // Keywords upper-cased, column names as written: "UPDATE OF name, id".
        const bool keyword = token.is_word("INSERT") || token.is_word("UPDATE") || token.is_word("DELETE") || token.is_word("OF");
        event.push_back(keyword ? util::ascii_upper(token.text) : unquote_identifier(token));
    }
    trigger.timing = timing.empty() ? "BEFORE" : util::join(timing, " ");
    trigger.event = util::join(event, " ");
}

// Indexes a table's rows by name key so the joined pragma rows find their table fast.
struct TableIndex {
    model::Catalog& catalog;
    std::size_t first;  // tables appended by this inspection start here
    std::unordered_map<std::string, std::size_t> position;

    model::Table* find(const std::string& name) {
        const auto it = position.find(catalog.name_key(name));
        return it == position.end() ? nullptr : &catalog.tables[it->second];
    }
};

void read_schema_objects(Connection& connection, model::Catalog& catalog, TableIndex& tables) {
    auto rows = connection.prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_schema "
        "WHERE type IN ('table', 'view', 'trigger') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        // Virtual tables keep their data in shadow tables the module owns: not schema to compare.
        "AND name NOT IN (SELECT name FROM pragma_table_list WHERE type = 'shadow') ORDER BY type, name");
    while (rows.step()) {
        const std::string type = rows.text(0);
        const std::string name = rows.text(1);
        const std::string sql = rows.text(3);
        if (type == "table") {
            model::Table table;
            table.name = name;
            table.sql = sql;
            tables.position.emplace(catalog.name_key(name), catalog.tables.size());
            catalog.tables.push_back(std::move(table));
        } else if (type == "view") {
            catalog.views.push_back({{}, name, normalized_definition(sql, "VIEW"), sql});
        } else if (type == "trigger") {
            model::Trigger trigger{{}, name, rows.text(2), {}, {}, normalized_trigger_definition(sql), sql};
            read_trigger_header(sql, trigger);
            catalog.triggers.push_back(std::move(trigger));
        }
    }
}

// Columns and the primary key from the stored CREATE TABLE. pragma_table_xinfo reports the same
// facts (declared type and default expression as written, NOT NULL, key order, generated kind) but
// prepares one statement per table, which measured as a quarter of an audit of 10,000 tables; a
// test cross-checks this reading against the pragma on every fixture.
void read_columns(model::Table& table, const ParsedCreateTable& parsed) {
    std::vector<std::string> key_columns;
    for (const ParsedTableConstraint& constraint : parsed.constraints) {
        if (constraint.kind == ParsedConstraintKind::primary_key) key_columns = constraint.columns;
    }
    for (const ParsedColumn& parsed_column : parsed.columns) {
        model::Column column;
        column.position = static_cast<int>(table.columns.size());
        column.name = parsed_column.name;
        column.type = normalize_type(parsed_column.type);
        column.type_class = affinity_of(column.type);
        column.not_null = parsed_column.not_null;
        if (parsed_column.has_default) {
            column.default_expr = normalize_default(parsed_column.default_text);
        }
        if (!parsed_column.generation_expr.empty()) {
            column.generated = parsed_column.generated_stored ? model::Generated::stored_column : model::Generated::virtual_column;
        }
        if (parsed_column.primary_key) key_columns = {parsed_column.name};
        table.columns.push_back(std::move(column));
    }
    if (key_columns.empty()) return;
    model::PrimaryKey key;
    for (const std::string& name : key_columns) {
        // The key names its columns as written in the key; report them as the columns spell them.
        auto column = std::find_if(table.columns.begin(), table.columns.end(),
                                   [&](const model::Column& c) { return util::iequals(c.name, name); });
        key.columns.push_back(column == table.columns.end() ? name : column->name);
    }
    table.primary_key = std::move(key);

    // Exactly "INTEGER PRIMARY KEY" on a rowid table makes the column the rowid itself (but not
    // a column-level PRIMARY KEY DESC, by SQLite's documented quirk): a storage class of its own,
    // so INT PRIMARY KEY vs INTEGER PRIMARY KEY is a real difference.
    model::Column* rowid_alias = nullptr;
    if (!parsed.without_rowid && key_columns.size() == 1) {
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            const bool desc_quirk = parsed.columns[i].primary_key && parsed.columns[i].primary_key_desc;
            if (util::iequals(table.columns[i].name, key_columns[0]) && table.columns[i].type == "INTEGER" && !desc_quirk) {
                rowid_alias = &table.columns[i];
                rowid_alias->type_class = "ROWID";
            }
        }
    }
    // WITHOUT ROWID and STRICT tables enforce NOT NULL on their key (the rowid alias excepted).
    if (parsed.without_rowid || parsed.strict) {
        for (model::Column& column : table.columns) {
            const bool in_key = std::any_of(key_columns.begin(), key_columns.end(),
                                            [&](const std::string& k) { return util::iequals(k, column.name); });
            if (in_key && &column != rowid_alias) column.not_null = true;
        }
    }
}

bool is_unique_index_sql(std::string_view sql) {
    const auto tokens = tokenize_significant(sql);
    return tokens.size() > 1 && tokens[1].is_word("UNIQUE");
}

void read_indexes(Connection& connection, TableIndex& tables) {
    // One row per key column of every index. Reading indexes from sqlite_schema (automatic
    // indexes included) rather than pragma_index_list saves one pragma call per table.
    auto rows = connection.prepare(
        "SELECT m.tbl_name, m.name, m.sql, ix.seqno, ix.cid, ix.name, ix.\"desc\", ix.coll "
        "FROM sqlite_schema m CROSS JOIN pragma_index_xinfo(m.name) ix "
        "WHERE m.type = 'index' AND ix.key = 1 AND m.tbl_name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY m.tbl_name, m.name, ix.seqno");
    model::Index* current = nullptr;
    ParsedIndex parsed;
    while (rows.step()) {
        model::Table* table = tables.find(rows.text(0));
        if (!table) continue;
        const std::string index_name = rows.text(1);
        if (!current || current->name != index_name || !util::iequals(current->table, table->name)) {
            model::Index index;
            index.name = index_name;
            index.table = table->name;
            if (rows.is_null(2)) {
                index.unique = true;
                parsed = {};
            } else {
                index.sql = rows.text(2);
                index.unique = is_unique_index_sql(index.sql);
                parsed = read_create_index(index.sql);
                index.predicate = parsed.predicate;
            }
            table->indexes.push_back(std::move(index));
            current = &table->indexes.back();
        }
        model::IndexKey key;
        const auto seqno = static_cast<std::size_t>(rows.integer(3));
        const auto cid = rows.integer(4);
        if (cid == -2) {  // an expression
            key.expression = seqno < parsed.key_texts.size() ? normalize_sql(parsed.key_texts[seqno]) : "?";
        } else if (cid == -1) {
            key.column = "rowid";
        } else {
            key.column = rows.text(5);
        }
        key.descending = rows.integer(6) != 0;
        const std::string collation = rows.text(7);
        if (!util::iequals(collation, "BINARY")) key.collation = util::ascii_upper(collation);
        current->keys.push_back(std::move(key));
    }
}

// An automatic index (no CREATE text) enforces either the primary key or a UNIQUE constraint.
void classify_automatic_indexes(model::Table& table) {
    for (model::Index& index : table.indexes) {
        if (!index.sql.empty()) continue;
        std::vector<std::string> columns;
        for (const auto& key : index.keys) columns.push_back(key.column);
        const bool is_pk = table.primary_key && table.primary_key->columns.size() == columns.size() &&
                           std::equal(columns.begin(), columns.end(), table.primary_key->columns.begin(),
                                      [](const auto& a, const auto& b) { return util::iequals(a, b); });
        index.origin = is_pk ? model::IndexOrigin::primary_key : model::IndexOrigin::unique_constraint;
    }
}

void read_foreign_keys(Connection& connection, TableIndex& tables) {
    auto rows = connection.prepare(std::string("SELECT m.name, fk.id, fk.seq, fk.\"table\", fk.\"from\", fk.\"to\", fk.on_update, fk.on_delete, fk.\"match\" "
                                               "FROM sqlite_schema m CROSS JOIN pragma_foreign_key_list(m.name) fk "
                                               // Only tables whose text mentions REFERENCES can have one (LIKE ignores case).
                                               "WHERE m.sql LIKE '%REFERENCES%' AND") + k_user_tables_filter + "ORDER BY m.name, fk.id, fk.seq");
    model::Table* current_table = nullptr;
    std::int64_t current_id = -1;
    while (rows.step()) {
        model::Table* table = tables.find(rows.text(0));
        if (!table) continue;
        const auto id = rows.integer(1);
        if (table != current_table || id != current_id) {
            model::ForeignKey key;
            key.referenced_table = rows.text(3);
            key.on_update = parse_action(rows.text(6));
            key.on_delete = parse_action(rows.text(7));
            const std::string match = rows.text(8);
            if (!util::iequals(match, "NONE")) key.match = util::ascii_upper(match);
            table->foreign_keys.push_back(std::move(key));
            current_table = table;
            current_id = id;
        }
        model::ForeignKey& key = table->foreign_keys.back();
        key.columns.push_back(rows.text(4));
        if (!rows.is_null(5)) key.referenced_columns.push_back(rows.text(5));
    }
}

bool same_columns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](auto& x, auto& y) { return util::iequals(x, y); });
}

// Adds what only the CREATE TABLE text says: checks, collations, generation expressions,
// constraint names, AUTOINCREMENT and table options; and unique constraints from their indexes.
void apply_create_table_facts(model::Table& table, const ParsedCreateTable& parsed) {
    for (const ParsedColumn& parsed_column : parsed.columns) {
        auto column = std::find_if(table.columns.begin(), table.columns.end(),
                                   [&](const model::Column& c) { return util::iequals(c.name, parsed_column.name); });
        if (column == table.columns.end()) continue;
        if (!parsed_column.collation.empty()) column->collation = util::ascii_upper(parsed_column.collation);
        if (column->generated != model::Generated::none) column->generation_expr = normalize_sql(parsed_column.generation_expr);
        for (const ParsedCheck& check : parsed_column.checks)
            table.checks.push_back({check.name, normalize_sql(check.expression), column->name});
        if (table.primary_key && table.primary_key->columns.size() == 1 &&
            util::iequals(table.primary_key->columns[0], column->name)) {
            table.primary_key->autoincrement = parsed_column.autoincrement;
            table.primary_key->name = parsed_column.primary_key_name;
        }
        for (model::ForeignKey& key : table.foreign_keys) {
            if (key.columns.size() == 1 && util::iequals(key.columns[0], column->name) &&
                util::iequals(key.referenced_table, parsed_column.references_table)) {
                key.name = parsed_column.foreign_key_name;
                key.deferrable = parsed_column.foreign_key_deferrable;
                key.initially_deferred = parsed_column.foreign_key_initially_deferred;
            }
        }
    }
    for (const ParsedTableConstraint& constraint : parsed.constraints) {
        switch (constraint.kind) {
            case ParsedConstraintKind::check:
                table.checks.push_back({constraint.name, normalize_sql(constraint.expression), {}});
                break;
            case ParsedConstraintKind::primary_key:
                if (table.primary_key) {
                    table.primary_key->name = constraint.name;
                    if (constraint.autoincrement) table.primary_key->autoincrement = true;
                }
                break;
            case ParsedConstraintKind::foreign_key:
                for (model::ForeignKey& key : table.foreign_keys) {
                    if (same_columns(key.columns, constraint.columns) && util::iequals(key.referenced_table, constraint.references_table)) {
                        key.name = constraint.name;
                        key.deferrable = constraint.deferrable;
                        key.initially_deferred = constraint.initially_deferred;
                    }
                }
                break;
            case ParsedConstraintKind::unique: break;  // read from the index below
        }
    }
    // UNIQUE constraints are the indexes they create; their names come from the CREATE TABLE.
    for (const model::Index& index : table.indexes) {
        if (index.origin != model::IndexOrigin::unique_constraint) continue;
        model::UniqueConstraint unique;
        for (const model::IndexKey& key : index.keys) unique.columns.push_back(key.column);
        for (const ParsedTableConstraint& constraint : parsed.constraints) {
            if (constraint.kind == ParsedConstraintKind::unique && same_columns(constraint.columns, unique.columns))
                unique.name = constraint.name;
        }
        for (const ParsedColumn& parsed_column : parsed.columns) {
            if (unique.name.empty() && unique.columns.size() == 1 && util::iequals(unique.columns[0], parsed_column.name))
                unique.name = parsed_column.unique_name;
        }
        table.uniques.push_back(std::move(unique));
    }
    // A declared PRIMARY KEY on a rowid table is not an index; for the rest, the pk index is
    // implied by the key and would only repeat it.
    // UNIQUE constraints live in `uniques` now; the indexes they imply would only repeat them.
    std::erase_if(table.indexes, [](const model::Index& index) { return index.origin != model::IndexOrigin::create_index; });
}

}  // namespace

void inspect_into(Connection& connection, model::Catalog& catalog) {
    catalog.engine = "sqlite";
    catalog.name_matching = model::NameMatching::ascii_case_insensitive;
    TableIndex tables{catalog, catalog.tables.size(), {}};
    read_schema_objects(connection, catalog, tables);
    read_indexes(connection, tables);
    read_foreign_keys(connection, tables);
    // Then each table's CREATE text, one at a time: the parse is large and short-lived.
    for (std::size_t i = tables.first; i < catalog.tables.size(); ++i) {
        model::Table& table = catalog.tables[i];
        const ParsedCreateTable parsed = read_create_table(table.sql);
        table.options.without_rowid = parsed.without_rowid;
        table.options.strict = parsed.strict;
        read_columns(table, parsed);
        classify_automatic_indexes(table);  // needs the primary key
        apply_create_table_facts(table, parsed);
    }
}

}  // namespace dbaudit::engine::sqlite
