// Ruby: '...', "..." with #{} interpolation, %q(...) / %Q(...) / %(...) with any delimiter, and
// heredocs (<<~SQL, <<-SQL, <<SQL, quoted identifiers for no interpolation). Adjacent literals
// and '+' join pieces.
#include <string>
#include <vector>

#include "dbaudit/code_check/literal_builder.hpp"
#include "dbaudit/code_check/scanner.hpp"
#include "dbaudit/code_check/sql_detector.hpp"

namespace dbaudit::code_check {

namespace {

bool is_ident_start(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80; }
bool is_ident_char(unsigned char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

struct RubyString {
    std::size_t body_begin = 0;
    std::size_t body_end = 0;
    std::size_t end = 0;
    char open = '"';
    char close = '"';
    bool interpolates = true;
    bool single_quoted = false;  // '...' and %q: only \\ and \<delimiter> are escapes
};

struct PendingHeredoc {
    std::string terminator;
    bool indented_terminator = false;  // <<- and <<~
    bool interpolates = true;
    bool skip = false;  // not a candidate: only find its end
};

char closing_for(char open) {
    switch (open) {
        case '(': return ')';
        case '[': return ']';
        case '{': return '}';
        case '<': return '>';
        default: return open;
    }
}

class RubyScanner {
public:
    explicit RubyScanner(std::string_view text) : m_text(text), m_n(text.size()) {}

    ScanResult run() {
        bool line_start = true;
        while (m_i < m_n) {
            const char c = m_text[m_i];
            if (line_start && m_text.substr(m_i, 6) == "=begin") {
                const std::size_t close = m_text.find("\n=end", m_i);
                m_i = close == std::string_view::npos ? m_n : close + 5;
                continue;
            }
            line_start = false;
            if (c == '\n') {
                ++m_i;
                line_start = true;
                read_heredoc_bodies();
            } else if (c == '#') {
                while (m_i < m_n && m_text[m_i] != '\n') ++m_i;
            } else if (c == '"' || c == '\'' || c == '`') {
                RubyString s = quoted(m_i + 1, c, c, c == '"' || c == '`', c == '\'');
                literal(s);
            } else if (c == '%' && percent_literal()) {
                // handled
            } else if (c == '<' && heredoc_start()) {
                // handled
            } else if (c == ':' && m_i + 1 < m_n && m_text[m_i + 1] == '"') {
                ++m_i;  // a :"symbol": scanned as a string next
            } else if (is_ident_start(static_cast<unsigned char>(c))) {
                while (m_i < m_n && (is_ident_char(static_cast<unsigned char>(m_text[m_i])) || m_text[m_i] == '?' || m_text[m_i] == '!')) ++m_i;
                m_last = 'a';
            } else if (c == '?' && m_i + 2 < m_n && m_last != 'a' && m_last != '"' && m_last != ')' &&
                       !is_ident_char(static_cast<unsigned char>(m_text[m_i + 2])) && m_text[m_i + 1] != ' ') {
                m_i += 2;  // ?c character literal
                m_last = '"';
            } else {
                if (c >= '0' && c <= '9') {
                    m_last = '0';
                } else if (c != ' ' && c != '\t' && c != '\r') {
                    m_last = c;
                }
                ++m_i;
            }
        }
        return std::move(m_result);
    }

private:
    // A body from `i` to the unescaped `close` (nesting `open` when it differs).
    RubyString quoted(std::size_t i, char open, char close, bool interpolates, bool single_quoted) const {
        RubyString s;
        s.open = open;
        s.close = close;
        s.interpolates = interpolates;
        s.single_quoted = single_quoted;
        s.body_begin = i;
        int depth = 0;
        while (i < m_n) {
            const char ch = m_text[i];
            if (ch == '\\') {
                i += 2;
                continue;
            }
            if (interpolates && ch == '#' && i + 1 < m_n && m_text[i + 1] == '{') {
                i = interpolation_end(i + 2);
                continue;
            }
            if (ch == open && open != close) ++depth;
            if (ch == close) {
                if (depth == 0) {
                    s.body_end = i;
                    s.end = i + 1;
                    return s;
                }
                --depth;
            }
            ++i;
        }
        s.body_end = s.end = m_n;
        return s;
    }

    std::size_t interpolation_end(std::size_t i) const {
        const NestingGuard guard(m_nesting);
        if (guard.too_deep()) return m_n;
        int depth = 0;
        while (i < m_n) {
            const char ch = m_text[i];
            if (ch == '"' || ch == '\'') {
                i = quoted(i + 1, ch, ch, ch == '"', ch == '\'').end;
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

    bool percent_literal() {
        // %q(...) %Q(...) %(...) %w(...) %i(...) %r(...) %x(...) %s(...); a modulo needs an operand before it.
        if (m_last == 'a' || m_last == '"' || m_last == ')' || m_last == ']' || m_last == '0') return false;
        std::size_t i = m_i + 1;
        char kind = 'Q';
        if (i < m_n && std::string_view("qQwWiIrxs").find(m_text[i]) != std::string_view::npos) kind = m_text[i++];
        if (i >= m_n) return false;
        const char open = m_text[i];
        if (is_ident_char(static_cast<unsigned char>(open)) || open == ' ' || open == '\n' || open == '=') return false;
        const RubyString s = quoted(i + 1, open, closing_for(open), kind == 'Q' || kind == 'W' || kind == 'I' || kind == 'r' || kind == 'x',
                                    kind == 'q' || kind == 'w' || kind == 'i' || kind == 's');
        if (kind == 'q' || kind == 'Q') {
            literal(s);
        } else {
            m_i = s.end;
            m_last = '"';
        }
        return true;
    }

    bool heredoc_start() {
        std::size_t i = m_i;
        if (m_text.substr(i, 2) != "<<") return false;
        i += 2;
        PendingHeredoc heredoc;
        if (i < m_n && (m_text[i] == '~' || m_text[i] == '-')) {
            heredoc.indented_terminator = true;
            ++i;
        }
        char quote = 0;
        if (i < m_n && (m_text[i] == '\'' || m_text[i] == '"' || m_text[i] == '`')) quote = m_text[i++];
        const std::size_t name_begin = i;
        while (i < m_n && is_ident_char(static_cast<unsigned char>(m_text[i]))) ++i;
        if (i == name_begin) return false;
        const std::string_view name = m_text.substr(name_begin, i - name_begin);
        if (quote) {
            if (i >= m_n || m_text[i] != quote) return false;
            ++i;
        } else if (!heredoc.indented_terminator && !(name[0] >= 'A' && name[0] <= 'Z')) {
            return false;  // `x <<y` is a shift
        }
        if (!quote && !heredoc.indented_terminator && (m_last == 'a' || m_last == ')' || m_last == '0')) return false;
        heredoc.terminator = std::string(name);
        heredoc.interpolates = quote != '\'';
        m_pending.push_back(std::move(heredoc));
        m_i = i;
        m_last = '"';
        return true;
    }

    // At the start of the line after heredoc openers: each body, then its terminator line.
    void read_heredoc_bodies() {
        std::vector<PendingHeredoc> pending;
        pending.swap(m_pending);
        for (const PendingHeredoc& heredoc : pending) {
            const std::size_t body_begin = m_i;
            std::size_t line = m_i;
            std::size_t body_end = m_n, after = m_n;
            while (line < m_n) {
                std::size_t eol = m_text.find('\n', line);
                if (eol == std::string_view::npos) eol = m_n;
                std::size_t k = line;
                if (heredoc.indented_terminator) {
                    while (k < eol && (m_text[k] == ' ' || m_text[k] == '\t')) ++k;
                }
                std::string_view rest = m_text.substr(k, eol - k);
                if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
                if (rest == heredoc.terminator) {
                    body_end = line;
                    after = eol < m_n ? eol + 1 : m_n;
                    break;
                }
                line = eol + 1;
            }
            RubyString s;
            s.body_begin = body_begin;
            s.body_end = body_end;
            s.end = after;
            s.interpolates = heredoc.interpolates;
            s.single_quoted = !heredoc.interpolates;
            s.open = s.close = '\n';
            if (may_start_statement(m_text.substr(s.body_begin, s.body_end - s.body_begin))) {
                LiteralBuilder builder;
                decode(s, builder);
                m_result.literals.push_back(builder.take());
            }
            m_i = after;
        }
    }

    void decode(const RubyString& s, LiteralBuilder& builder) const {
        std::size_t i = s.body_begin, run = i;
        auto flush = [&](std::size_t until) {
            if (until > run) builder.verbatim(m_text.substr(run, until - run), run);
        };
        while (i < s.body_end) {
            const char ch = m_text[i];
            if (ch == '\\' && i + 1 < s.body_end) {
                const char e = m_text[i + 1];
                if (s.single_quoted && e != '\\' && e != s.close && e != '\'') {
                    ++i;
                    continue;
                }
                flush(i);
                std::string bytes;
                switch (e) {
                    case 'n': bytes = s.single_quoted ? "\\n" : "\n"; break;
                    case 't': bytes = s.single_quoted ? "\\t" : "\t"; break;
                    case 'r': bytes = s.single_quoted ? "\\r" : "\r"; break;
                    case '\n': break;
                    default: bytes = std::string(1, e);
                }
                builder.decoded(bytes, i);
                i += 2;
                run = i;
            } else if (s.interpolates && ch == '#' && i + 1 < s.body_end && m_text[i + 1] == '{') {
                flush(i);
                const std::size_t close = std::min(interpolation_end(i + 2), s.body_end);
                builder.hole(i, close);
                i = run = close;
            } else {
                ++i;
            }
        }
        flush(s.body_end);
    }

    void literal(const RubyString& first) {
        if (!may_start_statement(m_text.substr(first.body_begin, first.body_end - first.body_begin))) {
            m_i = std::max(first.end, m_i + 1);
            m_last = '"';
            return;
        }
        LiteralBuilder builder;
        builder.literal().joined_with_code = m_last == '+';
        decode(first, builder);
        std::size_t end = first.end;
        for (;;) {
            std::size_t j = end;
            while (j < m_n && (m_text[j] == ' ' || m_text[j] == '\t' || (m_text[j] == '\\' && j + 1 < m_n && m_text[j + 1] == '\n')))
                j += m_text[j] == '\\' ? 2 : 1;
            bool plus = false;
            if (j < m_n && m_text[j] == '+' && (j + 1 >= m_n || m_text[j + 1] != '=')) {
                plus = true;
                ++j;
                while (j < m_n && (m_text[j] == ' ' || m_text[j] == '\t' || m_text[j] == '\n' || m_text[j] == '\r')) ++j;
            }
            if (j < m_n && (m_text[j] == '"' || m_text[j] == '\'')) {
                const RubyString piece = quoted(j + 1, m_text[j], m_text[j], m_text[j] == '"', m_text[j] == '\'');
                decode(piece, builder);
                end = piece.end;
                continue;
            }
            if (plus) builder.literal().joined_with_code = true;
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
    std::vector<PendingHeredoc> m_pending;
    ScanResult m_result;
    mutable int m_nesting = 0;  // interpolations being read, one inside another
};

}  // namespace

ScanResult scan_ruby(std::string_view text) { return RubyScanner(text).run(); }

}  // namespace dbaudit::code_check
