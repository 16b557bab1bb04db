// C, C++, Go, Java, Kotlin, C#, JavaScript and TypeScript share // and /* */ comments and "..."
// strings with backslash escapes; each adds its own forms: JS/TS '...' and `template ${x}`
// literals (a tag makes ${} bound parameters), Go `raw`, Java """text blocks""", Kotlin """raw"""
// and $templates, C# @"verbatim", $"{interpolated}" and """raw""", C++ R"d(raw)d". C and C++ join
// adjacent literals; the others join literals with '+'. JS/TS relative imports are recorded.
#include <string>

#include "dbaudit/code_check/literal_builder.hpp"
#include "dbaudit/code_check/scanner.hpp"
#include "dbaudit/code_check/sql_detector.hpp"

namespace dbaudit::code_check {

namespace {

bool is_ident_start(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80;
}
bool is_ident_char(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

struct Dialect {
    bool single_quote_strings = false;  // JS/TS: '...' is a string, elsewhere a character
    bool template_literals = false;     // JS/TS `...${x}...`
    bool backtick_raw = false;          // Go `...`
    bool java_text_blocks = false;      // Java """\n...""" with escapes
    bool kotlin_strings = false;        // Kotlin "$x ${x}" and """raw $x"""
    bool csharp_strings = false;        // @"..." $"..." $@"..." """..."""
    bool cpp_raw = false;               // R"delim(...)delim" and u8/L/u/U prefixes
    bool adjacent_concat = false;       // C/C++ "a" "b"
    bool regex_literals = false;        // JS/TS /.../
    bool js_imports = false;

    static Dialect of(Language language) {
        Dialect d;
        switch (language) {
            case Language::javascript:
            case Language::typescript:
                d.single_quote_strings = d.template_literals = d.regex_literals = d.js_imports = true;
                break;
            case Language::go: d.backtick_raw = true; break;
            case Language::java: d.java_text_blocks = true; break;
            case Language::kotlin: d.kotlin_strings = true; break;
            case Language::csharp: d.csharp_strings = true; break;
            case Language::c:
            case Language::cpp: d.cpp_raw = d.adjacent_concat = true; break;
            default: break;
        }
        return d;
    }
};

enum class StringForm {
    escaped,           // "..." with backslash escapes
    template_literal,  // JS `...${x}...`
    raw,               // Go `...`, C++ R"(...)", C# """...""", no escapes, no holes
    text_block,        // Java """...""": escapes, no holes
    kotlin_escaped,    // Kotlin "...": escapes and $templates
    kotlin_raw,        // Kotlin """...""": $templates only
    csharp_verbatim,   // @"...": "" is a quote
    csharp_interpolated,           // $"...{x}...": escapes and holes
    csharp_verbatim_interpolated,  // $@"..." / @$"..."
    csharp_raw_interpolated,       // $"""...{x}..."""
};

struct CString {
    std::size_t start = 0;
    std::size_t body_begin = 0;
    std::size_t body_end = 0;
    std::size_t end = 0;
    StringForm form = StringForm::escaped;
};

struct LastToken {
    char kind = 0;  // 'a' word, '"' literal, '0' number, else the punctuation character; 0 at the start
    std::string_view word;
};

class CFamilyScanner {
public:
    CFamilyScanner(std::string_view text, Language language)
        : m_text(text), m_n(text.size()), m_dialect(Dialect::of(language)) {}

    ScanResult run() {
        while (m_i < m_n) {
            const auto c = static_cast<unsigned char>(m_text[m_i]);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                ++m_i;
            } else if (c == '/' && m_i + 1 < m_n && m_text[m_i + 1] == '/') {
                skip_line_comment();
            } else if (c == '/' && m_i + 1 < m_n && m_text[m_i + 1] == '*') {
                skip_block_comment();
            } else if (c == '/' && m_dialect.regex_literals && regex_allowed()) {
                skip_regex();
            } else if (CString s; string_start(m_i, s)) {
                literal(s);
            } else if (c == '\'') {
                skip_char_literal();
            } else if (is_digit(c)) {
                skip_number();
            } else if (is_ident_start(c)) {
                const std::size_t begin = m_i;
                while (m_i < m_n && is_ident_char(static_cast<unsigned char>(m_text[m_i]))) ++m_i;
                push_last({'a', m_text.substr(begin, m_i - begin)});
            } else {
                push_last({static_cast<char>(c), {}});
                ++m_i;
            }
        }
        return std::move(m_result);
    }

private:
    void push_last(LastToken token) {
        m_before_last = m_last;
        m_last = token;
    }

    void skip_line_comment() {
        while (m_i < m_n && m_text[m_i] != '\n') ++m_i;
    }
    void skip_block_comment() {
        const std::size_t close = m_text.find("*/", m_i + 2);
        m_i = close == std::string_view::npos ? m_n : close + 2;
    }
    void skip_number() {
        while (m_i < m_n) {
            const char ch = m_text[m_i];
            if (is_ident_char(static_cast<unsigned char>(ch)) || ch == '.') {
                ++m_i;
            } else if (ch == '\'' && m_dialect.cpp_raw && m_i + 1 < m_n && hex_value(m_text[m_i + 1]) >= 0) {
                ++m_i;  // C++14 digit separator 1'000'000
            } else {
                break;
            }
        }
        push_last({'0', {}});
    }
    void skip_char_literal() {
        std::size_t i = m_i + 1;
        while (i < m_n && m_text[i] != '\'' && m_text[i] != '\n') i += m_text[i] == '\\' ? 2 : 1;
        m_i = i < m_n && m_text[i] == '\'' ? i + 1 : m_i + 1;
        push_last({'"', {}});
    }

    bool regex_allowed() const {
        if (m_last.kind == 0) return true;
        if (m_last.kind == 'a') {
            for (std::string_view keyword : {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void",
                                             "throw", "instanceof", "yield", "await"}) {
                if (m_last.word == keyword) return true;
            }
            return false;
        }
        return std::string_view("(,=:[!&|?{};+-*%<>~^").find(m_last.kind) != std::string_view::npos;
    }
    void skip_regex() {
        std::size_t i = m_i + 1;
        bool in_class = false;
        while (i < m_n && m_text[i] != '\n') {
            const char ch = m_text[i];
            if (ch == '\\') {
                i += 2;
                continue;
            }
            if (ch == '[') in_class = true;
            if (ch == ']') in_class = false;
            if (ch == '/' && !in_class) break;
            ++i;
        }
        if (i >= m_n || m_text[i] != '/') {  // not a regex after all: a division
            push_last({'/', {}});
            ++m_i;
            return;
        }
        ++i;
        while (i < m_n && is_ident_char(static_cast<unsigned char>(m_text[i]))) ++i;
        m_i = i;
        push_last({'"', {}});
    }

    // ---- string extents -------------------------------------------------------------------

    // The end of an interpolated expression that starts at `i` (just past `${` or `{`), past its
    // closing '}'. Skips nested strings and braces.
    std::size_t expression_end(std::size_t i) const {
        const NestingGuard guard(m_nesting);
        if (guard.too_deep()) return m_n;
        int depth = 0;
        while (i < m_n) {
            const char ch = m_text[i];
            if (CString nested; string_start(i, nested)) {
                i = nested.end > i ? nested.end : i + 1;
                continue;
            }
            if (ch == '\'' ) {
                std::size_t j = i + 1;
                while (j < m_n && m_text[j] != '\'' && m_text[j] != '\n') j += m_text[j] == '\\' ? 2 : 1;
                i = j + 1;
                continue;
            }
            if (ch == '{') ++depth;
            if (ch == '}') {
                if (depth == 0) return i + 1;
                --depth;
            }
            ++i;
        }
        return m_n;
    }

    // Reads a quoted body from `i` (just past the opening quote) to the closing `quote`.
    // `escapes`: backslash escapes; `multiline`: newlines allowed; `doubled`: "" is a quote;
    // `holes`: the opener of interpolations ("${", "{", "$").
    bool read_body(CString& s, std::size_t i, char quote, bool escapes, bool multiline, bool doubled, int holes) const {
        s.body_begin = i;
        while (i < m_n) {
            const char ch = m_text[i];
            if (ch == '\\' && escapes) {
                i += 2;
                continue;
            }
            if (ch == quote) {
                if (doubled && i + 1 < m_n && m_text[i + 1] == quote) {
                    i += 2;
                    continue;
                }
                s.body_end = i;
                s.end = i + 1;
                return true;
            }
            if (ch == '\n' && !multiline) break;
            if (holes == 1 && ch == '$' && i + 1 < m_n && m_text[i + 1] == '{') {  // ${x}
                i = expression_end(i + 2);
                continue;
            }
            if (holes == 2 && ch == '{') {  // C# {x}, {{ is a brace
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

    // A triple-quoted body from `i` to the next """ (Java, Kotlin, C# raw: at least three quotes).
    bool read_triple(CString& s, std::size_t i, bool escapes, int holes) const {
        s.body_begin = i;
        while (i < m_n) {
            const char ch = m_text[i];
            if (ch == '\\' && escapes) {
                i += 2;
                continue;
            }
            if (ch == '"' && i + 2 < m_n && m_text[i + 1] == '"' && m_text[i + 2] == '"') {
                // """" ends with the last three quotes (a quote right before the delimiter).
                std::size_t j = i + 3;
                while (j < m_n && m_text[j] == '"') ++j;
                s.body_end = j - 3;
                s.end = j;
                return true;
            }
            if (holes == 1 && ch == '$' && i + 1 < m_n && m_text[i + 1] == '{') {
                i = expression_end(i + 2);
                continue;
            }
            if (holes == 2 && ch == '{') {
                i = expression_end(i + 1);
                continue;
            }
            ++i;
        }
        s.body_end = s.end = m_n;
        return true;
    }

    // True when a string literal starts at `i`; fills its extent and form.
    bool string_start(std::size_t i, CString& s) const {
        if (i >= m_n) return false;
        s = CString{};
        s.start = i;
        const char c = m_text[i];
        const auto at = [&](std::size_t k) { return k < m_n ? m_text[k] : '\0'; };
        const bool triple = at(i) == '"' && at(i + 1) == '"' && at(i + 2) == '"';
        if (c == '"') {
            if (triple && m_dialect.java_text_blocks) {
                s.form = StringForm::text_block;
                std::size_t j = i + 3;
                while (j < m_n && m_text[j] != '\n') ++j;  // the opening line ends the delimiter
                return read_triple(s, j < m_n ? j + 1 : j, true, 0);
            }
            if (triple && m_dialect.kotlin_strings) {
                s.form = StringForm::kotlin_raw;
                return read_triple(s, i + 3, false, 1);
            }
            if (triple && m_dialect.csharp_strings) {
                s.form = StringForm::raw;
                return read_triple(s, i + 3, false, 0);
            }
            s.form = m_dialect.kotlin_strings ? StringForm::kotlin_escaped : StringForm::escaped;
            return read_body(s, i + 1, '"', true, false, false, m_dialect.kotlin_strings ? 1 : 0);
        }
        if (c == '\'' && m_dialect.single_quote_strings) {
            s.form = StringForm::escaped;
            return read_body(s, i + 1, '\'', true, false, false, 0);
        }
        if (c == '`' && m_dialect.template_literals) {
            s.form = StringForm::template_literal;
            return read_body(s, i + 1, '`', true, true, false, 1);
        }
        if (c == '`' && m_dialect.backtick_raw) {
            s.form = StringForm::raw;
            return read_body(s, i + 1, '`', false, true, false, 0);
        }
        if (m_dialect.csharp_strings && (c == '@' || c == '$')) {
            // Identifiers cannot start here: @ and $ prefix only strings in C#.
            std::size_t j = i;
            bool verbatim = false, interpolated = false;
            while (j < m_n && (m_text[j] == '@' || m_text[j] == '$') && j - i < 4) {
                if (m_text[j] == '@') verbatim = true;
                if (m_text[j] == '$') interpolated = true;
                ++j;
            }
            if (at(j) != '"') return false;
            if (at(j + 1) == '"' && at(j + 2) == '"' && interpolated) {
                s.form = StringForm::csharp_raw_interpolated;
                return read_triple(s, j + 3, false, 2);
            }
            if (verbatim && interpolated) {
                s.form = StringForm::csharp_verbatim_interpolated;
                return read_body(s, j + 1, '"', false, true, true, 2);
            }
            if (verbatim) {
                s.form = StringForm::csharp_verbatim;
                return read_body(s, j + 1, '"', false, true, true, 0);
            }
            s.form = StringForm::csharp_interpolated;
            return read_body(s, j + 1, '"', true, false, false, 2);
        }
        if (m_dialect.cpp_raw && (c == 'R' || c == 'u' || c == 'U' || c == 'L')) {
            if (i > 0 && is_ident_char(static_cast<unsigned char>(m_text[i - 1]))) return false;
            std::size_t j = i;
            if (m_text.substr(j, 2) == "u8") {
                j += 2;
            } else if (c != 'R') {
                ++j;
            }
            const bool raw = at(j) == 'R';
            if (raw) ++j;
            if (at(j) != '"') return false;
            if (!raw) {
                s.form = StringForm::escaped;
                return read_body(s, j + 1, '"', true, false, false, 0);
            }
            const std::size_t open = m_text.find('(', j + 1);
            if (open == std::string_view::npos || open - j > 17) return false;
            std::string closing(1, ')');
            closing.append(m_text.substr(j + 1, open - j - 1)).push_back('"');
            const std::size_t close = m_text.find(closing, open + 1);
            s.form = StringForm::raw;
            s.body_begin = open + 1;
            s.body_end = close == std::string_view::npos ? m_n : close;
            s.end = close == std::string_view::npos ? m_n : close + closing.size();
            return true;
        }
        return false;
    }

    // ---- decoding ---------------------------------------------------------------------------

    // One backslash escape at `i`; returns its length in the source.
    std::size_t decode_escape(std::size_t i, std::size_t end, std::string& bytes) const {
        const char e = i + 1 < end ? m_text[i + 1] : '\\';
        switch (e) {
            case 'n': bytes.assign(1, '\n'); return 2;
            case 't': bytes.assign(1, '\t'); return 2;
            case 'r': bytes.assign(1, '\r'); return 2;
            case 's': bytes.assign(1, ' '); return 2;  // Java text blocks
            case '\n': bytes.clear(); return 2;
            case 'a': bytes.assign(1, '\a'); return 2;
            case 'b': bytes.assign(1, '\b'); return 2;
            case 'f': bytes.assign(1, '\f'); return 2;
            case 'v': bytes.assign(1, '\v'); return 2;
            case 'x': {
                unsigned long value = 0;
                std::size_t k = 0;
                for (; k < 2 && i + 2 + k < end && hex_value(m_text[i + 2 + k]) >= 0; ++k)
                    value = value * 16 + static_cast<unsigned long>(hex_value(m_text[i + 2 + k]));
                if (k == 0) {
                    bytes.assign(1, 'x');
                    return 2;
                }
                bytes.clear();
                append_utf8(bytes, value);
                return 2 + k;
            }
            case 'u':
            case 'U': {
                bytes.clear();
                if (i + 2 < end && m_text[i + 2] == '{') {  // JS \u{1F600}
                    const std::size_t close = m_text.find('}', i + 3);
                    if (close != std::string_view::npos && close < end) {
                        unsigned long value = 0;
                        for (std::size_t k = i + 3; k < close; ++k)
                            value = value * 16 + static_cast<unsigned long>(std::max(0, hex_value(m_text[k])));
                        append_utf8(bytes, value);
                        return close + 1 - i;
                    }
                }
                const std::size_t digits = e == 'u' ? 4 : 8;
                unsigned long value = 0;
                std::size_t k = 0;
                for (; k < digits && i + 2 + k < end && hex_value(m_text[i + 2 + k]) >= 0; ++k)
                    value = value * 16 + static_cast<unsigned long>(hex_value(m_text[i + 2 + k]));
                if (k < 4) {
                    bytes = std::string(1, e);
                    return 2;
                }
                append_utf8(bytes, value);
                return 2 + k;
            }
            default:
                if (e >= '0' && e <= '7') {
                    unsigned long value = 0;
                    std::size_t k = 1;
                    for (; k <= 3 && i + k < end && m_text[i + k] >= '0' && m_text[i + k] <= '7'; ++k)
                        value = value * 8 + static_cast<unsigned long>(m_text[i + k] - '0');
                    bytes.clear();
                    append_utf8(bytes, value);
                    return k;
                }
                bytes = std::string(1, e);  // \\ \" \' \$ \` and unknown escapes: the character
                return 2;
        }
    }

    void decode(const CString& s, LiteralBuilder& builder) const {
        const StringForm form = s.form;
        const bool escapes = form == StringForm::escaped || form == StringForm::template_literal ||
                             form == StringForm::text_block || form == StringForm::kotlin_escaped ||
                             form == StringForm::csharp_interpolated;
        const bool dollar_holes = form == StringForm::template_literal || form == StringForm::kotlin_escaped ||
                                  form == StringForm::kotlin_raw;
        const bool kotlin_names = form == StringForm::kotlin_escaped || form == StringForm::kotlin_raw;
        const bool brace_holes = form == StringForm::csharp_interpolated || form == StringForm::csharp_verbatim_interpolated ||
                                 form == StringForm::csharp_raw_interpolated;
        const bool doubled_quotes = form == StringForm::csharp_verbatim || form == StringForm::csharp_verbatim_interpolated;
        std::size_t i = s.body_begin;
        std::size_t run = i;
        const std::size_t end = s.body_end;
        auto flush = [&](std::size_t until) {
            if (until > run) builder.verbatim(m_text.substr(run, until - run), run);
        };
        std::string bytes;
        while (i < end) {
            const char ch = m_text[i];
            if (ch == '\\' && escapes) {
                flush(i);
                const std::size_t length = decode_escape(i, end, bytes);
                builder.decoded(bytes, i);
                i += length;
                run = i;
            } else if (dollar_holes && ch == '$' && i + 1 < end && m_text[i + 1] == '{') {
                flush(i);
                const std::size_t close = std::min(expression_end(i + 2), end);
                builder.hole(i, close);
                i = run = close;
            } else if (kotlin_names && ch == '$' && i + 1 < end && is_ident_start(static_cast<unsigned char>(m_text[i + 1])) &&
                       m_text[i + 1] != '$') {
                flush(i);
                std::size_t close = i + 1;
                while (close < end && is_ident_char(static_cast<unsigned char>(m_text[close])) && m_text[close] != '$') ++close;
                builder.hole(i, close);
                i = run = close;
            } else if (brace_holes && (ch == '{' || ch == '}')) {
                flush(i);
                if (i + 1 < end && m_text[i + 1] == ch) {
                    builder.decoded(std::string(1, ch), i);
                    i += 2;
                } else if (ch == '{') {
                    const std::size_t close = std::min(expression_end(i + 1), end);
                    builder.hole(i, close);
                    i = close;
                } else {
                    builder.decoded("}", i);
                    ++i;
                }
                run = i;
            } else if (doubled_quotes && ch == '"' && i + 1 < end && m_text[i + 1] == '"') {
                flush(i);
                builder.decoded("\"", i);
                i += 2;
                run = i;
            } else {
                ++i;
            }
        }
        flush(end);
    }

    // ---- literals and chains ----------------------------------------------------------------

    void skip_trivia(std::size_t& j) const {
        while (j < m_n) {
            const char ch = m_text[j];
            if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v') {
                ++j;
            } else if (ch == '/' && j + 1 < m_n && m_text[j + 1] == '/') {
                while (j < m_n && m_text[j] != '\n') ++j;
            } else if (ch == '/' && j + 1 < m_n && m_text[j + 1] == '*') {
                const std::size_t close = m_text.find("*/", j + 2);
                j = close == std::string_view::npos ? m_n : close + 2;
            } else {
                break;
            }
        }
    }

    bool tagged() const {
        if (m_last.kind == ')' || m_last.kind == ']') return true;
        if (m_last.kind != 'a') return false;
        for (std::string_view keyword : {"return", "typeof", "case", "in", "of", "await", "yield", "throw", "else",
                                         "default", "new", "delete", "void", "instanceof", "export"}) {
            if (m_last.word == keyword) return false;
        }
        return true;
    }

    void record_js_import(const CString& s) {
        const bool from = m_last.kind == 'a' && (m_last.word == "from" || m_last.word == "import");
        const bool call = m_last.kind == '(' && m_before_last.kind == 'a' &&
                          (m_before_last.word == "require" || m_before_last.word == "import");
        if (!from && !call) return;
        const std::string_view spec = m_text.substr(s.body_begin, s.body_end - s.body_begin);
        if (!spec.starts_with("./") && !spec.starts_with("../") && spec != "." && spec != "..") return;
        if (spec.find("${") != std::string_view::npos) return;
        ImportReference reference;
        reference.kind = ImportKind::js_relative;
        reference.module = std::string(spec);
        reference.offset = s.body_begin;
        m_result.imports.push_back(std::move(reference));
    }

    void literal(const CString& s) {
        if (m_dialect.js_imports && s.form == StringForm::escaped) record_js_import(s);
        const std::string_view body = m_text.substr(s.body_begin, s.body_end - s.body_begin);
        if (!may_start_statement(body)) {
            m_i = std::max(s.end, m_i + 1);
            push_last({'"', {}});
            return;
        }
        LiteralBuilder builder;
        ScannedLiteral& scanned = builder.literal();
        scanned.tagged_template = s.form == StringForm::template_literal && tagged();
        scanned.joined_with_code = m_last.kind == '+';
        decode(s, builder);
        std::size_t end = s.end;
        for (;;) {
            std::size_t j = end;
            skip_trivia(j);
            CString piece;
            if (m_dialect.adjacent_concat && string_start(j, piece)) {
                decode(piece, builder);
                end = piece.end;
                continue;
            }
            if (j < m_n && m_text[j] == '+' && (j + 1 >= m_n || (m_text[j + 1] != '+' && m_text[j + 1] != '='))) {
                std::size_t k = j + 1;
                skip_trivia(k);
                if (string_start(k, piece)) {
                    decode(piece, builder);
                    end = piece.end;
                    continue;
                }
                scanned.joined_with_code = true;
            }
            break;
        }
        m_result.literals.push_back(builder.take());
        m_i = std::max(end, m_i + 1);
        push_last({'"', {}});
    }

    std::string_view m_text;
    std::size_t m_n;
    Dialect m_dialect;
    std::size_t m_i = 0;
    LastToken m_last;
    LastToken m_before_last;
    ScanResult m_result;
    mutable int m_nesting = 0;  // interpolations being read, one inside another
};

}  // namespace

ScanResult scan_c_family(std::string_view text, Language language) { return CFamilyScanner(text, language).run(); }

}  // namespace dbaudit::code_check
