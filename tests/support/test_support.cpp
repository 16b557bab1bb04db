#include "support/test_support.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

extern char** environ;

namespace dbaudit::testing {

TempDir::TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    m_path = std::filesystem::temp_directory_path() /
             ("dbaudit-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" + std::to_string(random()));
    std::filesystem::create_directories(m_path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
    const auto full = m_path / name;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream out(full, std::ios::binary);
    out << text;
    return full.string();
}

void make_sqlite_db(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK) << path;
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message << "\nin SQL:\n" << sql;
}

std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

BackgroundDbaudit::BackgroundDbaudit(const std::vector<std::string>& args, const std::vector<std::string>& env,
                                     const std::string& cwd) {
    // stdout and stderr go to temporary files: no pipe can fill up and block the child.
    const std::string out_path = m_capture.file("stdout"), err_path = m_capture.file("stderr");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());

    std::vector<std::string> argv_strings{DBAUDIT_BINARY};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::vector<std::string> env_strings;
    for (char** e = environ; *e; ++e) {
        if (std::strncmp(*e, "DATABASE_URL=", 13) == 0 || std::strncmp(*e, "DBAUDIT_", 8) == 0 ||
            std::strncmp(*e, "XDG_CACHE_HOME=", 15) == 0)
            continue;
        // A variable the caller sets replaces the inherited one (getenv would find the first).
        const std::string_view name(*e, std::strcspn(*e, "="));
        if (std::any_of(env.begin(), env.end(), [&](const std::string& given) {
                return given.size() > name.size() && given.compare(0, name.size(), name) == 0 && given[name.size()] == '=';
            }))
            continue;
        env_strings.emplace_back(*e);
    }
    // Every run starts with an empty expected-model cache of its own (never the user's), unless
    // the test gives one to observe the cache.
    const bool cache_given = std::any_of(env.begin(), env.end(), [](const std::string& e) { return e.starts_with("XDG_CACHE_HOME="); });
    if (!cache_given) env_strings.push_back("XDG_CACHE_HOME=" + m_capture.file("cache"));
    env_strings.insert(env_strings.end(), env.begin(), env.end());
    std::vector<char*> envp;
    for (auto& e : env_strings) envp.push_back(e.data());
    envp.push_back(nullptr);

    if (posix_spawn(&m_pid, DBAUDIT_BINARY, &actions, nullptr, argv.data(), envp.data()) != 0) {
        m_pid = -1;
        ADD_FAILURE() << "cannot start " << DBAUDIT_BINARY;
    }
    posix_spawn_file_actions_destroy(&actions);
}

BackgroundDbaudit::~BackgroundDbaudit() {
    if (m_pid <= 0) return;
    ::kill(m_pid, SIGKILL);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
}

CommandResult BackgroundDbaudit::wait() {
    CommandResult result;
    if (m_pid <= 0) return result;
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    m_pid = -1;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    result.out = read_bytes(m_capture.file("stdout"));
    result.err = read_bytes(m_capture.file("stderr"));
    return result;
}

void BackgroundDbaudit::kill_now() {
    if (m_pid > 0) ::kill(m_pid, SIGKILL);
}

CommandResult run_dbaudit(const std::vector<std::string>& args, const std::vector<std::string>& env) {
    return BackgroundDbaudit(args, env).wait();
}

CommandResult run_dbaudit_in(const std::string& cwd, const std::vector<std::string>& args, const std::vector<std::string>& env) {
    return BackgroundDbaudit(args, env, cwd).wait();
}

std::string source_path(const std::string& relative) { return std::string(DBAUDIT_SOURCE_DIR) + "/" + relative; }

std::string shared_path(const std::string& relative) {
    const std::filesystem::path path = std::filesystem::path(DBAUDIT_SHARED_DIR) / relative;
    if (std::filesystem::exists(path)) return std::filesystem::weakly_canonical(path).string();
    const char* ci = std::getenv("CI");
    if (ci && std::string(ci) == "true") ADD_FAILURE() << "shared folder missing in CI: " << path;
    return {};
}

}  // namespace dbaudit::testing

