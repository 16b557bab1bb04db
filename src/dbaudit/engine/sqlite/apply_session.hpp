// The write transaction `apply` runs in: foreign keys off outside it, BEGIN IMMEDIATE (the busy
// timeout, then a clean error), online backup, statements, foreign-key check, COMMIT or ROLLBACK.
#pragma once

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/sqlite/connection.hpp"

namespace dbaudit::engine::sqlite {

class SqliteApplySession final : public ApplySession {
public:
    explicit SqliteApplySession(const std::string& path);
    ~SqliteApplySession() override;

    void begin() override;
    model::Catalog inspect() override;
    void backup_to(const std::string& path) override;
    std::optional<std::string> execute(std::string_view sql) override;
    ForeignKeyViolations foreign_key_violations(const std::vector<std::string>& tables) override;
    std::optional<std::string> commit() override;
    void rollback() override;

private:
    void restore_settings();

    std::string m_path;
    Connection m_db;
    bool m_in_transaction = false;
    bool m_settings_changed = false;
    std::int64_t m_foreign_keys = 0;  // the connection's setting before begin()
};

}  // namespace dbaudit::engine::sqlite
