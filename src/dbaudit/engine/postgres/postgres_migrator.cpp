#include "dbaudit/engine/postgres/postgres_migrator.hpp"
#include <cctype>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/postgres/live_reader.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::engine::postgres {

std::unique_ptr<LiveReader> PostgresMigrator::open_reader(const Target& target) { return std::make_unique<PostgresLiveReader>(target); }

std::unique_ptr<ApplySession> PostgresMigrator::open_session(const Target& target) {
    (void)target;
    throw util::InputError("apply is not supported for PostgreSQL databases yet",
                           "review the plan (dbaudit plan --db ... --output plan.sql) and run it with psql -v ON_ERROR_STOP=1 -f plan.sql");
}

std::string PostgresMigrator::default_backup_path(const Target& target, std::string_view utc_stamp) const {
    // The database name is the last path element of a URL, or dbname= of a keyword string.
    std::string name = "postgres";
    const std::string& location = target.location;
    if (const auto key = location.find("dbname="); key != std::string::npos) {
        name = location.substr(key + 7, location.find(' ', key) - key - 7);
    } else if (const auto scheme = location.find("://"); scheme != std::string::npos) {
        const auto slash = location.find('/', scheme + 3);
        if (slash != std::string::npos) name = location.substr(slash + 1, location.find('?', slash) - slash - 1);
    }
    std::string safe;
    for (char c : name) safe += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') ? c : '_';
    if (safe.empty()) safe = "postgres";
    return safe + "." + std::string(utc_stamp) + ".dump";
}

}  // namespace dbaudit::engine::postgres
