// A place in an input file: file:line:col, 1-based, as printed in every error about SQL.
#pragma once

#include <string>

namespace dbaudit::util {

struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;

    std::string to_string() const;  // "file:line:col"
    bool operator==(const SourceLocation&) const = default;
};

// The 1-based line and column of byte `offset` in `text`. Columns count characters (UTF-8 code
// points), not bytes, so a message points where an editor's cursor would be.
SourceLocation locate(const std::string& file, std::string_view text, std::size_t offset);

}  // namespace dbaudit::util
