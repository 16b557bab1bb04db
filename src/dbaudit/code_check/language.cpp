#include "dbaudit/code_check/language.hpp"

#include <array>
#include <utility>

namespace dbaudit::code_check {

std::optional<Language> language_for_path(std::string_view path) {
    static constexpr std::array<std::pair<std::string_view, Language>, 30> k_extensions{{
        {"py", Language::python},      {"pyw", Language::python},     {"js", Language::javascript},
        {"mjs", Language::javascript}, {"cjs", Language::javascript}, {"jsx", Language::javascript},
        {"ts", Language::typescript},  {"tsx", Language::typescript}, {"mts", Language::typescript},
        {"cts", Language::typescript}, {"go", Language::go},          {"java", Language::java},
        {"kt", Language::kotlin},      {"kts", Language::kotlin},     {"cs", Language::csharp},
        {"php", Language::php},        {"rb", Language::ruby},        {"rake", Language::ruby},
        {"c", Language::c},            {"h", Language::c},            {"cc", Language::cpp},
        {"cpp", Language::cpp},        {"cxx", Language::cpp},        {"c++", Language::cpp},
        {"hpp", Language::cpp},        {"hh", Language::cpp},         {"hxx", Language::cpp},
        {"ipp", Language::cpp},        {"sql", Language::sql},        {"SQL", Language::sql},
    }};
    const auto slash = path.rfind('/');
    const auto dot = path.rfind('.');
    if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return std::nullopt;
    const std::string_view extension = path.substr(dot + 1);
    for (const auto& [name, language] : k_extensions) {
        if (name == extension) return language;
    }
    return std::nullopt;
}

const char* to_string(Language language) {
    switch (language) {
        case Language::python: return "python";
        case Language::javascript: return "javascript";
        case Language::typescript: return "typescript";
        case Language::go: return "go";
        case Language::java: return "java";
        case Language::kotlin: return "kotlin";
        case Language::csharp: return "csharp";
        case Language::php: return "php";
        case Language::ruby: return "ruby";
        case Language::c: return "c";
        case Language::cpp: return "cpp";
        case Language::sql: return "sql";
    }
    return "unknown";
}

}  // namespace dbaudit::code_check
