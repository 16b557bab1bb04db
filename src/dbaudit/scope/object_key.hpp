// How features, ignore rules and dependency closure name an object: its kind and its name key
// (the qualified name under the catalog's name rules; functions without their arguments).
#pragma once

#include <compare>
#include <string>

#include "dbaudit/model/object_source.hpp"

namespace dbaudit::scope {

struct ObjectKey {
    model::DefinedKind kind = model::DefinedKind::table;
    std::string name;

    auto operator<=>(const ObjectKey&) const = default;
};

}  // namespace dbaudit::scope
