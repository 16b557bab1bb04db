#include "dbaudit/engine/postgres/inspector.hpp"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

#include "dbaudit/engine/postgres/catalog_queries.hpp"
#include "dbaudit/engine/postgres/connection.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> out;
    if (text.empty()) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        out.emplace_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

std::string qualify(const std::string& schema, const std::string& name) { return schema + "." + name; }

// Check expressions come back wrapped in one pair of parentheses: "(price > 0)".
std::string strip_outer_parentheses(std::string text) {
    if (text.size() < 2 || text.front() != '(' || text.back() != ')') return text;
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '(') ++depth;
        if (text[i] == ')' && --depth == 0 && i + 1 != text.size()) return text;  // "(a) AND (b)"
    }
    return text.substr(1, text.size() - 2);
}

// "CHECK ((price > 0)) NOT VALID" -> "price > 0".
std::string check_expression(std::string definition) {
    for (const char* suffix : {" NOT VALID", " NO INHERIT"}) {
        const std::string_view s(suffix);
        if (definition.size() > s.size() && definition.compare(definition.size() - s.size(), s.size(), s) == 0)
            definition.resize(definition.size() - s.size());
    }
    // Flags come in either order.
    for (const char* suffix : {" NOT VALID", " NO INHERIT"}) {
        const std::string_view s(suffix);
        if (definition.size() > s.size() && definition.compare(definition.size() - s.size(), s.size(), s) == 0)
            definition.resize(definition.size() - s.size());
    }
    if (definition.rfind("CHECK ", 0) == 0) definition = definition.substr(6);
    return strip_outer_parentheses(strip_outer_parentheses(definition));
}

// The WHERE clause of a CREATE INDEX statement (index predicates cannot hold subqueries).
std::string index_predicate(const std::string& definition) {
    const auto where = definition.find(" WHERE ");
    return where == std::string::npos ? std::string() : definition.substr(where + 7);
}

model::ForeignKeyAction action(std::string_view code) {
    if (code == "r") return model::ForeignKeyAction::restrict;
    if (code == "c") return model::ForeignKeyAction::cascade;
    if (code == "n") return model::ForeignKeyAction::set_null;
    if (code == "d") return model::ForeignKeyAction::set_default;
    return model::ForeignKeyAction::no_action;
}

struct Objects {
    model::Catalog& catalog;
    std::unordered_map<unsigned, std::size_t> tables;  // oid -> index in catalog.tables
    std::unordered_map<unsigned, std::size_t> matviews;
    std::unordered_map<unsigned, std::size_t> views;
    std::unordered_map<unsigned, std::string> names;  // oid -> qualified name of any relation
    std::unordered_map<unsigned long long, std::string> attributes;  // (relid << 16 | attnum) -> column name
    struct SequenceOwner {
        std::size_t sequence;
        unsigned relid;
        long long attnum;
    };
    std::vector<SequenceOwner> sequence_owners;  // named once the columns are read

    const std::string* attribute(unsigned relid, long long attnum) const {
        const auto it = attributes.find(static_cast<unsigned long long>(relid) << 16 | static_cast<unsigned long long>(attnum));
        return it == attributes.end() ? nullptr : &it->second;
    }
    // "1,3" -> the column names of relation `relid`.
    std::vector<std::string> attribute_names(unsigned relid, std::string_view numbers) const {
        std::vector<std::string> out;
        for (const std::string& number : split(numbers, ',')) {
            const std::string* name = attribute(relid, std::atoll(number.c_str()));
            out.push_back(name ? *name : "#" + number);
        }
        return out;
    }
};

void read_schemas(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) o.catalog.schemas.push_back({r.string(i, 0), r.string(i, 1)});
}

void read_extensions(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) {
        if (r.boolean(i, 3)) o.catalog.extensions.push_back({r.string(i, 0), r.string(i, 1), r.string(i, 2), r.string(i, 6)});
        if (r.boolean(i, 5)) o.catalog.available_extensions.push_back({r.string(i, 0), r.string(i, 4)});
    }
}

