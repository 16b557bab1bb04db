// The SQLite side of plan and apply: the dialect, a live reader for planning, an apply session.
#pragma once

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/sqlite/sqlite_dialect.hpp"

namespace dbaudit::engine::sqlite {

class SqliteMigrator final : public Migrator {
public:
    const MigrationDialect& dialect() const override { return m_dialect; }
    std::unique_ptr<LiveReader> open_reader(const Target& target) override;
    void recover(const Target& target) override;
    std::unique_ptr<ApplySession> open_session(const Target& target) override;
    std::string default_backup_path(const Target& target, std::string_view utc_stamp) const override;

private:
    SqliteDialect m_dialect;
};

}  // namespace dbaudit::engine::sqlite
