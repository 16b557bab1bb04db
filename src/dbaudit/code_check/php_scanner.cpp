// PHP: only between <?php / <?= and ?>. '...' (no interpolation), "..." with $var, {$expr} and
// ${expr} interpolation, heredocs <<<ID / <<<"ID" and nowdocs <<<'ID'. The '.' operator joins
// pieces.
#include <string>

#include "dbaudit/code_check/literal_builder.hpp"
#include "dbaudit/code_check/scanner.hpp"
#include "dbaudit/code_check/sql_detector.hpp"

namespace dbaudit::code_check {

namespace {

bool is_ident_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

struct PhpString {
    std::size_t body_begin = 0;
    std::size_t body_end = 0;
    std::size_t end = 0;
    bool interpolates = false;
    bool single_quoted = false;
};

class PhpScanner {
public:
    explicit PhpScanner(std::string_view text) : m_text(text), m_n(text.size()) {}

    ScanResult run() {
        skip_html();
        while (m_i < m_n) {
            const char c = m_text[m_i];
            if (c == '?' && m_i + 1 < m_n && m_text[m_i + 1] == '>') {
                m_i += 2;
                skip_html();
            } else if ((c == '/' && m_i + 1 < m_n && m_text[m_i + 1] == '/') || c == '#') {
                while (m_i < m_n && m_text[m_i] != '\n' && m_text.substr(m_i, 2) != "?>") ++m_i;
            } else if (c == '/' && m_i + 1 < m_n && m_text[m_i + 1] == '*') {
                const std::size_t close = m_text.find("*/", m_i + 2);
                m_i = close == std::string_view::npos ? m_n : close + 2;
            } else if (c == '\'' || c == '"') {
                literal(quoted(m_i));
            } else if (c == '<' && m_text.substr(m_i, 3) == "<<<") {
                PhpString s;
                if (heredoc(m_i, s)) {
                    literal(s);
                } else {
                    m_i += 3;
                }
            } else if (c == '$' || is_ident_start(static_cast<unsigned char>(c))) {
                ++m_i;
                while (m_i < m_n && is_ident_char(static_cast<unsigned char>(m_text[m_i]))) ++m_i;
                m_last = 'a';
            } else {
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') m_last = c;
                ++m_i;
            }
        }
        return std::move(m_result);
    }

private:
    void skip_html() {
        const std::size_t open = m_text.find("<?", m_i);
        if (open == std::string_view::npos) {
            m_i = m_n;
            return;
        }
        m_i = open + 2;
        if (m_text.substr(m_i, 3) == "php") m_i += 3;
        m_last = 0;
    }

    PhpString quoted(std::size_t i) const {
        const char quote = m_text[i];
        PhpString s;
        s.interpolates = quote == '"';
        s.single_quoted = quote == '\'';
        s.body_begin = ++i;
        while (i < m_n) {
            const char ch = m_text[i];
            if (ch == '\\') {
                i += 2;
                continue;
            }
            if (ch == quote) {
                s.body_end = i;
                s.end = i + 1;
                return s;
            }
            ++i;
        }
        s.body_end = s.end = m_n;
        return s;
    }

    bool heredoc(std::size_t i, PhpString& s) const {
        i += 3;
        while (i < m_n && (m_text[i] == ' ' || m_text[i] == '\t')) ++i;
        char quote = 0;
        if (i < m_n && (m_text[i] == '\'' || m_text[i] == '"')) quote = m_text[i++];
        const std::size_t name_begin = i;
        while (i < m_n && is_ident_char(static_cast<unsigned char>(m_text[i]))) ++i;
        if (i == name_begin) return false;
        const std::string_view name = m_text.substr(name_begin, i - name_begin);
        if (quote && (i >= m_n || m_text[i++] != quote)) return false;
        const std::size_t eol = m_text.find('\n', i);
        if (eol == std::string_view::npos) return false;
        s.interpolates = quote != '\'';
        s.body_begin = eol + 1;
        std::size_t line = eol + 1;
        while (line < m_n) {
            std::size_t k = line;
            while (k < m_n && (m_text[k] == ' ' || m_text[k] == '\t')) ++k;
            if (m_text.substr(k, name.size()) == name &&
                (k + name.size() >= m_n || !is_ident_char(static_cast<unsigned char>(m_text[k + name.size()])))) {
                s.body_end = line > s.body_begin ? line - 1 : line;  // the newline before the closing name is not content
                s.end = k + name.size();
                return true;
            }
            const std::size_t next = m_text.find('\n', line);
            if (next == std::string_view::npos) break;
            line = next + 1;
        }
        s.body_end = s.end = m_n;
        return true;
    }