void read_types(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) {
        model::UserType type;
        type.schema = r.string(i, 0);
        type.name = r.string(i, 1);
        const std::string_view kind = r.text(i, 2);
        type.kind = kind == "e" ? model::TypeKind::enum_type
                    : kind == "d" ? model::TypeKind::domain
                    : kind == "r" ? model::TypeKind::range
                                  : model::TypeKind::composite;
        type.labels = split(r.text(i, 3), '\x1f');
        type.base_type = r.string(i, 4);
        type.not_null = r.boolean(i, 5);
        if (!r.is_null(i, 6)) type.default_expr = r.string(i, 6);
        type.checks = split(r.text(i, 7), '\x1f');
        for (const std::string& attribute : split(r.text(i, 8), '\x1f')) {
            const auto fields = split(attribute, '\x1e');
            if (fields.size() == 3) type.attributes.push_back({fields[0], fields[1], fields[2]});
        }
        type.collation = r.string(i, 9);
        type.comment = r.string(i, 10);
        o.catalog.types.push_back(std::move(type));
    }
}

void read_relations(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) {
        const unsigned oid = r.oid(i, 0);
        const std::string schema = r.string(i, 1), name = r.string(i, 2);
        const std::string_view kind = r.text(i, 3);
        o.names[oid] = qualify(schema, name);
        if (kind == "r" || kind == "p") {
            model::Table table;
            table.schema = schema;
            table.name = name;
            table.options.unlogged = r.boolean(i, 4);
            table.row_security = r.boolean(i, 5);
            table.force_row_security = r.boolean(i, 6);
            table.options.partition_key = r.string(i, 7);
            table.options.partition_of = r.string(i, 8);
            table.comment = r.string(i, 11);
            o.tables[oid] = o.catalog.tables.size();
            o.catalog.tables.push_back(std::move(table));
        } else if (kind == "v" || kind == "m") {
            model::View view;
            view.schema = schema;
            view.name = name;
            view.definition = r.string(i, 9);
            view.materialized = kind == "m";
            view.sql = std::string(view.materialized ? "CREATE MATERIALIZED VIEW " : "CREATE VIEW ") + qualify(schema, name) +
                       " AS\n" + view.definition;
            view.options = r.string(i, 10);
            view.comment = r.string(i, 11);
            if (view.materialized) {
                o.matviews[oid] = o.catalog.materialized_views.size();
                o.catalog.materialized_views.push_back(std::move(view));
            } else {
                o.views[oid] = o.catalog.views.size();
                o.catalog.views.push_back(std::move(view));
            }
        } else if (kind == "S") {
            if (r.text(i, 21) == "i") continue;  // an identity column's sequence is part of the column
            model::Sequence sequence;
            sequence.schema = schema;
            sequence.name = name;
            sequence.comment = r.string(i, 11);
            sequence.data_type = r.string(i, 12);
            sequence.start = r.integer(i, 13);
            sequence.increment = r.integer(i, 14);
            sequence.min_value = r.integer(i, 15);
            sequence.max_value = r.integer(i, 16);
            sequence.cache = r.integer(i, 17);
            sequence.cycle = r.boolean(i, 18);
            if (!r.is_null(i, 19)) o.sequence_owners.push_back({o.catalog.sequences.size(), r.oid(i, 19), r.integer(i, 20)});
            o.catalog.sequences.push_back(std::move(sequence));
        } else if (kind == "f") {
            o.catalog.unsupported.push_back({"foreign_table", qualify(schema, name)});
        }
    }
}

model::Table* table_of(Objects& o, unsigned oid) {
    const auto it = o.tables.find(oid);
    return it == o.tables.end() ? nullptr : &o.catalog.tables[it->second];
}

