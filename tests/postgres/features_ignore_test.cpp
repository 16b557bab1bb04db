// Features and --ignore against PostgreSQL: objects in a non-public schema, a type and a trigger
// function from another feature pulled in by --feature, and schema-qualified ignore patterns.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Json = nlohmann::ordered_json;

std::vector<std::string> objects_of(const Json& findings) {
    std::vector<std::string> out;
    for (const auto& finding : findings) out.push_back(finding["object"].get<std::string>() + " @" +
                                                       (finding["feature"].is_null() ? std::string("-") : finding["feature"].get<std::string>()));
    std::sort(out.begin(), out.end());
    return out;
}

TEST(PgFeatures, FeaturesAndIgnoreWithANonPublicSchema) {
    TempDir dir;
    dir.write("schema/01_core.sql",
              "CREATE SCHEMA billing;\n"
              "CREATE TYPE billing.state AS ENUM ('open', 'paid');\n"
              "CREATE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n"
              "CREATE TABLE billing.customers (id serial PRIMARY KEY, name text NOT NULL);\n");
    dir.write("schema/02_invoices.sql",
              "SET search_path TO billing;\n"
              "CREATE TABLE invoices (id serial PRIMARY KEY, customer_id integer REFERENCES customers(id), state billing.state);\n"
              "CREATE TRIGGER invoices_touch BEFORE UPDATE ON invoices FOR EACH ROW EXECUTE FUNCTION billing.touch();\n"
              "-- dbaudit:feature reporting\n"
              "CREATE VIEW billing.open_invoices AS SELECT id FROM billing.invoices WHERE state = 'open';\n"
              "CREATE TABLE billing.tmp_export (id integer);\n");
    PgDatabase db;
    db.exec("CREATE SCHEMA billing; CREATE TABLE billing.customers (id serial PRIMARY KEY);"
            "CREATE TABLE billing.tmp_scratch (x int); CREATE SCHEMA legacy; CREATE TABLE legacy.old (x int);");
    const std::string schema = dir.file("schema");

    const auto all = run_dbaudit({"audit", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--format", "json",
                                  "--ignore", "billing.tmp_*", "--ignore", "legacy.*"});
    ASSERT_EQ(all.exit_code, 1) << all.err;
    const Json json = Json::parse(all.out);
    EXPECT_EQ(objects_of(json["findings"]),
              (std::vector<std::string>{"billing.customers.name @01_core", "billing.invoices @02_invoices", "billing.invoices.invoices_touch @02_invoices",
                                        "billing.open_invoices @reporting", "billing.state @01_core", "billing.touch() @01_core"}))
        << json["findings"].dump(2);
    std::vector<std::string> features;
    for (const auto& feature : json["features"]) features.push_back(feature["name"].is_null() ? "-" : feature["name"].get<std::string>());
    EXPECT_EQ(features, (std::vector<std::string>{"01_core", "02_invoices", "reporting"}));

    const auto scoped = run_dbaudit({"audit", "--db", db.url(), "--schema", schema, "--dev-url", pg_dev_url(), "--format", "json",
                                     "--feature", "02_invoices", "--ignore", "billing.tmp_*"});
    ASSERT_EQ(scoped.exit_code, 1) << scoped.err;
    const Json scoped_json = Json::parse(scoped.out);
    std::vector<std::string> included;
    for (const auto& inclusion : scoped_json["scope"]["included"])
        included.push_back(inclusion["kind"].get<std::string>() + " " + inclusion["name"].get<std::string>() + ": " +
                           inclusion["reason"].get<std::string>());
    EXPECT_EQ(included, (std::vector<std::string>{
                            "schema billing: table billing.invoices is in it",
                            "table billing.customers: table billing.invoices references it (foreign key customer_id)",
                            "type billing.state: column billing.invoices.state uses it",
                            "function billing.touch: trigger billing.invoices.invoices_touch uses it"}))
        << scoped_json["scope"].dump(2);
    // The view of another feature and the live-only schema are out of scope.
    EXPECT_EQ(objects_of(scoped_json["findings"]),
              (std::vector<std::string>{"billing.customers.name @01_core", "billing.invoices @02_invoices", "billing.invoices.invoices_touch @02_invoices",
                                        "billing.state @01_core", "billing.touch() @01_core"}))
        << scoped_json["findings"].dump(2);
}

}  // namespace
}  // namespace dbaudit::testing
