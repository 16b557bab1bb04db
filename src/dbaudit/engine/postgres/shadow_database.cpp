#include "dbaudit/engine/postgres/shadow_database.hpp"

#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "dbaudit/engine/postgres/conninfo.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/source_location.hpp"
#include "dbaudit/util/text.hpp"

extern char** environ;

namespace dbaudit::engine::postgres {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_no_shadow_hint =
    "install PostgreSQL server binaries (Debian: apt-get install postgresql-15) so dbaudit can start a throwaway "
    "local cluster, or pass --dev-url postgres://USER@HOST/DB naming a server where dbaudit may create and drop a "
    "temporary database";

struct Credentials {
    bool drop = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

// Starts `argv` with stdout and stderr appended to `log`, as `who`. With `die_with_parent` the
// child gets SIGQUIT (PostgreSQL's immediate shutdown) if this thread goes away first.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log, const Credentials& who, bool die_with_parent) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    // Child: only async-signal-safe calls until exec.
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (in < 0 || out < 0) ::_exit(126);
    ::dup2(in, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    if (who.drop) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0) ::_exit(125);
    }
    if (die_with_parent) {
        ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
        if (::getppid() != parent) ::_exit(124);
    }
    ::execve(args[0], args.data(), environ);
    ::_exit(127);
}

// Deleting a cluster of 10,000 tables (tens of thousands of files) can take seconds on a busy
// disk: a detached `rm -rf` does it while dbaudit reports. Falls back to deleting here.
void remove_in_background(const std::string& dir) {
    const char* const argv[] = {"/bin/rm", "-rf", "--", dir.c_str(), nullptr};
    const pid_t child = ::fork();
    if (child == 0) {
        ::setsid();
        if (::fork() == 0) {
            const int null = ::open("/dev/null", O_RDWR);
            if (null >= 0) {
                ::dup2(null, STDIN_FILENO);
                ::dup2(null, STDOUT_FILENO);
                ::dup2(null, STDERR_FILENO);
            }
            ::execv(argv[0], const_cast<char* const*>(argv));
        }
        ::_exit(0);
    }
    int status = 0;
    if (child < 0 || ::waitpid(child, &status, 0) < 0) {
        std::error_code ec;
        fs::remove_all(dir, ec);
    }
}

std::string tail(const std::string& path, std::size_t lines) {
    std::ifstream in(path);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);)
        if (!util::trim(line).empty()) all.push_back(line);
    if (all.size() > lines) all.erase(all.begin(), all.end() - static_cast<long>(lines));
    return util::join(all, " | ");
}

std::string random_suffix() {
    std::random_device random;
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%08x%08x", random(), random());
    return buffer;
}