void read_columns(const Result& r, Objects& o) {
    o.attributes.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
        const unsigned relid = r.oid(i, 0);
        o.attributes.emplace(static_cast<unsigned long long>(relid) << 16 | static_cast<unsigned long long>(r.integer(i, 9)),
                             r.string(i, 1));
        model::Table* table = table_of(o, relid);
        if (!table) {
            // A view's columns: name and type only (CREATE OR REPLACE VIEW keeps them).
            if (const auto view = o.views.find(relid); view != o.views.end()) {
                model::Column column;
                column.name = r.string(i, 1);
                column.type = r.string(i, 2);
                column.position = static_cast<int>(r.integer(i, 9));
                o.catalog.views[view->second].columns.push_back(std::move(column));
            }
            continue;
        }
        model::Column column;
        column.name = r.string(i, 1);
        column.type = r.string(i, 2);
        column.not_null = r.boolean(i, 3);
        const std::string_view generated = r.text(i, 6);
        if (!r.is_null(i, 4)) {
            if (generated == "s") {
                column.generated = model::Generated::stored_column;
                column.generation_expr = r.string(i, 4);
            } else {
                column.default_expr = r.string(i, 4);
            }
        }
        const std::string_view identity = r.text(i, 5);
        column.identity = identity == "a" ? "ALWAYS" : identity == "d" ? "BY DEFAULT" : "";
        column.collation = r.string(i, 7);
        column.comment = r.string(i, 8);
        column.position = static_cast<int>(r.integer(i, 9));  // attnum for now, an ordinal once sorted
        table->columns.push_back(std::move(column));
    }
}

void read_constraints(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) {
        model::Table* table = table_of(o, r.oid(i, 0));
        if (!table) continue;
        const std::string name = r.string(i, 1);
        const std::string_view type = r.text(i, 2);
        const bool deferrable = r.boolean(i, 3), deferred = r.boolean(i, 4), validated = r.boolean(i, 5);
        auto columns = o.attribute_names(r.oid(i, 0), r.text(i, 7));
        if (type == "p") {
            model::PrimaryKey key{name, std::move(columns)};
            key.deferrable = deferrable;
            key.initially_deferred = deferred;
            table->primary_key = std::move(key);
        } else if (type == "u") {
            model::UniqueConstraint unique{name, std::move(columns)};
            unique.deferrable = deferrable;
            unique.initially_deferred = deferred;
            unique.nulls_not_distinct = r.boolean(i, 17);
            table->uniques.push_back(std::move(unique));
        } else if (type == "f") {
            model::ForeignKey key;
            key.name = name;
            key.columns = std::move(columns);
            key.referenced_schema = r.string(i, 8);
            key.referenced_table = r.string(i, 9);
            key.referenced_columns = o.attribute_names(r.oid(i, 11), r.text(i, 10));
            key.on_update = action(r.text(i, 12));
            key.on_delete = action(r.text(i, 13));
            const std::string_view match = r.text(i, 14);
            key.match = match == "f" ? "FULL" : match == "p" ? "PARTIAL" : "";
            key.deferrable = deferrable;
            key.initially_deferred = deferred;
            key.not_valid = !validated;
            table->foreign_keys.push_back(std::move(key));
        } else if (type == "c") {
            model::CheckConstraint check;
            check.name = name;
            check.expression = check_expression(r.string(i, 15));
            check.not_valid = !validated;
            check.no_inherit = r.boolean(i, 6);
            table->checks.push_back(std::move(check));
        } else if (type == "x") {
            table->exclusions.push_back({name, r.string(i, 16), deferrable, deferred});
        }
    }
}

// CREATE INDEX as PostgreSQL would print it (pg_get_indexdef), built from the model: rendering
// it on the server costs more than the rest of the index query.
std::string index_sql(const model::Index& index) {
    std::vector<std::string> keys;
    for (const model::IndexKey& key : index.keys) {
        std::string text = key.column.empty() ? (key.expression.find(' ') == std::string::npos && key.expression.find('(') != std::string::npos
                                                     ? key.expression
                                                     : "(" + key.expression + ")")
                                              : key.column;
        if (!key.collation.empty() && !key.column.empty()) text += " COLLATE " + key.collation;
        if (!key.opclass.empty()) text += " " + key.opclass;
        if (key.descending) text += " DESC";
        if (key.nulls_first) text += key.descending ? " NULLS LAST" : " NULLS FIRST";
        keys.push_back(text);
    }
    std::string sql = std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + index.name + " ON " + index.table +
                      " USING " + index.method + " (" + util::join(keys, ", ") + ")";
    if (!index.include.empty()) sql += " INCLUDE (" + util::join(index.include, ", ") + ")";
    if (index.nulls_not_distinct) sql += " NULLS NOT DISTINCT";
    if (!index.predicate.empty()) sql += " WHERE " + index.predicate;
    return sql;
}

