// One scanner per language family: each finds the string literals that may hold SQL (deciding
// cheaply, before decoding, whether a literal can start with a statement keyword), joins adjacent
// and `+`-concatenated pieces, marks interpolation, and records the file's imports.
#pragma once

#include <string_view>

#include "dbaudit/code_check/language.hpp"
#include "dbaudit/code_check/scanned_literal.hpp"

namespace dbaudit::code_check {

ScanResult scan_python(std::string_view text);
// C, C++, Go, Java, Kotlin, C#, JavaScript, TypeScript: one scanner with per-language string forms.
ScanResult scan_c_family(std::string_view text, Language language);
ScanResult scan_ruby(std::string_view text);
ScanResult scan_php(std::string_view text);
// A .sql file is one literal: every statement in it is SQL.
ScanResult scan_sql_file(std::string_view text);

ScanResult scan_source(std::string_view text, Language language);

}  // namespace dbaudit::code_check
