#include "dbaudit/scope/catalog_scope.hpp"

#include <algorithm>
#include <unordered_set>

#include "dbaudit/scope/feature_map.hpp"
#include "dbaudit/scope/glob.hpp"

namespace dbaudit::scope {

namespace {

GlobCase glob_case(model::NameMatching matching) {
    return matching == model::NameMatching::ascii_case_insensitive ? GlobCase::ascii_insensitive : GlobCase::sensitive;
}

template <typename T, typename Keep>
void retain(std::vector<T>& objects, Keep keep) {
    objects.erase(std::remove_if(objects.begin(), objects.end(), [&](const T& object) { return !keep(object); }), objects.end());
}

std::string owner_of(const std::string& owned_by) { return owned_by.empty() ? owned_by : owned_by.substr(0, owned_by.rfind('.')); }

}  // namespace

bool IgnoreRules::ignores(std::string_view schema, std::string_view name, model::NameMatching matching) const {
    const GlobCase rule = glob_case(matching);
    const std::string qualified = schema.empty() ? std::string(name) : std::string(schema) + "." + std::string(name);
    for (const std::string& pattern : m_patterns) {
        const bool qualified_pattern = pattern.find('.') != std::string::npos;
        if (glob_match(pattern, qualified_pattern ? std::string_view(qualified) : name, rule)) return true;
    }
    return ignores_schema(schema, matching);
}

bool IgnoreRules::ignores_schema(std::string_view schema, model::NameMatching matching) const {
    if (schema.empty()) return false;
    for (const std::string& pattern : m_patterns) {
        if (pattern.size() > 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0 &&
            glob_match(std::string_view(pattern).substr(0, pattern.size() - 2), schema, glob_case(matching)))
            return true;
    }
    return false;
}

void CatalogScope::apply(model::Catalog& catalog) const {
    if (everything()) return;
    using model::DefinedKind;
    const model::NameMatching matching = catalog.name_matching;
    auto in_scope = [&](DefinedKind kind, const std::string& schema, const std::string& name, const std::string& qualified) {
        if (ignore.ignores(schema, name, matching)) return false;
        return !only || only->count({kind, catalog.name_key(qualified)}) > 0;
    };
    // Relations first: their parts follow them.
    std::unordered_set<std::string> relations;  // name keys of the tables and views that stay
    retain(catalog.tables, [&](const model::Table& t) {
        if (!in_scope(DefinedKind::table, t.schema, t.name, t.qualified_name())) return false;
        relations.insert(catalog.name_key(t.qualified_name()));
        return true;
    });
    for (model::Table& table : catalog.tables)
        retain(table.indexes, [&](const model::Index& i) { return !ignore.ignores(i.schema, i.name, matching); });
    retain(catalog.views, [&](const model::View& v) {
        if (!in_scope(DefinedKind::view, v.schema, v.name, v.qualified_name())) return false;
        relations.insert(catalog.name_key(v.qualified_name()));
        return true;
    });
    retain(catalog.materialized_views, [&](const model::View& v) {
        if (!in_scope(DefinedKind::materialized_view, v.schema, v.name, v.qualified_name())) return false;
        relations.insert(catalog.name_key(v.qualified_name()));
        return true;
    });
    for (model::View& view : catalog.materialized_views)
        retain(view.indexes, [&](const model::Index& i) { return !ignore.ignores(i.schema, i.name, matching); });
    auto relation_stays = [&](const std::string& name) { return relations.count(catalog.name_key(name)) > 0; };
    retain(catalog.triggers, [&](const model::Trigger& t) { return relation_stays(t.table) && !ignore.ignores(t.schema, t.name, matching); });
    retain(catalog.policies, [&](const model::Policy& p) { return relation_stays(p.table) && !ignore.ignores(p.schema, p.name, matching); });
    retain(catalog.seeds, [&](const model::SeedStatement& s) { return relation_stays(s.table); });
    retain(catalog.renames, [&](const model::RenameAnnotation& r) { return relation_stays(r.table); });
    retain(catalog.sequences, [&](const model::Sequence& s) {
        const std::string owner = owner_of(s.owned_by);
        if (!owner.empty() && !relation_stays(owner)) return false;
        return in_scope(DefinedKind::sequence, s.schema, s.name, s.qualified_name());
    });
    retain(catalog.types, [&](const model::UserType& t) { return in_scope(DefinedKind::type, t.schema, t.name, t.qualified_name()); });
    retain(catalog.functions, [&](const model::Function& f) {
        return in_scope(DefinedKind::function, f.schema, f.name, f.schema.empty() ? f.name : f.schema + "." + f.name);
    });
    retain(catalog.schemas, [&](const model::Schema& s) {
        return !ignore.ignores({}, s.name, matching) && !ignore.ignores_schema(s.name, matching) &&
               (!only || only->count({DefinedKind::schema, catalog.name_key(s.name)}) > 0);
    });
    retain(catalog.extensions, [&](const model::Extension& e) { return in_scope(DefinedKind::extension, {}, e.name, e.name); });
    // Objects dbaudit does not compare belong to no feature.
    retain(catalog.unsupported, [&](const model::UnsupportedObject& o) {
        if (only) return false;
        const auto dot = o.name.find('.');
        return dot == std::string::npos ? !ignore.ignores({}, o.name, matching)
                                        : !ignore.ignores(o.name.substr(0, dot), o.name.substr(dot + 1), matching);
    });
}

}  // namespace dbaudit::scope
