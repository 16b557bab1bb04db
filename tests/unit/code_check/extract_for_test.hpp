// Runs the extractor over one text, for scanner and extractor tests: what it found, where.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/code_check/extractor.hpp"

namespace dbaudit::code_check {

struct Found {
    std::string at;       // "line:col"
    std::string keyword;
    std::string sql;      // as the engine sees it (dynamic: as written)
    std::string dynamic;  // the reason, or empty

    bool operator==(const Found&) const = default;
};

inline std::ostream& operator<<(std::ostream& out, const Found& f) {
    return out << "{" << f.at << " " << f.keyword << " [" << f.sql << "] dynamic=\"" << f.dynamic << "\"}";
}

inline std::vector<Found> extract(std::string_view text, Language language,
                                  engine::ParameterStyle style = engine::ParameterStyle::sqlite) {
    Extraction out;
    extract_from_text(text, language, 0, "f", style, out);
    std::vector<Found> found;
    for (const ExtractedStatement& s : out.statements)
        found.push_back({std::to_string(s.location.line) + ":" + std::to_string(s.location.column), s.keyword, s.sql, s.dynamic_reason});
    return found;
}

inline std::vector<ExtractedImport> imports(std::string_view text, Language language) {
    Extraction out;
    extract_from_text(text, language, 0, "f", engine::ParameterStyle::sqlite, out);
    return out.imports;
}

}  // namespace dbaudit::code_check
