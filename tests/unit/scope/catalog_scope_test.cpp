#include "dbaudit/scope/catalog_scope.hpp"

#include <gtest/gtest.h>

#include "dbaudit/engine/sqlite/expected_loader.hpp"

namespace dbaudit::scope {
namespace {

model::Catalog sqlite_catalog(const std::string& sql) { return engine::sqlite::load_expected_schema({{"s.sql", sql}}); }

std::vector<std::string> names(const model::Catalog& c) {
    std::vector<std::string> out;
    for (const auto& t : c.tables) {
        out.push_back("table " + t.name);
        for (const auto& i : t.indexes) out.push_back("index " + i.name);
    }
    for (const auto& v : c.views) out.push_back("view " + v.name);
    for (const auto& t : c.triggers) out.push_back("trigger " + t.name);
    for (const auto& s : c.seeds) out.push_back("seed " + s.table);
    return out;
}

TEST(CatalogScope, IgnoredTableTakesItsIndexesTriggersAndSeedsWithIt) {
    model::Catalog catalog = sqlite_catalog(
        "CREATE TABLE Legacy_Users (id INTEGER PRIMARY KEY, name TEXT);\n"
        "CREATE INDEX idx_legacy ON legacy_users(name);\n"
        "CREATE TRIGGER t_legacy AFTER INSERT ON legacy_users BEGIN SELECT 1; END;\n"
        "INSERT INTO legacy_users VALUES (1, 'a');\n"
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"
        "CREATE INDEX tmp_idx ON users(name);\n"
        "CREATE VIEW v_users AS SELECT * FROM users;\n");
    CatalogScope scope;
    scope.ignore = IgnoreRules({"legacy_*", "tmp_?dx"});  // SQLite names fold case
    scope.apply(catalog);
    EXPECT_EQ(names(catalog), (std::vector<std::string>{"table users", "view v_users"}));
}

TEST(CatalogScope, PatternsWithADotMatchSchemaAndNameAndSchemaStarIgnoresTheSchema) {
    const IgnoreRules rules({"audit.*", "*.tmp_*", "Exact"});
    using model::NameMatching;
    EXPECT_TRUE(rules.ignores("audit", "anything", NameMatching::exact));
    EXPECT_TRUE(rules.ignores_schema("audit", NameMatching::exact));
    EXPECT_TRUE(rules.ignores("billing", "tmp_1", NameMatching::exact));
    EXPECT_FALSE(rules.ignores("billing", "invoices", NameMatching::exact));
    EXPECT_FALSE(rules.ignores_schema("billing", NameMatching::exact));
    EXPECT_TRUE(rules.ignores("public", "Exact", NameMatching::exact));  // no dot: the bare name, any schema
    EXPECT_FALSE(rules.ignores("public", "exact", NameMatching::exact));  // PostgreSQL compares exactly
    EXPECT_TRUE(rules.ignores("", "exact", NameMatching::ascii_case_insensitive));
}

TEST(CatalogScope, OnlyKeepsTheSelectedObjectsAndWhatBelongsToThem) {
    model::Catalog catalog = sqlite_catalog(
        "CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT);\nCREATE INDEX a_x ON a(x);\n"
        "CREATE TRIGGER a_t AFTER INSERT ON a BEGIN SELECT 1; END;\n"
        "CREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE VIEW vb AS SELECT * FROM b;\nINSERT INTO b VALUES (1);\n");
    CatalogScope scope;
    scope.only = std::set<ObjectKey>{{model::DefinedKind::table, "a"}};
    scope.apply(catalog);
    EXPECT_EQ(names(catalog), (std::vector<std::string>{"table a", "index a_x", "trigger a_t"}));
}

}  // namespace
}  // namespace dbaudit::scope
