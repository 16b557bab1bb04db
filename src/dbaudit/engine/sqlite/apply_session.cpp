#include "dbaudit/engine/sqlite/apply_session.hpp"

#include <sqlite3.h>

#include <cstdlib>
#include <filesystem>

#include "dbaudit/engine/sqlite/inspector.hpp"
#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::engine::sqlite {


SqliteApplySession::SqliteApplySession(const std::string& path) : m_path(path), m_db(Connection::open_read_write(path)) {}

SqliteApplySession::~SqliteApplySession() {
    try {
        rollback();
    } catch (const std::exception&) {
    }
}

void SqliteApplySession::begin() {
    // Test hook: start like an application connection (or a SQLite built with
    // SQLITE_DEFAULT_FOREIGN_KEYS=1) does, with foreign keys enforced.
    if (std::getenv("DBAUDIT_TEST_FOREIGN_KEYS_ON")) m_db.execute("PRAGMA foreign_keys = ON");
    {
        auto setting = m_db.prepare("PRAGMA foreign_keys");
        m_foreign_keys = setting.step() ? setting.integer(0) : 0;
    }
    // Outside any transaction, where SQLite honours it (inside one it is silently a no-op).
    m_db.execute("PRAGMA foreign_keys = OFF");
    m_settings_changed = true;
    {
        auto check = m_db.prepare("PRAGMA foreign_keys");
        if (check.step() && check.integer(0) != 0)
            throw util::Error(util::ExitCode::apply_failed, m_path + ": SQLite did not switch foreign keys off; nothing was changed");
    }
    m_db.execute("BEGIN IMMEDIATE");  // the write lock, or a clean "locked" error after the busy timeout
    m_in_transaction = true;
}

model::Catalog SqliteApplySession::inspect() {
    model::Catalog catalog;
    inspect_into(m_db, catalog);
    catalog.sort();
    return catalog;
}

void SqliteApplySession::backup_to(const std::string& path) {
    // A second, read-only connection reads the committed state while we hold the write lock and
    // have written nothing yet: the backup is exactly the database before the migration.
    Connection source = Connection::open_read_only(m_path);
    sqlite3* destination = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &destination, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE, nullptr);
    std::string error;
    if (rc == SQLITE_OK) {
        sqlite3_backup* backup = sqlite3_backup_init(destination, "main", source.handle(), "main");
        if (!backup) {
            error = sqlite3_errmsg(destination);
        } else {
            rc = sqlite3_backup_step(backup, -1);
            if (rc != SQLITE_DONE) error = sqlite3_errstr(rc);
            rc = sqlite3_backup_finish(backup);
            if (error.empty() && rc != SQLITE_OK) error = sqlite3_errmsg(destination);
        }
    } else {
        error = destination ? sqlite3_errmsg(destination) : sqlite3_errstr(rc);
    }
    if (sqlite3_close(destination) != SQLITE_OK && error.empty()) error = "cannot close the backup file";
    if (!error.empty()) {
        std::error_code ec;
        std::filesystem::remove(path, ec);
        throw util::InputError("cannot write the backup " + path + ": " + error, "pass --backup PATH in a writable place, or --no-backup");
    }
}

std::optional<std::string> SqliteApplySession::execute(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(m_db.handle(), text.c_str(), nullptr, nullptr, &message) == SQLITE_OK) return std::nullopt;
    std::string error = message ? message : m_db.error_message();
    sqlite3_free(message);
    return error;
}

ForeignKeyViolations SqliteApplySession::foreign_key_violations(const std::vector<std::string>& tables) {
    ForeignKeyViolations out;
    for (const std::string& table : tables) {
        sqlite3_stmt* statement = nullptr;
        const std::string sql = "PRAGMA foreign_key_check(" + quote_identifier(table) + ")";
        std::int64_t count = 0;
        if (sqlite3_prepare_v2(m_db.handle(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) {
            count = -1;  // no such table (yet), or a foreign key that names no unique key
        } else {
            int rc;
            while ((rc = sqlite3_step(statement)) == SQLITE_ROW) ++count;
            if (rc != SQLITE_DONE) count = -1;
        }
        sqlite3_finalize(statement);
        out[table] = count;
    }
    return out;
}

std::optional<std::string> SqliteApplySession::commit() {
    if (auto error = execute("COMMIT")) return error;
    m_in_transaction = false;
    restore_settings();
    return std::nullopt;
}

void SqliteApplySession::rollback() {
    if (m_in_transaction && !sqlite3_get_autocommit(m_db.handle())) execute("ROLLBACK");
    m_in_transaction = false;
    restore_settings();
}

void SqliteApplySession::restore_settings() {
    if (!m_settings_changed) return;
    execute("PRAGMA legacy_alter_table = OFF");
    execute(m_foreign_keys ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF");
    m_settings_changed = false;
}

}  // namespace dbaudit::engine::sqlite
