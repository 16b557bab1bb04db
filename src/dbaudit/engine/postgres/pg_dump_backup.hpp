// `apply --backup` for PostgreSQL: pg_dump in custom format, run with an argument array, the
// connection string without its password on the command line and the password in PGPASSWORD.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::engine::postgres {

struct PgDumpCommand {
    std::vector<std::string> argv;         // never holds the password
    std::vector<std::string> environment;  // "PGPASSWORD=..." when the connection string gives one
};

// The pg_dump for a server of major version `server_major`: `root`/N/bin/pg_dump for N equal to
// it, else the oldest installed N above it (pg_dump reads older servers, never newer ones), else
// "pg_dump" from PATH.
std::string find_pg_dump(int server_major, const std::string& root = "/usr/lib/postgresql");

// pg_dump --format=custom --file=PATH --no-password --lock-wait-timeout=T --dbname=CONNINFO.
// `lock_wait_timeout` is a PostgreSQL time ("5s"): pg_dump fails instead of waiting for a table
// another session holds.
PgDumpCommand pg_dump_command(const std::string& pg_dump, std::string_view conninfo, const std::string& path,
                              const std::string& lock_wait_timeout);

// Runs the command. On failure removes what it wrote and throws util::ApplyError with pg_dump's
// first error line, every secret scrubbed.
void run_pg_dump(const PgDumpCommand& command, const std::string& path, const std::string& display,
                 const std::vector<std::string>& secrets);

}  // namespace dbaudit::engine::postgres
