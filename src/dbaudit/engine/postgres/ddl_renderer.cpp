#include "dbaudit/engine/postgres/ddl_renderer.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

// PostgreSQL's keywords that quote_ident quotes (every category but "unreserved": reserved,
// reserved-can-be-function-or-type, non-reserved-cannot-be-function-or-type), PostgreSQL 15.
const std::unordered_set<std::string_view>& quoted_keywords() {
    static const std::unordered_set<std::string_view> words = {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between", "bigint",
        "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce", "collate", "collation",
        "column", "concurrently", "constraint", "create", "cross", "current_catalog", "current_date", "current_role",
        "current_schema", "current_time", "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable",
        "desc", "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float", "for", "foreign",
        "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having", "ilike", "in", "initially", "inner",
        "inout", "int", "integer", "intersect", "interval", "into", "is", "isnull", "join", "lateral", "leading", "least",
        "left", "like", "limit", "localtime", "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not",
        "notnull", "null", "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay",
        "placing", "position", "precision", "primary", "real", "references", "returning", "right", "row", "select",
        "session_user", "setof", "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", "then",
        "time", "timestamp", "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values",
        "varchar", "variadic", "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement",
        "xmlexists", "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
    };
    return words;
}

bool needs_quotes(std::string_view name) {
    if (name.empty()) return true;
    const unsigned char first = static_cast<unsigned char>(name.front());
    if (!((first >= 'a' && first <= 'z') || first == '_')) return true;
    for (unsigned char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return true;
    return quoted_keywords().count(name) > 0;
}

// The part of a raw qualified name after "schema." when it starts so; else the whole name.
std::string_view strip_schema(std::string_view qualified_name, std::string_view schema) {
    if (!schema.empty() && qualified_name.size() > schema.size() + 1 && qualified_name.substr(0, schema.size()) == schema &&
        qualified_name[schema.size()] == '.')
        return qualified_name.substr(schema.size() + 1);
    return qualified_name;
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::vector<std::string> parts;
    parts.reserve(names.size());
    for (const std::string& name : names) parts.push_back(quote_name(name));
    return util::join(parts, ", ");
}

std::string deferral(bool deferrable, bool deferred) {
    if (!deferrable) return "";
    return deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
}

std::string constraint_prefix(const std::string& name) { return name.empty() ? "" : "CONSTRAINT " + quote_name(name) + " "; }

std::string table_name(const model::Table& table) { return qualified(table.schema, table.name); }

}  // namespace

