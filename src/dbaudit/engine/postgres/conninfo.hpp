// PostgreSQL connection strings: postgres:// and postgresql:// URLs, libpq keyword strings, and
// what can be shown of them (never a password).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::engine::postgres {

// True when `text` names a PostgreSQL database: a postgres(ql):// URL or a libpq keyword string
// such as "host=db dbname=app".
bool is_postgres_target(std::string_view text);

// `text` with every password removed: "postgresql://app@db/app", "host=db dbname=app user=app".
std::string redact_conninfo(std::string_view text);

// The passwords `text` carries (raw and percent-decoded), plus $PGPASSWORD, so that messages
// can be scrubbed of them whatever their origin.
std::vector<std::string> secrets_of(std::string_view text);

// A connection string taken apart for another program (pg_dump): every setting it gives except
// the password, as a libpq keyword string, and the password alone, to go through the
// environment (PGPASSWORD), never the command line.
struct ConninfoWithoutPassword {
    std::string conninfo;  // "host='/run/pg' dbname='app' user='app'"; empty when unparsable
    std::string password;  // empty when the connection string gives none
};
ConninfoWithoutPassword split_password(std::string_view text);

// `message` with every occurrence of each secret replaced by "***".
std::string scrub(std::string message, const std::vector<std::string>& secrets);

}  // namespace dbaudit::engine::postgres
