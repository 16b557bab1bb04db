#include "dbaudit/engine/postgres/conninfo.hpp"

#include <gtest/gtest.h>

#include "dbaudit/engine/engine.hpp"

namespace dbaudit::engine::postgres {
namespace {

TEST(Conninfo, RecognizesPostgresTargets) {
    for (const char* text : {"postgres://db/app", "postgresql://u@h:5432/d", "POSTGRES://h/d", "host=db dbname=app",
                             "dbname=app user=x", " service=prod"})
        EXPECT_TRUE(is_postgres_target(text)) << text;
    for (const char* text : {"app.db", "sqlite:app.db", "mysql://h/d", "file=x", "/srv/data/app.db"})
        EXPECT_FALSE(is_postgres_target(text)) << text;
}

TEST(Conninfo, RedactsEveryPassword) {
    struct Case {
        const char* in;
        const char* out;
    };
    const Case cases[] = {
        {"postgresql://app:s3cr3t@db.internal:5432/app", "postgresql://app@db.internal:5432/app"},
        {"postgres://app:p%40ss@db/app?sslmode=require", "postgres://app@db/app?sslmode=require"},
        {"postgres://app@db/app?password=s3cr3t&sslmode=require", "postgres://app@db/app?sslmode=require"},
        {"postgres://db/app?password=s3cr3t", "postgres://db/app"},
        {"postgresql:///app?host=/tmp", "postgresql:///app?host=/tmp"},
        {"host=db user=app password=s3cr3t dbname=app", "host=db user=app dbname=app"},
        {"host=db password='a b\\'c' dbname=app", "host=db dbname=app"},
    };
    for (const Case& c : cases) EXPECT_EQ(redact_conninfo(c.in), c.out) << c.in;
}

TEST(Conninfo, SecretsIncludeDecodedForms) {
    const auto secrets = secrets_of("postgres://app:p%40ss@db/app");
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), "p%40ss"), secrets.end());
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), "p@ss"), secrets.end());
    EXPECT_EQ(scrub("auth failed for p@ss and p%40ss", secrets), "auth failed for *** and ***");
    EXPECT_EQ(secrets_of("host=db password=x1y2 dbname=a"), std::vector<std::string>{"x1y2"});
}

TEST(Conninfo, RegistryParsesPostgresTargets) {
    const Target target = parse_target("postgresql://app:s3cr3t@db/app");
    EXPECT_EQ(target.engine, "postgresql");
    EXPECT_EQ(target.location, "postgresql://app:s3cr3t@db/app");
    EXPECT_EQ(target.display, "postgresql://app@db/app");
}

}  // namespace
}  // namespace dbaudit::engine::postgres
