#include "dbaudit/engine/postgres/statement_splitter.hpp"

#include <pg_query.h>

#include <algorithm>
#include <cctype>

#include "dbaudit/util/error.hpp"
#include "dbaudit/util/source_location.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

// Skips whitespace and comments (-- and nested /* */) from `at`.
std::size_t skip_insignificant(std::string_view text, std::size_t at, std::size_t end) {
    while (at < end) {
        const char c = text[at];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++at;
        } else if (c == '-' && at + 1 < end && text[at + 1] == '-') {
            while (at < end && text[at] != '\n') ++at;
        } else if (c == '/' && at + 1 < end && text[at + 1] == '*') {
            int depth = 0;
            while (at < end) {
                if (text[at] == '/' && at + 1 < end && text[at + 1] == '*') {
                    ++depth;
                    at += 2;
                } else if (text[at] == '*' && at + 1 < end && text[at + 1] == '/') {
                    at += 2;
                    if (--depth == 0) break;
                } else {
                    ++at;
                }
            }
        } else {
            break;
        }
    }
    return at;
}

}  // namespace

std::vector<std::string> leading_words(std::string_view text, std::size_t count) {
    std::vector<std::string> words;
    std::size_t at = 0;
    while (words.size() < count) {
        at = skip_insignificant(text, at, text.size());
        if (at >= text.size()) break;
        const char c = text[at];
        if (c == '"') {
            std::string word;
            for (++at; at < text.size(); ++at) {
                if (text[at] == '"') {
                    if (at + 1 < text.size() && text[at + 1] == '"') {
                        word += '"';
                        ++at;
                        continue;
                    }
                    ++at;
                    break;
                }
                word += text[at];
            }
            words.push_back("\"" + word);  // marks a quoted identifier
        } else if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
            std::size_t end = at;
            while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_' ||
                                         text[end] == '$' || static_cast<unsigned char>(text[end]) >= 0x80))
                ++end;
            words.push_back(util::ascii_upper(text.substr(at, end - at)));
            at = end;
        } else {
            words.emplace_back(1, c);
            ++at;
        }
    }
    return words;
}

std::string identifier_value(const std::string& word) {
    if (!word.empty() && word[0] == '"') return word.substr(1);
    return util::ascii_lower(word);
}

namespace {

void classify(SqlStatement& statement) {
    const auto words = leading_words(statement.text(), 12);
    auto at = [&](std::size_t i) -> std::string { return i < words.size() ? words[i] : std::string(); };
    if (at(0) == "CREATE" && at(1) == "EXTENSION") {
        std::size_t i = 2;
        if (at(2) == "IF" && at(3) == "NOT" && at(4) == "EXISTS") i = 5;
        statement.extension = identifier_value(at(i));
        return;
    }
    if (at(0) == "VACUUM" || (at(0) == "CREATE" && (at(1) == "DATABASE" || at(1) == "TABLESPACE")) ||
        (at(0) == "DROP" && (at(1) == "DATABASE" || at(1) == "TABLESPACE")) || (at(0) == "ALTER" && at(1) == "SYSTEM")) {
        statement.run = StatementRun::alone;
        return;
    }
    // CREATE [UNIQUE] INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY
    for (std::size_t i = 0; i < words.size() && i < 6; ++i) {
        if (words[i] == "CONCURRENTLY" && (at(0) == "CREATE" || at(0) == "DROP" || at(0) == "REINDEX")) {
            statement.run = StatementRun::alone;
            return;
        }
    }
    if (at(0) == "ALTER" && at(1) == "TYPE") {
        for (std::size_t i = 2; i + 1 < words.size(); ++i) {
            if (words[i] == "ADD" && words[i + 1] == "VALUE") {
                statement.run = StatementRun::ends_batch;
                return;
            }
        }
    }
}

// `upper` is the statement upper-cased.
bool has_word(const std::string& upper, std::string_view word) {
    const std::string_view text = upper;
    for (std::size_t at = 0; (at = upper.find(word, at)) != std::string::npos; at += word.size()) {
        const bool start_ok = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_');
        const std::size_t after = at + word.size();
        const bool end_ok = after >= text.size() || !(std::isalnum(static_cast<unsigned char>(text[after])) || text[after] == '_');
        if (start_ok && end_ok) return true;
    }
    return false;
}

// Reads the JSON string value starting at `at` (just after the opening quote).
std::string json_string(std::string_view json, std::size_t at) {
    std::string out;
    for (; at < json.size() && json[at] != '"'; ++at) {
        if (json[at] == '\\' && at + 1 < json.size()) {
            ++at;
            switch (json[at]) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                default: out += json[at];
            }
            continue;
        }
        out += json[at];
    }
    return out;
}