std::string quote_name(std::string_view name) {
    if (!needs_quotes(name)) return std::string(name);
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string qualified(std::string_view schema, std::string_view name) {
    return schema.empty() ? quote_name(name) : quote_name(schema) + "." + quote_name(name);
}

std::string quote_qualified(std::string_view qualified_name, std::string_view schema) {
    if (!schema.empty()) {
        const std::string_view rest = strip_schema(qualified_name, schema);
        if (rest.size() != qualified_name.size()) return qualified(schema, rest);
    }
    const std::size_t dot = qualified_name.find('.');
    if (dot == std::string_view::npos) return quote_name(qualified_name);
    return qualified(qualified_name.substr(0, dot), qualified_name.substr(dot + 1));
}

std::string quote_string(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

std::string render_column(const model::Column& column) {
    std::string out = quote_name(column.name) + " " + column.type;
    if (!column.collation.empty()) out += " COLLATE " + quote_name(column.collation);
    if (column.generated != model::Generated::none) out += " GENERATED ALWAYS AS (" + column.generation_expr + ") STORED";
    if (!column.identity.empty()) out += " GENERATED " + column.identity + " AS IDENTITY";
    if (column.default_expr) out += " DEFAULT " + *column.default_expr;
    if (column.not_null) out += " NOT NULL";
    return out;
}

std::string render_primary_key(const model::PrimaryKey& key) {
    return constraint_prefix(key.name) + "PRIMARY KEY (" + quoted_list(key.columns) + ")" + deferral(key.deferrable, key.initially_deferred);
}

std::string render_unique(const model::UniqueConstraint& unique) {
    return constraint_prefix(unique.name) + "UNIQUE" + (unique.nulls_not_distinct ? " NULLS NOT DISTINCT" : "") + " (" +
           quoted_list(unique.columns) + ")" + deferral(unique.deferrable, unique.initially_deferred);
}

std::string render_check(const model::CheckConstraint& check) {
    return constraint_prefix(check.name) + "CHECK (" + check.expression + ")" + (check.no_inherit ? " NO INHERIT" : "");
}

std::string render_foreign_key(const model::ForeignKey& key) {
    std::string out = constraint_prefix(key.name) + "FOREIGN KEY (" + quoted_list(key.columns) + ") REFERENCES " +
                      qualified(key.referenced_schema, key.referenced_table);
    if (!key.referenced_columns.empty()) out += " (" + quoted_list(key.referenced_columns) + ")";
    if (!key.match.empty()) out += " MATCH " + key.match;
    if (key.on_update != model::ForeignKeyAction::no_action) out += std::string(" ON UPDATE ") + model::to_sql(key.on_update);
    if (key.on_delete != model::ForeignKeyAction::no_action) out += std::string(" ON DELETE ") + model::to_sql(key.on_delete);
    return out + deferral(key.deferrable, key.initially_deferred);
}

std::string render_exclusion(const model::ExclusionConstraint& exclusion) {
    return constraint_prefix(exclusion.name) + exclusion.definition + deferral(exclusion.deferrable, exclusion.initially_deferred);
}

std::string render_add_constraint(const model::Table& table, const std::string& clause, bool not_valid) {
    return "ALTER TABLE " + table_name(table) + " ADD " + clause + (not_valid ? " NOT VALID" : "");
}

std::string render_add_foreign_key(const model::Table& table, const model::ForeignKey& key, bool not_valid) {
    return render_add_constraint(table, render_foreign_key(key), not_valid || key.not_valid);
}

std::string render_create_table(const model::Table& table) {
    std::string out = std::string("CREATE ") + (table.options.unlogged ? "UNLOGGED " : "") + "TABLE " + table_name(table);
    std::vector<std::string> parts;
    if (!table.options.partition_of.empty()) {
        // "schema.parent FOR VALUES ...": the parent's columns are the partition's.
        const std::string& of = table.options.partition_of;
        const std::size_t space = of.find(' ');
        out += " PARTITION OF " + quote_qualified(of.substr(0, space)) + (space == std::string::npos ? "" : of.substr(space));
        if (!table.options.partition_key.empty()) out += " PARTITION BY " + table.options.partition_key;
        return out;
    }
    for (const model::Column& column : table.columns) parts.push_back(render_column(column));
    if (table.primary_key) parts.push_back(render_primary_key(*table.primary_key));
    for (const auto& unique : table.uniques) parts.push_back(render_unique(unique));
    for (const auto& check : table.checks) {
        if (check.not_valid) continue;  // NOT VALID exists only on ALTER TABLE ... ADD
        parts.push_back(render_check(check));
    }
    for (const auto& exclusion : table.exclusions) parts.push_back(render_exclusion(exclusion));
    out += " (";
    for (std::size_t i = 0; i < parts.size(); ++i) out += std::string(i ? "," : "") + "\n    " + parts[i];
    out += parts.empty() ? ")" : "\n)";
    if (!table.options.partition_key.empty()) out += " PARTITION BY " + table.options.partition_key;
    return out;
}

std::string render_create_index(const model::Index& index, bool concurrently) {
    std::vector<std::string> keys;
    for (const model::IndexKey& key : index.keys) {
        std::string text = key.column.empty() ? "(" + key.expression + ")" : quote_name(key.column);
        if (!key.collation.empty()) text += " COLLATE " + quote_name(key.collation);
        if (!key.opclass.empty()) text += " " + key.opclass;
        if (key.descending) text += " DESC";
        if (key.nulls_first) text += key.descending ? " NULLS LAST" : " NULLS FIRST";
        keys.push_back(std::move(text));
    }
    std::string out = std::string(index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ") + (concurrently ? "CONCURRENTLY " : "") +
                      quote_name(index.name) + " ON " + quote_qualified(index.table, index.schema);
    if (!index.method.empty() && index.method != "btree") out += " USING " + index.method;
    out += " (" + util::join(keys, ", ") + ")";
    if (!index.include.empty()) out += " INCLUDE (" + quoted_list(index.include) + ")";
    if (index.nulls_not_distinct) out += " NULLS NOT DISTINCT";
    if (!index.predicate.empty()) out += " WHERE " + index.predicate;
    return out;
}

std::string render_create_view(const model::View& view, bool or_replace) {
    std::string definition = view.definition;
    while (!definition.empty() && (definition.back() == ';' || definition.back() == ' ' || definition.back() == '\n'))
        definition.pop_back();
    std::string out = std::string("CREATE ") + (or_replace ? "OR REPLACE " : "") + (view.materialized ? "MATERIALIZED VIEW " : "VIEW ") +
                      qualified(view.schema, view.name);
    if (!view.options.empty()) out += " WITH (" + view.options + ")";
    return out + " AS\n" + definition;
}

std::string render_create_schema(const model::Schema& schema) { return "CREATE SCHEMA " + quote_name(schema.name); }

std::string render_create_extension(const model::Extension& extension) {
    std::string out = "CREATE EXTENSION IF NOT EXISTS " + quote_name(extension.name);
    if (!extension.schema.empty()) out += " WITH SCHEMA " + quote_name(extension.schema);
    if (!extension.version.empty()) out += " VERSION " + quote_string(extension.version);
    return out;
}

std::string render_create_type(const model::UserType& type) {
    const std::string name = qualified(type.schema, type.name);
    switch (type.kind) {
        case model::TypeKind::enum_type: {
            std::vector<std::string> labels;
            for (const std::string& label : type.labels) labels.push_back(quote_string(label));
            return "CREATE TYPE " + name + " AS ENUM (" + util::join(labels, ", ") + ")";
        }
        case model::TypeKind::domain: {
            std::string out = "CREATE DOMAIN " + name + " AS " + type.base_type;
            if (!type.collation.empty()) out += " COLLATE " + quote_name(type.collation);
            if (type.default_expr) out += " DEFAULT " + *type.default_expr;
            if (type.not_null) out += " NOT NULL";
            for (const std::string& check : type.checks) {
                // "name: CHECK (...)"
                const std::size_t colon = check.find(": ");
                if (colon == std::string::npos) out += " " + check;
                else out += " CONSTRAINT " + quote_name(check.substr(0, colon)) + " " + check.substr(colon + 2);
            }
            return out;
        }
        case model::TypeKind::composite: {
            std::vector<std::string> attributes;
            for (const auto& a : type.attributes)
                attributes.push_back(quote_name(a.name) + " " + a.type + (a.collation.empty() ? "" : " COLLATE " + quote_name(a.collation)));
            return "CREATE TYPE " + name + " AS (" + util::join(attributes, ", ") + ")";
        }
        case model::TypeKind::range: return "CREATE TYPE " + name + " AS RANGE (subtype = " + type.base_type + ")";
    }
    return {};
}

std::string render_create_sequence(const model::Sequence& sequence) {
    std::string out = "CREATE SEQUENCE " + qualified(sequence.schema, sequence.name);
    if (!sequence.data_type.empty()) out += " AS " + sequence.data_type;
    out += " INCREMENT BY " + std::to_string(sequence.increment) + " MINVALUE " + std::to_string(sequence.min_value) + " MAXVALUE " +
           std::to_string(sequence.max_value) + " START WITH " + std::to_string(sequence.start) + " CACHE " + std::to_string(sequence.cache);
    if (sequence.cycle) out += " CYCLE";
    return out;
}

std::string render_sequence_owner(const model::Sequence& sequence) {
    if (sequence.owned_by.empty()) return {};
    // "schema.table.column": the column is after the last dot.
    const std::size_t dot = sequence.owned_by.rfind('.');
    const std::string table = sequence.owned_by.substr(0, dot);
    return "ALTER SEQUENCE " + qualified(sequence.schema, sequence.name) + " OWNED BY " + quote_qualified(table) + "." +
           quote_name(sequence.owned_by.substr(dot + 1));
}

std::string render_create_function(const model::Function& function) {
    std::string out = function.definition;
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == ';')) out.pop_back();
    return out;
}

std::string render_create_trigger(const model::Trigger& trigger) { return trigger.sql; }

std::string render_create_policy(const model::Policy& policy) {
    std::string out = "CREATE POLICY " + quote_name(policy.name) + " ON " + quote_qualified(policy.table, policy.schema);
    if (!policy.permissive) out += " AS RESTRICTIVE";
    out += " FOR " + policy.command;
    std::vector<std::string> roles;
    for (const std::string& role : policy.roles) roles.push_back(role == "public" ? "PUBLIC" : quote_name(role));
    if (!roles.empty()) out += " TO " + util::join(roles, ", ");
    if (!policy.using_expr.empty()) out += " USING (" + policy.using_expr + ")";
    if (!policy.with_check.empty()) out += " WITH CHECK (" + policy.with_check + ")";
    return out;
}

std::vector<std::string> render_row_security(const model::Table& table) {
    std::vector<std::string> out;
    if (table.row_security) out.push_back("ALTER TABLE " + table_name(table) + " ENABLE ROW LEVEL SECURITY");
    if (table.force_row_security) out.push_back("ALTER TABLE " + table_name(table) + " FORCE ROW LEVEL SECURITY");
    return out;
}

std::string render_comment(std::string_view kind, std::string_view object, std::string_view comment) {
    std::string target;
    if (kind == "column") {
        // "schema.table.column"
        const std::size_t dot = object.rfind('.');
        target = "COLUMN " + quote_qualified(object.substr(0, dot)) + "." + quote_name(object.substr(dot + 1));
    } else if (kind == "function" || kind == "procedure" || kind == "window") {
        // "schema.name(arguments)": the arguments are PostgreSQL's own rendering.
        const std::size_t paren = object.find('(');
        target = std::string(kind == "procedure" ? "PROCEDURE " : "FUNCTION ") + quote_qualified(object.substr(0, paren)) +
                 std::string(object.substr(paren));
    } else if (kind == "materialized_view") {
        target = "MATERIALIZED VIEW " + quote_qualified(object);
    } else if (kind == "schema" || kind == "extension") {
        target = util::ascii_upper(kind) + " " + quote_name(object);
    } else {
        target = util::ascii_upper(kind) + " " + quote_qualified(object);
    }
    return "COMMENT ON " + target + " IS " + (comment.empty() ? std::string("NULL") : quote_string(comment));
}

bool body_resolved_at_create(const model::Function& function) {
    if (function.language != "sql") return false;
    // pg_get_functiondef prints an SQL-standard body without the AS '...' string.
    const std::string_view body = util::trim(function.body);
    return util::starts_with_icase(body, "RETURN") || util::starts_with_icase(body, "BEGIN ATOMIC") ||
           function.definition.find("\nRETURN ") != std::string::npos || function.definition.find("\nBEGIN ATOMIC") != std::string::npos ||
           function.definition.find("\n BEGIN ATOMIC") != std::string::npos || function.definition.find("\n RETURN ") != std::string::npos;
}

std::vector<std::string> mentioned_qualified_names(std::string_view sql) {
    // A small scanner with PostgreSQL's lexical rules for what matters here: comments, string
    // literals (also E'' and dollar-quoted), quoted and unquoted identifiers, and dots.
    std::vector<std::string> words;  // identifiers, with "." entries between parts
    std::size_t i = 0;
    auto is_ident_start = [](unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; };
    auto is_ident_char = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; };
    while (i < sql.size()) {
        const unsigned char c = static_cast<unsigned char>(sql[i]);
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const std::size_t end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else if (c == '\'') {
            const bool escapes = i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e');
            ++i;
            while (i < sql.size()) {
                if (escapes && sql[i] == '\\') {
                    i += 2;
                } else if (sql[i] == '\'') {
                    if (i + 1 < sql.size() && sql[i + 1] == '\'') i += 2;
                    else break;
                } else {
                    ++i;
                }
            }
            ++i;
            words.emplace_back();
        } else if (c == '$' && i + 1 < sql.size() && (sql[i + 1] == '$' || is_ident_start(static_cast<unsigned char>(sql[i + 1])))) {
            std::size_t tag_end = i + 1;
            while (tag_end < sql.size() && is_ident_char(static_cast<unsigned char>(sql[tag_end])) && sql[tag_end] != '$') ++tag_end;
            if (tag_end < sql.size() && sql[tag_end] == '$') {
                const std::string_view tag = sql.substr(i, tag_end + 1 - i);
                const std::size_t close = sql.find(tag, tag_end + 1);
                i = close == std::string_view::npos ? sql.size() : close + tag.size();
            } else {
                i = tag_end;
            }
            words.emplace_back();
        } else if (c == '"') {
            std::string name;
            ++i;
            while (i < sql.size()) {
                if (sql[i] == '"') {
                    if (i + 1 < sql.size() && sql[i + 1] == '"') {
                        name += '"';
                        i += 2;
                        continue;
                    }
                    break;
                }
                name += sql[i++];
            }
            ++i;
            words.push_back(std::move(name));
        } else if (is_ident_start(c)) {
            std::size_t end = i;
            while (end < sql.size() && is_ident_char(static_cast<unsigned char>(sql[end]))) ++end;
            words.push_back(util::ascii_lower(sql.substr(i, end - i)));
            i = end;
        } else if (c == '.') {
            words.emplace_back(".");
            ++i;
        } else {
            if (!std::isspace(c)) words.emplace_back();
            ++i;
        }
    }
    std::vector<std::string> out;
    std::set<std::string> seen;
    auto add = [&](std::string name) {
        if (seen.insert(name).second) out.push_back(std::move(name));
    };
    for (std::size_t k = 0; k < words.size(); ++k) {
        if (words[k].empty() || words[k] == ".") continue;
        if (k + 2 < words.size() && words[k + 1] == "." && !words[k + 2].empty() && words[k + 2] != ".") {
            add(words[k] + "." + words[k + 2]);
            k += 2;
            continue;
        }
        add(words[k]);
    }
    return out;
}