    // "$name", "$obj->prop", "$arr[1]", "{$expr}", "${expr}": the end of the interpolation at `i`.
    std::size_t interpolation_end(std::size_t i, std::size_t limit) const {
        if (m_text[i] == '{' || (m_text[i] == '$' && i + 1 < limit && m_text[i + 1] == '{')) {
            int depth = 0;
            for (std::size_t k = i; k < limit; ++k) {
                if (m_text[k] == '{') ++depth;
                if (m_text[k] == '}' && --depth == 0) return k + 1;
            }
            return limit;
        }
        std::size_t k = i + 1;
        while (k < limit && is_ident_char(static_cast<unsigned char>(m_text[k]))) ++k;
        if (k + 2 < limit && m_text[k] == '-' && m_text[k + 1] == '>' && is_ident_start(static_cast<unsigned char>(m_text[k + 2]))) {
            k += 2;
            while (k < limit && is_ident_char(static_cast<unsigned char>(m_text[k]))) ++k;
        } else if (k < limit && m_text[k] == '[') {
            const std::size_t close = m_text.find(']', k);
            if (close != std::string_view::npos && close < limit) k = close + 1;
        }
        return k;
    }

    void decode(const PhpString& s, LiteralBuilder& builder) const {
        std::size_t i = s.body_begin, run = i;
        auto flush = [&](std::size_t until) {
            if (until > run) builder.verbatim(m_text.substr(run, until - run), run);
        };
        while (i < s.body_end) {
            const char ch = m_text[i];
            if (ch == '\\' && i + 1 < s.body_end) {
                const char e = m_text[i + 1];
                std::string bytes;
                if (s.single_quoted) {
                    if (e != '\\' && e != '\'') {
                        ++i;
                        continue;
                    }
                    bytes = std::string(1, e);
                } else {
                    switch (e) {
                        case 'n': bytes = "\n"; break;
                        case 't': bytes = "\t"; break;
                        case 'r': bytes = "\r"; break;
                        case 'v': bytes = "\v"; break;
                        case 'f': bytes = "\f"; break;
                        case '\\': case '$': case '"': bytes = std::string(1, e); break;
                        default:
                            ++i;  // PHP keeps unknown escapes as written
                            continue;
                    }
                }
                flush(i);
                builder.decoded(bytes, i);
                i += 2;
                run = i;
            } else if (s.interpolates && ((ch == '$' && i + 1 < s.body_end && (is_ident_start(static_cast<unsigned char>(m_text[i + 1])) || m_text[i + 1] == '{')) ||
                                          (ch == '{' && i + 1 < s.body_end && m_text[i + 1] == '$'))) {
                flush(i);
                const std::size_t close = interpolation_end(i, s.body_end);
                builder.hole(i, close);
                i = run = close;
            } else {
                ++i;
            }
        }
        flush(s.body_end);
    }

    void literal(const PhpString& first) {
        if (!may_start_statement(m_text.substr(first.body_begin, first.body_end - first.body_begin))) {
            m_i = std::max(first.end, m_i + 1);
            m_last = '"';
            return;
        }
        LiteralBuilder builder;
        builder.literal().joined_with_code = m_last == '.';
        decode(first, builder);
        std::size_t end = first.end;
        for (;;) {
            std::size_t j = end;
            while (j < m_n && (m_text[j] == ' ' || m_text[j] == '\t' || m_text[j] == '\n' || m_text[j] == '\r')) ++j;
            if (j >= m_n || m_text[j] != '.' || (j + 1 < m_n && (m_text[j + 1] == '=' || m_text[j + 1] == '.'))) break;
            ++j;
            while (j < m_n && (m_text[j] == ' ' || m_text[j] == '\t' || m_text[j] == '\n' || m_text[j] == '\r')) ++j;
            if (j < m_n && (m_text[j] == '\'' || m_text[j] == '"')) {
                const PhpString piece = quoted(j);
                decode(piece, builder);
                end = piece.end;
                continue;
            }
            builder.literal().joined_with_code = true;
            break;
        }
        m_result.literals.push_back(builder.take());
        m_i = std::max(end, m_i + 1);
        m_last = '"';
    }

    std::string_view m_text;
    std::size_t m_n;
    std::size_t m_i = 0;
    char m_last = 0;
    ScanResult m_result;
};

}  // namespace

ScanResult scan_php(std::string_view text) { return PhpScanner(text).run(); }

}  // namespace dbaudit::code_check
