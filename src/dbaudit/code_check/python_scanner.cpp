// Python: '...', "...", '''...''', """...""" with r/b/u/f prefixes; f-string {expressions} become
// holes; implicit concatenation inside brackets and `+` join pieces; `%` and .format() after a
// literal mark it formatted. Imports are read at the start of each logical line.
#include <string>

#include "dbaudit/code_check/literal_builder.hpp"
#include "dbaudit/code_check/scanner.hpp"
#include "dbaudit/code_check/sql_detector.hpp"

namespace dbaudit::code_check {

namespace {

bool is_ident_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

struct PyString {
    std::size_t start = 0;       // the prefix or the opening quote
    std::size_t body_begin = 0;  // after the opening quote(s)
    std::size_t body_end = 0;    // at the closing quote(s)
    std::size_t end = 0;         // after the closing quote(s)
    bool raw = false;
    bool format = false;  // f-string
    bool triple = false;
    char quote = '"';
};

class PythonScanner {
public:
    explicit PythonScanner(std::string_view text) : m_text(text), m_n(text.size()) {}

    ScanResult run() {
        while (m_i < m_n) {
            if (m_line_start && m_depth == 0) {
                line_start();
                continue;
            }
            const auto c = static_cast<unsigned char>(m_text[m_i]);
            if (c == '#') {
                skip_comment();
            } else if (c == '\n') {
                if (m_depth == 0) m_line_start = true;
                ++m_i;
            } else if (c == '\\' && m_i + 1 < m_n && (m_text[m_i + 1] == '\n' || m_text[m_i + 1] == '\r')) {
                m_i += 2;
                if (m_i < m_n && m_text[m_i - 1] == '\r' && m_text[m_i] == '\n') ++m_i;
            } else if (c == '\'' || c == '"') {
                string_at(m_i);
            } else if (is_ident_start(c)) {
                const std::size_t begin = m_i;
                while (m_i < m_n && is_ident_char(static_cast<unsigned char>(m_text[m_i]))) ++m_i;
                if (m_i < m_n && (m_text[m_i] == '\'' || m_text[m_i] == '"') && is_prefix(m_text.substr(begin, m_i - begin))) {
                    string_at(begin);
                } else {
                    m_last = 'a';
                }
            } else if (c == '(' || c == '[' || c == '{') {
                ++m_depth;
                m_last = static_cast<char>(c);
                ++m_i;
            } else if (c == ')' || c == ']' || c == '}') {
                if (m_depth > 0) --m_depth;
                m_last = static_cast<char>(c);
                ++m_i;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
                ++m_i;
            } else {
                m_last = static_cast<char>(c);
                ++m_i;
            }
        }
        return std::move(m_result);
    }

private:
    static bool is_prefix(std::string_view word) {
        if (word.empty() || word.size() > 2) return false;
        std::string lower(word);
        for (char& ch : lower) ch = static_cast<char>(ch | 0x20);
        for (std::string_view prefix : {"r", "u", "b", "f", "br", "rb", "fr", "rf"}) {
            if (lower == prefix) return true;
        }
        return false;
    }

    void skip_comment() {
        while (m_i < m_n && m_text[m_i] != '\n') ++m_i;
    }

    // Reads the extent of a string literal whose prefix or quote is at `pos`.
    bool read_string(std::size_t pos, PyString& s) const {
        s = PyString{};
        s.start = pos;
        std::size_t i = pos;
        while (i < m_n && m_text[i] != '\'' && m_text[i] != '"') {
            const char p = static_cast<char>(m_text[i] | 0x20);
            if (p == 'r') s.raw = true;
            if (p == 'f') s.format = true;
            ++i;
        }
        if (i >= m_n) return false;
        s.quote = m_text[i];
        s.triple = i + 2 < m_n && m_text[i + 1] == s.quote && m_text[i + 2] == s.quote;
        i += s.triple ? 3 : 1;
        s.body_begin = i;
        while (i < m_n) {
            const char ch = m_text[i];
            if (ch == '\\') {
                i += 2;  // in raw strings too, a backslash keeps the next quote from closing the string
                continue;
            }
            if (ch == s.quote) {
                if (!s.triple) {
                    s.body_end = i;
                    s.end = i + 1;
                    return true;
                }
                if (i + 2 < m_n && m_text[i + 1] == s.quote && m_text[i + 2] == s.quote) {
                    s.body_end = i;
                    s.end = i + 3;
                    return true;
                }
            } else if (ch == '\n' && !s.triple) {
                break;  // unterminated: stop at the line end
            } else if (ch == '{' && s.format) {
                if (i + 1 < m_n && m_text[i + 1] == '{') {
                    i += 2;
                    continue;
                }
                i = expression_end(i + 1);
                continue;
            }
            ++i;
        }
        s.body_end = std::min(i, m_n);
        s.end = s.body_end;
        return true;
    }

