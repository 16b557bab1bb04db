#include "dbaudit/engine/postgres/inspector.hpp"

#include <algorithm>
#include <unordered_map>

#include "dbaudit/engine/postgres/catalog_queries.hpp"
#include "dbaudit/engine/postgres/connection.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"
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
    std::unordered_map<unsigned, std::string> names;  // oid -> qualified name of any relation
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
                o.catalog.views.push_back(std::move(view));
            }
        } else if (kind == "S") {
            const std::string owner = r.string(i, 19);
            if (!owner.empty() && owner.back() == 'i') continue;  // an identity column's sequence is part of the column
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
            if (owner.size() > 2) sequence.owned_by = owner.substr(0, owner.size() - 2);
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
    for (int i = 0; i < r.rows(); ++i) {
        model::Table* table = table_of(o, r.oid(i, 0));
        if (!table) continue;
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
        column.position = static_cast<int>(table->columns.size());
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
        auto columns = split(r.text(i, 7), '\x1f');
        if (type == "p") {
            model::PrimaryKey key{name, std::move(columns)};
            key.deferrable = deferrable;
            key.initially_deferred = deferred;
            table->primary_key = std::move(key);
        } else if (type == "u") {
            model::UniqueConstraint unique{name, std::move(columns)};
            unique.deferrable = deferrable;
            unique.initially_deferred = deferred;
            unique.nulls_not_distinct = r.boolean(i, 16);
            table->uniques.push_back(std::move(unique));
        } else if (type == "f") {
            model::ForeignKey key;
            key.name = name;
            key.columns = std::move(columns);
            key.referenced_schema = r.string(i, 8);
            key.referenced_table = r.string(i, 9);
            key.referenced_columns = split(r.text(i, 10), '\x1f');
            key.on_update = action(r.text(i, 11));
            key.on_delete = action(r.text(i, 12));
            const std::string_view match = r.text(i, 13);
            key.match = match == "f" ? "FULL" : match == "p" ? "PARTIAL" : "";
            key.deferrable = deferrable;
            key.initially_deferred = deferred;
            key.not_valid = !validated;
            table->foreign_keys.push_back(std::move(key));
        } else if (type == "c") {
            model::CheckConstraint check;
            check.name = name;
            check.expression = strip_outer_parentheses(r.string(i, 14));
            check.not_valid = !validated;
            check.no_inherit = r.boolean(i, 6);
            table->checks.push_back(std::move(check));
        } else if (type == "x") {
            table->exclusions.push_back({name, r.string(i, 15), deferrable, deferred});
        }
    }
}

void read_indexes(const Result& r, Objects& o) {
    for (int i = 0; i < r.rows(); ++i) {
        const unsigned relid = r.oid(i, 0);
        model::Index index;
        index.schema = r.string(i, 1);
        index.name = r.string(i, 2);
        index.unique = r.boolean(i, 3);
        index.method = r.string(i, 4);
        const int key_count = static_cast<int>(r.integer(i, 5));
        index.predicate = r.string(i, 6);
        index.sql = r.string(i, 7);
        index.nulls_not_distinct = r.boolean(i, 8);
        const auto keys = split(r.text(i, 9), '\x1f');
        for (int k = 0; k < static_cast<int>(keys.size()); ++k) {
            const auto fields = split(keys[k], '\x1e');
            if (fields.empty() || fields[0].empty()) continue;
            const bool is_column = fields[0][0] == 'c';
            const std::string text = fields[0].substr(1);
            if (k >= key_count) {
                index.include.push_back(text);
                continue;
            }
            model::IndexKey key;
            (is_column ? key.column : key.expression) = text;
            if (fields.size() == 5) {
                key.descending = fields[1] == "true";
                // NULLS FIRST is the default for DESC: record only the non-default ordering.
                key.nulls_first = (fields[2] == "true") != key.descending;
                key.opclass = fields[3];
                key.collation = fields[4];
            }
            index.keys.push_back(std::move(key));
        }
        const auto name = o.names.find(relid);
        index.table = name == o.names.end() ? "" : name->second;
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

model::Catalog inspect(Connection& connection, InspectStats* stats) {
    const int round_trips_before = connection.round_trips();
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
    // One round trip: the transaction, the settings, a savepoint to fall back to, every query.
    std::string batch = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ";
    batch += k_session_settings;
    batch += "; SAVEPOINT dbaudit_catalog";
    for (const CatalogQuery& query : queries) batch += ";\n" + query.sql;
    // BEGIN, the SET statements, SAVEPOINT.
    const int preamble = 2 + static_cast<int>(std::count(k_session_settings, k_session_settings + std::char_traits<char>::length(k_session_settings), ';')) + 1;
    try {
        queries_run += static_cast<int>(queries.size());
        std::vector<Result> results = connection.exec_batch(batch);
        for (std::size_t q = 0; q < queries.size(); ++q) read(queries[q].kind, results[preamble + q], objects);
    } catch (const StatementError& error) {
        if (error.statement_index() < preamble) catalog_failure(connection, error);
        // Some query failed: start over one query at a time, so that a kind the role may not
        // read is reported as not visible while everything else is still compared.
        catalog = model::Catalog{};
        catalog.engine = "postgresql";
        catalog.catalog_comments = true;
        catalog.server_version = connection.server_version();
        objects.tables.clear();
        objects.matviews.clear();
        objects.names.clear();
        try {
            connection.exec("ROLLBACK TO SAVEPOINT dbaudit_catalog");
        } catch (const StatementError& rollback_error) {
            catalog_failure(connection, rollback_error);
        }
        for (const CatalogQuery& query : queries) {
            try {
                ++queries_run;
                const Result result = connection.exec(query.sql);
                read(query.kind, result, objects);
            } catch (const StatementError& query_error) {
                if (query.essential || query_error.error().sqlstate != "42501") catalog_failure(connection, query_error);
                catalog.privilege_notes.push_back({query.object_kind, query_error.error().message});
                connection.exec("ROLLBACK TO SAVEPOINT dbaudit_catalog");
            }
        }
    }
    try {
        connection.exec("COMMIT");
    } catch (const StatementError& error) {
        catalog_failure(connection, error);
    }
    if (stats) {
        stats->catalog_queries = queries_run;
        stats->round_trips = connection.round_trips() - round_trips_before;
    }
    catalog.sort();
    for (model::Table& table : catalog.tables) {
        std::sort(table.uniques.begin(), table.uniques.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    }
    return catalog;
}

}  // namespace dbaudit::engine::postgres