std::vector<std::string> render_schema_statements(const model::Catalog& catalog) {
    std::vector<std::string> out;
    out.push_back("SET check_function_bodies = false");
    for (const auto& schema : catalog.schemas)
        if (schema.name != "public") out.push_back(render_create_schema(schema));
    for (const auto& extension : catalog.extensions) out.push_back(render_create_extension(extension));
    // Enums and ranges name only built-in types; domains may use enums; composites use any.
    for (auto kind : {model::TypeKind::enum_type, model::TypeKind::range, model::TypeKind::domain, model::TypeKind::composite})
        for (const auto& type : catalog.types)
            if (type.kind == kind) out.push_back(render_create_type(type));
    for (const auto& sequence : catalog.sequences) out.push_back(render_create_sequence(sequence));
    for (const auto& function : catalog.functions)
        if (!body_resolved_at_create(function)) out.push_back(render_create_function(function));
    // Partitioned tables before their partitions.
    for (int pass = 0; pass < 2; ++pass)
        for (const auto& table : catalog.tables)
            if (table.options.partition_of.empty() == (pass == 0)) out.push_back(render_create_table(table));
    for (const auto& sequence : catalog.sequences)
        if (!sequence.owned_by.empty()) out.push_back(render_sequence_owner(sequence));
    for (const auto& table : catalog.tables) {
        for (const auto& check : table.checks)
            if (check.not_valid) out.push_back(render_add_constraint(table, render_check(check), true));
        for (const auto& key : table.foreign_keys) out.push_back(render_add_foreign_key(table, key));
    }
    for (const auto& table : catalog.tables)
        for (const auto& index : table.indexes) out.push_back(render_create_index(index));

    // Views and materialized views after the ones they read (depth-first on mentioned names).
    std::map<std::string, const model::View*> views;
    for (const auto* list : {&catalog.views, &catalog.materialized_views})
        for (const auto& view : *list) views[view.qualified_name()] = &view;
    std::set<std::string> done, visiting;
    std::vector<const model::View*> ordered;
    auto visit = [&](auto&& self, const model::View& view) -> void {
        const std::string name = view.qualified_name();
        if (done.count(name) || !visiting.insert(name).second) return;
        for (const std::string& mentioned : mentioned_qualified_names(view.definition)) {
            const auto it = views.find(mentioned);
            if (it != views.end() && it->second != &view) self(self, *it->second);
        }
        visiting.erase(name);
        if (done.insert(name).second) ordered.push_back(&view);
    };
    for (const auto& [name, view] : views) visit(visit, *view);
    for (const model::View* view : ordered) {
        out.push_back(render_create_view(*view));
        for (const auto& index : view->indexes) out.push_back(render_create_index(index));
    }
    for (const auto& function : catalog.functions)
        if (body_resolved_at_create(function)) out.push_back(render_create_function(function));
    for (const auto& trigger : catalog.triggers) {
        out.push_back(render_create_trigger(trigger));
        if (!trigger.enabled.empty()) {
            const std::string mode = trigger.enabled == "DISABLED" ? "DISABLE" : "ENABLE " + trigger.enabled;
            out.push_back("ALTER TABLE " + quote_qualified(trigger.table) + " " + mode + " TRIGGER " + quote_name(trigger.name));
        }
    }
    for (const auto& table : catalog.tables)
        for (std::string& statement : render_row_security(table)) out.push_back(std::move(statement));
    for (const auto& policy : catalog.policies) out.push_back(render_create_policy(policy));

    for (const auto& schema : catalog.schemas)
        if (!schema.comment.empty()) out.push_back(render_comment("schema", schema.name, schema.comment));
    for (const auto& type : catalog.types)
        if (!type.comment.empty()) out.push_back(render_comment("type", type.qualified_name(), type.comment));
    for (const auto& table : catalog.tables) {
        if (!table.comment.empty()) out.push_back(render_comment("table", table.qualified_name(), table.comment));
        for (const auto& column : table.columns)
            if (!column.comment.empty()) out.push_back(render_comment("column", table.qualified_name() + "." + column.name, column.comment));
    }
    for (const auto& view : catalog.views)
        if (!view.comment.empty()) out.push_back(render_comment("view", view.qualified_name(), view.comment));
    for (const auto& view : catalog.materialized_views)
        if (!view.comment.empty()) out.push_back(render_comment("materialized_view", view.qualified_name(), view.comment));
    for (const auto& function : catalog.functions)
        if (!function.comment.empty()) out.push_back(render_comment(function.kind, function.qualified_name(), function.comment));
    return out;
}

std::string render_schema(const model::Catalog& catalog) {
    std::string out;
    for (const std::string& statement : render_schema_statements(catalog)) out += statement + ";\n";
    return out;
}

}  // namespace dbaudit::engine::postgres
