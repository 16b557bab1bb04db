#include "dbaudit/engine/postgres/apply_statements.hpp"

#include <cctype>

#include "dbaudit/engine/postgres/connection.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

// A quoted identifier keeps a marker so that "ON" as a name is not the keyword ON.
constexpr char k_quoted = '\x01';

std::string unmark(const std::string& word) { return !word.empty() && word[0] == k_quoted ? word.substr(1) : word; }

bool is(const std::vector<std::string>& words, std::size_t i, std::string_view keyword) {
    return i < words.size() && words[i] == keyword;
}

std::vector<std::string> marked_words(std::string_view sql) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') ++i;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const std::size_t end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else if (c == '"') {
            std::string word(1, k_quoted);
            for (++i; i < sql.size(); ++i) {
                if (sql[i] == '"') {
                    if (i + 1 < sql.size() && sql[i + 1] == '"') {
                        word += '"';
                        ++i;
                    } else {
                        ++i;
                        break;
                    }
                } else {
                    word += sql[i];
                }
            }
            words.push_back(word);
        } else if (c == '\'') {
            for (++i; i < sql.size(); ++i) {
                if (sql[i] == '\'') {
                    if (i + 1 < sql.size() && sql[i + 1] == '\'') ++i;
                    else break;
                }
            }
            ++i;
            words.emplace_back("'");
        } else if (is_word_char(c)) {
            const std::size_t begin = i;
            while (i < sql.size() && is_word_char(sql[i])) ++i;
            words.push_back(util::ascii_lower(sql.substr(begin, i - begin)));
        } else {
            words.emplace_back(1, c);
            ++i;
        }
    }
    return words;
}

std::string upper(std::string_view text) { return util::ascii_upper(text); }

}  // namespace

std::vector<std::string> statement_words(std::string_view sql) {
    std::vector<std::string> words = marked_words(sql);
    for (std::string& word : words) word = unmark(word);
    return words;
}

std::optional<std::string> concurrent_index_name(std::string_view sql) {
    const std::vector<std::string> w = marked_words(sql);
    std::size_t i = 0;
    if (!is(w, i++, "create")) return std::nullopt;
    if (is(w, i, "unique")) ++i;
    if (!is(w, i++, "index") || !is(w, i++, "concurrently")) return std::nullopt;
    if (is(w, i, "if") && is(w, i + 1, "not") && is(w, i + 2, "exists")) i += 3;
    if (i >= w.size() || is(w, i, "on")) return std::nullopt;  // an unnamed index: the server names it
    const std::string name = unmark(w[i++]);
    if (!is(w, i++, "on")) return std::nullopt;
    if (is(w, i, "only")) ++i;
    if (i + 2 < w.size() && w[i + 1] == ".") return quote_identifier(unmark(w[i])) + "." + quote_identifier(name);
    return quote_identifier(name);
}

namespace {

std::optional<std::string> setting_set_by(std::string_view sql, std::string_view setting) {
    const std::vector<std::string> w = statement_words(sql);
    std::size_t i = 0;
    if (!is(w, i++, "set")) return std::nullopt;
    if (is(w, i, "session") || is(w, i, "local")) ++i;
    if (!is(w, i++, setting)) return std::nullopt;
    if (!is(w, i, "=") && !is(w, i, "to")) return std::nullopt;
    // The value as written: a quoted string ('5s') or a bare number.
    const std::string_view text = sql;
    const std::size_t at = util::ascii_lower(text).find(setting);
    std::string_view rest = util::trim(text.substr(at + setting.size()));
    rest = util::trim(rest.substr(rest[0] == '=' ? 1 : 2));
    while (!rest.empty() && (rest.back() == ';' || std::isspace(static_cast<unsigned char>(rest.back())))) rest.remove_suffix(1);
    if (rest.size() >= 2 && rest.front() == '\'' && rest.back() == '\'') rest = rest.substr(1, rest.size() - 2);
    if (rest.empty()) return std::nullopt;
    return std::string(rest);
}

}  // namespace

std::optional<std::string> lock_timeout_set_by(std::string_view sql) { return setting_set_by(sql, "lock_timeout"); }

