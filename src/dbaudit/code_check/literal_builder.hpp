// Builds a ScannedLiteral piece by piece while a scanner decodes string literals, keeping the map
// from every decoded byte back to the source.
#pragma once

#include <string_view>

#include "dbaudit/code_check/scanned_literal.hpp"

namespace dbaudit::code_check {

class LiteralBuilder {
public:
    // Text copied as written, starting at `source_offset`.
    void verbatim(std::string_view text, std::size_t source_offset) {
        if (text.empty()) return;
        m_literal.to_source.add(m_literal.value.size(), source_offset);
        m_literal.value.append(text);
    }
    // An escape sequence at `source_offset` that decodes to `bytes`.
    void decoded(std::string_view bytes, std::size_t source_offset) {
        m_literal.to_source.add(m_literal.value.size(), source_offset);
        m_literal.value.append(bytes);
    }
    // An interpolation: code between `source_begin` and `source_end`.
    void hole(std::size_t source_begin, std::size_t source_end) {
        m_literal.to_source.add(m_literal.value.size(), source_begin);
        m_literal.value.push_back(k_hole);
        m_literal.holes.push_back({source_begin, source_end});
    }

    ScannedLiteral& literal() { return m_literal; }
    ScannedLiteral take() { return std::move(m_literal); }
    bool empty() const { return m_literal.value.empty(); }

private:
    ScannedLiteral m_literal;
};

// Interpolations nest strings that nest interpolations; real code stops after a few levels, so a
// deeper nest (a malformed or adversarial file) ends the literal instead of the stack.
inline constexpr int k_max_nesting = 32;

class NestingGuard {
public:
    explicit NestingGuard(int& depth) : m_depth(depth) { ++m_depth; }
    ~NestingGuard() { --m_depth; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;
    bool too_deep() const { return m_depth > k_max_nesting; }

private:
    int& m_depth;
};

// Appends the UTF-8 encoding of `code_point` to `out`.
void append_utf8(std::string& out, unsigned long code_point);

}  // namespace dbaudit::code_check
