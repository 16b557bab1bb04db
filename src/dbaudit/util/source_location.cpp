#include "dbaudit/util/source_location.hpp"

namespace dbaudit::util {

std::string SourceLocation::to_string() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

namespace {

void advance(SourceLocation& location, std::string_view text, std::size_t from, std::size_t offset) {
    for (std::size_t i = from; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++location.line;
            location.column = 1;
        } else if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
            ++location.column;
        }
    }
}

}  // namespace

SourceLocation locate(const std::string& file, std::string_view text, std::size_t offset) {
    SourceLocation location{file, 1, 1};
    if (offset > text.size()) offset = text.size();
    advance(location, text, 0, offset);
    return location;
}

SourceLocation Locator::at(std::size_t offset) {
    if (offset > m_text.size()) offset = m_text.size();
    if (offset > m_offset) {
        advance(m_location, m_text, m_offset, offset);
        m_offset = offset;
    }
    return m_location;
}

}  // namespace dbaudit::util
