// What a command looks at: every object, minus those --ignore names, and with --feature only the
// chosen features and what they depend on. Applied the same way to the expected and the live
// catalog before they are compared or planned, so what is out of scope appears nowhere.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/scope/object_key.hpp"

namespace dbaudit::scope {

// --ignore patterns: globs on `[schema.]name`. A pattern without a dot matches the bare name in
// any schema; one with a dot matches `schema.name`, and `schema.*` also ignores the schema itself.
// Case follows the engine's name rules.
class IgnoreRules {
public:
    IgnoreRules() = default;
    explicit IgnoreRules(std::vector<std::string> patterns) : m_patterns(std::move(patterns)) {}

    bool empty() const { return m_patterns.empty(); }
    const std::vector<std::string>& patterns() const { return m_patterns; }
    // `schema` may be empty (SQLite); `name` is the object's own name.
    bool ignores(std::string_view schema, std::string_view name, model::NameMatching matching) const;
    bool ignores_schema(std::string_view schema, model::NameMatching matching) const;

private:
    std::vector<std::string> m_patterns;
};

class CatalogScope {
public:
    IgnoreRules ignore;
    std::optional<std::set<ObjectKey>> only;  // --feature: the objects in scope (FeatureSelection::objects)

    bool everything() const { return ignore.empty() && !only; }
    // Removes what is out of scope: an ignored or unselected table takes its indexes, triggers,
    // policies, owned sequences, seed rows and rename annotations with it.
    void apply(model::Catalog& catalog) const;
};

}  // namespace dbaudit::scope
