#include "dbaudit/engine/sqlite/connection.hpp"

#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "dbaudit/util/error.hpp"

namespace dbaudit::engine::sqlite {

namespace {

constexpr int k_busy_timeout_ms = 5000;

// Debian's SQLite is built without lookaside memory, so every catalog read mallocs a lot; the
// global memory statistics add a mutex to each of those calls. dbaudit never reads them.
void configure_library_once() {
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        return sqlite3_initialize() == SQLITE_OK;
    }();
    (void)configured;
}

// SQLite's messages are precise but terse; say what it means for the user.
std::string explain(sqlite3* db, const std::string& label) {
    const int code = sqlite3_extended_errcode(db);
    const std::string message = sqlite3_errmsg(db);
    switch (code & 0xff) {
        case SQLITE_NOTADB: return label + " is not a SQLite database (" + message + ")";
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            return label + " is locked by another process and stayed locked for " +
                   std::to_string(k_busy_timeout_ms / 1000) + "s (" + message + ")";
        case SQLITE_CORRUPT: return label + " is corrupt (" + message + ")";
        case SQLITE_CANTOPEN: return "cannot open " + label + " (" + message + ")";
        case SQLITE_READONLY:
            if (code == SQLITE_READONLY_ROLLBACK)
                return label + " has a hot journal from an interrupted write; open it once with a "
                               "writable connection to recover it (" + message + ")";
            return label + ": " + message;
        default: return label + ": " + message;
    }
}

}  // namespace

Statement::~Statement() { sqlite3_finalize(m_statement); }

bool Statement::step() {
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3* db = sqlite3_db_handle(m_statement);
    throw util::ConnectionError(explain(db, sqlite3_db_filename(db, "main") ? sqlite3_db_filename(db, "main") : "database"));
}

bool Statement::is_null(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }

std::string Statement::text(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(m_statement, column));
    return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column))) : std::string();
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_statement, column); }

Connection Connection::open_read_only(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw util::ConnectionError("database file " + path + " does not exist",
                                    "dbaudit never creates a database; check the --db path");
    if (std::filesystem::is_directory(status))
        throw util::ConnectionError("database path " + path + " is a directory, not a SQLite file");
    if (::access(path.c_str(), R_OK) != 0)
        throw util::ConnectionError("cannot read database file " + path + ": " + std::strerror(errno));

    configure_library_once();
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    Connection connection(db, path);
    if (rc != SQLITE_OK) throw util::ConnectionError(explain(db, path));
    sqlite3_busy_timeout(db, k_busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    // Belt and braces: the connection is read-only, and query_only makes any write an error.
    connection.execute("PRAGMA query_only = 1");
    // Reading the schema is the first access to the file: a non-database fails here, clearly.
    connection.execute("SELECT count(*) FROM sqlite_schema");
    return connection;
}

Connection Connection::open_read_write(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status))
        throw util::ConnectionError("database file " + path + " does not exist",
                                    "dbaudit never creates a database; check the --db path");
    if (std::filesystem::is_directory(status))
        throw util::ConnectionError("database path " + path + " is a directory, not a SQLite file");
    if (::access(path.c_str(), R_OK | W_OK) != 0)
        throw util::ConnectionError("cannot write database file " + path + ": " + std::strerror(errno));

    configure_library_once();
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    Connection connection(db, path);
    if (rc != SQLITE_OK) throw util::ConnectionError(explain(db, path));
    sqlite3_busy_timeout(db, k_busy_timeout_ms);
    sqlite3_extended_result_codes(db, 1);
    connection.execute("SELECT count(*) FROM sqlite_schema");
    return connection;
}

Connection Connection::open_memory() {
    configure_library_once();
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    Connection connection(db, "in-memory database");
    if (rc != SQLITE_OK) throw util::ConnectionError(explain(db, "in-memory database"));
    sqlite3_extended_result_codes(db, 1);
    return connection;
}

Connection::~Connection() { sqlite3_close_v2(m_db); }

Statement Connection::prepare(std::string_view sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK)
        throw util::ConnectionError(explain(m_db, m_label));
    return Statement(statement);
}

void Connection::execute(std::string_view sql) {
    char* error = nullptr;
    const std::string text(sql);
    if (sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        sqlite3_free(error);
        throw util::ConnectionError(explain(m_db, m_label));
    }
}

std::string Connection::error_message() const { return sqlite3_errmsg(m_db); }

}  // namespace dbaudit::engine::sqlite
