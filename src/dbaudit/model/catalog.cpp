#include "dbaudit/model/catalog.hpp"

#include <algorithm>

#include "dbaudit/util/text.hpp"

namespace dbaudit::model {

std::string Catalog::name_key(std::string_view name) const {
    return name_matching == NameMatching::ascii_case_insensitive ? util::ascii_lower(name)
                                                                 : std::string(name);
}

namespace {

template <typename T>
const T* find_sorted(const Catalog& catalog, const std::vector<T>& objects, std::string_view name) {
    const std::string key = catalog.name_key(name);
    const auto it = std::lower_bound(objects.begin(), objects.end(), key,
                                     [&](const T& object, const std::string& k) {
                                         return catalog.name_key(object.qualified_name()) < k;
                                     });
    if (it != objects.end() && catalog.name_key(it->qualified_name()) == key) return &*it;
    return nullptr;
}

template <typename T>
void sort_by_key(const Catalog& catalog, std::vector<T>& objects) {
    std::stable_sort(objects.begin(), objects.end(), [&](const T& a, const T& b) {
        return catalog.name_key(a.qualified_name()) < catalog.name_key(b.qualified_name());
    });
}

}  // namespace

const Table* Catalog::find_table(std::string_view qualified_name) const {
    return find_sorted(*this, tables, qualified_name);
}

const View* Catalog::find_view(std::string_view qualified_name) const {
    return find_sorted(*this, views, qualified_name);
}

const Trigger* Catalog::find_trigger(std::string_view qualified_name) const {
    return find_sorted(*this, triggers, qualified_name);
}

const Schema* Catalog::find_schema(std::string_view name) const { return find_sorted(*this, schemas, name); }

const Extension* Catalog::find_extension(std::string_view name) const { return find_sorted(*this, extensions, name); }

const AvailableExtension* Catalog::find_available_extension(std::string_view name) const {
    for (const auto& extension : available_extensions)
        if (extension.name == name) return &extension;
    return nullptr;
}

const View* Catalog::find_materialized_view(std::string_view qualified_name) const {
    return find_sorted(*this, materialized_views, qualified_name);
}

const PrivilegeNote* Catalog::find_privilege_note(std::string_view kind) const {
    for (const auto& note : privilege_notes)
        if (note.kind == kind) return &note;
    return nullptr;
}

void Catalog::sort() {
    sort_by_key(*this, tables);
    sort_by_key(*this, views);
    sort_by_key(*this, triggers);
    for (Table& table : tables) sort_by_key(*this, table.indexes);
    sort_by_key(*this, schemas);
    sort_by_key(*this, extensions);
    sort_by_key(*this, types);
    sort_by_key(*this, sequences);
    sort_by_key(*this, functions);
    sort_by_key(*this, materialized_views);
    for (View& view : materialized_views) sort_by_key(*this, view.indexes);
    sort_by_key(*this, policies);
    sort_by_key(*this, unsupported);
    std::sort(available_extensions.begin(), available_extensions.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
}

}  // namespace dbaudit::model

namespace dbaudit::model {

const char* to_string(DefinedKind kind) {
    switch (kind) {
        case DefinedKind::table: return "table";
        case DefinedKind::view: return "view";
        case DefinedKind::materialized_view: return "materialized_view";
        case DefinedKind::index: return "index";
        case DefinedKind::trigger: return "trigger";
        case DefinedKind::type: return "type";
        case DefinedKind::sequence: return "sequence";
        case DefinedKind::function: return "function";
        case DefinedKind::schema: return "schema";
        case DefinedKind::extension: return "extension";
        case DefinedKind::policy: return "policy";
    }
    return "object";
}

}  // namespace dbaudit::model