std::optional<std::string> statement_timeout_set_by(std::string_view sql) { return setting_set_by(sql, "statement_timeout"); }

std::string readable_duration(std::string_view value) {
    std::string_view digits = value;
    if (digits.size() > 2 && digits.substr(digits.size() - 2) == "ms") digits.remove_suffix(2);
    if (digits.empty() || digits.size() > 12 || digits.find_first_not_of("0123456789") != std::string_view::npos) return std::string(value);
    const long long ms = std::stoll(std::string(digits));
    if (ms > 0 && ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
    return std::to_string(ms) + "ms";
}

std::optional<PrivilegeProblem> privilege_problem(std::string_view sql, std::string_view server_message) {
    PrivilegeProblem problem;
    const std::vector<std::string> w = statement_words(sql);
    const std::string verb = w.empty() ? std::string() : w[0];
    auto has_word = [&](std::string_view word) {
        for (const std::string& x : w)
            if (x == word) return true;
        return false;
    };
    constexpr std::string_view k_denied = "permission denied for ";
    constexpr std::string_view k_owner = "must be owner of ";
    if (util::starts_with_icase(server_message, k_owner)) {
        std::string_view rest = server_message.substr(k_owner.size());
        const std::size_t space = rest.find(' ');
        if (space == std::string_view::npos) return std::nullopt;
        problem.object_kind = std::string(rest.substr(0, space));
        problem.object = std::string(util::trim(rest.substr(space + 1)));
        problem.owner_only = true;
        return problem;
    }
    if (!util::starts_with_icase(server_message, k_denied)) return std::nullopt;
    std::string_view rest = server_message.substr(k_denied.size());
    const std::size_t space = rest.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    problem.object_kind = std::string(rest.substr(0, space));
    problem.object = std::string(util::trim(rest.substr(space + 1)));
    if (problem.object_kind == "materialized" && util::starts_with_icase(problem.object, "view ")) {
        problem.object_kind = "materialized view";
        problem.object = problem.object.substr(5);
    }
    const std::string& kind = problem.object_kind;
    if (kind == "schema") {
        // Creating (or moving) something into a schema needs CREATE; naming anything in it, USAGE.
        const bool creates = verb == "create" || (verb == "alter" && has_word("schema") && has_word("set"));
        problem.privileges = creates ? std::vector<std::string>{"CREATE", "USAGE"} : std::vector<std::string>{"USAGE", "CREATE"};
    } else if (kind == "database") {
        problem.privileges = {"CREATE"};  // CREATE SCHEMA, CREATE EXTENSION
    } else if (kind == "table" || kind == "view" || kind == "materialized view") {
        if (verb == "insert") problem.privileges = {"INSERT"};
        else if (verb == "update") problem.privileges = {"UPDATE"};
        else if (verb == "delete") problem.privileges = {"DELETE"};
        else if (verb == "create" && has_word("trigger")) problem.privileges = {"TRIGGER"};
        else if (has_word("references") || has_word("foreign")) problem.privileges = {"REFERENCES"};
        else problem.privileges = {"SELECT"};
    } else if (kind == "sequence") {
        problem.privileges = {"USAGE", "SELECT", "UPDATE"};
    } else if (kind == "function" || kind == "procedure") {
        problem.privileges = {"EXECUTE"};
    } else {
        problem.privileges = {"USAGE"};  // types, languages, foreign servers ...
    }
    return problem;
}

std::string describe_privilege_problem(const PrivilegeProblem& problem, std::string_view privilege, std::string_view role) {
    const std::string object = problem.object_kind + " " + problem.object;
    if (problem.owner_only)
        return "only the owner of " + object + " (or a member of the owning role) may change it, and role " + std::string(role) +
               " is not (ALTER " + upper(problem.object_kind) + " " + problem.object + " OWNER TO " + std::string(role) +
               ", or apply as the owner)";
    return "role " + std::string(role) + " lacks the " + std::string(privilege) + " privilege on " + object + " (GRANT " +
           std::string(privilege) + " ON " + upper(problem.object_kind) + " " + problem.object + " TO " + std::string(role) + ")";
}

}  // namespace dbaudit::engine::postgres
