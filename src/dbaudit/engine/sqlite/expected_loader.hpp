// Turns expected-schema files into a model by executing them into in-memory SQLite databases and
// inspecting those with the live inspector, so both sides share SQLite's own normal form.
#pragma once

#include <vector>

#include "dbaudit/engine/engine.hpp"

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::engine::sqlite {

struct LoadStatistics {
    std::size_t statements = 0;
    std::size_t shards = 0;       // in-memory databases used
    bool single_database = false;  // the script needed one database (ALTER, DROP, ...)
};

// Throws util::InputError "file:line:col: message" when a statement fails; nothing else happens.
model::Catalog load_expected_schema(const std::vector<SchemaFile>& files, LoadStatistics* statistics = nullptr);

}  // namespace dbaudit::engine::sqlite
