// The shadow database: a throwaway PostgreSQL database the expected schema is executed into, so
// that the inspector reads both sides in PostgreSQL's own normal form. Either an ephemeral local
// cluster dbaudit starts itself (initdb into a temp dir, unix socket only, fsync off; as the
// `postgres` OS user when running as root), or a temporary database on a --dev-url server.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dbaudit/engine/postgres/connection.hpp"
#include "dbaudit/engine/postgres/statement_splitter.hpp"

namespace dbaudit::engine::postgres {

class ShadowDatabase {
public:
    virtual ~ShadowDatabase() = default;
    // A new connection to the shadow database.
    virtual Connection connect() = 0;
    // Says where the shadow runs, for messages: "a local PostgreSQL 15 cluster started by dbaudit".
    virtual std::string description() const = 0;
    // Whether dbaudit may create roles there (only in a cluster of its own).
    virtual bool owns_cluster() const = 0;
};

// An ephemeral cluster when server binaries are found, else a database on `dev_url`; with a
// non-empty `dev_url` always the latter. Throws util::ConnectionError saying both ways to get a
// shadow when neither is possible.
std::unique_ptr<ShadowDatabase> open_shadow(const std::string& dev_url);

// Where PostgreSQL server binaries (initdb, postgres) are: $DBAUDIT_PG_BINDIR, the newest
// /usr/lib/postgresql/*/bin, or initdb on $PATH. Empty when none is found.
std::string find_server_bindir();

struct LoadStats {
    int statements = 0;
    int round_trips = 0;
};

// Executes the statements into the shadow database. Throws util::InputError with file:line:col,
// PostgreSQL's message and hint, when a statement fails.
LoadStats load_statements(ShadowDatabase& shadow, const SplitSchema& schema);

}  // namespace dbaudit::engine::postgres
