// The PostgreSQL side of plan and apply: the dialect, a live reader for planning, and (from the
// apply work) a write session.
#pragma once

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/postgres/postgres_dialect.hpp"

namespace dbaudit::engine::postgres {

class PostgresMigrator final : public Migrator {
public:
    const MigrationDialect& dialect() const override { return m_dialect; }
    std::unique_ptr<LiveReader> open_reader(const Target& target) override;
    // Nothing to recover: PostgreSQL rolls back an interrupted transaction itself.
    void recover(const Target& target) override { (void)target; }
    std::unique_ptr<ApplySession> open_session(const Target& target) override;
    // pg_dump's custom format, in the current directory, named after the database and the time.
    std::string default_backup_path(const Target& target, std::string_view utc_stamp) const override;

private:
    PostgresDialect m_dialect;
};

}  // namespace dbaudit::engine::postgres
