// The SQLite side of plan and apply: a read-only snapshot for planning (with seed-row matching
// and rename simulation), and the guarded write transaction apply runs in.
#pragma once

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/sqlite/connection.hpp"
#include "dbaudit/engine/sqlite/sqlite_dialect.hpp"

namespace dbaudit::engine::sqlite {

class SqliteLiveReader final : public LiveReader {
public:
    explicit SqliteLiveReader(const std::string& path);
    ~SqliteLiveReader() override;

    model::Catalog inspect() override;
    bool has_rows(std::string_view table) override;
    std::int64_t row_count(std::string_view table) override;
    std::int64_t estimated_rows(std::string_view table) override;
    model::Catalog inspect_after(const std::vector<std::string>& statements) override;
    SeedDecision decide_seed(const model::Table& expected_table, std::string_view live_table,
                             const model::SeedStatement& seed) override;

private:
    Connection m_db;
};

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

class SqliteMigrator final : public Migrator {
public:
    const MigrationDialect& dialect() const override { return m_dialect; }
    std::unique_ptr<LiveReader> open_reader(const Target& target) override;
    std::unique_ptr<ApplySession> open_session(const Target& target) override;
    std::string default_backup_path(const Target& target, std::string_view utc_stamp) const override;

private:
    SqliteDialect m_dialect;
};

}  // namespace dbaudit::engine::sqlite
