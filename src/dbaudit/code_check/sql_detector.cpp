#include "dbaudit/code_check/sql_detector.hpp"

#include <array>

#include "dbaudit/code_check/scanned_literal.hpp"

namespace dbaudit::code_check {

namespace {

constexpr std::array<std::string_view, 21> k_statement_keywords{
    "SELECT",  "INSERT", "UPDATE", "DELETE",   "WITH",   "REPLACE", "CREATE",    "ALTER",   "DROP",   "PRAGMA", "EXPLAIN",
    "VACUUM",  "ANALYZE", "REINDEX", "BEGIN",  "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "ATTACH", "DETACH"};

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// What may follow a statement keyword: a space, an opening quote or bracket, `*`, `;` or the end.
// "select-one", "update.available", "create/edit" are words of something else.
bool may_follow_keyword(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == '*' || c == ';' || c == '"' || c == '`' ||
           c == '[' || c == '\\' || c == k_hole;
}

bool equals_upper(std::string_view word, std::string_view upper) {
    if (word.size() != upper.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if ((word[i] & ~0x20) != upper[i]) return false;
    }
    return true;
}

std::optional<std::string_view> statement_keyword(std::string_view word) {
    if (word.size() < 4 || word.size() > 9) return std::nullopt;
    for (std::string_view keyword : k_statement_keywords) {
        if (equals_upper(word, keyword)) return keyword;
    }
    return std::nullopt;
}

// Words that join other words in SQL: two adjacent bare words where neither is one of these look
// like prose ("a city").
bool is_connective(std::string_view word) {
    static constexpr std::array<std::string_view, 34> k_words{
        "AS",   "AND",  "OR",     "NOT",    "IS",      "NULL",   "IN",     "LIKE",  "GLOB",   "CASE",   "WHEN",   "THEN",
        "ELSE", "END",  "DISTINCT", "ALL",  "COLLATE", "BETWEEN", "ESCAPE", "TRUE",  "FALSE",  "CAST",   "EXISTS", "UNION",
        "EXCEPT", "INTERSECT", "SELECT", "VALUES", "CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "FILTER", "OVER", "ILIKE"};
    for (std::string_view k : k_words) {
        if (equals_upper(word, k)) return true;
    }
    return false;
}

// The significant tokens of one statement, with small helpers for shape rules.
class Shape {
public:
    Shape(std::string_view sql, const std::vector<SqlToken>& tokens, std::size_t first, std::size_t last) : m_sql(sql) {
        for (std::size_t i = first; i < last; ++i) {
            if (!tokens[i].is_trivia()) m_tokens.push_back(&tokens[i]);
        }
    }
    std::size_t size() const { return m_tokens.size(); }
    bool word(std::size_t i, std::string_view upper) const {
        return i < m_tokens.size() && m_tokens[i]->kind == SqlTokenKind::word && equals_upper(text(i), upper);
    }
    bool is_word(std::size_t i) const { return i < m_tokens.size() && m_tokens[i]->kind == SqlTokenKind::word; }
    // A name, or text formatting that stands where a name goes ("UPDATE %s SET", "FROM {table}").
    bool is_name(std::size_t i) const {
        if (i >= m_tokens.size()) return false;
        const SqlToken& t = *m_tokens[i];
        return t.kind == SqlTokenKind::word || t.kind == SqlTokenKind::quoted_name || t.kind == SqlTokenKind::hole ||
               t.kind == SqlTokenKind::format_hole || t.form == ParameterForm::percent_s || t.form == ParameterForm::percent_named;
    }
    bool punct(std::size_t i, std::string_view p) const {
        return i < m_tokens.size() && m_tokens[i]->kind == SqlTokenKind::punct && text(i) == p;
    }
    std::string_view text(std::size_t i) const { return m_tokens[i]->text(m_sql); }
    const SqlToken& token(std::size_t i) const { return *m_tokens[i]; }
    // A possibly qualified name at `i` (a, a.b, "a"."b"): the index after it, or 0.
    std::size_t name_end(std::size_t i) const {
        if (!is_name(i)) return 0;
        ++i;
        while (punct(i, ".") && is_name(i + 1)) i += 2;
        return i;
    }
    bool any_word(std::size_t from, std::string_view upper) const {
        for (std::size_t i = from; i < m_tokens.size(); ++i) {
            if (word(i, upper)) return true;
        }
        return false;
    }
    bool one_of(std::size_t i, std::initializer_list<std::string_view> words) const {
        for (std::string_view w : words) {
            if (word(i, w)) return true;
        }
        return false;
    }

private:
    std::string_view m_sql;
    std::vector<const SqlToken*> m_tokens;
};

bool title_case(std::string_view word) {
    if (word.size() < 2 || !(word[0] >= 'A' && word[0] <= 'Z')) return false;
    for (std::size_t i = 1; i < word.size(); ++i) {
        if (word[i] >= 'A' && word[i] <= 'Z') return false;
    }
    return true;
}

bool all_upper(std::string_view word) {
    for (char c : word) {
        if (c >= 'a' && c <= 'z') return false;
    }
    return true;
}

// Prose a sentence at a time: "Select a city", "Delete from cart", "Delete this item?".
bool reads_as_prose(const Shape& s, std::string_view sql) {
    const std::size_t n = s.size();
    const SqlToken& last = s.token(n - 1);
    const bool after_letter = last.begin > 0 && is_letter(sql[last.begin - 1]);
    if (after_letter && ((last.kind == SqlTokenKind::parameter && s.text(n - 1) == "?") || s.punct(n - 1, "!") ||
                         s.punct(n - 1, ".")))
        return true;
    if (title_case(s.text(0))) {
        // "Select * FROM users" is SQL written oddly; "Select from the list" is a sentence.
        for (std::size_t i = 1; i < n; ++i) {
            if (s.is_word(i) && s.text(i).size() >= 2 && all_upper(s.text(i))) return false;
        }
        return true;
    }
    return false;
}

std::optional<std::string_view> detect_from(const Shape& s, std::size_t k, std::string_view sql, int depth);

bool select_shape(const Shape& s, std::size_t k) {
    if (s.one_of(k, {"DISTINCT", "ALL"})) ++k;
    if (k >= s.size() || s.word(k, "FROM")) return false;
    if (s.any_word(k, "FROM")) return true;
    for (std::size_t i = k; i + 1 < s.size(); ++i) {
        if (s.is_word(i) && s.is_word(i + 1) && !is_connective(s.text(i)) && !is_connective(s.text(i + 1))) return false;
    }
    return true;
}

bool lone_or_followed_by(const Shape& s, std::size_t k, std::initializer_list<std::string_view> words) {
    if (k == s.size()) return all_upper(s.text(0));  // "COMMIT" is SQL, "commit" may be a git word
    return s.one_of(k, words) && s.size() <= k + 3;
}

std::optional<std::string_view> detect_from(const Shape& s, std::size_t k, std::string_view sql, int depth) {
    if (k >= s.size() || !s.is_word(k)) return std::nullopt;
    const auto keyword = statement_keyword(s.text(k));
    if (!keyword) return std::nullopt;
    const std::size_t a = k + 1;
    bool ok = false;
    if (*keyword == "SELECT") {
        ok = select_shape(s, a);
    } else if (*keyword == "INSERT") {
        ok = s.word(a, "INTO") || (s.word(a, "OR") && s.is_word(a + 1) && s.word(a + 2, "INTO"));
    } else if (*keyword == "REPLACE") {
        ok = s.word(a, "INTO");
    } else if (*keyword == "UPDATE") {
        std::size_t i = a;
        if (s.word(i, "OR") && s.is_word(i + 1)) i += 2;
        if (s.word(i, "ONLY")) ++i;
        if (const std::size_t end = s.name_end(i)) {
            i = end;
            if (s.word(i, "AS")) ++i;
            if (!s.word(i, "SET") && s.is_name(i)) ++i;  // alias
            ok = s.word(i, "SET");
        }
    } else if (*keyword == "DELETE") {
        ok = s.word(a, "FROM") && s.name_end(a + 1 + (s.word(a + 1, "ONLY") ? 1 : 0)) != 0;
    } else if (*keyword == "WITH") {
        std::size_t i = a;
        if (s.word(i, "RECURSIVE")) ++i;
        if (s.is_name(i)) {
            ++i;
            if (s.punct(i, "(")) {
                while (i < s.size() && !s.punct(i, ")")) ++i;
                ++i;
            }
            if (s.word(i, "AS")) {
                ++i;
                if (s.word(i, "NOT")) ++i;
                if (s.word(i, "MATERIALIZED")) ++i;
                ok = s.punct(i, "(");
            }
        }
    } else if (*keyword == "CREATE") {
        std::size_t i = a;
        if (s.word(i, "OR") && s.word(i + 1, "REPLACE")) i += 2;
        if (s.one_of(i, {"TEMP", "TEMPORARY", "UNLOGGED"})) ++i;
        if (s.one_of(i, {"UNIQUE", "VIRTUAL", "MATERIALIZED"})) ++i;
        ok = s.one_of(i, {"TABLE", "INDEX", "VIEW", "TRIGGER", "SCHEMA", "SEQUENCE", "TYPE", "FUNCTION", "PROCEDURE",
                          "EXTENSION", "DOMAIN", "POLICY"}) &&
             s.is_name(i + 1);
    } else if (*keyword == "ALTER") {
        ok = s.one_of(a, {"TABLE", "INDEX", "VIEW", "SEQUENCE", "TYPE", "SCHEMA", "FUNCTION", "MATERIALIZED", "DOMAIN"}) &&
             s.is_name(a + 1);
    } else if (*keyword == "DROP") {
        ok = s.one_of(a, {"TABLE", "INDEX", "VIEW", "TRIGGER", "SCHEMA", "SEQUENCE", "TYPE", "FUNCTION", "PROCEDURE",
                          "EXTENSION", "MATERIALIZED", "DOMAIN", "POLICY"}) &&
             s.is_name(a + 1);
    } else if (*keyword == "PRAGMA") {
        if (const std::size_t end = s.name_end(a)) ok = end == s.size() || s.punct(end, "=") || s.punct(end, "(");
    } else if (*keyword == "EXPLAIN") {
        std::size_t i = a;
        if (s.word(i, "QUERY") && s.word(i + 1, "PLAN")) i += 2;
        if (depth == 0) return detect_from(s, i, sql, depth + 1) ? keyword : std::nullopt;
    } else if (*keyword == "VACUUM" || *keyword == "ANALYZE" || *keyword == "REINDEX") {
        ok = a == s.size() ? all_upper(s.text(k)) : (s.size() <= a + 2 && s.is_name(a));
    } else if (*keyword == "BEGIN") {
        ok = lone_or_followed_by(s, a, {"DEFERRED", "IMMEDIATE", "EXCLUSIVE", "TRANSACTION", "WORK"});
    } else if (*keyword == "COMMIT" || *keyword == "ROLLBACK") {
        ok = lone_or_followed_by(s, a, {"TRANSACTION", "WORK", "TO"});
    } else if (*keyword == "SAVEPOINT") {
        ok = s.size() == a + 1 && s.is_name(a);
    } else if (*keyword == "RELEASE") {
        ok = s.word(a, "SAVEPOINT") ? s.size() == a + 2 && s.is_name(a + 1) : s.size() == a + 1 && s.is_name(a);
    } else if (*keyword == "ATTACH") {
        ok = s.any_word(a, "AS");
    } else if (*keyword == "DETACH") {
        ok = s.size() <= a + 2 && (s.is_name(a));
    }
    if (!ok) return std::nullopt;
    return keyword;
}

}  // namespace

bool may_start_statement(std::string_view raw) {
    std::size_t i = 0;
    const std::size_t n = raw.size();
    while (i < n) {
        const char c = raw[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(') {
            ++i;
        } else if (c == '\\' && i + 1 < n && (raw[i + 1] == 'n' || raw[i + 1] == 't' || raw[i + 1] == 'r')) {
            i += 2;
        } else if (c == '-' && i + 1 < n && raw[i + 1] == '-') {
            // A comment line: up to a real or an escaped newline.
            std::size_t j = i + 2;
            while (j < n && raw[j] != '\n' && !(raw[j] == '\\' && j + 1 < n && raw[j + 1] == 'n')) ++j;
            i = j;
        } else if (c == '/' && i + 1 < n && raw[i + 1] == '*') {
            const std::size_t close = raw.find("*/", i + 2);
            if (close == std::string_view::npos) return false;
            i = close + 2;
        } else {
            break;
        }
    }
    std::size_t j = i;
    while (j < n && j - i <= 9 && is_letter(raw[j])) ++j;
    if (j < n && !may_follow_keyword(raw[j])) return false;
    return statement_keyword(raw.substr(i, j - i)).has_value();
}

std::optional<std::string_view> detect_statement(std::string_view sql, const std::vector<SqlToken>& tokens,
                                                 std::size_t first, std::size_t last, bool built_at_run_time) {
    const Shape shape(sql, tokens, first, last);
    if (shape.size() == 0 || reads_as_prose(shape, sql)) return std::nullopt;
    if (const std::size_t after = shape.token(0).end; after < tokens[last - 1].end && !may_follow_keyword(sql[after]))
        return std::nullopt;
    if (const auto keyword = detect_from(shape, 0, sql, 0)) return keyword;
    // Cut short by concatenation or formatting: an upper-case keyword is the sign of SQL
    // ("DELETE FROM " + table); prose is formatted too ("with nargs=%s" % n).
    if (built_at_run_time && shape.is_word(0) && all_upper(shape.text(0))) {
        const auto keyword = statement_keyword(shape.text(0));
        if (keyword && *keyword != "BEGIN" && *keyword != "COMMIT" && *keyword != "ROLLBACK") return keyword;
    }
    return std::nullopt;
}

}  // namespace dbaudit::code_check
