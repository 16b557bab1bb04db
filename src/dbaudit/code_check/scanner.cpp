#include "dbaudit/code_check/scanner.hpp"

namespace dbaudit::code_check {

ScanResult scan_sql_file(std::string_view text) {
    ScanResult result;
    ScannedLiteral literal;
    std::size_t begin = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") begin = 3;  // a byte order mark
    literal.value.assign(text.substr(begin));
    literal.to_source.add(0, begin);
    literal.whole_file = true;
    result.literals.push_back(std::move(literal));
    return result;
}

ScanResult scan_source(std::string_view text, Language language) {
    switch (language) {
        case Language::python: return scan_python(text);
        case Language::ruby: return scan_ruby(text);
        case Language::php: return scan_php(text);
        case Language::sql: return scan_sql_file(text);
        case Language::javascript:
        case Language::typescript:
        case Language::go:
        case Language::java:
        case Language::kotlin:
        case Language::csharp:
        case Language::c:
        case Language::cpp: return scan_c_family(text, language);
    }
    return {};
}

}  // namespace dbaudit::code_check