    // The offset just past the '}' that closes an f-string expression starting at `i`.
    std::size_t expression_end(std::size_t i) const {
        const NestingGuard guard(m_nesting);
        if (guard.too_deep()) return m_n;
        int depth = 0;
        while (i < m_n) {
            const char ch = m_text[i];
            if (ch == '\'' || ch == '"') {
                PyString nested;
                if (!read_string(i, nested) || nested.end <= i) return m_n;
                i = nested.end;
                continue;
            }
            if (ch == '(' || ch == '[' || ch == '{') ++depth;
            if (ch == ')' || ch == ']') --depth;
            if (ch == '}') {
                if (depth == 0) return i + 1;
                --depth;
            }
            ++i;
        }
        return m_n;
    }

    void decode(const PyString& s, LiteralBuilder& builder) const {
        std::size_t i = s.body_begin;
        std::size_t run = i;
        auto flush = [&](std::size_t until) {
            if (until > run) builder.verbatim(m_text.substr(run, until - run), run);
        };
        while (i < s.body_end) {
            const char ch = m_text[i];
            if (s.format && (ch == '{' || ch == '}')) {
                flush(i);
                if (i + 1 < s.body_end && m_text[i + 1] == ch) {
                    builder.decoded(std::string(1, ch), i);
                    i += 2;
                } else if (ch == '{') {
                    const std::size_t end = std::min(expression_end(i + 1), s.body_end);
                    builder.hole(i, end);
                    i = end;
                } else {
                    builder.decoded("}", i);
                    ++i;
                }
                run = i;
                continue;
            }
            if (ch != '\\' || s.raw || i + 1 >= s.body_end) {
                ++i;
                continue;
            }
            flush(i);
            const char e = m_text[i + 1];
            std::size_t length = 2;
            std::string bytes;
            switch (e) {
                case '\n': break;  // line continuation inside the string
                case 'n': bytes = "\n"; break;
                case 't': bytes = "\t"; break;
                case 'r': bytes = "\r"; break;
                case '\\': bytes = "\\"; break;
                case '\'': bytes = "'"; break;
                case '"': bytes = "\""; break;
                case 'a': bytes = "\a"; break;
                case 'b': bytes = "\b"; break;
                case 'f': bytes = "\f"; break;
                case 'v': bytes = "\v"; break;
                case 'x': {
                    const int hi = i + 2 < s.body_end ? hex_value(m_text[i + 2]) : -1;
                    const int lo = i + 3 < s.body_end ? hex_value(m_text[i + 3]) : -1;
                    if (hi >= 0 && lo >= 0) {
                        append_utf8(bytes, static_cast<unsigned long>(hi * 16 + lo));
                        length = 4;
                    } else {
                        bytes = "\\x";
                    }
                    break;
                }
                case 'u':
                case 'U': {
                    const std::size_t digits = e == 'u' ? 4 : 8;
                    unsigned long value = 0;
                    std::size_t k = 0;
                    for (; k < digits && i + 2 + k < s.body_end && hex_value(m_text[i + 2 + k]) >= 0; ++k)
                        value = value * 16 + static_cast<unsigned long>(hex_value(m_text[i + 2 + k]));
                    if (k == digits) {
                        append_utf8(bytes, value);
                        length = 2 + digits;
                    } else {
                        bytes = std::string("\\") + e;
                    }
                    break;
                }
                case 'N': {
                    const std::size_t close = m_text.find('}', i);
                    length = close == std::string_view::npos || close >= s.body_end ? 2 : close + 1 - i;
                    bytes = "?";
                    break;
                }
                default:
                    if (e >= '0' && e <= '7') {
                        unsigned long value = 0;
                        std::size_t k = 1;
                        for (; k <= 3 && i + k < s.body_end && m_text[i + k] >= '0' && m_text[i + k] <= '7'; ++k)
                            value = value * 8 + static_cast<unsigned long>(m_text[i + k] - '0');
                        append_utf8(bytes, value);
                        length = k;
                    } else {
                        bytes = std::string("\\") + e;  // unknown escapes stay as written
                    }
            }
            builder.decoded(bytes, i);
            i += length;
            run = i;
        }
        flush(s.body_end);
    }

