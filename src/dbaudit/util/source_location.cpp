#include "dbaudit/util/source_location.hpp"

namespace dbaudit::util {

std::string SourceLocation::to_string() const {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

SourceLocation locate(const std::string& file, std::string_view text, std::size_t offset) {
    SourceLocation location{file, 1, 1};
    if (offset > text.size()) offset = text.size();
    for (std::size_t i = 0; i < offset; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++location.line;
            location.column = 1;
        } else if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
            ++location.column;
        }
    }
    return location;
}

}  // namespace dbaudit::util
