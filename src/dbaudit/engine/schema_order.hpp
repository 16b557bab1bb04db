// The order in which a schema's objects can be created: tables with the tables their foreign keys
// name first, views after the views they read; otherwise by name, so the order is deterministic.
// Engine-neutral: an engine says which names a view's SQL mentions.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::model {
struct Catalog;
struct Table;
struct View;
}  // namespace dbaudit::model

namespace dbaudit::engine {

// Every table of `catalog`, parents before children (cycles broken at the first name).
std::vector<const model::Table*> tables_in_dependency_order(const model::Catalog& catalog);

// Every view of `views`, each after the views of that list it mentions. `mentioned_names` returns
// the names a statement mentions (qualified or not; matched with the catalog's name rules).
std::vector<const model::View*> views_in_dependency_order(
    const model::Catalog& catalog, const std::vector<model::View>& views,
    const std::function<std::vector<std::string>(std::string_view sql)>& mentioned_names);

}  // namespace dbaudit::engine
