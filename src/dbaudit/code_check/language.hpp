// The languages check-code reads, chosen by file extension.
#pragma once

#include <optional>
#include <string_view>

namespace dbaudit::code_check {

enum class Language { python, javascript, typescript, go, java, kotlin, csharp, php, ruby, c, cpp, sql };

// The language of a file by its extension (".py", ".tsx", ...); nothing for other files.
std::optional<Language> language_for_path(std::string_view path);

const char* to_string(Language language);

}  // namespace dbaudit::code_check
