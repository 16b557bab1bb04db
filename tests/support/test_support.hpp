// Shared test helpers: temporary directories, real SQLite files, and running the real binary.
#pragma once

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace dbaudit::testing {

// A fresh directory removed at the end of the test.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::filesystem::path& path() const { return m_path; }
    std::string file(const std::string& name) const { return (m_path / name).string(); }
    // Writes `text` to `name` inside the directory and returns its path.
    std::string write(const std::string& name, const std::string& text) const;

private:
    std::filesystem::path m_path;
};

// Creates (or extends) a SQLite database file by executing `sql`; fails the test on error.
void make_sqlite_db(const std::string& path, const std::string& sql);

// Reads a whole file as bytes.
std::string read_bytes(const std::string& path);

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs build/dbaudit with `args` (no shell), capturing stdout and stderr. `env` adds NAME=VALUE
// entries; DATABASE_URL is removed unless given there. XDG_CACHE_HOME is a fresh directory per run
// (an empty expected-model cache) unless given there.
CommandResult run_dbaudit(const std::vector<std::string>& args, const std::vector<std::string>& env = {});
// The same, with `cwd` as the working directory (where dbaudit looks for dbaudit.toml).
CommandResult run_dbaudit_in(const std::string& cwd, const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// dbaudit running in the background, for tests that kill it or run two at once. The destructor
// kills (SIGKILL) and reaps it if it is still running.
class BackgroundDbaudit {
public:
    // `cwd`: the working directory (empty: the test's own).
    BackgroundDbaudit(const std::vector<std::string>& args, const std::vector<std::string>& env = {},
                      const std::string& cwd = {});
    ~BackgroundDbaudit();
    BackgroundDbaudit(const BackgroundDbaudit&) = delete;
    BackgroundDbaudit& operator=(const BackgroundDbaudit&) = delete;

    int pid() const { return m_pid; }
    CommandResult wait();  // until it exits
    void kill_now();       // SIGKILL, as a power cut or the OOM killer would

private:
    TempDir m_capture;
    int m_pid = -1;
};

// Every schema object and every row of `path`, as text: two databases with the same dump hold the
// same schema and data. Values are written with their storage class.
std::string dump_database(const std::string& path);

// SQLite's own description of a schema (sqlite_schema, pragma_table_list, pragma_table_xinfo,
// pragma_index_list/index_xinfo, pragma_foreign_key_list), independent of dbaudit's inspector.
// Names are folded to lower case (SQLite compares them that way); SQL text is compared in a
// normal form without comments and the object's own name.
std::string sqlite_oracle(const std::string& path);

// Runs `sql` on `path` and returns the first column of each row.
std::vector<std::string> query_column(const std::string& path, const std::string& sql);

// Paths inside the source tree.
std::string source_path(const std::string& relative);

// A schema made of one or more SQL files, named for a test's parameter.
struct SchemaFixture {
    std::string name;
    std::vector<std::string> files;
};

// Test names show the fixture's name, not its bytes.
inline void PrintTo(const SchemaFixture& fixture, std::ostream* out) { *out << fixture.name; }

// Every schema fixture: the bundled example, and each side of every SQLite conformance case.
std::vector<SchemaFixture> schema_fixtures();

// The read-only shared/ folder beside the repository (conformance cases, seeds). Empty when it is
// not there; under CI=true its absence fails the calling test instead.
std::string shared_path(const std::string& relative);

}  // namespace dbaudit::testing
