#include "postgres/pg_test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>

#include "dbaudit/engine/postgres/statement_splitter.hpp"

namespace dbaudit::testing {

using engine::postgres::Connection;
using engine::postgres::StatementError;

std::string pg_host() {
    const char* host = std::getenv("DBAUDIT_TEST_PGHOST");
    if (!host || !*host) host = DBAUDIT_TEST_PGHOST_DEFAULT;
    if (!host || !*host) {
        ADD_FAILURE() << "DBAUDIT_TEST_PGHOST is not set: run the PostgreSQL tests through ctest, which starts the "
                         "test cluster (fixture pg_cluster_start)";
        return "/nonexistent";
    }
    return host;
}

std::string pg_url(const std::string& database, const std::string& user) {
    return "postgresql://" + user + "@/" + database + "?host=" + pg_host();
}

std::string pg_dev_url() { return pg_url("postgres"); }

namespace {

Connection admin() { return Connection::open(pg_dev_url(), "test cluster", {}); }

}  // namespace

PgDatabase::PgDatabase() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string base = info ? std::string(info->test_suite_name()) + "_" + info->name() : "case";
    for (char& c : base)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    if (base.size() > 40) base.resize(40);
    m_name = "t_" + base + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    for (char& c : m_name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    try {
        admin().exec("CREATE DATABASE " + engine::postgres::quote_identifier(m_name) + " TEMPLATE template0");
    } catch (const std::exception& e) {
        ADD_FAILURE() << "cannot create test database " << m_name << ": " << e.what();
    }
}

PgDatabase::~PgDatabase() {
    try {
        admin().exec("DROP DATABASE IF EXISTS " + engine::postgres::quote_identifier(m_name) + " WITH (FORCE)");
    } catch (...) {
    }
}

void PgDatabase::exec(const std::string& sql) {
    try {
        connect().exec(sql);
    } catch (const StatementError& e) {
        ADD_FAILURE() << "SQL failed in " << m_name << ": " << e.error().message << "\n" << e.error().detail << "\nin:\n"
                      << sql.substr(0, 2000);
    } catch (const std::exception& e) {
        ADD_FAILURE() << "cannot run SQL in " << m_name << ": " << e.what();
    }
}

void PgDatabase::exec_script(const std::vector<engine::SchemaFile>& files) {
    const auto split = engine::postgres::split_schema(files);
    auto connection = connect();
    for (const auto& statement : split.statements) {
        try {
            connection.exec(std::string(statement.text()));
        } catch (const StatementError& e) {
            ADD_FAILURE() << "SQL failed in " << m_name << ": " << e.error().message << "\nin: " << statement.text();
            return;
        }
    }
}

Connection PgDatabase::connect() const { return Connection::open(url(), m_name, {}); }

}  // namespace dbaudit::testing
