#include "dbaudit/plan/fingerprint.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>

#include "dbaudit/util/fnv_hash.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::plan {

namespace {

using Hasher = util::FnvHash;

std::string hash_of(std::string_view kind, std::string_view name, std::string_view sql) {
    Hasher h;
    h.add(kind);
    h.add(util::ascii_lower(name));
    h.add(sql);
    return h.hex();
}

// What a table is, when the engine keeps no CREATE statement for it (PostgreSQL reads tables
// from the catalog): every compared fact, in a fixed order.
std::string table_text(const model::Table& table) {
    if (!table.sql.empty()) return table.sql;
    std::string out;
    auto field = [&](std::string_view text) {
        out += text;
        out += '\x1f';
    };
    for (const model::Column& c : table.columns) {
        field(c.name), field(c.type), field(c.not_null ? "1" : "0"), field(c.default_expr.value_or("\x1e")), field(c.collation);
        field(c.generation_expr), field(c.identity);
    }
    if (table.primary_key) field("pk " + table.primary_key->name + " " + util::join(table.primary_key->columns, ","));
    for (const auto& u : table.uniques) field("u " + u.name + " " + util::join(u.columns, ",") + (u.deferrable ? " d" : "") + (u.nulls_not_distinct ? " n" : ""));
    for (const auto& f : table.foreign_keys)
        field("f " + f.name + " " + util::join(f.columns, ",") + " " + f.referenced_schema + "." + f.referenced_table + " " +
              util::join(f.referenced_columns, ",") + " " + model::to_sql(f.on_update) + " " + model::to_sql(f.on_delete) + f.match +
              (f.deferrable ? " d" : "") + (f.initially_deferred ? " i" : "") + (f.not_valid ? " nv" : ""));
    for (const auto& c : table.checks) field("c " + c.name + " " + c.expression + (c.not_valid ? " nv" : "") + (c.no_inherit ? " ni" : ""));
    for (const auto& x : table.exclusions) field("x " + x.name + " " + x.definition);
    field(table.options.unlogged ? "unlogged" : "");
    field(table.options.partition_key);
    field(table.options.partition_of);
    field(std::string(table.row_security ? "rls" : "") + (table.force_row_security ? " force" : ""));
    field(table.comment);
    return out;
}

}  // namespace

SchemaFingerprint fingerprint_live(const model::Catalog& live) {
    SchemaFingerprint out;
    for (const model::Table& table : live.tables) {
        out.objects.push_back({"table", table.qualified_name(), hash_of("table", table.qualified_name(), table_text(table))});
        for (const model::Index& index : table.indexes)
            if (!index.sql.empty()) out.objects.push_back({"index", index.qualified_name(), hash_of("index", index.qualified_name(), index.sql)});
    }
    for (const model::View& view : live.views)
        out.objects.push_back({"view", view.qualified_name(), hash_of("view", view.qualified_name(), view.sql + view.options)});
    for (const model::Trigger& trigger : live.triggers)
        out.objects.push_back({"trigger", trigger.qualified_name(), hash_of("trigger", trigger.qualified_name(), trigger.sql + trigger.enabled)});
    // PostgreSQL kinds (empty lists for SQLite).
    for (const model::View& view : live.materialized_views) {
        out.objects.push_back({"materialized_view", view.qualified_name(), hash_of("materialized_view", view.qualified_name(), view.sql + view.options)});
        for (const model::Index& index : view.indexes)
            out.objects.push_back({"index", index.qualified_name(), hash_of("index", index.qualified_name(), index.sql)});
    }
    for (const model::Schema& schema : live.schemas) out.objects.push_back({"schema", schema.name, hash_of("schema", schema.name, schema.comment)});
    for (const model::Extension& e : live.extensions)
        out.objects.push_back({"extension", e.name, hash_of("extension", e.name, e.version + " " + e.schema)});
    for (const model::UserType& t : live.types)
        out.objects.push_back({"type", t.qualified_name(), hash_of("type", t.qualified_name(), std::string(model::to_string(t.kind)) + util::join(t.labels, "\x1f") + t.base_type +
                                                                                        (t.not_null ? "nn" : "") + t.default_expr.value_or("") + util::join(t.checks, "\x1f"))});
    for (const model::Sequence& q : live.sequences)
        out.objects.push_back({"sequence", q.qualified_name(), hash_of("sequence", q.qualified_name(), q.data_type + " " + std::to_string(q.increment) + " " +
                                                                                                 std::to_string(q.min_value) + " " + std::to_string(q.max_value) + " " +
                                                                                                 (q.cycle ? "c" : "") + q.owned_by)});
    for (const model::Function& f : live.functions)
        out.objects.push_back({"function", f.qualified_name(), hash_of("function", f.qualified_name(), f.definition)});
    for (const model::Policy& p : live.policies)
        out.objects.push_back({"policy", p.qualified_name(), hash_of("policy", p.qualified_name(), p.command + (p.permissive ? "" : " r") + util::join(p.roles, ",") + "\x1f" + p.using_expr + "\x1f" + p.with_check)});
    std::stable_sort(out.objects.begin(), out.objects.end(), [](const auto& a, const auto& b) {
        return a.kind != b.kind ? a.kind < b.kind : util::ascii_lower(a.name) < util::ascii_lower(b.name);
    });
    Hasher all;
    for (const auto& object : out.objects) all.add(object.hash);
    out.overall = all.hex();
    return out;
}

std::string fingerprint_expected(const model::Catalog& expected) {
    Hasher all;
    for (const auto& object : fingerprint_live(expected).objects) all.add(object.hash);
    for (const model::SeedStatement& seed : expected.seeds) all.add(seed.sql);
    for (const model::RenameAnnotation& rename : expected.renames) {
        all.add(rename.table);
        all.add(rename.column);
        all.add(rename.from);
    }
    return all.hex();
}

std::vector<std::string> what_moved(const std::vector<ObjectFingerprint>& recorded, const std::vector<ObjectFingerprint>& now) {
    std::map<std::pair<std::string, std::string>, const ObjectFingerprint*> before, after;
    for (const auto& object : recorded) before[{object.kind, util::ascii_lower(object.name)}] = &object;
    for (const auto& object : now) after[{object.kind, util::ascii_lower(object.name)}] = &object;
    std::vector<std::string> out;
    for (const auto& [key, object] : before) {
        const auto it = after.find(key);
        if (it == after.end()) out.push_back(object->kind + " " + object->name + " disappeared");
        else if (it->second->hash != object->hash) out.push_back(object->kind + " " + object->name + " changed");
    }
    for (const auto& [key, object] : after)
        if (!before.count(key)) out.push_back(object->kind + " " + object->name + " appeared");
    return out;
}

}  // namespace dbaudit::plan
