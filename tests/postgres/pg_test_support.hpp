// Helpers for the PostgreSQL tests: the one cluster a test run starts (ctest fixture
// pg_cluster_start, socket directory in $DBAUDIT_TEST_PGHOST), and a fresh database per case.
#pragma once

#include <string>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/postgres/connection.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {

// The test cluster's socket directory. Fails the calling test when the cluster is not there
// (the suite must be run through ctest, which starts it).
std::string pg_host();

// A connection URL for `database` on the test cluster, as user postgres.
std::string pg_url(const std::string& database, const std::string& user = "postgres");

// The URL to pass as --dev-url: the test cluster's maintenance database.
std::string pg_dev_url();

// The PostgreSQL schema fixtures: every_kind.sql, the SalesFlow schema, and conformance cases
// (every 32nd by default; DBAUDIT_PG_CONFORMANCE=all for all of them), without the cases listed
// with a reason in tests/postgres/conformance_exclusions.txt.
std::vector<SchemaFixture> pg_schema_fixtures();

// A database created for one test case and dropped at its end.
class PgDatabase {
public:
    PgDatabase();  // named after the running test
    ~PgDatabase();
    PgDatabase(const PgDatabase&) = delete;
    PgDatabase& operator=(const PgDatabase&) = delete;

    const std::string& name() const { return m_name; }
    std::string url(const std::string& user = "postgres") const { return pg_url(m_name, user); }
    // Runs SQL (several statements allowed); fails the test with the server's message on error.
    void exec(const std::string& sql);
    // Runs schema files statement by statement in autocommit, as psql -f does.
    void exec_script(const std::vector<engine::SchemaFile>& files);
    engine::postgres::Connection connect() const;

private:
    std::string m_name;
};

}  // namespace dbaudit::testing
