// Comparing two catalogs field by field, with a readable account of where they differ.
#pragma once

#include <string>

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::testing {

// Empty when the catalogs are equal in every field (rename annotations and seed statements with
// their source locations too); otherwise the first differing lines of their JSON snapshots, with
// the path of the object they belong to.
std::string catalog_difference(const model::Catalog& a, const model::Catalog& b);

}  // namespace dbaudit::testing
