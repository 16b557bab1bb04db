// Features: named parts of the expected schema. A file read from a --schema directory is a
// feature named by its stem; inside any file, a line `-- dbaudit:feature NAME` starts a feature
// that lasts to the next such line or the end of the file. Every expected object gets the feature
// whose text defined it (model::ObjectSource); objects only the live database has get none.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/diff/finding.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/scope/object_key.hpp"

namespace dbaudit::scope {

// Where each feature starts, per file.
class FeatureRegions {
public:
    // Reads the markers of one file. `file_feature` is the feature of the text before the first
    // marker (empty = none). Throws util::InputError "file:line:col: ..." for a marker without a
    // valid name.
    void add_file(const std::string& path, std::string_view text, const std::string& file_feature);

    // The feature of `line` (1-based) in `path`; empty when none.
    std::string feature_at(const std::string& path, int line) const;

    // Every feature, in the order the files define them.
    const std::vector<std::string>& features() const { return m_features; }

private:
    struct Start {
        int line;
        std::string feature;
    };
    std::map<std::string, std::vector<Start>> m_starts;  // by path, lines ascending
    std::vector<std::string> m_features;
};

// The feature of every expected object.
class FeatureMap {
public:
    FeatureMap() = default;
    FeatureMap(const model::Catalog& expected, const FeatureRegions& regions);

    // Empty when the object has no feature (defined outside any, or not expected at all).
    std::string feature_of(model::DefinedKind kind, std::string_view name) const;
    // The feature of the object a finding is about: a column, constraint or unnamed index has
    // its table's.
    std::string feature_of(const diff::Finding& finding) const;

    const std::vector<std::string>& features() const { return m_features; }
    bool empty() const { return m_features.empty(); }
    std::string key(std::string_view name) const;  // the name key under the catalog's rules

private:
    std::string table_feature(std::string_view table) const;

    model::NameMatching m_matching = model::NameMatching::exact;
    std::map<ObjectKey, std::string> m_features_by_object;
    std::vector<std::string> m_features;
};

// A function's name without its argument list: "public.f(integer)" -> "public.f".
std::string_view without_arguments(std::string_view signature);

}  // namespace dbaudit::scope
