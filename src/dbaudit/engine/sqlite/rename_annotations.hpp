// Reads `-- dbaudit:renamed-from OLD` annotations around a CREATE TABLE statement of the expected
// schema. A table's annotation is a comment on the lines directly above the statement or in its
// header (before the first column); a column's is a comment on the column's line, or on its own
// line directly above the column. sqldef's `@renamed from=OLD` spelling is read the same way, so
// schemas written for sqldef keep their renames.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/sqlite/statement_splitter.hpp"
#include "dbaudit/model/rename_annotation.hpp"

namespace dbaudit::engine::sqlite {

// The old name an annotation comment gives, or nothing when the comment is not one.
std::optional<std::string> renamed_from(std::string_view comment);

// Annotations for the table `table` created by `statement`; `leading_trivia` is the text between
// the previous statement and this one. Locations are left for the caller to fill in.
std::vector<model::RenameAnnotation> read_rename_annotations(std::string_view leading_trivia, std::string_view statement,
                                                             const std::string& table);

// The same for the statement at `span` of `file`, appended to `out` with the statement's place.
void append_rename_annotations(const SchemaFile& file, const StatementSpan& span, const std::string& table,
                               std::vector<model::RenameAnnotation>& out);

}  // namespace dbaudit::engine::sqlite
