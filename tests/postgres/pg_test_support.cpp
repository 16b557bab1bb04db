#include "postgres/pg_test_support.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

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

std::vector<SchemaFixture> pg_schema_fixtures() {
    std::vector<SchemaFixture> out{{"every_kind", {source_path("tests/postgres/fixtures/every_kind.sql")}}};
    SchemaFixture salesflow{"salesflow", {}};
    for (const auto& entry : std::filesystem::directory_iterator(source_path("tests/postgres/salesflow/schema")))
        salesflow.files.push_back(entry.path().string());
    std::sort(salesflow.files.begin(), salesflow.files.end());
    out.push_back(salesflow);
    const std::filesystem::path root = std::filesystem::path(DBAUDIT_SHARED_DIR) / "conformance/postgresql";
    if (std::filesystem::exists(root)) {
        std::set<std::string> excluded;
        std::istringstream exclusions(read_bytes(source_path("tests/postgres/conformance_exclusions.txt")));
        for (std::string line; std::getline(exclusions, line);)
            if (!line.empty() && line[0] != '#') excluded.insert(line.substr(0, line.find(' ')));
        std::vector<std::filesystem::path> cases;
        for (const auto& entry : std::filesystem::directory_iterator(root))
            if (!excluded.count(entry.path().filename().string())) cases.push_back(entry.path());
        std::sort(cases.begin(), cases.end());
        const char* all = std::getenv("DBAUDIT_PG_CONFORMANCE");
        const std::size_t step = all && std::string(all) == "all" ? 1 : 32;
        for (std::size_t i = 0; i < cases.size(); i += step) {
            for (const char* side : {"current", "desired"}) {
                const auto file = cases[i] / (std::string(side) + ".sql");
                if (std::filesystem::exists(file)) out.push_back({cases[i].filename().string() + "_" + side, {file.string()}});
            }
        }
    }
    return out;
}

Connection PgDatabase::connect() const { return Connection::open(url(), m_name, {}); }

}  // namespace dbaudit::testing
