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

// locate() for many offsets of one text in ascending order, in one pass over the text (calling
// locate() per statement would be quadratic in the file's size).
class Locator {
public:
    Locator(std::string file, std::string_view text) : m_location{std::move(file), 1, 1}, m_text(text) {}
    SourceLocation at(std::size_t offset);  // offsets must not decrease

private:
    SourceLocation m_location;
    std::string_view m_text;
    std::size_t m_offset = 0;
};

}  // namespace dbaudit::util
