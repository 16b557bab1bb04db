#include "dbaudit/engine/sqlite/sqlite_migrator.hpp"

#include <filesystem>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/sqlite/connection.hpp"
#include "dbaudit/engine/sqlite/apply_session.hpp"
#include "dbaudit/engine/sqlite/live_reader.hpp"

namespace dbaudit::engine::sqlite {


std::unique_ptr<LiveReader> SqliteMigrator::open_reader(const Target& target) {
    return std::make_unique<SqliteLiveReader>(target.location);
}

void SqliteMigrator::recover(const Target& target) {
    std::error_code ec;
    if (!std::filesystem::exists(target.location + "-journal", ec)) return;
    // Opening for writing and reading the schema rolls a hot journal back (and leaves a journal
    // that is not hot alone).
    Connection::open_read_write(target.location);
}

std::unique_ptr<ApplySession> SqliteMigrator::open_session(const Target& target) {
    return std::make_unique<SqliteApplySession>(target.location);
}

std::string SqliteMigrator::default_backup_path(const Target& target, std::string_view utc_stamp) const {
    return target.location + "." + std::string(utc_stamp) + ".bak";
}

}  // namespace dbaudit::engine::sqlite
