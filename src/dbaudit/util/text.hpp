// Small string helpers shared by every layer. Depends on nothing else in dbaudit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::util {

std::string ascii_lower(std::string_view text);
std::string ascii_upper(std::string_view text);
bool iequals(std::string_view a, std::string_view b);  // ASCII case-insensitive
std::string_view trim(std::string_view text);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
bool starts_with_icase(std::string_view text, std::string_view prefix);

// Reads a whole file; throws InputError naming the path when it cannot.
std::string read_file(const std::string& path);

}  // namespace dbaudit::util
