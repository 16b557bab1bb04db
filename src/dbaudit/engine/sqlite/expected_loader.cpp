#include "dbaudit/engine/sqlite/expected_loader.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <numeric>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "dbaudit/engine/sqlite/connection.hpp"
#include "dbaudit/engine/sqlite/create_table_reader.hpp"
#include "dbaudit/engine/sqlite/inspector.hpp"
#include "dbaudit/engine/sqlite/rename_annotations.hpp"
#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/engine/sqlite/statement_splitter.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"
#include "dbaudit/util/source_location.hpp"
#include "dbaudit/util/text.hpp"

// Why shards: every CREATE makes SQLite re-read its schema table with a full scan, so executing
// n CREATE statements into one database costs O(n^2) (70 s for 10,000 tables). Statements that
// cannot affect each other (a table with its indexes, triggers and seed rows) are independent
// groups; groups are packed into small in-memory databases, which makes the load linear. A script
// whose statements could reach across groups in ways we do not model (ALTER, DROP, SELECT ...)
// runs in one database, and any failure in shard mode is re-run in one database so an error is
// only ever reported when SQLite itself rejects the script as written.

namespace dbaudit::engine::sqlite {

namespace {

constexpr std::size_t k_shard_statement_budget = 96;

enum class StatementKind {
    create_table,
    create_index,
    create_view,
    create_trigger,
    create_virtual_table,
    data,                 // INSERT, REPLACE, UPDATE, DELETE
    pragma,               // connection settings: run in every shard
    transaction_control,  // BEGIN, COMMIT ...: the loader manages transactions itself
    other,                // anything else: forces one database
};

struct ScriptStatement {
    std::size_t file = 0;
    StatementSpan span;
    std::string_view text;
    StatementKind kind = StatementKind::other;
    std::string object;  // name key of the object it creates, or the table DML writes to
    std::string table;   // name key of the table an index or trigger belongs to
    std::string object_display;  // the object name as written
    std::vector<std::string> references;  // foreign-key targets of a CREATE TABLE
};

struct FailedStatement {
    std::size_t statement;
    std::string message;
    std::size_t offset;  // byte offset of the error inside the statement
};

std::string key_of(const Token& token) { return util::ascii_lower(unquote_identifier(token)); }

// Index of the name token after `keyword` (skipping IF NOT EXISTS and a schema qualifier).
std::optional<std::size_t> name_after(const std::vector<Token>& tokens, std::size_t keyword) {
    std::size_t i = keyword + 1;
    if (i + 2 < tokens.size() && tokens[i].is_word("IF") && tokens[i + 1].is_word("NOT") && tokens[i + 2].is_word("EXISTS"))
        i += 3;
    if (i + 2 < tokens.size() && tokens[i + 1].is_punct('.')) i += 2;
    if (i < tokens.size() && tokens[i].is_name()) return i;
    return std::nullopt;
}

std::optional<std::size_t> find_word(const std::vector<Token>& tokens, std::string_view word, std::size_t from = 0) {
    for (std::size_t i = from; i < tokens.size(); ++i) {
        if (tokens[i].is_word(word)) return i;
    }
    return std::nullopt;
}

void classify(ScriptStatement& statement, const std::vector<Token>& tokens) {
    statement.kind = StatementKind::other;
    if (tokens.empty()) return;
    const Token& first = tokens[0];
    auto set_object = [&](std::size_t at) {
        statement.object = key_of(tokens[at]);
        statement.object_display = unquote_identifier(tokens[at]);
    };
    if (first.is_word("BEGIN") || first.is_word("COMMIT") || first.is_word("END") || first.is_word("ROLLBACK") ||
        first.is_word("SAVEPOINT") || first.is_word("RELEASE")) {
        statement.kind = StatementKind::transaction_control;
        return;
    }
    if (first.is_word("PRAGMA")) {
        statement.kind = StatementKind::pragma;
        return;
    }
    if (first.is_word("INSERT") || first.is_word("REPLACE")) {
        const auto into = find_word(tokens, "INTO");
        if (!into) return;
        const auto name = name_after(tokens, *into);
        if (!name) return;
        set_object(*name);
        statement.kind = StatementKind::data;
        return;
    }
    if (first.is_word("UPDATE") || first.is_word("DELETE")) {
        std::size_t at = 1;
        if (first.is_word("DELETE")) at = 2;  // DELETE FROM name
        if (first.is_word("UPDATE") && tokens.size() > 2 && tokens[1].is_word("OR")) at = 3;
        if (at >= tokens.size() || !tokens[at].is_name()) return;
        if (at + 2 < tokens.size() && tokens[at + 1].is_punct('.')) at += 2;
        set_object(at);
        statement.kind = StatementKind::data;
        return;
    }
    if (!first.is_word("CREATE") || tokens.size() < 3) return;
    std::size_t at = 1;
    if (tokens[at].is_word("TEMP") || tokens[at].is_word("TEMPORARY")) return;  // temp objects are not schema
    if (tokens[at].is_word("UNIQUE")) ++at;
    const Token& kind = tokens[at];
    const auto name = name_after(tokens, at);
    if (!name) return;
    set_object(*name);
    if (kind.is_word("TABLE")) {
        const auto open = std::find_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.is_punct('('); });
        const auto as = std::find_if(tokens.begin(), open, [](const Token& t) { return t.is_word("AS"); });
        if (as != open) return;  // CREATE TABLE ... AS SELECT reads other tables: one database
        statement.kind = StatementKind::create_table;
        if (!std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.is_word("REFERENCES"); })) return;
        const ParsedCreateTable parsed = read_create_table(statement.text);
        for (const ParsedColumn& column : parsed.columns) {
            if (!column.references_table.empty()) statement.references.push_back(util::ascii_lower(column.references_table));
        }
        for (const ParsedTableConstraint& constraint : parsed.constraints) {
            if (!constraint.references_table.empty()) statement.references.push_back(util::ascii_lower(constraint.references_table));
        }
    } else if (kind.is_word("VIRTUAL")) {
        statement.kind = StatementKind::create_virtual_table;
    } else if (kind.is_word("VIEW")) {
        statement.kind = StatementKind::create_view;
    } else if (kind.is_word("INDEX") || kind.is_word("TRIGGER")) {
        const auto on = find_word(tokens, "ON", *name + 1);
        if (!on || *on + 1 >= tokens.size()) return;
        std::size_t table_at = *on + 1;
        if (table_at + 2 < tokens.size() && tokens[table_at + 1].is_punct('.')) table_at += 2;
        statement.table = key_of(tokens[table_at]);
        statement.kind = kind.is_word("INDEX") ? StatementKind::create_index : StatementKind::create_trigger;
    }
}

