#include "dbaudit/engine/postgres/pg_dump_backup.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "dbaudit/engine/postgres/conninfo.hpp"
#include "support/test_support.hpp"

namespace dbaudit::engine::postgres {
namespace {

std::string joined(const std::vector<std::string>& argv) {
    std::string out;
    for (const std::string& arg : argv) out += arg + "\n";
    return out;
}

// The password may appear in the environment entry only: argv is readable by every user in /proc.
TEST(PgDumpCommand, PasswordOnlyInTheEnvironment) {
    struct Case {
        const char* conninfo;
        const char* password;     // what PGPASSWORD must carry
        const char* must_remain;  // a setting the command line keeps
    };
    const Case cases[] = {
        {"postgresql://app:s3cr%40t-pw@db.internal:6543/sales?sslmode=require", "s3cr@t-pw", "sslmode='require'"},
        {"postgres://app@db/sales?password=s3cr3t-pw&application_name=x", "s3cr3t-pw", "application_name='x'"},
        {"host=db port=5433 user=app password='s3 cr\\'3t-pw' dbname=sales", "s3 cr'3t-pw", "port='5433'"},
        {"postgresql://app:pw-in-url@/sales?host=/run/postgresql", "pw-in-url", "host='/run/postgresql'"},
    };
    for (const Case& c : cases) {
        const PgDumpCommand command = pg_dump_command("/usr/lib/postgresql/15/bin/pg_dump", c.conninfo, "/tmp/b.dump", "5s");
        const std::string argv = joined(command.argv);
        EXPECT_EQ(argv.find(c.password), std::string::npos) << argv;
        EXPECT_EQ(argv.find("password="), std::string::npos) << argv;
        for (const std::string& secret : secrets_of(c.conninfo)) EXPECT_EQ(argv.find(secret), std::string::npos) << secret;
        EXPECT_NE(argv.find(c.must_remain), std::string::npos) << argv;
        EXPECT_NE(argv.find("dbname="), std::string::npos) << argv;
        ASSERT_EQ(command.environment.size(), 1u) << c.conninfo;
        EXPECT_EQ(command.environment[0], std::string("PGPASSWORD=") + c.password);
        EXPECT_EQ(command.argv[0], "/usr/lib/postgresql/15/bin/pg_dump");
        EXPECT_EQ(command.argv[1], "--format=custom");
        EXPECT_EQ(command.argv[2], "--file=/tmp/b.dump");
        EXPECT_EQ(command.argv[3], "--no-password");
        EXPECT_EQ(command.argv[4], "--lock-wait-timeout=5s");
    }
}

TEST(PgDumpCommand, NoPasswordNoEnvironment) {
    const PgDumpCommand command = pg_dump_command("pg_dump", "postgresql://app@db/sales", "b.dump", "10s");
    EXPECT_TRUE(command.environment.empty());
    EXPECT_EQ(command.argv.back(), "--dbname=user='app' dbname='sales' host='db'");
}

TEST(PgDumpCommand, SplitPasswordKeepsEverythingElse) {
    const ConninfoWithoutPassword parts = split_password("postgresql://u:p%20w@h:1/d?connect_timeout=3");
    EXPECT_EQ(parts.password, "p w");
    EXPECT_EQ(parts.conninfo, "user='u' connect_timeout='3' dbname='d' host='h' port='1'");
}

TEST(FindPgDump, PrefersTheServersMajorVersionThenTheOldestNewerOne) {
    testing::TempDir root;
    auto install = [&](const std::string& major) {
        const auto bin = root.path() / major / "bin";
        std::filesystem::create_directories(bin);
        std::ofstream(bin / "pg_dump") << "#!/bin/sh\n";
        std::filesystem::permissions(bin / "pg_dump", std::filesystem::perms::owner_all);
        return (bin / "pg_dump").string();
    };
    const std::string v13 = install("13");
    const std::string v15 = install("15");
    const std::string v16 = install("16");
    std::filesystem::create_directories(root.path() / "14" / "bin");  // no pg_dump in it
    EXPECT_EQ(find_pg_dump(15, root.path().string()), v15);
    EXPECT_EQ(find_pg_dump(13, root.path().string()), v13);
    EXPECT_EQ(find_pg_dump(14, root.path().string()), v15);  // 14 has no pg_dump; a newer one reads 14
    EXPECT_EQ(find_pg_dump(16, root.path().string()), v16);
    EXPECT_EQ(find_pg_dump(17, root.path().string()), "pg_dump");  // none can read 17: PATH decides
    EXPECT_EQ(find_pg_dump(15, (root.path() / "none").string()), "pg_dump");
}

}  // namespace
}  // namespace dbaudit::engine::postgres