void read_indexes(const Result& r, Objects& o) {
    // One row per key, ordered by table, index name and key position.
    for (int i = 0; i < r.rows();) {
        const unsigned relid = r.oid(i, 0);
        model::Index index;
        index.schema = r.string(i, 1);
        index.name = r.string(i, 2);
        index.unique = r.boolean(i, 3);
        index.method = r.string(i, 4);
        const long long key_count = r.integer(i, 5);
        index.predicate = index_predicate(r.string(i, 6));
        index.nulls_not_distinct = r.boolean(i, 8);
        for (; i < r.rows() && r.oid(i, 0) == relid && r.text(i, 2) == index.name; ++i) {
            const long long ordinal = r.integer(i, 9);
            const long long attnum = r.integer(i, 10);
            const bool is_column = attnum != 0;
            const std::string* column = is_column ? o.attribute(relid, attnum) : nullptr;
            const std::string text = is_column ? (column ? *column : "#" + std::to_string(attnum)) : r.string(i, 11);
            if (ordinal > key_count) {
                index.include.push_back(text);
                continue;
            }
            model::IndexKey key;
            (is_column ? key.column : key.expression) = text;
            const long long option = r.integer(i, 12);
            key.descending = (option & 1) != 0;
            // NULLS FIRST is the default for DESC: record only the non-default ordering.
            key.nulls_first = ((option & 2) != 0) != key.descending;
            key.opclass = r.string(i, 13);
            key.collation = r.string(i, 14);
            // A column key's collation counts only when it is not the column's own.
            if (is_column) {
                if (const model::Table* table = table_of(o, relid)) {
                    const model::Column* own = table->find_column(key.column, false);
                    if (own && own->collation == key.collation) key.collation.clear();
                }
            }
            index.keys.push_back(std::move(key));
        }
        const auto name = o.names.find(relid);
        index.table = name == o.names.end() ? "" : name->second;
        index.sql = index_sql(index);
        if (model::Table* table = table_of(o, relid)) {
            table->indexes.push_back(std::move(index));
        } else if (const auto view = o.matviews.find(relid); view != o.matviews.end()) {
            o.catalog.materialized_views[view->second].indexes.push_back(std::move(index));
        }
    }
}

void read_functions(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) {
        const std::string_view kind = r.text(i, 3);
        const std::string schema = r.string(i, 0), name = r.string(i, 1), arguments = r.string(i, 2);
        if (kind == "a") {
            o.catalog.unsupported.push_back({"aggregate", qualify(schema, name) + "(" + arguments + ")"});
            continue;
        }
        model::Function function;
        function.schema = schema;
        function.name = name;
        function.arguments = arguments;
        function.kind = kind == "p" ? "procedure" : kind == "w" ? "window" : "function";
        function.result = r.string(i, 4);
        function.language = r.string(i, 5);
        const std::string_view volatility = r.text(i, 6);
        function.volatility = volatility == "i" ? "immutable" : volatility == "s" ? "stable" : "volatile";
        function.security_definer = r.boolean(i, 7);
        function.strict = r.boolean(i, 8);
        function.body = r.string(i, 9);
        function.body_key = normalize_body(function.body);
        function.definition = r.string(i, 10);
        function.comment = r.string(i, 11);
        o.catalog.functions.push_back(std::move(function));
    }
}

