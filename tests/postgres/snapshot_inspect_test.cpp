// PostgreSQL: `inspect --format json` reads back as exactly the inspected model on every fixture;
// a snapshot serves as the expected schema (no shadow database) for audit and diff; the
// expected-model cache skips the shadow database on the second audit of unchanged files.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/snapshot/snapshot.hpp"
#include "postgres/pg_test_support.hpp"
#include "support/catalog_compare.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

std::string fixture_name(const ::testing::TestParamInfo<SchemaFixture>& info) {
    std::string name = info.param.name;
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

class PgInspectJson : public ::testing::TestWithParam<SchemaFixture> {};

TEST_P(PgInspectJson, ReadsBackAsTheInspectedModel) {
    PgDatabase db;
    db.exec_script(engine::read_schema_files(GetParam().files));
    const auto result = run_dbaudit({"inspect", "--db", db.url(), "--format", "json"});
    ASSERT_EQ(result.exit_code, 0) << result.err;
    auto connection = db.connect();
    EXPECT_EQ(catalog_difference(snapshot::read_snapshot(result.out, "inspect.json"), engine::postgres::inspect(connection)), "");
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PgInspectJson, ::testing::ValuesIn(pg_schema_fixtures()), fixture_name);

// Fixtures with objects dbaudit sees but does not model (kept as kind and name in `unsupported`,
// so no SQL can recreate them), with the reason: inspect_round_trip_exceptions.txt. For those,
// everything but the unsupported objects must round-trip.
std::set<std::string> sql_round_trip_exceptions() {
    std::set<std::string> out;
    std::istringstream lines(read_bytes(source_path("tests/postgres/inspect_round_trip_exceptions.txt")));
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && line[0] != '#') out.insert(line.substr(0, line.find(' ')));
    return out;
}

class PgInspectSql : public ::testing::TestWithParam<SchemaFixture> {};

// inspect --format sql, run into an empty database, inspects as exactly the same model.
TEST_P(PgInspectSql, ReloadsIntoAnEmptyDatabaseAsTheSameModel) {
    const bool has_unsupported = sql_round_trip_exceptions().count(GetParam().name) > 0;
    PgDatabase original;
    original.exec_script(engine::read_schema_files(GetParam().files));
    const auto sql = run_dbaudit({"inspect", "--db", original.url()});
    ASSERT_EQ(sql.exit_code, 0) << sql.err;
    PgDatabase reloaded;
    reloaded.exec_script({{"inspect.sql", sql.out}});
    auto before_connection = original.connect();
    auto after_connection = reloaded.connect();
    model::Catalog before = engine::postgres::inspect(before_connection);
    model::Catalog after = engine::postgres::inspect(after_connection);
    if (has_unsupported) {
        EXPECT_FALSE(before.unsupported.empty()) << "listed as an exception, but nothing is unsupported any more";
        before.unsupported.clear();
        after.unsupported.clear();
    }
    EXPECT_EQ(catalog_difference(after, before), "") << sql.out;
    EXPECT_EQ(run_dbaudit({"inspect", "--db", reloaded.url()}).out, sql.out) << "deterministic";
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PgInspectSql, ::testing::ValuesIn(pg_schema_fixtures()), fixture_name);

// The "dbaudit: timing: LABEL: ..." line of a run's stderr; empty when there is none.
std::string timing_line(const std::string& err, const std::string& label) {
    const auto at = err.find("dbaudit: timing: " + label + ":");
    return at == std::string::npos ? std::string() : err.substr(at, err.find('\n', at) - at);
}

class PgSnapshotAndCache : public ::testing::Test {
protected:
    void SetUp() override {
        live.exec("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);");
        staging.exec("CREATE TYPE mood AS ENUM ('ok', 'sad');"
                     "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, feeling mood);"
                     "CREATE TABLE teams (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);");
    }

    TempDir dir;
    PgDatabase live;
    PgDatabase staging;
    std::string cache = dir.file("cache");
};

