#include "dbaudit/engine/schema_order.hpp"

#include <unordered_map>
#include <utility>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/topological_sort.hpp"

namespace dbaudit::engine {

namespace {

template <typename T>
std::vector<const T*> pick(const std::vector<T>& objects, const std::vector<std::size_t>& order) {
    std::vector<const T*> out;
    out.reserve(order.size());
    for (std::size_t i : order) out.push_back(&objects[i]);
    return out;
}

// Positions of the objects by name key, under the qualified and (when unambiguous) the bare name.
template <typename T>
std::unordered_map<std::string, std::size_t> positions_by_name(const model::Catalog& catalog, const std::vector<T>& objects) {
    std::unordered_map<std::string, std::size_t> out;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        out.emplace(catalog.name_key(objects[i].qualified_name()), i);
        out.emplace(catalog.name_key(objects[i].name), i);
    }
    return out;
}

}  // namespace

std::vector<const model::Table*> tables_in_dependency_order(const model::Catalog& catalog) {
    const auto position = positions_by_name(catalog, catalog.tables);
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t i = 0; i < catalog.tables.size(); ++i) {
        for (const model::ForeignKey& key : catalog.tables[i].foreign_keys) {
            const std::string parent =
                key.referenced_schema.empty() ? key.referenced_table : key.referenced_schema + "." + key.referenced_table;
            const auto it = position.find(catalog.name_key(parent));
            if (it != position.end() && it->second != i) edges.emplace_back(it->second, i);
        }
    }
    return pick(catalog.tables, util::stable_topological_sort(catalog.tables.size(), edges));
}

std::vector<const model::View*> views_in_dependency_order(
    const model::Catalog& catalog, const std::vector<model::View>& views,
    const std::function<std::vector<std::string>(std::string_view sql)>& mentioned_names) {
    const auto position = positions_by_name(catalog, views);
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t i = 0; i < views.size(); ++i) {
        for (const std::string& name : mentioned_names(views[i].sql)) {
            const auto it = position.find(catalog.name_key(name));
            if (it != position.end() && it->second != i) edges.emplace_back(it->second, i);
        }
    }
    return pick(views, util::stable_topological_sort(views.size(), edges));
}

}  // namespace dbaudit::engine
