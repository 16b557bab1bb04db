#include "dbaudit/engine/sqlite/sqlite_migrator.hpp"

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/sqlite/apply_session.hpp"
#include "dbaudit/engine/sqlite/live_reader.hpp"

namespace dbaudit::engine::sqlite {


std::unique_ptr<LiveReader> SqliteMigrator::open_reader(const Target& target) {
    return std::make_unique<SqliteLiveReader>(target.location);
}

std::unique_ptr<ApplySession> SqliteMigrator::open_session(const Target& target) {
    return std::make_unique<SqliteApplySession>(target.location);
}

std::string SqliteMigrator::default_backup_path(const Target& target, std::string_view utc_stamp) const {
    return target.location + "." + std::string(utc_stamp) + ".bak";
}

}  // namespace dbaudit::engine::sqlite