// What a statement defines, for ObjectSource.
std::optional<model::DefinedKind> defined_kind(StatementKind kind) {
    switch (kind) {
        case StatementKind::create_table:
        case StatementKind::create_virtual_table: return model::DefinedKind::table;
        case StatementKind::create_index: return model::DefinedKind::index;
        case StatementKind::create_view: return model::DefinedKind::view;
        case StatementKind::create_trigger: return model::DefinedKind::trigger;
        default: return std::nullopt;
    }
}

class UnionFind {
public:
    std::size_t id(const std::string& key) {
        const auto [it, inserted] = m_ids.emplace(key, m_parent.size());
        if (inserted) m_parent.push_back(m_parent.size());
        return it->second;
    }
    std::size_t find(std::size_t x) {
        while (m_parent[x] != x) x = m_parent[x] = m_parent[m_parent[x]];
        return x;
    }
    void unite(const std::string& a, const std::string& b) {
        const std::size_t x = find(id(a)), y = find(id(b));
        if (x != y) m_parent[std::max(x, y)] = std::min(x, y);
    }

private:
    std::unordered_map<std::string, std::size_t> m_ids;
    std::vector<std::size_t> m_parent;
};

// Every name token of a statement that names a table or view of the script.
void unite_mentions(UnionFind& groups, const std::string& self, std::string_view text,
                    const std::unordered_set<std::string>& object_names) {
    for (const Token& token : tokenize_significant(text)) {
        if (token.kind != TokenKind::word && token.kind != TokenKind::quoted_identifier) continue;
        const std::string key = key_of(token);
        if (key != self && object_names.count(key)) groups.unite(self, key);
    }
}

// Runs `statements` (indices into `script`) in one fresh in-memory database. Returns the failure,
// if any; on success the database's schema is appended to `catalog`.
std::optional<FailedStatement> run_in_memory(const std::vector<ScriptStatement>& script,
                                             const std::vector<std::size_t>& pragmas,
                                             const std::vector<std::size_t>& statements, model::Catalog& catalog) {
    Connection db = Connection::open_memory();
    auto run = [&](std::size_t index) -> std::optional<FailedStatement> {
        const std::string_view text = script[index].text;
        sqlite3_stmt* prepared = nullptr;
        int rc = sqlite3_prepare_v2(db.handle(), text.data(), static_cast<int>(text.size()), &prepared, nullptr);
        if (rc == SQLITE_OK && prepared) {
            while ((rc = sqlite3_step(prepared)) == SQLITE_ROW) {
            }
            if (rc == SQLITE_DONE) rc = SQLITE_OK;
        }
        std::optional<FailedStatement> failure;
        if (rc != SQLITE_OK) {
            const int offset = sqlite3_error_offset(db.handle());
            failure = FailedStatement{index, db.error_message(), offset < 0 ? 0 : static_cast<std::size_t>(offset)};
        }
        sqlite3_finalize(prepared);
        return failure;
    };
    for (std::size_t index : pragmas) {
        if (auto failure = run(index)) return failure;
    }
    // A throwaway database: no rollback journal, no zeroing of freed pages.
    db.execute("PRAGMA journal_mode = OFF; PRAGMA secure_delete = OFF; BEGIN");
    for (std::size_t index : statements) {
        if (script[index].kind == StatementKind::pragma || script[index].kind == StatementKind::transaction_control)
            continue;
        if (auto failure = run(index)) return failure;
    }
    db.execute("COMMIT");
    inspect_into(db, catalog);
    return std::nullopt;
}