namespace dbaudit::testing {

namespace {

std::string value_text(sqlite3_stmt* statement, int column) {
    switch (sqlite3_column_type(statement, column)) {
        case SQLITE_NULL: return "NULL";
        case SQLITE_INTEGER: return "i:" + std::to_string(sqlite3_column_int64(statement, column));
        case SQLITE_FLOAT: {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "r:%.17g", sqlite3_column_double(statement, column));
            return buffer;
        }
        case SQLITE_TEXT: return "t:" + std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, column)),
                                                     static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
        default: {
            const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(statement, column));
            std::string out = "b:";
            char hex[3];
            for (int i = 0; i < sqlite3_column_bytes(statement, column); ++i) {
                std::snprintf(hex, sizeof hex, "%02x", bytes[i]);
                out += hex;
            }
            return out;
        }
    }
}

// Rows of `sql`, one line each, columns separated by '|'.
std::string collect(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) return "error: " + std::string(sqlite3_errmsg(db)) + "\n";
    std::string out;
    while (sqlite3_step(statement) == SQLITE_ROW) {
        for (int i = 0; i < sqlite3_column_count(statement); ++i) out += value_text(statement, i) + "|";
        out += "\n";
    }
    sqlite3_finalize(statement);
    return out;
}

std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + "\"";
}

// SQL text without comments, with single spaces, folded to lower case outside string literals,
// and without quotes around names: spellings SQLite treats as the same compare equal.
std::string normal_text(const std::string& sql) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') ++i;
            space = true;
            continue;
        }
        if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const auto end = sql.find("*/", i + 2);
            i = end == std::string::npos ? sql.size() : end + 1;
            space = true;
            continue;
        }
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = true;
            continue;
        }
        if (c == '\'') {
            const auto end = sql.find('\'', i + 1);
            const std::size_t stop = end == std::string::npos ? sql.size() : end + 1;
            if (space && !out.empty()) out += ' ';
            space = false;
            out += sql.substr(i, stop - i);
            i = stop - 1;
            continue;
        }
        if (c == '"' || c == '`' || c == '[' || c == ']') continue;  // name quotes
        const bool punct = std::strchr("(),;", c) != nullptr;
        if (space && !out.empty() && !punct && out.back() != '(') out += ' ';
        space = false;
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

// The statement with the object's own name replaced: "create table users (...)" ->
// "create table <name> (...)" (a rebuilt table's name is written in quotes by SQLite's rename).
// Generated columns are VIRTUAL unless STORED: "as (x) virtual" and "as (x)" are one column.
std::string without_name(std::string normal, const std::string& name) {
    std::string lower = name;
    for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    for (std::size_t at = normal.find(lower); at != std::string::npos; at = normal.find(lower, at + 1)) {
        const bool starts = at > 0 && (normal[at - 1] == ' ' || normal[at - 1] == '.');
        const std::size_t end = at + lower.size();
        const bool ends = end == normal.size() || normal[end] == ' ' || normal[end] == '(';
        if (starts && ends) {
            normal = normal.substr(0, at) + "<name>" + normal.substr(end);
            break;
        }
    }
    for (std::size_t at; (at = normal.find(") virtual")) != std::string::npos;) normal.erase(at + 1, 8);
    return normal;
}

}  // namespace

std::string dump_database(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return "cannot open " + path;
    }
    std::string out = collect(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name");
    std::vector<std::pair<std::string, bool>> tables;  // name, without rowid
    {
        sqlite3_stmt* statement = nullptr;
        sqlite3_prepare_v2(db, "SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' ORDER BY name", -1, &statement, nullptr);
        while (sqlite3_step(statement) == SQLITE_ROW)
            tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)), sqlite3_column_int(statement, 1) != 0);
        sqlite3_finalize(statement);
    }
    for (const auto& [table, without_rowid] : tables) {
        out += "-- rows of " + table + "\n";
        out += collect(db, "SELECT " + std::string(without_rowid ? "" : "rowid, ") + "* FROM " + quoted(table) + " ORDER BY " +
                               (without_rowid ? "1" : "rowid"));
    }
    sqlite3_close(db);
    return out;
}