    // Where the next literal of a chain starts, or 0: whitespace (and, inside brackets, newlines
    // and comments) between pieces, optionally one '+'. Sets `code_join` when a '+' is followed by
    // something other than a literal.
    std::size_t next_piece(std::size_t j, bool& code_join, bool& formatted) const {
        bool plus = false;
        for (;;) {
            while (j < m_n) {
                const char ch = m_text[j];
                if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f') {
                    ++j;
                } else if (ch == '\\' && j + 1 < m_n && m_text[j + 1] == '\n') {
                    j += 2;
                } else if (m_depth > 0 && ch == '\n') {
                    ++j;
                } else if (m_depth > 0 && ch == '#') {
                    while (j < m_n && m_text[j] != '\n') ++j;
                } else {
                    break;
                }
            }
            if (j >= m_n) {
                if (plus) code_join = true;
                return 0;
            }
            const char ch = m_text[j];
            if (ch == '\'' || ch == '"') return j;
            if (is_ident_start(static_cast<unsigned char>(ch))) {
                std::size_t k = j;
                while (k < m_n && is_ident_char(static_cast<unsigned char>(m_text[k]))) ++k;
                if (k < m_n && (m_text[k] == '\'' || m_text[k] == '"') && is_prefix(m_text.substr(j, k - j))) return j;
            }
            if (plus) {
                code_join = true;
                return 0;
            }
            if (ch == '+' && (j + 1 >= m_n || m_text[j + 1] != '=')) {
                plus = true;
                ++j;
                continue;
            }
            if (ch == '%' && (j + 1 >= m_n || m_text[j + 1] != '=')) formatted = true;
            if (m_text.substr(j, 8) == ".format(") formatted = true;
            return 0;
        }
    }

    void string_at(std::size_t pos) {
        PyString s;
        if (!read_string(pos, s)) {
            m_i = m_n;
            return;
        }
        if (!may_start_statement(m_text.substr(s.body_begin, s.body_end - s.body_begin))) {
            m_i = s.end;
            m_last = '"';
            return;
        }
        LiteralBuilder builder;
        builder.literal().joined_with_code = m_last == '+';
        decode(s, builder);
        std::size_t end = s.end;
        bool code_join = false, formatted = false;
        for (;;) {
            const std::size_t next = next_piece(end, code_join, formatted);
            if (!next) break;
            PyString piece;
            if (!read_string(next, piece)) break;
            decode(piece, builder);
            end = piece.end;
        }
        ScannedLiteral& literal = builder.literal();
        literal.joined_with_code = literal.joined_with_code || code_join;
        literal.formatted = formatted;
        m_result.literals.push_back(builder.take());
        m_i = end;
        m_last = '"';
    }

