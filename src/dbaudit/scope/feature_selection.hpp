// `--feature NAME`: the objects of the chosen features plus everything they depend on in other
// features (foreign-key parents, what a view reads, a trigger's table and function, types,
// sequences and functions a column uses, the schema an object lives in), each dependency named
// with the reason it came along.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/scope/feature_map.hpp"
#include "dbaudit/scope/object_key.hpp"

namespace dbaudit::scope {

// An object outside the chosen features that a chosen one needs.
struct Inclusion {
    model::DefinedKind kind = model::DefinedKind::table;
    std::string name;     // as the catalog names it
    std::string feature;  // its own feature; empty = none
    std::string reason;   // "table orders references it"

    // "table users (feature accounts): included because table orders references it"
    std::string describe() const;
};

struct FeatureSelection {
    std::vector<std::string> features;  // as chosen
    std::set<ObjectKey> objects;         // everything in scope, keyed by FeatureMap::key
    std::vector<Inclusion> included;     // in the order they were found
};

// Throws util::InputError naming the known features when a chosen one is not among `known`.
void check_features_exist(const std::vector<std::string>& known, const std::vector<std::string>& chosen);

// Throws util::InputError naming the known features when a chosen one is not defined.
FeatureSelection select_features(const model::Catalog& expected, const FeatureMap& features,
                                 const std::vector<std::string>& chosen);

}  // namespace dbaudit::scope