std::string sqlite_oracle(const std::string& path) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return "cannot open " + path;
    }
    const std::string tables =
        "(SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\')";
    std::string out = "-- tables\n" + collect(db, "SELECT lower(name), type, ncol, wr, strict FROM pragma_table_list "
                                                  "WHERE schema = 'main' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1");
    out += "-- columns\n" + collect(db, "SELECT lower(t.name), lower(p.name), upper(p.type), p.\"notnull\", p.dflt_value, p.pk, p.hidden FROM " +
                                            tables + " t, pragma_table_xinfo(t.name) p ORDER BY lower(t.name), p.cid");
    out += "-- indexes\n" + collect(db, "SELECT lower(t.name), CASE i.origin WHEN 'c' THEN lower(i.name) ELSE '' END, i.\"unique\", i.origin, i.partial FROM " +
                                            tables + " t, pragma_index_list(t.name) i ORDER BY 1, 2, 4");
    out += "-- index keys\n" + collect(db, "SELECT lower(t.name), CASE i.origin WHEN 'c' THEN lower(i.name) ELSE '' END, x.seqno, x.cid, lower(x.name), x.\"desc\", x.coll "
                                           "FROM " + tables + " t, pragma_index_list(t.name) i, pragma_index_xinfo(i.name) x WHERE x.key ORDER BY 1, 2, 3, 5");
    out += "-- foreign keys\n" + collect(db, "SELECT lower(t.name), f.seq, lower(f.\"table\"), lower(f.\"from\"), lower(f.\"to\"), f.on_update, f.on_delete, f.\"match\" FROM " +
                                             tables + " t, pragma_foreign_key_list(t.name) f ORDER BY 1, 3, 4, 2");
    // The CREATE text catches what the pragmas do not show (CHECK, COLLATE, generated expressions).
    out += "-- sql\n";
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT type, lower(name), lower(tbl_name), sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY 1, 2",
                       -1, &statement, nullptr);
    while (sqlite3_step(statement) == SQLITE_ROW) {
        const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(statement, 1));
        const std::string sql = reinterpret_cast<const char*>(sqlite3_column_text(statement, 3));
        out += std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) + "|" + name + "|" +
               reinterpret_cast<const char*>(sqlite3_column_text(statement, 2)) + "|" + without_name(normal_text(sql), name) + "\n";
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
}

std::vector<std::string> query_column(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    std::vector<std::string> out;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << "cannot open " << path;
        sqlite3_close(db);
        return out;
    }
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << sqlite3_errmsg(db) << " in " << sql;
    } else {
        while (sqlite3_step(statement) == SQLITE_ROW) {
            const auto* text = sqlite3_column_text(statement, 0);
            out.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return out;
}

std::vector<SchemaFixture> schema_fixtures() {
    std::vector<SchemaFixture> out;
    out.push_back({"examples_bot", {}});
    for (const auto& entry : std::filesystem::directory_iterator(source_path("examples/bot/schema")))
        out.back().files.push_back(entry.path().string());
    std::sort(out.back().files.begin(), out.back().files.end());
    const std::string conformance = shared_path("conformance/sqlite");
    if (conformance.empty()) return out;
    std::vector<std::filesystem::path> cases;
    for (const auto& entry : std::filesystem::directory_iterator(conformance)) cases.push_back(entry.path());
    std::sort(cases.begin(), cases.end());
    for (const auto& dir : cases) {
        for (const char* side : {"current", "desired"}) {
            const auto file = dir / (std::string(side) + ".sql");
            if (std::filesystem::exists(file)) out.push_back({dir.filename().string() + "_" + side, {file.string()}});
        }
    }
    return out;
}

}  // namespace dbaudit::testing