void read_triggers(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) {
        const auto table_name = o.names.find(r.oid(i, 0));
        if (table_name == o.names.end()) continue;
        model::Trigger trigger;
        // Trigger names are unique per table, not per schema: the table qualifies them.
        trigger.schema = table_name->second;
        trigger.name = r.string(i, 1);
        trigger.table = table_name->second;
        trigger.sql = r.string(i, 2);
        trigger.definition = trigger.sql;
        const std::string_view enabled = r.text(i, 3);
        trigger.enabled = enabled == "D" ? "DISABLED" : enabled == "R" ? "REPLICA" : enabled == "A" ? "ALWAYS" : "";
        const long long type = r.integer(i, 4);
        trigger.timing = (type & 2) ? "BEFORE" : (type & 64) ? "INSTEAD OF" : "AFTER";
        std::vector<std::string> events;
        if (type & 4) events.push_back("INSERT");
        if (type & 16) events.push_back("UPDATE");
        if (type & 8) events.push_back("DELETE");
        if (type & 32) events.push_back("TRUNCATE");
        trigger.event = util::join(events, " OR ");
        o.catalog.triggers.push_back(std::move(trigger));
    }
}

void read_policies(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) {
        const auto table_name = o.names.find(r.oid(i, 0));
        if (table_name == o.names.end()) continue;
        model::Policy policy;
        policy.table = table_name->second;
        policy.schema = policy.table.substr(0, policy.table.find('.'));
        policy.name = r.string(i, 1);
        const std::string_view command = r.text(i, 2);
        policy.command = command == "r"   ? "SELECT"
                         : command == "a" ? "INSERT"
                         : command == "w" ? "UPDATE"
                         : command == "d" ? "DELETE"
                                          : "ALL";
        policy.permissive = r.boolean(i, 3);
        policy.roles = split(r.text(i, 4), '\x1f');
        policy.using_expr = r.string(i, 5);
        policy.with_check = r.string(i, 6);
        o.catalog.policies.push_back(std::move(policy));
    }
}

void read_unsupported(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) o.catalog.unsupported.push_back({r.string(i, 0), r.string(i, 1)});
}

void read(QueryKind kind, const Result& r, Objects& o) {
    switch (kind) {
        case QueryKind::schemas: return read_schemas(r, o);
        case QueryKind::extensions: return read_extensions(r, o);
        case QueryKind::types: return read_types(r, o);
        case QueryKind::relations: return read_relations(r, o);
        case QueryKind::columns: return read_columns(r, o);
        case QueryKind::constraints: return read_constraints(r, o);
        case QueryKind::indexes: return read_indexes(r, o);
        case QueryKind::functions: return read_functions(r, o);
        case QueryKind::triggers: return read_triggers(r, o);
        case QueryKind::policies: return read_policies(r, o);
        case QueryKind::unsupported: return read_unsupported(r, o);
    }
}

[[noreturn]] void catalog_failure(const Connection& connection, const StatementError& error) {
    std::string message = "cannot read the catalog of " + connection.display() + ": " + error.error().message;
    if (error.error().sqlstate == "42501") message += " (the auditing role needs SELECT on pg_catalog)";
    throw util::ConnectionError(message);
}

}  // namespace

std::string normalize_body(std::string_view body) {
    std::string out;
    bool pending_space = false;
    auto emit = [&](std::string_view piece) {
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += piece;
    };
    std::size_t i = 0;
    while (i < body.size()) {
        const char c = body[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            pending_space = true;
            ++i;
        } else if (c == '-' && i + 1 < body.size() && body[i + 1] == '-') {
            while (i < body.size() && body[i] != '\n') ++i;
            pending_space = true;
        } else if (c == '/' && i + 1 < body.size() && body[i + 1] == '*') {
            int depth = 0;
            while (i < body.size()) {
                if (body[i] == '/' && i + 1 < body.size() && body[i + 1] == '*') {
                    ++depth;
                    i += 2;
                } else if (body[i] == '*' && i + 1 < body.size() && body[i + 1] == '/') {
                    i += 2;
                    if (--depth == 0) break;
                } else {
                    ++i;
                }
            }
            pending_space = true;
        } else if (c == '\'' || c == '"') {
            // A literal or quoted identifier: kept byte for byte ('' and "" escape the quote;
            // E'..\'..' is close enough: a backslash-escaped quote only ends the token early).
            std::size_t end = i + 1;
            while (end < body.size()) {
                if (body[end] == c) {
                    if (end + 1 < body.size() && body[end + 1] == c) {
                        end += 2;
                        continue;
                    }
                    break;
                }
                if (c == '\'' && body[end] == '\\' && i > 0 && (body[i - 1] == 'E' || body[i - 1] == 'e')) ++end;
                ++end;
            }
            emit(body.substr(i, end + 1 - i));
            i = end + 1;
        } else if (c == '$') {
            // A dollar-quoted string: $tag$ ... $tag$, kept as is.
            std::size_t tag_end = i + 1;
            while (tag_end < body.size() && (std::isalnum(static_cast<unsigned char>(body[tag_end])) || body[tag_end] == '_')) ++tag_end;
            if (tag_end < body.size() && body[tag_end] == '$') {
                const std::string_view tag = body.substr(i, tag_end + 1 - i);
                const std::size_t close = body.find(tag, tag_end + 1);
                const std::size_t end = close == std::string_view::npos ? body.size() : close + tag.size();
                emit(body.substr(i, end - i));
                i = end;
            } else {
                emit(body.substr(i, 1));
                ++i;
            }
        } else {
            std::size_t end = i + 1;
            while (end < body.size() && !std::isspace(static_cast<unsigned char>(body[end])) && body[end] != '\'' &&
                   body[end] != '"' && body[end] != '$' && body[end] != '-' && body[end] != '/')
                ++end;
            emit(body.substr(i, end - i));
            i = end;
        }
    }
    return out;
}

