#include "dbaudit/engine/postgres/postgres_apply_session.hpp"

#include <unistd.h>

#include <filesystem>

#include "dbaudit/engine/postgres/apply_statements.hpp"
#include "dbaudit/engine/postgres/conninfo.hpp"
#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/engine/postgres/pg_dump_backup.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

// pg_locks shows a bigint advisory key as classid (high 32 bits) and objid (low 32 bits).
const std::string k_lock_key = std::to_string(k_apply_lock_key);
const std::string k_lock_classid = std::to_string(static_cast<unsigned long long>(k_apply_lock_key) >> 32);
const std::string k_lock_objid = std::to_string(static_cast<unsigned long long>(k_apply_lock_key) & 0xffffffffULL);

}  // namespace

PostgresApplySession::PostgresApplySession(const Target& target, ApplySettings settings)
    : m_target(target),
      m_settings(std::move(settings)),
      m_db(Connection::open(target.location, target.display, secrets_of(target.location))) {}

PostgresApplySession::~PostgresApplySession() {
    rollback();
    if (m_locked) {
        try {
            m_db.exec("SELECT pg_advisory_unlock(" + k_lock_key + ")");
        } catch (const std::exception&) {
            // Closing the connection releases it anyway.
        }
    }
}

void PostgresApplySession::begin() {
    try {
        const Result lock = m_db.exec("SELECT pg_try_advisory_lock(" + k_lock_key + "), current_user");
        m_role = lock.string(0, 1);
        if (!lock.boolean(0, 0)) {
            const Result holder = m_db.exec(
                "SELECT a.pid, coalesce(to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'), '') "
                "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND l.granted AND l.classid = " + k_lock_classid + " AND l.objid = " + k_lock_objid +
                " AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            std::string who;
            // backend_start is hidden from roles that may not see the other session's details.
            if (holder.rows() > 0)
                who = " (server process " + holder.string(0, 0) +
                      (holder.is_null(0, 1) || holder.text(0, 1).empty() ? std::string() : ", connected since " + holder.string(0, 1) + " UTC") + ")";
            throw util::ConnectionError("another dbaudit apply is running on " + m_target.display + who +
                                            " and holds the apply lock; nothing was applied",
                                        "wait for it to finish, then run dbaudit apply again");
        }
        m_locked = true;
    } catch (const StatementError& error) {
        throw util::ConnectionError("cannot take the apply lock on " + m_target.display + ": " + error.error().message);
    }
    // Session settings, not SET LOCAL: they also hold for the steps that run after COMMIT.
    std::string settings = "SET lock_timeout = " + quote_literal(m_settings.lock_timeout) +
                           "; SET statement_timeout = " + quote_literal(m_settings.statement_timeout) +
                           // pg_dump runs while this transaction waits: a server default must not end it.
                           "; SET idle_in_transaction_session_timeout = 0";
    // A killed dbaudit leaves its backend waiting on a lock or running a statement; this makes
    // the server notice the closed connection within a second and roll back (PostgreSQL 14+).
    if (m_db.server_version_num() >= 140000) settings += "; SET client_connection_check_interval = '1s'";
    try {
        m_db.exec(settings);
    } catch (const StatementError& error) {
        throw util::InputError("invalid timeout for apply (lock_timeout " + m_settings.lock_timeout + ", statement_timeout " +
                               m_settings.statement_timeout + "): " + error.error().message);
    }
    for (const std::string& statement : m_session_settings) {
        try {
            m_db.exec(statement);
        } catch (const StatementError& error) {
            throw util::InputError("the plan's session setting " + statement + " failed: " + error.error().message);
        }
        if (auto timeout = lock_timeout_set_by(statement)) m_settings.lock_timeout = *timeout;
        if (auto timeout = statement_timeout_set_by(statement)) m_settings.statement_timeout = *timeout;
    }
    try {
        m_db.exec("BEGIN");
        m_in_transaction = true;
    } catch (const StatementError& error) {
        throw util::ConnectionError("cannot begin a transaction on " + m_target.display + ": " + error.error().message);
    }
}

model::Catalog PostgresApplySession::inspect() { return postgres::inspect(m_db); }

void PostgresApplySession::backup_to(const std::string& path) {
    namespace fs = std::filesystem;
    const fs::path parent = fs::absolute(fs::path(path)).parent_path();
    if (::access(parent.c_str(), W_OK) != 0)
        throw util::InputError("cannot write the backup " + path + ": " + parent.string() + " is not a writable directory",
                               "pass --backup PATH in a writable place, or --no-backup");
    const int major = m_db.server_version_num() / 10000;
    const PgDumpCommand command = pg_dump_command(find_pg_dump(major), m_target.location, path, m_settings.lock_timeout);
    run_pg_dump(command, path, m_target.display, m_db.secrets());
}

std::optional<std::string> PostgresApplySession::execute(std::string_view sql) {
    try {
        m_db.exec(sql);
    } catch (const StatementError& error) {
        return explain(sql, error.error());
    }
    // The plan may set its own lock_timeout: messages name the one in force.
    if (auto timeout = lock_timeout_set_by(sql)) m_settings.lock_timeout = *timeout;
    return std::nullopt;
}

ForeignKeyViolations PostgresApplySession::foreign_key_violations(const std::vector<std::string>& tables) {
    ForeignKeyViolations out;
    for (const std::string& table : tables) out[table] = 0;
    return out;
}

std::optional<std::string> PostgresApplySession::commit() {
    try {
        m_db.exec("COMMIT");
    } catch (const StatementError& error) {
        return explain("COMMIT", error.error());
    }
    m_in_transaction = false;
    return std::nullopt;
}

void PostgresApplySession::rollback() {
    m_in_transaction = false;
    if (!m_db.in_transaction_block()) return;
    try {
        m_db.exec("ROLLBACK");
    } catch (const std::exception&) {
        // The connection is gone: the server rolled back when it noticed.
    }
}

std::string PostgresApplySession::explain(std::string_view sql, const ServerError& error) {
    const bool was_in_transaction = m_in_transaction;
    rollback();  // an aborted transaction answers no question; asking the catalog needs a clean session
    std::string message;
    if (error.sqlstate == "55P03") {
        message = explain_lock_timeout(sql);
    } else if (error.sqlstate == "42501") {
        message = explain_privilege(sql, error);
    } else if (error.sqlstate == "57014") {
        message = error.message + " (statement_timeout " + readable_duration(m_settings.statement_timeout) + ")";
    } else {
        message = error.message;
        if (!error.detail.empty()) message += " (" + scrub(error.detail, m_db.secrets()) + ")";
    }
    if (was_in_transaction) message += "; nothing was changed";
    return message;
}

std::string PostgresApplySession::explain_lock_timeout(std::string_view sql) {
    std::string table;
    std::string holder;
    try {
        // Who holds a lock on a relation the statement names. The wait is over, but the holder
        // usually still holds it.
        const Result locks = m_db.exec(
            "SELECT n.nspname, c.relname, l.mode, l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE l.locktype = 'relation' AND l.granted "
            "AND l.pid <> pg_backend_pid() AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY 1, 2, 4, 3");
        const std::vector<std::string> words = statement_words(sql);
        for (int row = 0; row < locks.rows() && table.empty(); ++row) {
            const std::string name = util::ascii_lower(locks.text(row, 1));
            for (const std::string& word : words) {
                if (util::ascii_lower(word) != name) continue;
                table = locks.string(row, 0) + "." + locks.string(row, 1);
                holder = " (server process " + locks.string(row, 3) + " holds " + locks.string(row, 2) + " on it)";
                break;
            }
        }
    } catch (const StatementError&) {
    }
    return "could not get a lock on " + (table.empty() ? std::string("a table the statement needs") : "table " + table) +
           " within lock_timeout " + readable_duration(m_settings.lock_timeout) + holder;
}

std::string PostgresApplySession::explain_privilege(std::string_view sql, const ServerError& error) {
    const auto problem = privilege_problem(sql, error.message);
    if (!problem) return error.message + " (role " + m_role + ")";
    std::string privilege = problem->privileges.empty() ? std::string() : problem->privileges.front();
    // For a schema or database the server says exactly which privilege the role lacks.
    const char* function = problem->object_kind == "schema" ? "has_schema_privilege"
                           : problem->object_kind == "database" ? "has_database_privilege"
                                                                : nullptr;
    if (function && !problem->owner_only) {
        for (const std::string& candidate : problem->privileges) {
            try {
                const Result has = m_db.exec(std::string("SELECT ") + function + "(current_user, " + quote_literal(problem->object) +
                                             ", " + quote_literal(candidate) + ")");
                if (!has.boolean(0, 0)) {
                    privilege = candidate;
                    break;
                }
            } catch (const StatementError&) {
                break;
            }
        }
    }
    return describe_privilege_problem(*problem, privilege, m_role) + ": " + error.message;
}

std::optional<std::string> PostgresApplySession::run_alone(std::string_view sql) {
    try {
        m_db.exec(sql);
        return std::nullopt;
    } catch (const StatementError& error) {
        return explain(sql, error.error());
    }
}

PostgresApplySession::IndexState PostgresApplySession::index_state(const std::string& index) {
    try {
        const Result valid = m_db.exec("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(" + quote_literal(index) + ")");
        if (valid.rows() == 0) return IndexState::absent;
        return valid.boolean(0, 0) ? IndexState::valid : IndexState::invalid;
    } catch (const StatementError&) {
        return IndexState::absent;
    }
}

OutsideTransactionResult PostgresApplySession::execute_outside_transaction(std::string_view sql) {
    OutsideTransactionResult result;
    // Between begin() and the first execute() the transaction has only read: it ends here, and a
    // new one (the same session settings, the advisory lock kept) begins after the statement.
    const bool resume = m_in_transaction;
    rollback();
    struct Resume {
        PostgresApplySession& session;
        bool active;
        ~Resume() {
            if (!active) return;
            try {
                session.m_db.exec("BEGIN");
                session.m_in_transaction = true;
            } catch (const StatementError&) {
                // The next execute() reports the broken connection.
            }
        }
    } resume_after{*this, resume};
    std::optional<std::string> error = run_alone(sql);
    const auto index = concurrent_index_name(sql);
    if (!index) {
        result.error = error;
        return result;
    }
    IndexState state = index_state(*index);
    if (state != IndexState::invalid) {
        result.error = error;  // built and valid, or failed before anything was built (a lock timeout)
        return result;
    }
    // A failed concurrent build leaves an invalid index behind, which costs every write and
    // answers no query: drop it and build it once more.
    const std::string first = error ? *error : "the build ended without error";
    const std::string drop = "DROP INDEX CONCURRENTLY IF EXISTS " + *index;
    if (auto drop_error = run_alone(drop)) {
        result.error = "index " + *index + " is invalid after CREATE INDEX CONCURRENTLY (" + first +
                       ") and could not be dropped: " + *drop_error;
        return result;
    }
    result.notes.push_back("index " + *index + " was invalid after CREATE INDEX CONCURRENTLY (" + first +
                           "): dropped it and built it again");
    error = run_alone(sql);
    state = index_state(*index);
    if (state == IndexState::valid && !error) {
        result.notes.push_back("index " + *index + " is valid after the second build");
        return result;
    }
    std::string second = error ? *error : "the build ended without error";
    if (state == IndexState::invalid) {
        if (auto drop_error = run_alone(drop)) {
            result.error = "index " + *index + " is still invalid after a second build (" + second + "); it is left invalid: " +
                           *drop_error;
            return result;
        }
        second += "; the invalid index was dropped again";
    }
    result.error = "index " + *index + " is still not valid after a second build: " + second;
    return result;
}

}  // namespace dbaudit::engine::postgres