// The comment lines written directly above a statement, without their markers: a table's purpose.
// `at_line_start` is false when the trivia begins right after the previous statement, on its line:
// a comment there belongs to that statement.
std::string purpose_comment(std::string_view trivia, bool at_line_start) {
    if (!at_line_start) {
        const auto newline = trivia.find('\n');
        trivia = newline == std::string_view::npos ? std::string_view{} : trivia.substr(newline + 1);
    }
    std::vector<std::string> lines;
    std::size_t start = 0;
    std::vector<std::string_view> all;
    while (start <= trivia.size()) {
        const std::size_t end = trivia.find('\n', start);
        all.push_back(trivia.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    // Walk upward from the statement until a line that is not a `--` comment.
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
        std::string_view line = util::trim(*it);
        if (line.starts_with("\xEF\xBB\xBF")) line = util::trim(line.substr(3));  // a byte order mark
        if (it == all.rbegin() && line.empty()) continue;  // the statement's own line start
        if (!line.starts_with("--")) break;
        line = util::trim(line.substr(2));
        if (line.starts_with("dbaudit:")) continue;
        if (line.empty() || line.find_first_not_of("=-*#~ ") == std::string_view::npos) {
            if (!lines.empty()) break;  // a ruler above the purpose ends it
            continue;
        }
        lines.insert(lines.begin(), std::string(line));
    }
    return util::join(lines, " ");
}

// Runs the shards on a few threads (each shard is its own connection) and merges the results in
// shard order, so the catalog does not depend on scheduling.
std::optional<FailedStatement> run_shards(const std::vector<ScriptStatement>& script, const std::vector<std::size_t>& pragmas,
                                          const std::vector<std::vector<std::size_t>>& shards, model::Catalog& catalog) {
    std::vector<model::Catalog> parts(shards.size());
    std::vector<std::optional<FailedStatement>> failures(shards.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    auto work = [&] {
        for (std::size_t i = next++; i < shards.size() && !failed; i = next++) {
            try {
                failures[i] = run_in_memory(script, pragmas, shards[i], parts[i]);
            } catch (const std::exception& e) {
                failures[i] = FailedStatement{shards[i].empty() ? 0 : shards[i][0], e.what(), 0};
            }
            if (failures[i]) failed = true;
        }
    };
    const std::size_t threads = std::min<std::size_t>(shards.size(), std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
    for (auto& thread : pool) thread.join();
    for (std::size_t i = 0; i < shards.size(); ++i) {
        if (failures[i]) return failures[i];
    }
    for (model::Catalog& part : parts) {
        for (auto& table : part.tables) catalog.tables.push_back(std::move(table));
        for (auto& view : part.views) catalog.views.push_back(std::move(view));
        for (auto& trigger : part.triggers) catalog.triggers.push_back(std::move(trigger));
    }
    return std::nullopt;
}

}  // namespace

model::Catalog load_expected_schema(const std::vector<SchemaFile>& files, LoadStatistics* statistics) {
    util::PhaseTimer timer;
    std::vector<ScriptStatement> script;
    for (std::size_t f = 0; f < files.size(); ++f) {
        const std::string_view text = files[f].text;
        for (const StatementSpan& span : split_statements(text)) {
            ScriptStatement statement;
            statement.file = f;
            statement.span = span;
            statement.text = span.text(text);
            classify(statement, tokenize_significant(statement.text));
            script.push_back(std::move(statement));
        }
    }

    timer.mark("split");
    // Group statements that may touch each other.
    std::unordered_set<std::string> object_names;
    for (const ScriptStatement& s : script) {
        if (!s.object.empty() && s.kind != StatementKind::data) object_names.insert(s.object);
    }
    bool single_database = false;
    UnionFind groups;
    std::unordered_map<std::string, std::vector<std::string>> references;     // table -> its parents
    std::unordered_map<std::string, std::vector<std::string>> referenced_by;  // table -> its children
    for (const ScriptStatement& s : script) {
        for (const std::string& target : s.references) {
            references[s.object].push_back(target);
            referenced_by[target].push_back(s.object);
        }
    }
    std::vector<std::size_t> pragmas;
    for (std::size_t i = 0; i < script.size(); ++i) {
        const ScriptStatement& s = script[i];
        switch (s.kind) {
            case StatementKind::create_table:
            case StatementKind::create_virtual_table: groups.id(s.object); break;
            case StatementKind::create_index: groups.unite(s.table, s.object); break;
            case StatementKind::create_trigger:
                groups.unite(s.table, s.object);
                unite_mentions(groups, s.table, s.text, object_names);  // its body runs with seed rows
                break;
            case StatementKind::create_view: unite_mentions(groups, s.object, s.text, object_names); break;
            case StatementKind::data:
                unite_mentions(groups, s.object, s.text, object_names);
                // With foreign keys enforced, writing a row reads its parents and children.
                if (auto it = references.find(s.object); it != references.end())
                    for (const std::string& parent : it->second) groups.unite(s.object, parent);
                if (auto it = referenced_by.find(s.object); it != referenced_by.end())
                    for (const std::string& child : it->second) groups.unite(s.object, child);
                break;
            case StatementKind::pragma: pragmas.push_back(i); break;
            case StatementKind::transaction_control: break;
            case StatementKind::other: single_database = true; break;
        }
    }

    // Pack groups into shards, keeping every statement's original order within its shard.
    std::vector<std::vector<std::size_t>> shards;
    if (single_database) {
        shards.emplace_back(script.size());
        std::iota(shards.back().begin(), shards.back().end(), 0);
    } else {
        std::unordered_map<std::size_t, std::vector<std::size_t>> by_group;
        std::vector<std::size_t> group_order;
        for (std::size_t i = 0; i < script.size(); ++i) {
            const ScriptStatement& s = script[i];
            if (s.kind == StatementKind::pragma || s.kind == StatementKind::transaction_control) continue;
            const std::size_t group = groups.find(groups.id(s.object));
            auto [it, inserted] = by_group.try_emplace(group);
            if (inserted) group_order.push_back(group);
            it->second.push_back(i);
        }
        std::vector<std::size_t> current;
        for (std::size_t group : group_order) {
            const auto& members = by_group[group];
            if (!current.empty() && current.size() + members.size() > k_shard_statement_budget) {
                std::sort(current.begin(), current.end());
                shards.push_back(std::move(current));
                current.clear();
            }
            current.insert(current.end(), members.begin(), members.end());
        }
        if (!current.empty()) {
            std::sort(current.begin(), current.end());
            shards.push_back(std::move(current));
        }
    }

    model::Catalog catalog;
    catalog.engine = "sqlite";
    catalog.name_matching = model::NameMatching::ascii_case_insensitive;
    timer.mark("group");
    std::optional<FailedStatement> failure = run_shards(script, pragmas, shards, catalog);
    timer.mark("shards");
    if (failure && !single_database) {
        // Our grouping may have separated statements that belong together: let one database decide.
        catalog = model::Catalog{};
        std::vector<std::size_t> everything(script.size());
        std::iota(everything.begin(), everything.end(), 0);
        failure = run_in_memory(script, pragmas, everything, catalog);
        single_database = true;
        shards.assign(1, everything);
    }
    if (failure) {
        const ScriptStatement& s = script[failure->statement];
        const SchemaFile& file = files[s.file];
        const auto location = util::locate(file.path, file.text, s.span.begin + failure->offset);
        throw util::InputError(location.to_string() + ": " + failure->message);
    }

    std::unordered_map<std::string, std::string> purposes;
    std::optional<util::Locator> locator;
    for (std::size_t i = 0; i < script.size(); ++i) {
        const ScriptStatement& s = script[i];
        if (i == 0 || script[i - 1].file != s.file) locator.emplace(files[s.file].path, files[s.file].text);
        if (const auto kind = defined_kind(s.kind))
            catalog.sources.push_back({*kind, s.object_display, s.table, locator->at(s.span.begin)});
        if (s.kind == StatementKind::data) {
            const SchemaFile& file = files[s.file];
            catalog.seeds.push_back({s.object_display, std::string(s.text), util::locate(file.path, file.text, s.span.begin)});
        } else if (s.kind == StatementKind::create_table) {
            const std::string& text = files[s.file].text;
            const bool at_line_start = s.span.trivia_begin == 0 || text[s.span.trivia_begin - 1] == '\n';
            std::string purpose = purpose_comment(s.span.leading_trivia(text), at_line_start);
            if (!purpose.empty()) purposes[s.object] = std::move(purpose);
            append_rename_annotations(files[s.file], s.span, s.object_display, catalog.renames);
        }
    }
    for (model::Table& table : catalog.tables) {
        if (auto it = purposes.find(catalog.name_key(table.name)); it != purposes.end()) table.comment = it->second;
    }
    catalog.sort();
    timer.mark("sort");
    if (statistics) *statistics = {script.size(), shards.size(), single_database};
    return catalog;
}

}  // namespace dbaudit::engine::sqlite
