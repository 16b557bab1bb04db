#include "dbaudit/scope/glob.hpp"

namespace dbaudit::scope {

namespace {

char fold(char c, GlobCase rule) {
    return rule == GlobCase::ascii_insensitive && c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

// Matches `c` against the set that starts at pattern[at] == '['. Returns the index just past the
// closing ']' and whether it matched, or npos when the set is not closed.
std::size_t match_set(std::string_view pattern, std::size_t at, char c, GlobCase rule, bool& matched) {
    std::size_t i = at + 1;
    bool negated = false;
    if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) {
        negated = true;
        ++i;
    }
    bool hit = false;
    bool first = true;
    for (; i < pattern.size(); ++i) {
        if (pattern[i] == ']' && !first) {
            matched = hit != negated;
            return i + 1;
        }
        first = false;
        const char low = fold(pattern[i], rule);
        if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
            const char high = fold(pattern[i + 2], rule);
            if (low <= c && c <= high) hit = true;
            i += 2;
        } else if (low == c) {
            hit = true;
        }
    }
    return std::string_view::npos;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, GlobCase rule) {
    // Iterative matching with one backtrack point for the last `*` (linear in practice).
    std::size_t p = 0, t = 0;
    std::size_t star = std::string_view::npos, star_text = 0;
    while (t < text.size()) {
        const char c = fold(text[t], rule);
        if (p < pattern.size()) {
            const char pc = pattern[p];
            if (pc == '*') {
                star = p++;
                star_text = t;
                continue;
            }
            if (pc == '?') {
                ++p;
                ++t;
                continue;
            }
            if (pc == '[') {
                bool matched = false;
                const std::size_t next = match_set(pattern, p, c, rule, matched);
                if (next != std::string_view::npos) {
                    if (matched) {
                        p = next;
                        ++t;
                        continue;
                    }
                } else if (c == '[') {  // not a set: a literal '['
                    ++p;
                    ++t;
                    continue;
                }
            } else if (fold(pc, rule) == c) {
                ++p;
                ++t;
                continue;
            }
        }
        if (star == std::string_view::npos) return false;
        p = star + 1;
        t = ++star_text;
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

}  // namespace dbaudit::scope
