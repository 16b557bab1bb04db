// Where the expected schema defined an object: the statement that created it. Engines record one
// per CREATE they load, so features (and anything else that cares about the text) can map an
// object back to the file and line that wrote it.
#pragma once

#include <string>

#include "dbaudit/util/source_location.hpp"

namespace dbaudit::model {

// The kinds of object a statement can define, as features and ignore rules see them.
enum class DefinedKind { table, view, materialized_view, index, trigger, type, sequence, function, schema, extension, policy };

struct ObjectSource {
    DefinedKind kind = DefinedKind::table;
    std::string name;   // as the catalog names it: qualified where the engine has schemas; functions without arguments
    std::string table;  // index, trigger, policy: the table it belongs to (qualified likewise)
    util::SourceLocation location;  // the statement's first token

    bool operator==(const ObjectSource&) const = default;
};

const char* to_string(DefinedKind kind);

}  // namespace dbaudit::model
