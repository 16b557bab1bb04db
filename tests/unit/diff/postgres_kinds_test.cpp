// The differ and the severity model on PostgreSQL kinds, from hand-built catalogs.
#include <gtest/gtest.h>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/report/audit_report.hpp"

namespace dbaudit::diff {
namespace {

model::Catalog catalog() {
    model::Catalog c;
    c.engine = "postgresql";
    c.catalog_comments = true;
    c.server_version = "15.20";
    c.schemas.push_back({"public", ""});
    return c;
}

model::Table table(const std::string& name) {
    model::Table t;
    t.schema = "public";
    t.name = name;
    model::Column id;  // by name: the struct grows fields
    id.name = "id";
    id.type = "integer";
    id.not_null = true;
    t.columns.push_back(id);
    return t;
}

std::vector<Finding> findings(model::Catalog expected, model::Catalog live) {
    expected.sort();
    live.sort();
    return findings_for(diff_catalogs(expected, live));
}

TEST(PostgresKinds, IdenticalCatalogsHaveNoFindings) {
    auto e = catalog();
    e.tables.push_back(table("leads"));
    e.extensions.push_back({"uuid-ossp", "1.1", "public"});
    EXPECT_TRUE(findings(e, e).empty());
}

TEST(PostgresKinds, RowSecurityDisabledWhereExpectedIsHigh) {
    auto e = catalog(), l = catalog();
    e.tables.push_back(table("leads"));
    e.tables.back().row_security = true;
    l.tables.push_back(table("leads"));
    const auto f = findings(e, l);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].severity, Severity::high);
    EXPECT_EQ(f[0].kind, ObjectKind::row_security);
    EXPECT_EQ(f[0].message, "row level security on public.leads is disabled, but the expected schema enables it (its policies do not apply)");
}

TEST(PostgresKinds, MissingExtensionSaysWhetherTheServerOffersIt) {
    auto e = catalog(), l = catalog();
    e.extensions.push_back({"pgcrypto", "1.3", "public"});
    e.extensions.push_back({"vector", "0.7.0", "public"});
    l.available_extensions.push_back({"pgcrypto", "1.3"});
    const auto f = findings(e, l);
    ASSERT_EQ(f.size(), 2u);
    EXPECT_EQ(f[0].severity, Severity::critical);
    EXPECT_EQ(f[0].message, "extension pgcrypto is missing (the server offers version 1.3: CREATE EXTENSION \"pgcrypto\")");
    EXPECT_EQ(f[1].message, "extension vector is missing (the server does not offer it: it must be installed on the database server first)");
}

TEST(PostgresKinds, ForeignSchemaIsOneFindingNotOnePerObject) {
    auto e = catalog(), l = catalog();
    l.schemas.push_back({"auth", ""});
    for (const char* name : {"users", "sessions", "identities"}) {
        auto t = table(name);
        t.schema = "auth";
        l.tables.push_back(t);
    }
    const auto f = findings(e, l);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].kind, ObjectKind::schema);
    EXPECT_EQ(f[0].severity, Severity::low);
    EXPECT_EQ(f[0].message, "schema auth is not in the expected schema (3 objects in it, not listed one by one)");
}

TEST(PostgresKinds, UnreadableKindIsNotVisibleNeverMissing) {
    auto e = catalog(), l = catalog();
    e.functions.push_back({"public", "f", "", "function", "integer", "sql", "volatile"});
    l.privilege_notes.push_back({"function", "permission denied for table pg_proc"});
    const auto f = findings(e, l);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].type, FindingType::not_visible);
    EXPECT_EQ(f[0].severity, Severity::high);
    auto le = e, ll = l;
    le.sort();
    ll.sort();
    const auto report = report::build_audit_report(le, ll, diff_catalogs(le, ll), {"postgresql", "db", {}, Severity::medium});
    for (const auto& kind : report.summary) {
        if (kind.kind == "functions") {
            EXPECT_EQ(kind.unknown, 1u);
            EXPECT_EQ(kind.present, 0u);
            EXPECT_EQ(kind.missing, 0u);
        }
    }
}

TEST(PostgresKinds, ShadowOfAnotherMajorVersionIsReported) {
    auto e = catalog(), l = catalog();
    e.server_version = "16.4";
    const auto f = findings(e, l);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].kind, ObjectKind::server);
    EXPECT_EQ(f[0].severity, Severity::low);
    EXPECT_NE(f[0].message.find("PostgreSQL 16.4 and the database 15.20"), std::string::npos) << f[0].message;
    l.server_version = "16.1";  // minor versions do not matter
    EXPECT_TRUE(findings(e, l).empty());
}

TEST(PostgresKinds, FunctionBodiesCompareByNormalizedText) {
    auto e = catalog(), l = catalog();
    model::Function f{"public", "f", "", "function", "integer", "plpgsql", "volatile"};
    f.body_key = "BEGIN RETURN 1; END";
    e.functions.push_back(f);
    f.body_key = "BEGIN RETURN 2; END";
    l.functions.push_back(f);
    const auto out = findings(e, l);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].severity, Severity::medium);
    EXPECT_EQ(out[0].message, "function public.f() differs in body");
}

TEST(PostgresKinds, DisabledTriggerIsAsBadAsAMissingOne) {
    auto e = catalog(), l = catalog();
    e.tables.push_back(table("leads"));
    l.tables.push_back(table("leads"));
    model::Trigger t{"public.leads", "touch", "public.leads", "BEFORE", "UPDATE", "CREATE TRIGGER touch ..."};
    e.triggers.push_back(t);
    t.enabled = "DISABLED";
    l.triggers.push_back(t);
    const auto out = findings(e, l);
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].severity, Severity::high);
    EXPECT_EQ(out[0].message, "trigger public.leads.touch is DISABLED in the database, expected ENABLED");
}

}  // namespace
}  // namespace dbaudit::diff