    // At the start of a logical line: record its indentation and first word; read imports.
    void line_start() {
        m_line_start = false;
        int indent = 0;
        while (m_i < m_n && (m_text[m_i] == ' ' || m_text[m_i] == '\t' || m_text[m_i] == '\f')) {
            indent += m_text[m_i] == '\t' ? 8 - indent % 8 : 1;
            ++m_i;
        }
        if (m_i >= m_n || m_text[m_i] == '\n' || m_text[m_i] == '\r' || m_text[m_i] == '#') return;
        m_last = 0;
        std::size_t end = m_i;
        while (end < m_n && is_ident_char(static_cast<unsigned char>(m_text[end]))) ++end;
        const std::string_view word = m_text.substr(m_i, end - m_i);
        m_lines.push_back({indent, word == "try" ? LineKind::try_block : (word == "except" ? LineKind::except_block : LineKind::other)});
        if ((word == "import" || word == "from") && end < m_n && (m_text[end] == ' ' || m_text[end] == '\t' || m_text[end] == '\\'))
            read_import(word == "from", end, indent);
    }

    bool inside_try(int indent) const {
        for (std::size_t k = m_lines.size() - 1; k-- > 0;) {
            if (m_lines[k].indent < indent) return m_lines[k].kind != LineKind::other;
        }
        return false;
    }

    // `import a.b as c, d` or `from ..a.b import (x, y)`: records the module paths.
    void read_import(bool from, std::size_t i, int indent) {
        const bool optional = indent > 0 && inside_try(indent);
        int parens = 0;
        bool expect_module = true;
        for (;;) {
            while (i < m_n && (m_text[i] == ' ' || m_text[i] == '\t' || (parens > 0 && (m_text[i] == '\n' || m_text[i] == '\r')) ||
                               (m_text[i] == '\\' && i + 1 < m_n && m_text[i + 1] == '\n'))) {
                i += m_text[i] == '\\' ? 2 : 1;
            }
            if (i >= m_n || m_text[i] == '\n' || m_text[i] == '#' || m_text[i] == ';') return;
            const char ch = m_text[i];
            if (ch == '(') {
                ++parens;
                ++i;
            } else if (ch == ')') {
                --parens;
                ++i;
            } else if (ch == ',') {
                if (from) return;  // the names after `import` of a from-import are not modules
                expect_module = true;
                ++i;
            } else if (expect_module && (ch == '.' || is_ident_start(static_cast<unsigned char>(ch)))) {
                const std::size_t begin = i;
                std::string module;
                while (from && i < m_n && m_text[i] == '.') module.push_back(m_text[i++]);
                std::size_t j = i;
                if (!module.empty()) {
                    while (j < m_n && (m_text[j] == ' ' || m_text[j] == '\t')) ++j;
                }
                const bool import_keyword = !module.empty() && m_text.substr(j, 6) == "import" &&
                                            (j + 6 >= m_n || !is_ident_char(static_cast<unsigned char>(m_text[j + 6])));
                if (j < m_n && is_ident_start(static_cast<unsigned char>(m_text[j])) && !import_keyword) {
                    i = j;
                    while (i < m_n && (m_text[i] == '.' || is_ident_char(static_cast<unsigned char>(m_text[i])))) module.push_back(m_text[i++]);
                }
                ImportReference reference;
                reference.kind = module[0] == '.' ? ImportKind::python_relative : ImportKind::python_absolute;
                reference.module = module;
                reference.offset = begin;
                reference.optional = optional;
                m_result.imports.push_back(std::move(reference));
                if (from) return;
                expect_module = false;
            } else if (is_ident_start(static_cast<unsigned char>(ch))) {
                while (i < m_n && is_ident_char(static_cast<unsigned char>(m_text[i]))) ++i;  // `as name`
            } else {
                return;
            }
        }
    }

    enum class LineKind : unsigned char { other, try_block, except_block };
    struct Line {
        int indent;
        LineKind kind;
    };

    std::string_view m_text;
    std::size_t m_n;
    std::size_t m_i = 0;
    int m_depth = 0;
    bool m_line_start = true;
    char m_last = 0;  // the last significant character before the current token
    std::vector<Line> m_lines;
    ScanResult m_result;
    mutable int m_nesting = 0;  // interpolations being read, one inside another
};

}  // namespace

ScanResult scan_python(std::string_view text) { return PythonScanner(text).run(); }

}  // namespace dbaudit::code_check
