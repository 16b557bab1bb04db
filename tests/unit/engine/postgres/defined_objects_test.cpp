#include "dbaudit/engine/postgres/defined_objects.hpp"

#include <gtest/gtest.h>

namespace dbaudit::engine::postgres {
namespace {

std::vector<std::string> defined(const std::string& sql) {
    const std::vector<SchemaFile> files = {{"s.sql", sql}};
    std::vector<std::string> out;
    for (const auto& source : defined_objects(split_schema(files)))
        out.push_back(std::string(model::to_string(source.kind)) + " " + source.name + (source.table.empty() ? "" : " on " + source.table) +
                      " @" + std::to_string(source.location.line));
    return out;
}

TEST(DefinedObjects, EveryCreateKindWithQualifiedNames) {
    EXPECT_EQ(defined("CREATE SCHEMA IF NOT EXISTS billing;\n"
                      "CREATE EXTENSION IF NOT EXISTS citext;\n"
                      "CREATE TYPE billing.state AS ENUM ('a');\n"
                      "CREATE DOMAIN Email AS text;\n"
                      "CREATE SEQUENCE billing.no_seq;\n"
                      "CREATE UNLOGGED TABLE IF NOT EXISTS \"Billing\".\"Invoice\" (id int);\n"
                      "CREATE OR REPLACE FUNCTION billing.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;\n"
                      "CREATE PROCEDURE p() LANGUAGE sql AS $$SELECT 1$$;\n"
                      "CREATE OR REPLACE VIEW v AS SELECT 1;\n"
                      "CREATE MATERIALIZED VIEW IF NOT EXISTS billing.mv AS SELECT 1;\n"
                      "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS inv_idx ON ONLY billing.t (id);\n"
                      "CREATE INDEX ON billing.t (id);\n"
                      "CREATE TRIGGER trg AFTER INSERT OR UPDATE OF a, b ON billing.t FOR EACH ROW EXECUTE FUNCTION billing.touch();\n"
                      "CREATE POLICY own ON billing.t USING (true);\n"
                      "ALTER TABLE billing.t ADD COLUMN x int;\n"),
              (std::vector<std::string>{"schema billing @1", "extension citext @2", "type billing.state @3", "type public.email @4",
                                        "sequence billing.no_seq @5", "table Billing.Invoice @6", "function billing.touch @7",
                                        "function public.p @8", "view public.v @9", "materialized_view billing.mv @10",
                                        "index billing.inv_idx on billing.t @11", "index  on billing.t @12",
                                        "trigger billing.t.trg on billing.t @13", "policy billing.t.own on billing.t @14"}));
}

TEST(DefinedObjects, UnqualifiedNamesGoWhereSearchPathPointsAcrossFiles) {
    const std::vector<SchemaFile> files = {{"a.sql", "SET search_path TO app, public;\nCREATE TABLE t (id int);\n"},
                                           {"b.sql", "CREATE TABLE u (id int);\nSELECT pg_catalog.set_config('search_path', '', false);\n"}};
    std::vector<std::string> names;
    for (const auto& source : defined_objects(split_schema(files))) names.push_back(source.name + "@" + source.location.to_string());
    EXPECT_EQ(names, (std::vector<std::string>{"app.t@a.sql:2:1", "app.u@b.sql:1:1"}));
}

}  // namespace
}  // namespace dbaudit::engine::postgres
