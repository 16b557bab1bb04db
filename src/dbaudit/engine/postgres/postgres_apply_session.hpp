// The session `apply` runs in on PostgreSQL: a session advisory lock (one apply at a time per
// database), lock_timeout and statement_timeout, one transaction inspected before COMMIT, a
// pg_dump backup, and statements that must run outside the transaction (CREATE INDEX
// CONCURRENTLY) after it, with the index checked for validity.
#pragma once

#include <string>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/postgres/connection.hpp"

namespace dbaudit::engine::postgres {

struct ApplySettings {
    // How long a statement may wait for a lock before the apply gives up and rolls back.
    std::string lock_timeout = "5s";
    // How long a statement may run; "0" is no limit (a migration that rewrites a large table
    // must not be cut off by a role's or database's default).
    std::string statement_timeout = "0";
};

// The fixed key of the session advisory lock every dbaudit apply takes ("dbaudit" in ASCII).
inline constexpr long long k_apply_lock_key = 0x64626175646974LL;

class PostgresApplySession final : public ApplySession {
public:
    // Connects; throws util::ConnectionError when it cannot.
    PostgresApplySession(const Target& target, ApplySettings settings = {});
    ~PostgresApplySession() override;

    // Takes the advisory lock (refusing at once when another apply holds it: util::ConnectionError),
    // sets the session's timeouts (the defaults, then the plan's), BEGIN.
    void configure(const std::vector<std::string>& session_settings) override { m_session_settings = session_settings; }
    void begin() override;
    model::Catalog inspect() override;
    void backup_to(const std::string& path) override;
    std::optional<std::string> execute(std::string_view sql) override;
    // PostgreSQL enforces foreign keys itself (a NOT VALID constraint is validated by its own step).
    ForeignKeyViolations foreign_key_violations(const std::vector<std::string>& tables) override;
    std::optional<std::string> commit() override;
    void rollback() override;
    OutsideTransactionResult execute_outside_transaction(std::string_view sql) override;

private:
    // The server's refusal in words, after the failed transaction was rolled back (so that the
    // catalog can be asked who holds a lock).
    std::string explain(std::string_view sql, const ServerError& error);
    std::string explain_lock_timeout(std::string_view sql);
    std::string explain_privilege(std::string_view sql, const ServerError& error);
    enum class IndexState { absent, valid, invalid };
    IndexState index_state(const std::string& index);
    std::optional<std::string> run_alone(std::string_view sql);

    Target m_target;
    ApplySettings m_settings;
    std::vector<std::string> m_session_settings;  // the plan's SET statements
    Connection m_db;
    std::string m_role;
    bool m_locked = false;
    bool m_in_transaction = false;
};

}  // namespace dbaudit::engine::postgres