TEST_F(PgSnapshotAndCache, StagingSnapshotAuditsProductionWithoutAShadow) {
    const std::string snapshot = dir.file("staging.json");
    ASSERT_EQ(run_dbaudit({"inspect", "--db", staging.url(), "--format", "json", "--output", snapshot}).exit_code, 0);
    const auto audit = run_dbaudit({"audit", "--db", live.url(), "--schema", snapshot, "--format", "json"}, {"DBAUDIT_TIMINGS=1"});
    EXPECT_EQ(audit.exit_code, 1) << audit.err;
    EXPECT_EQ(timing_line(audit.err, "shadow"), "") << "a snapshot needs no shadow database: " << audit.err;
    for (const char* expected : {"\"public.teams\"", "feeling", "public.mood"})
        EXPECT_NE(audit.out.find(expected), std::string::npos) << expected << " in " << audit.out;

    // diff: the same findings from the snapshot and from the staging database itself.
    const auto from_snapshot = run_dbaudit({"diff", live.url(), snapshot, "--format", "json"});
    const auto from_database = run_dbaudit({"diff", live.url(), staging.url(), "--format", "json"});
    EXPECT_EQ(from_snapshot.exit_code, 1) << from_snapshot.err;
    const auto findings = [](const std::string& report) { return report.substr(report.find("\"findings\"")); };
    EXPECT_EQ(findings(from_snapshot.out), findings(from_database.out));
    EXPECT_EQ(run_dbaudit({"diff", snapshot, staging.url()}).exit_code, 0);

    // diff --plan from production to the staging snapshot: the PostgreSQL migrator's plan.
    const auto plan = run_dbaudit({"diff", live.url(), snapshot, "--plan"});
    EXPECT_EQ(plan.exit_code, 0) << plan.err;
    for (const char* expected : {"CREATE TYPE public.mood", "CREATE TABLE public.teams", "ADD COLUMN feeling"})
        EXPECT_NE(plan.out.find(expected), std::string::npos) << expected << " in " << plan.out;
}

TEST_F(PgSnapshotAndCache, SecondAuditOfUnchangedFilesSkipsTheShadowDatabase) {
    const std::string schema = dir.write("schema.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, name text);\n");
    const std::vector<std::string> args{"audit", "--db", live.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--format", "json"};
    const std::vector<std::string> env{"XDG_CACHE_HOME=" + cache, "DBAUDIT_TIMINGS=1"};
    const auto cold = run_dbaudit(args, env);
    ASSERT_EQ(cold.exit_code, 1) << cold.err;
    EXPECT_NE(timing_line(cold.err, "shadow"), "") << cold.err;
    EXPECT_NE(timing_line(cold.err, "cache").find("hit=0"), std::string::npos) << cold.err;

    const auto warm = run_dbaudit(args, env);
    EXPECT_EQ(warm.exit_code, 1) << warm.err;
    EXPECT_EQ(timing_line(warm.err, "shadow"), "") << "no shadow database on a hit: " << warm.err;
    EXPECT_NE(timing_line(warm.err, "cache").find("hit=1"), std::string::npos) << warm.err;
    EXPECT_EQ(warm.out, cold.out);

    auto no_cache_args = args;
    no_cache_args.push_back("--no-cache");
    const auto bypass = run_dbaudit(no_cache_args, env);
    EXPECT_NE(timing_line(bypass.err, "shadow"), "") << bypass.err;
    EXPECT_EQ(bypass.out, cold.out);
}

TEST_F(PgSnapshotAndCache, EphemeralShadowClusterIsCachedByItsServerVersion) {
    const std::string schema = dir.write("schema.sql", "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n");
    const std::vector<std::string> args{"audit", "--db", live.url(), "--schema", schema};
    const std::vector<std::string> env{"XDG_CACHE_HOME=" + cache, "DBAUDIT_TIMINGS=1"};
    const auto cold = run_dbaudit(args, env);
    ASSERT_EQ(cold.exit_code, 0) << cold.err;
    const auto warm = run_dbaudit(args, env);
    EXPECT_EQ(warm.exit_code, 0) << warm.err;
    EXPECT_NE(timing_line(warm.err, "cache").find("hit=1"), std::string::npos) << warm.err;
    EXPECT_EQ(timing_line(warm.err, "shadow"), "") << warm.err;
    std::string entry;
    for (const auto& file : std::filesystem::directory_iterator(cache + "/dbaudit")) entry = read_bytes(file.path().string());
    EXPECT_NE(entry.find("identity postgres (PostgreSQL) "), std::string::npos) << entry.substr(0, 400);
}

}  // namespace
}  // namespace dbaudit::testing
