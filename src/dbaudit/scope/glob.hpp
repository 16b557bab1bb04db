// Shell-style globs for --ignore: `*` any run of characters, `?` one character, `[abc]`, `[a-z]`
// and `[!abc]` one character of (or not of) a set. Nothing else is special.
#pragma once

#include <string>
#include <string_view>

namespace dbaudit::scope {

enum class GlobCase { sensitive, ascii_insensitive };

// True when `pattern` matches the whole of `text`. A malformed set (`[` without `]`) matches a
// literal `[`.
bool glob_match(std::string_view pattern, std::string_view text, GlobCase case_rule = GlobCase::sensitive);

}  // namespace dbaudit::scope
