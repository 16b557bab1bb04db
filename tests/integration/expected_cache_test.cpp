// The expected-model cache: the second audit of unchanged files reads the model from the cache
// (DBAUDIT_TIMINGS says "cache: ... hit=1" and no load phase); a changed file, --no-cache, a
// corrupt entry and an unwritable cache directory all still give the right report.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

namespace fs = std::filesystem;

// The "dbaudit: timing: cache: ..." line of a run's stderr; empty when there is none.
std::string cache_line(const std::string& err) {
    const auto at = err.find("dbaudit: timing: cache:");
    return at == std::string::npos ? std::string() : err.substr(at, err.find('\n', at) - at);
}

class ExpectedCache : public ::testing::Test {
protected:
    void SetUp() override {
        make_sqlite_db(db, "CREATE TABLE users (id INTEGER PRIMARY KEY);");
        dir.write("schema/01_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);\n");
        dir.write("schema/02_seed.sql", "-- dbaudit:renamed-from people\nCREATE TABLE team (id INTEGER PRIMARY KEY);\n"
                                        "INSERT INTO team VALUES (1);\n");
    }

    CommandResult audit(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"audit", "--db", db, "--schema", dir.file("schema"), "--format", "json"};
        args.insert(args.end(), extra.begin(), extra.end());
        return run_dbaudit(args, {"XDG_CACHE_HOME=" + cache, "DBAUDIT_TIMINGS=1"});
    }

    std::vector<fs::path> entries() const {
        std::vector<fs::path> out;
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(cache + "/dbaudit", ec)) out.push_back(entry.path());
        return out;
    }

    TempDir dir;
    std::string db = dir.file("live.db");
    std::string cache = dir.file("cache");
};

TEST_F(ExpectedCache, SecondAuditOfUnchangedFilesSkipsTheLoad) {
    const auto cold = audit();
    ASSERT_EQ(cold.exit_code, 1) << cold.err;
    EXPECT_NE(cache_line(cold.err).find("load="), std::string::npos) << cold.err;
    EXPECT_NE(cache_line(cold.err).find("hit=0"), std::string::npos) << cold.err;
    ASSERT_EQ(entries().size(), 1u);

    const auto warm = audit();
    EXPECT_EQ(warm.exit_code, 1);
    EXPECT_NE(cache_line(warm.err).find("hit=1"), std::string::npos) << warm.err;
    EXPECT_EQ(cache_line(warm.err).find("load="), std::string::npos) << warm.err;
    EXPECT_EQ(warm.out, cold.out);
}

TEST_F(ExpectedCache, RenamesAndSeedsSurviveTheCacheForPlan) {
    const auto plan_args = std::vector<std::string>{"plan", "--db", db, "--schema", dir.file("schema")};
    const auto cold = run_dbaudit(plan_args, {"XDG_CACHE_HOME=" + cache});
    const auto warm = run_dbaudit(plan_args, {"XDG_CACHE_HOME=" + cache, "DBAUDIT_TIMINGS=1"});
    ASSERT_EQ(cold.exit_code, 0) << cold.err;
    EXPECT_NE(cache_line(warm.err).find("hit=1"), std::string::npos) << warm.err;
    EXPECT_EQ(warm.out, cold.out);
    EXPECT_NE(warm.out.find("INSERT"), std::string::npos) << "the seed row is planned: " << warm.out;
    EXPECT_EQ(warm.out, run_dbaudit(plan_args).out) << "same plan as without any cache";
}

TEST_F(ExpectedCache, ChangedFileIsLoadedAgain) {
    ASSERT_EQ(audit().exit_code, 1);
    dir.write("schema/01_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
    const auto changed = audit();
    EXPECT_NE(cache_line(changed.err).find("hit=0"), std::string::npos) << changed.err;
    EXPECT_EQ(changed.out.find("email"), std::string::npos) << "the report reflects the new file: " << changed.out;
    EXPECT_EQ(entries().size(), 2u);
}

TEST_F(ExpectedCache, NoCacheNeitherReadsNorWrites) {
    const auto result = audit({"--no-cache"});
    EXPECT_EQ(result.exit_code, 1) << result.err;
    EXPECT_EQ(cache_line(result.err), "");
    EXPECT_TRUE(entries().empty());
    ASSERT_EQ(audit().exit_code, 1);
    EXPECT_EQ(cache_line(audit({"--no-cache"}).err), "");
}

TEST_F(ExpectedCache, CorruptEntryIsIgnoredAndRewritten) {
    const auto cold = audit();
    ASSERT_EQ(entries().size(), 1u);
    const fs::path entry = entries()[0];
    const std::string good = read_bytes(entry.string());
    for (const std::string& damage : {std::string("garbage"), good.substr(0, good.size() / 2), std::string()}) {
        {
            std::ofstream out(entry, std::ios::binary | std::ios::trunc);
            out << damage;
        }
        const auto result = audit();
        EXPECT_EQ(result.exit_code, 1) << result.err;
        EXPECT_EQ(result.out, cold.out);
        EXPECT_NE(cache_line(result.err).find("hit=0"), std::string::npos) << result.err;
        EXPECT_EQ(read_bytes(entry.string()), good) << "rewritten";
    }
    EXPECT_NE(cache_line(audit().err).find("hit=1"), std::string::npos);
}

TEST_F(ExpectedCache, UnwritableCacheDirectoryIsNotAnError) {
    if (::geteuid() == 0) {
        // root writes anywhere: make the cache path a file, which no directory can be created in.
        dir.write("cache", "not a directory");
    } else {
        fs::create_directories(cache);
        ::chmod(cache.c_str(), 0500);
    }
    const auto result = run_dbaudit({"audit", "--db", db, "--schema", dir.file("schema")}, {"XDG_CACHE_HOME=" + cache});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.err, "") << "silent without DBAUDIT_TIMINGS";
    const auto timed = audit();
    EXPECT_EQ(timed.exit_code, 1);
    EXPECT_NE(timed.err.find("dbaudit: note: expected-model cache: cannot create"), std::string::npos) << timed.err;
    ::chmod(cache.c_str(), 0700);
}

TEST_F(ExpectedCache, DefaultsToHomeWhenXdgCacheHomeIsUnsetOrRelative) {
    const std::string home = dir.file("home");
    fs::create_directories(home);
    const auto args = std::vector<std::string>{"audit", "--db", db, "--schema", dir.file("schema")};
    EXPECT_EQ(run_dbaudit(args, {"HOME=" + home, "XDG_CACHE_HOME=relative/dir"}).exit_code, 1);
    EXPECT_TRUE(fs::exists(home + "/.cache/dbaudit"));
    EXPECT_FALSE(fs::exists("relative/dir"));
}

}  // namespace
}  // namespace dbaudit::testing