class EphemeralCluster final : public ShadowDatabase {
public:
    explicit EphemeralCluster(std::string bindir) : m_bindir(std::move(bindir)) {
        if (::geteuid() == 0) {
            // initdb and postgres refuse to run as root: run them as the postgres OS user.
            const passwd* user = ::getpwnam("postgres");
            if (!user)
                throw util::ConnectionError("cannot start a shadow cluster: running as root needs the 'postgres' OS user "
                                            "to run PostgreSQL, and there is none",
                                            k_no_shadow_hint);
            m_who = {true, user->pw_uid, user->pw_gid};
        }
        std::string pattern = (fs::temp_directory_path() / "dbaudit-shadow-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw util::ConnectionError("cannot create a temporary directory for the shadow cluster");
        m_dir = pattern;
        try {
            if (m_who.drop && ::chown(m_dir.c_str(), m_who.uid, m_who.gid) != 0)
                throw util::ConnectionError("cannot hand " + m_dir + " to the postgres OS user");
            start();
        } catch (...) {
            stop();
            throw;
        }
    }

    ~EphemeralCluster() override { stop(); }

    Connection connect() override {
        return Connection::open("host=" + m_dir + " port=5432 user=postgres dbname=postgres", description(), {});
    }

    std::string description() const override { return "the local shadow cluster dbaudit started from " + m_bindir; }
    bool owns_cluster() const override { return true; }

private:
    void start() {
        const std::string data = m_dir + "/data";
        const std::string initdb_log = m_dir + "/initdb.log";
        const pid_t initdb = spawn({m_bindir + "/initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                                    "--no-locale", "--no-sync", "--no-instructions"},
                                   initdb_log, m_who, false);
        int status = 0;
        if (initdb < 0 || ::waitpid(initdb, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            throw util::ConnectionError("cannot start a shadow cluster: initdb failed: " + tail(initdb_log, 3), k_no_shadow_hint);

        m_log = m_dir + "/postgres.log";
        // Unix socket only, durability off: the cluster lives for one audit.
        m_postmaster = spawn({m_bindir + "/postgres", "-D", data, "-k", m_dir, "-p", "5432", "-c", "listen_addresses=",
                              "-F", "-c", "full_page_writes=off", "-c", "synchronous_commit=off", "-c", "autovacuum=off",
                              "-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c", "max_wal_size=4GB", "-c",
                              "checkpoint_timeout=1h", "-c", "jit=off", "-c", "max_connections=20", "-c",
                              "max_locks_per_transaction=256", "-c", "shared_buffers=128MB"},
                             m_log, m_who, true);
        if (m_postmaster < 0) throw util::ConnectionError("cannot start a shadow cluster: fork failed");
        const std::string ping = "host=" + m_dir + " port=5432 user=postgres dbname=postgres connect_timeout=2";
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (PQping(ping.c_str()) != PQPING_OK) {
            if (::waitpid(m_postmaster, &status, WNOHANG) == m_postmaster) {
                m_postmaster = -1;
                throw util::ConnectionError("cannot start a shadow cluster: postgres exited: " + tail(m_log, 3), k_no_shadow_hint);
            }
            if (std::chrono::steady_clock::now() > deadline)
                throw util::ConnectionError("cannot start a shadow cluster: postgres did not accept connections within 60 s");
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

    void stop() noexcept {
        if (m_postmaster > 0) {
            ::kill(m_postmaster, SIGQUIT);  // immediate shutdown: nothing in it is worth keeping
            int status = 0;
            ::waitpid(m_postmaster, &status, 0);
            m_postmaster = -1;
        }
        if (!m_dir.empty()) {
            remove_in_background(m_dir);
            m_dir.clear();
        }
    }

    std::string m_bindir;
    std::string m_dir;
    std::string m_log;
    Credentials m_who;
    pid_t m_postmaster = -1;
};

class DevDatabase final : public ShadowDatabase {
public:
    explicit DevDatabase(const std::string& dev_url)
        : m_url(dev_url),
          m_display(redact_conninfo(dev_url)),
          m_secrets(secrets_of(dev_url)),
          m_admin(Connection::open(dev_url, m_display + " (--dev-url)", m_secrets)),
          m_name("dbaudit_shadow_" + std::to_string(::getpid()) + "_" + random_suffix()) {
        try {
            m_admin.exec("CREATE DATABASE " + quote_identifier(m_name) + " TEMPLATE template0");
        } catch (const StatementError& error) {
            throw util::ConnectionError("cannot create a temporary database on the --dev-url server " + m_display + ": " +
                                            error.error().message,
                                        "the --dev-url role needs CREATEDB; or omit --dev-url to let dbaudit start its "
                                        "own shadow cluster");
        }
    }

    ~DevDatabase() override {
        try {
            const bool force = m_admin.server_version_num() >= 130000;
            m_admin.exec("DROP DATABASE IF EXISTS " + quote_identifier(m_name) + (force ? " WITH (FORCE)" : ""));
        } catch (...) {
            // Nothing more can be done; the name says what it is.
        }
    }

    Connection connect() override { return Connection::open(m_url, m_display + " (--dev-url)", m_secrets, m_name); }
    std::string description() const override { return "the --dev-url server " + m_display; }
    bool owns_cluster() const override { return false; }

private:
    std::string m_url;
    std::string m_display;
    std::vector<std::string> m_secrets;
    Connection m_admin;
    std::string m_name;
};

// The package that provides a well-known extension on Debian, for the hint.
std::string extension_package(const std::string& name, const std::string& major) {
    static const std::pair<const char*, const char*> k_packages[] = {
        {"vector", "postgresql-MAJOR-pgvector"}, {"postgis", "postgresql-MAJOR-postgis-3"},
        {"pg_cron", "postgresql-MAJOR-cron"},    {"timescaledb", "timescaledb-2-postgresql-MAJOR (Timescale's repository)"},
        {"pg_partman", "postgresql-MAJOR-partman"}, {"hypopg", "postgresql-MAJOR-hypopg"},
        {"pgaudit", "postgresql-MAJOR-pgaudit"},   {"pg_repack", "postgresql-MAJOR-repack"},
        {"plv8", "postgresql-MAJOR-plv8"},         {"pgrouting", "postgresql-MAJOR-pgrouting"},
    };
    for (const auto& [extension, package] : k_packages) {
        if (name == extension) {
            std::string out = package;
            out.replace(out.find("MAJOR"), 5, major);
            return out;
        }
    }
    return "";
}

[[noreturn]] void statement_failed(const ShadowDatabase& shadow, const Connection& connection, const SqlStatement& statement,
                                   const ServerError& error) {
    std::size_t offset = statement.begin;
    if (error.position > 0) {
        const std::size_t byte = byte_offset_of_character(statement.text(), error.position);
        if (byte <= statement.end - statement.begin) offset = statement.begin + byte;
    }
    const std::string where = util::locate(statement.file->path, statement.file->text, offset).to_string();
    if (!statement.extension.empty() &&
        (error.message.find("is not available") != std::string::npos || error.message.find("control file") != std::string::npos)) {
        const std::string version = connection.server_version();
        const std::string major = version.substr(0, version.find('.'));
        const std::string package = extension_package(statement.extension, major);
        throw util::InputError(
            where + ": extension \"" + statement.extension + "\" is not available on " + shadow.description() +
                " (PostgreSQL " + version + ")",
            "install it where the shadow server runs (" +
                (package.empty() ? std::string("its package for PostgreSQL ") + major : "Debian: apt-get install " + package) +
                "), or pass --dev-url naming a PostgreSQL " + major + " server that offers it");
    }
    std::string message = where + ": " + error.message;
    if (!error.detail.empty()) message += " (" + error.detail + ")";
    std::string hint = error.hint;
    if (!shadow.owns_cluster() && error.sqlstate == "42704" && error.message.rfind("role ", 0) == 0)
        hint = "create the role on " + shadow.description() +
               ", or omit --dev-url: dbaudit's own shadow cluster creates the roles the schema names";
    throw util::InputError(message, hint);
}

}  // namespace

std::string find_server_bindir() {
    auto has_server = [](const fs::path& dir) {
        std::error_code ec;
        return fs::exists(dir / "initdb", ec) && fs::exists(dir / "postgres", ec);
    };
    if (const char* env = std::getenv("DBAUDIT_PG_BINDIR"); env && *env) return has_server(env) ? env : "";
    std::error_code ec;
    int best = -1;
    std::string best_dir;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const std::string name = entry.path().filename().string();
        const int major = std::atoi(name.c_str());
        if (major > best && has_server(entry.path() / "bin")) {
            best = major;
            best_dir = (entry.path() / "bin").string();
        }
    }
    if (!best_dir.empty()) return best_dir;
    if (const char* path = std::getenv("PATH")) {
        std::stringstream dirs(path);
        for (std::string dir; std::getline(dirs, dir, ':');)
            if (!dir.empty() && has_server(dir)) return dir;
    }
    return "";
}

std::unique_ptr<ShadowDatabase> open_shadow(const std::string& dev_url) {
    if (!dev_url.empty()) return std::make_unique<DevDatabase>(dev_url);
    const std::string bindir = find_server_bindir();
    if (bindir.empty())
        throw util::ConnectionError("no shadow database for the expected schema: no PostgreSQL server binaries found and no --dev-url given",
                                    k_no_shadow_hint);
    return std::make_unique<EphemeralCluster>(bindir);
}

LoadStats load_statements(ShadowDatabase& shadow, const SplitSchema& schema) {
    LoadStats stats;
    Connection connection = shadow.connect();
    if (shadow.owns_cluster() && !schema.roles_used.empty()) {
        // Roles are cluster-wide: create those the schema names but does not create itself.
        std::vector<std::string> existing;
        const Result roles = connection.exec("SELECT rolname FROM pg_roles");
        for (int i = 0; i < roles.rows(); ++i) existing.push_back(roles.string(i, 0));
        for (const std::string& role : schema.roles_used) {
            if (std::find(existing.begin(), existing.end(), role) != existing.end()) continue;
            if (std::binary_search(schema.roles_created.begin(), schema.roles_created.end(), role)) continue;
            connection.exec("CREATE ROLE " + quote_identifier(role));
        }
    }

    // Statements are sent in a pipeline, one round trip per 1,000 statements, each committing on
    // its own (one long transaction would make every further DDL statement slower, and can
    // exhaust a server's lock table). Statements that cannot run in a pipeline or a transaction block
    // (CREATE INDEX CONCURRENTLY ...) run alone; ALTER TYPE ... ADD VALUE ends its group, as the
    // new value is usable only once committed.
    constexpr std::size_t k_pipeline_statements = 1000;
    std::vector<const SqlStatement*> batch;
    std::vector<std::string_view> texts;
    auto flush = [&] {
        if (batch.empty()) return;
        // Each statement commits on its own (as psql runs a file): measured faster than groups of
        // 50 or 1,000 statements per transaction, where every further DDL statement gets slower.
        // DBAUDIT_SHADOW_GROUP=N commits N statements together, for measurements.
        static const std::size_t sync_every = [] {
            const char* env = std::getenv("DBAUDIT_SHADOW_GROUP");
            return env ? static_cast<std::size_t>(std::max(1, std::atoi(env))) : std::size_t{1};
        }();
        const auto failure = connection.exec_pipeline(texts, sync_every);
        ++stats.round_trips;
        if (failure) statement_failed(shadow, connection, *batch[failure->index], failure->error);
        batch.clear();
        texts.clear();
    };
    for (const SqlStatement& statement : schema.statements) {
        ++stats.statements;
        if (statement.run == StatementRun::alone) {
            flush();
            try {
                connection.exec(statement.text());
            } catch (const StatementError& failure) {
                statement_failed(shadow, connection, statement, failure.error());
            }
            ++stats.round_trips;
            continue;
        }
        batch.push_back(&statement);
        texts.push_back(statement.text());
        if (batch.size() >= k_pipeline_statements || statement.run == StatementRun::ends_batch) flush();
    }
    flush();
    if (connection.in_transaction()) connection.exec("COMMIT");  // a BEGIN the files never closed
    return stats;
}

}  // namespace dbaudit::engine::postgres