void collect_json_values(std::string_view json, std::string_view key, std::vector<std::string>& out) {
    const std::string needle = "\"" + std::string(key) + "\":\"";
    for (std::size_t at = json.find(needle); at != std::string_view::npos; at = json.find(needle, at + 1))
        out.push_back(json_string(json, at + needle.size()));
}

// Roles a statement names, from PostgreSQL's own parse tree.
void collect_roles(const SqlStatement& statement, SplitSchema& out) {
    const std::string_view text = statement.text();
    static const char* const k_role_words[] = {"GRANT", "REVOKE", "POLICY", "OWNER", "AUTHORIZATION", "ROLE", "USER"};
    const std::string upper = util::ascii_upper(text);
    if (std::none_of(std::begin(k_role_words), std::end(k_role_words), [&](const char* w) { return has_word(upper, w); }))
        return;
    const std::string sql(text);
    PgQueryParseResult parsed = pg_query_parse(sql.c_str());
    if (!parsed.error && parsed.parse_tree) {
        const std::string_view json(parsed.parse_tree);
        collect_json_values(json, "rolename", out.roles_used);
        if (json.find("\"CreateRoleStmt\"") != std::string_view::npos) collect_json_values(json, "role", out.roles_created);
    }
    pg_query_free_parse_result(parsed);
}

void sort_unique(std::vector<std::string>& values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
}

}  // namespace

std::size_t byte_offset_of_character(std::string_view text, int position) {
    std::size_t at = 0;
    for (int seen = 1; seen < position && at < text.size(); ++seen) {
        ++at;
        while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    }
    return at;
}

SplitSchema split_schema(const std::vector<SchemaFile>& files) {
    SplitSchema out;
    for (const SchemaFile& file : files) {
        if (file.text.find('\0') != std::string::npos)
            throw util::InputError(file.path + ": contains a NUL byte; is it a SQL file?");
        PgQuerySplitResult split = pg_query_split_with_parser(file.text.c_str());
        if (split.error) {
            const std::size_t offset = byte_offset_of_character(file.text, split.error->cursorpos);
            std::string message = split.error->message ? split.error->message : "syntax error";
            pg_query_free_split_result(split);
            const util::SourceLocation location = util::locate(file.path, file.text, offset);
            std::string hint;
            if (offset < file.text.size() && file.text[offset] == '\\')
                hint = "psql meta-commands (\\i, \\connect, \\set ...) are not SQL; keep schema files to plain SQL";
            throw util::InputError(location.to_string() + ": " + message, hint);
        }
        for (int i = 0; i < split.n_stmts; ++i) {
            const auto location = static_cast<std::size_t>(split.stmts[i]->stmt_location);
            const auto length = static_cast<std::size_t>(split.stmts[i]->stmt_len);
            std::size_t end = length == 0 ? file.text.size() : location + length;
            SqlStatement statement{&file, skip_insignificant(file.text, location, end), end};
            // A trailing comment with no statement after it is not a statement.
            if (statement.begin >= statement.end) continue;
            classify(statement);
            collect_roles(statement, out);
            out.statements.push_back(statement);
        }
        pg_query_free_split_result(split);
    }
    sort_unique(out.roles_used);
    sort_unique(out.roles_created);
    return out;
}

}  // namespace dbaudit::engine::postgres
