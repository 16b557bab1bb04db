// A data statement (INSERT ...) found in the expected schema, kept so a plan can add missing rows.
#pragma once

#include <string>

#include "dbaudit/util/source_location.hpp"

namespace dbaudit::model {

struct SeedStatement {
    std::string table;  // the table it writes to
    std::string sql;
    util::SourceLocation location;

    bool operator==(const SeedStatement&) const = default;
};

}  // namespace dbaudit::model