namespace {

void finish(Connection& connection, model::Catalog& catalog, Objects& objects, InspectStats* stats, int queries_run,
            int round_trips_before, Connection* helper);

int statement_count(const char* sql) {
    return 1 + static_cast<int>(std::count(sql, sql + std::char_traits<char>::length(sql), ';'));
}

// The fast path: every query in one round trip, the columns (the biggest query by far) on a
// second connection that shares the first one's snapshot, so the server works on both at once.
// Returns false, leaving `connection` in its transaction with the savepoint to roll back to,
// when a query failed.
bool fetch_all(Connection& connection, Connection* helper, const std::vector<CatalogQuery>& queries, Objects& objects) {
    util::PhaseTimer timer("catalog");
    const int settings = statement_count(k_session_settings);
    std::vector<Result> results;  // kept until the end: `objects` refers into them
    std::optional<Result> columns;
    bool helper_busy = false;
    std::string snapshot;
    bool begun = false;
    if (helper) {
        try {
            const auto exported = connection.exec_batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SELECT pg_export_snapshot()");
            snapshot = exported.back().string(0, 0);
            begun = true;
        } catch (const StatementError&) {
            // No snapshot to share (a server that cannot export one): one connection does it all.
            try {
                connection.exec("ROLLBACK");
            } catch (const StatementError& error) {
                catalog_failure(connection, error);
            }
        }
    }
    if (!snapshot.empty()) {
        for (const CatalogQuery& query : queries) {
            if (query.kind != QueryKind::columns) continue;
            try {
                helper->send_batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " +
                                   quote_literal(snapshot) + "; " + k_session_settings + ";\n" + query.sql);
                helper_busy = true;
            } catch (const StatementError&) {
                // The helper is gone: its query runs on the main connection.
            }
        }
    }
    std::string batch = begun ? "" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ";
    batch += k_session_settings;
    batch += "; SAVEPOINT dbaudit_catalog";
    for (const CatalogQuery& query : queries)
        if (!(helper_busy && query.kind == QueryKind::columns)) batch += ";\n" + query.sql;
    const int preamble = (begun ? 0 : 1) + settings + 1;
    bool ok = true;
    try {
        results = connection.exec_batch(batch);
    } catch (const StatementError& error) {
        if (error.statement_index() < preamble) catalog_failure(connection, error);
        ok = false;
    }
    if (helper_busy) {
        try {
            auto helper_results = helper->receive_batch();
            columns.emplace(std::move(helper_results.back()));
            helper->exec("COMMIT");
        } catch (const StatementError&) {
            ok = false;  // e.g. the role may not read pg_attribute: the slow path says which
        }
    }
    timer.mark("fetch");
    if (!ok) return false;
    std::size_t next = static_cast<std::size_t>(preamble);
    for (const CatalogQuery& query : queries) {
        if (query.kind == QueryKind::columns && helper_busy) {
            read(query.kind, *columns, objects);
        } else {
            read(query.kind, results[next++], objects);
        }
    }
    timer.mark("model");
    return true;
}

}  // namespace

