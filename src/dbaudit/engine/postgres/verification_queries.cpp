#include "dbaudit/engine/postgres/verification_queries.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "dbaudit/engine/postgres/connection.hpp"

namespace dbaudit::engine::postgres {

namespace {

// Estimated row counts of at most this many legacy tables in one query.
constexpr std::size_t k_max_listed_tables = 50;

struct QualifiedName {
    std::string schema;
    std::string name;
};

// "public.leads" -> {public, leads}; reports print names schema-qualified and unquoted.
QualifiedName split_qualified(const std::string& qualified) {
    const std::size_t dot = qualified.find('.');
    if (dot == std::string::npos) return {"public", qualified};
    return {qualified.substr(0, dot), qualified.substr(dot + 1)};
}

// The text to_regclass() and friends parse: each part quoted when it needs quotes.
std::string regclass_text(const std::string& qualified) {
    auto part = [](const std::string& name) {
        bool plain = !name.empty() && !(name[0] >= '0' && name[0] <= '9');
        for (char c : name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
        return plain ? name : quote_identifier(name);
    };
    const QualifiedName q = split_qualified(qualified);
    return quote_literal(part(q.schema) + "." + part(q.name));
}

// Items joined by ", ", wrapped so that no line gets much longer than 100 characters.
std::string wrapped(const std::vector<std::string>& items, const std::string& indent) {
    std::string out;
    std::size_t line = indent.size();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string item = items[i] + (i + 1 < items.size() ? "," : "");
        if (i > 0 && line + item.size() + 1 > 100) {
            out += "\n" + indent;
            line = indent.size();
        } else if (i > 0) {
            out += " ";
            ++line;
        }
        out += item;
        line += item.size();
    }
    return out;
}

std::string rows(std::size_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

// ('schema', 'name') pairs for a row comparison.
std::vector<std::string> name_pairs(const std::vector<std::string>& qualified) {
    std::vector<std::string> pairs;
    for (const std::string& name : qualified) {
        const QualifiedName q = split_qualified(name);
        pairs.push_back(std::string("(") + quote_literal(q.schema) + ", " + quote_literal(q.name) + ")");
    }
    return pairs;
}

// "public.leads.trg_x" with table "public.leads" -> "trg_x".
std::string own_name(const ObjectToVerify& object) {
    if (!object.table.empty() && object.name.size() > object.table.size() + 1 && object.name.starts_with(object.table + "."))
        return object.name.substr(object.table.size() + 1);
    return split_qualified(object.name).name;
}

}  // namespace

std::vector<VerificationQuery> verification_queries(const VerificationRequest& request) {
    std::vector<VerificationQuery> queries;
    if (!request.missing_tables.empty()) {
        std::vector<std::string> values;
        for (const std::string& table : request.missing_tables) values.push_back(std::string("(") + regclass_text(table) + ")");
        queries.push_back({"Missing tables: every row says false now, true once the fix is applied (" +
                               rows(request.missing_tables.size()) + ").",
                           "SELECT name, to_regclass(name) IS NOT NULL AS present\nFROM (VALUES\n  " + wrapped(values, "  ") +
                               ") AS expected(name)\nORDER BY name;"});
    }
    if (!request.columns.empty()) {
        std::vector<std::string> triples;
        for (const auto& c : request.columns) {
            const QualifiedName q = split_qualified(c.table);
            triples.push_back(std::string("(") + quote_literal(q.schema) + ", " + quote_literal(q.name) + ", " + quote_literal(c.column) + ")");
        }
        queries.push_back({"Missing and changed columns as the database has them: after the fix, " + rows(request.columns.size()) +
                               " matching the expected type, nullability and default.",
                           "SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default\n"
                           "FROM information_schema.columns\n"
                           "WHERE (table_schema, table_name, column_name) IN (\n  " + wrapped(triples, "  ") +
                               ")\nORDER BY 1, 2, 3;"});
    }
    std::map<std::string, std::vector<const ObjectToVerify*>> by_kind;
    for (const auto& object : request.other_objects) by_kind[object.kind].push_back(&object);
    auto names_of = [&](const std::string& kind) {
        std::vector<std::string> names;
        for (const auto* object : by_kind[kind]) names.push_back(object->name);
        return names;
    };
    if (by_kind.count("materialized_view")) {
        const auto names = names_of("materialized_view");
        queries.push_back({"Missing materialized views: after the fix, " + rows(names.size()) + ".",
                           "SELECT schemaname, matviewname, ispopulated FROM pg_matviews\nWHERE (schemaname, matviewname) IN (\n  " +
                               wrapped(name_pairs(names), "  ") + ")\nORDER BY 1, 2;"});
    }
    if (by_kind.count("view")) {
        const auto names = names_of("view");
        queries.push_back({"Missing views: after the fix, " + rows(names.size()) + ".",
                           "SELECT schemaname, viewname FROM pg_views\nWHERE (schemaname, viewname) IN (\n  " +
                               wrapped(name_pairs(names), "  ") + ")\nORDER BY 1, 2;"});
    }
    if (by_kind.count("function") || by_kind.count("procedure")) {
        std::vector<std::string> names;
        for (const char* kind : {"function", "procedure"})
            for (const auto* object : by_kind[kind]) names.push_back(object->name.substr(0, object->name.find('(')));
        std::sort(names.begin(), names.end());
        names.erase(std::unique(names.begin(), names.end()), names.end());
        queries.push_back({"Missing functions and procedures with their arguments: after the fix, every expected signature is listed.",
                           "SELECT p.oid::regprocedure AS signature\nFROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace\n"
                           "WHERE (n.nspname, p.proname) IN (\n  " + wrapped(name_pairs(names), "  ") + ")\nORDER BY 1;"});
    }
    if (by_kind.count("index")) {
        const auto names = names_of("index");
        queries.push_back({"Missing indexes: after the fix, " + rows(names.size()) + ".",
                           "SELECT schemaname, tablename, indexname FROM pg_indexes\nWHERE (schemaname, indexname) IN (\n  " +
                               wrapped(name_pairs(names), "  ") + ")\nORDER BY 1, 3;"});
    }
    if (by_kind.count("trigger")) {
        std::vector<std::string> pairs;
        for (const auto* object : by_kind["trigger"])
            pairs.push_back("(to_regclass(" + regclass_text(object->table) + "), " + quote_literal(own_name(*object)) + ")");
        queries.push_back({"Missing triggers: after the fix, " + rows(pairs.size()) + ".",
                           "SELECT tgrelid::regclass AS table_name, tgname, tgenabled FROM pg_trigger\n"
                           "WHERE NOT tgisinternal AND (tgrelid, tgname) IN (\n  " + wrapped(pairs, "  ") + ")\nORDER BY 1, 2;"});
    }
    if (by_kind.count("policy") || by_kind.count("row_security")) {
        std::vector<std::string> tables;
        for (const char* kind : {"policy", "row_security"})
            for (const auto* object : by_kind[kind]) tables.push_back(object->table.empty() ? object->name : object->table);
        std::sort(tables.begin(), tables.end());
        tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
        std::vector<std::string> regclasses;
        for (const auto& table : tables) regclasses.push_back("to_regclass(" + regclass_text(table) + ")");
        queries.push_back({"Row level security and policies of the tables concerned: after the fix, rls_enabled is true and every "
                           "expected policy is listed.",
                           "SELECT c.oid::regclass AS table_name, c.relrowsecurity AS rls_enabled, p.polname AS policy\n"
                           "FROM pg_class AS c LEFT JOIN pg_policy AS p ON p.polrelid = c.oid\nWHERE c.oid IN (\n  " +
                               wrapped(regclasses, "  ") + ")\nORDER BY 1, 3;"});
    }
    if (by_kind.count("extension")) {
        std::vector<std::string> names;
        for (const auto* object : by_kind["extension"]) names.push_back(quote_literal(object->name));
        queries.push_back({"Missing extensions: installed_version is set once the fix is applied (a NULL default_version means the "
                           "server does not offer it).",
                           "SELECT name, default_version, installed_version FROM pg_available_extensions\nWHERE name IN (" +
                               wrapped(names, "  ") + ")\nORDER BY 1;"});
    }
    if (!request.legacy_tables.empty()) {
        std::vector<std::string> regclasses;
        for (const auto& table : request.legacy_tables) {
            if (regclasses.size() == k_max_listed_tables) break;
            regclasses.push_back("to_regclass(" + regclass_text(table) + ")");
        }
        queries.push_back({"Legacy tables (not in the expected schema) with the planner's row estimate and their size; the fix leaves "
                           "them in place. Run count(*) on one of them for an exact figure.",
                           "SELECT c.oid::regclass AS table_name, c.reltuples::bigint AS estimated_rows,\n"
                           "       pg_size_pretty(pg_total_relation_size(c.oid)) AS total_size\nFROM pg_class AS c\nWHERE c.oid IN (\n  " +
                               wrapped(regclasses, "  ") + ")\nORDER BY 1;"});
    }
    return queries;
}

}  // namespace dbaudit::engine::postgres
