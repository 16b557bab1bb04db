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

// `message` with every occurrence of each secret replaced by "***".
std::string scrub(std::string message, const std::vector<std::string>& secrets);

}  // namespace dbaudit::engine::postgres