model::Catalog inspect(Connection& connection, InspectStats* stats, Connection* helper) {
    const int round_trips_before = connection.round_trips() + (helper ? helper->round_trips() : 0);
    int queries_run = 0;
    if (connection.server_version_num() < 120000)
        throw util::ConnectionError(connection.display() + " runs PostgreSQL " + connection.server_version() +
                                    "; dbaudit supports PostgreSQL 12 and later");
    model::Catalog catalog;
    catalog.engine = "postgresql";
    catalog.name_matching = model::NameMatching::exact;
    catalog.catalog_comments = true;
    catalog.server_version = connection.server_version();
    Objects objects{catalog, {}, {}, {}};

    const std::vector<CatalogQuery> queries = catalog_queries(connection.server_version_num());
    queries_run += static_cast<int>(queries.size());
    if (!fetch_all(connection, helper, queries, objects)) {
        // Some query failed: start over one query at a time, so that a kind the role may not
        // read is reported as not visible while everything else is still compared.
        catalog = model::Catalog{};
        catalog.engine = "postgresql";
        catalog.catalog_comments = true;
        catalog.server_version = connection.server_version();
        objects.tables.clear();
        objects.matviews.clear();
        objects.views.clear();
        objects.names.clear();
        objects.attributes.clear();
        objects.sequence_owners.clear();
        try {
            connection.exec("ROLLBACK TO SAVEPOINT dbaudit_catalog");
        } catch (const StatementError& rollback_error) {
            catalog_failure(connection, rollback_error);
        }
        std::vector<Result> results;  // kept: `objects` refers into them
        for (const CatalogQuery& query : queries) {
            try {
                ++queries_run;
                results.push_back(connection.exec(query.sql));
                read(query.kind, results.back(), objects);
            } catch (const StatementError& query_error) {
                if (query.essential || query_error.error().sqlstate != "42501") catalog_failure(connection, query_error);
                catalog.privilege_notes.push_back({query.object_kind, query_error.error().message});
                connection.exec("ROLLBACK TO SAVEPOINT dbaudit_catalog");
            }
        }
        finish(connection, catalog, objects, stats, queries_run, round_trips_before, helper);
        return catalog;
    }
    finish(connection, catalog, objects, stats, queries_run, round_trips_before, helper);
    return catalog;
}

namespace {

void finish(Connection& connection, model::Catalog& catalog, Objects& objects, InspectStats* stats, int queries_run,
            int round_trips_before, Connection* helper) {
    try {
        connection.exec("COMMIT");
    } catch (const StatementError& error) {
        catalog_failure(connection, error);
    }
    // Columns arrive in no particular order: order them by attnum, then number them from 0.
    for (model::Table& table : catalog.tables) {
        std::sort(table.columns.begin(), table.columns.end(),
                  [](const model::Column& a, const model::Column& b) { return a.position < b.position; });
        for (std::size_t k = 0; k < table.columns.size(); ++k) table.columns[k].position = static_cast<int>(k);
    }
    for (model::View& view : catalog.views)
        std::sort(view.columns.begin(), view.columns.end(), [](const model::Column& a, const model::Column& b) { return a.position < b.position; });
    for (const auto& owner : objects.sequence_owners) {
        const auto table = objects.names.find(owner.relid);
        const std::string* column = objects.attribute(owner.relid, owner.attnum);
        if (table != objects.names.end() && column) catalog.sequences[owner.sequence].owned_by = table->second + "." + *column;
    }
    if (stats) {
        stats->catalog_queries = queries_run;
        stats->round_trips = connection.round_trips() + (helper ? helper->round_trips() : 0) - round_trips_before;
    }
    catalog.sort();
    for (model::Table& table : catalog.tables) {
        std::sort(table.uniques.begin(), table.uniques.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    }
}

}  // namespace

}  // namespace dbaudit::engine::postgres
