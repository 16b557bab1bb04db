// Fingerprints of a schema, so a reviewed plan is applied only to the schema it was computed
// from: one hash per object (its engine-rendered CREATE text) and one over all of them.
#pragma once

#include <string>
#include <vector>

#include "dbaudit/model/catalog.hpp"

namespace dbaudit::plan {

struct ObjectFingerprint {
    std::string kind;  // table, index, view, trigger
    std::string name;
    std::string hash;  // 16 hex digits

    bool operator==(const ObjectFingerprint&) const = default;
};

struct SchemaFingerprint {
    std::string overall;  // 16 hex digits
    std::vector<ObjectFingerprint> objects;  // sorted by kind, then name
};

SchemaFingerprint fingerprint_live(const model::Catalog& live);

// Over everything the plan depends on in the expected schema, seed statements included.
std::string fingerprint_expected(const model::Catalog& expected);

// What differs between a recorded fingerprint and the schema now, one phrase per object:
// "table leads changed", "index idx_x appeared", "view v disappeared".
std::vector<std::string> what_moved(const std::vector<ObjectFingerprint>& recorded, const std::vector<ObjectFingerprint>& now);

}  // namespace dbaudit::plan
