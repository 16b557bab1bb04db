#include "dbaudit/engine/postgres/apply_statements.hpp"

#include <gtest/gtest.h>

namespace dbaudit::engine::postgres {
namespace {

TEST(ConcurrentIndexName, ReadsTheIndexAndTheTablesSchema) {
    EXPECT_EQ(concurrent_index_name("CREATE INDEX CONCURRENTLY leads_email_idx ON public.leads (email)"),
              "\"public\".\"leads_email_idx\"");
    EXPECT_EQ(concurrent_index_name("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Big Idx\" ON ONLY \"Sales\".\"Orders\" USING btree (id)"),
              "\"Sales\".\"Big Idx\"");
    EXPECT_EQ(concurrent_index_name("create index concurrently I on t(a)"), "\"i\"");
    EXPECT_EQ(concurrent_index_name("-- why\nCREATE INDEX CONCURRENTLY \"on\" ON s.t (a)"), "\"s\".\"on\"");
    EXPECT_EQ(concurrent_index_name("CREATE INDEX leads_email_idx ON public.leads (email)"), std::nullopt);
    EXPECT_EQ(concurrent_index_name("CREATE INDEX CONCURRENTLY ON public.leads (email)"), std::nullopt);
    EXPECT_EQ(concurrent_index_name("DROP INDEX CONCURRENTLY public.x"), std::nullopt);
}

TEST(LockTimeoutSetBy, ReadsTheValueAsWritten) {
    EXPECT_EQ(lock_timeout_set_by("SET lock_timeout = '5s'"), "5s");
    EXPECT_EQ(lock_timeout_set_by("set local lock_timeout to 2000;"), "2000");
    EXPECT_EQ(lock_timeout_set_by("SET SESSION lock_timeout TO '1min'"), "1min");
    EXPECT_EQ(lock_timeout_set_by("SET statement_timeout = '5s'"), std::nullopt);
    EXPECT_EQ(lock_timeout_set_by("ALTER TABLE t SET (fillfactor = 50)"), std::nullopt);
}

TEST(ReadableDuration, SecondsWhenWhole) {
    EXPECT_EQ(readable_duration("5000ms"), "5s");
    EXPECT_EQ(readable_duration("5000"), "5s");
    EXPECT_EQ(readable_duration("300ms"), "300ms");
    EXPECT_EQ(readable_duration("5s"), "5s");
    EXPECT_EQ(readable_duration("1min"), "1min");
}

TEST(PrivilegeProblem, NamesThePrivilegeAndTheObject) {
    struct Case {
        const char* sql;
        const char* message;
        const char* description;
    };
    const Case cases[] = {
        {"CREATE TABLE app.t (id int)", "permission denied for schema app",
         "role r lacks the CREATE privilege on schema app (GRANT CREATE ON SCHEMA app TO r)"},
        {"ALTER TABLE app.t ADD COLUMN c int", "permission denied for schema app",
         "role r lacks the USAGE privilege on schema app (GRANT USAGE ON SCHEMA app TO r)"},
        {"CREATE SCHEMA billing", "permission denied for database sales",
         "role r lacks the CREATE privilege on database sales (GRANT CREATE ON DATABASE sales TO r)"},
        {"ALTER TABLE public.child ADD CONSTRAINT fk FOREIGN KEY (p) REFERENCES public.parent (id) NOT VALID",
         "permission denied for table parent",
         "role r lacks the REFERENCES privilege on table parent (GRANT REFERENCES ON TABLE parent TO r)"},
        {"INSERT INTO public.roles (name) VALUES ('x')", "permission denied for table roles",
         "role r lacks the INSERT privilege on table roles (GRANT INSERT ON TABLE roles TO r)"},
        {"REFRESH MATERIALIZED VIEW public.mv", "permission denied for materialized view mv",
         "role r lacks the SELECT privilege on materialized view mv (GRANT SELECT ON MATERIALIZED VIEW mv TO r)"},
        {"ALTER TABLE public.leads ADD COLUMN source text", "must be owner of table leads",
         "only the owner of table leads (or a member of the owning role) may change it, and role r is not (ALTER TABLE leads "
         "OWNER TO r, or apply as the owner)"},
    };
    for (const Case& c : cases) {
        const auto problem = privilege_problem(c.sql, c.message);
        ASSERT_TRUE(problem) << c.sql;
        const std::string privilege = problem->privileges.empty() ? "" : problem->privileges.front();
        EXPECT_EQ(describe_privilege_problem(*problem, privilege, "r"), c.description) << c.sql;
    }
    EXPECT_FALSE(privilege_problem("CREATE EXTENSION postgis", "permission denied to create extension \"postgis\""));
}

}  // namespace
}  // namespace dbaudit::engine::postgres
