// A `-- dbaudit:renamed-from OLD` annotation in the expected schema: the table or column used to
// be called OLD, so a plan renames it instead of dropping one and creating the other.
#pragma once

#include <string>

#include "dbaudit/util/source_location.hpp"

namespace dbaudit::model {

enum class RenameKind { table, column };

struct RenameAnnotation {
    RenameKind kind = RenameKind::table;
    std::string table;   // the table's expected name
    std::string column;  // the column's expected name (kind == column)
    std::string from;    // the old name of the table or column
    util::SourceLocation location;

    // Equal when they say the same thing, wherever they were written.
    bool operator==(const RenameAnnotation& other) const {
        return kind == other.kind && table == other.table && column == other.column && from == other.from;
    }
};

}  // namespace dbaudit::model
