#include "dbaudit/model/catalog.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dbaudit::model {
namespace {

Table table(std::string name, std::string schema = {}) {
    Table t;
    t.schema = std::move(schema);
    t.name = std::move(name);
    return t;
}

Catalog catalog_of(NameMatching matching, std::vector<std::string> table_names) {
    Catalog catalog;
    catalog.engine = "test";
    catalog.name_matching = matching;
    for (auto& name : table_names) catalog.tables.push_back(table(name));
    catalog.sort();
    return catalog;
}

std::vector<std::string> names(const Catalog& catalog) {
    std::vector<std::string> out;
    for (const auto& t : catalog.tables) out.push_back(t.qualified_name());
    return out;
}

TEST(Catalog, NameKey) {
    Catalog folded;
    folded.name_matching = NameMatching::ascii_case_insensitive;
    EXPECT_EQ(folded.name_key("Users"), "users");
    EXPECT_EQ(folded.name_key("ТАБЛИЦА Näme"), "ТАБЛИЦА näme") << "only ASCII letters fold";
    Catalog exact;
    exact.name_matching = NameMatching::exact;
    EXPECT_EQ(exact.name_key("Users"), "Users");
}

TEST(Catalog, FindTableIsCaseInsensitiveForAsciiCaseInsensitiveMatching) {
    const auto catalog = catalog_of(NameMatching::ascii_case_insensitive, {"orders", "Users", "таблица", "B", "a"});
    EXPECT_EQ(names(catalog), (std::vector<std::string>{"a", "B", "orders", "Users", "таблица"}));
    struct Case {
        std::string lookup;
        const char* found;  // nullptr = not found
    };
    for (const Case& c : std::vector<Case>{{"Users", "Users"},
                                           {"users", "Users"},
                                           {"USERS", "Users"},
                                           {"Orders", "orders"},
                                           {"b", "B"},
                                           {"A", "a"},
                                           {"таблица", "таблица"},
                                           {"ТАБЛИЦА", nullptr},
                                           {"user", nullptr},
                                           {"", nullptr}}) {
        const Table* found = catalog.find_table(c.lookup);
        if (c.found) {
            ASSERT_NE(found, nullptr) << c.lookup;
            EXPECT_EQ(found->name, c.found) << c.lookup;
        } else {
            EXPECT_EQ(found, nullptr) << c.lookup;
        }
    }
}

TEST(Catalog, FindTableIsExactForExactMatching) {
    const auto catalog = catalog_of(NameMatching::exact, {"orders", "Users", "users"});
    EXPECT_EQ(names(catalog), (std::vector<std::string>{"Users", "orders", "users"}));
    ASSERT_NE(catalog.find_table("Users"), nullptr);
    EXPECT_EQ(catalog.find_table("Users")->name, "Users");
    ASSERT_NE(catalog.find_table("users"), nullptr);
    EXPECT_EQ(catalog.find_table("users")->name, "users");
    EXPECT_EQ(catalog.find_table("USERS"), nullptr);
    EXPECT_EQ(catalog.find_table("Orders"), nullptr);
    EXPECT_NE(catalog.find_table("orders"), nullptr);
}

TEST(Catalog, QualifiedNames) {
    Catalog catalog;
    catalog.name_matching = NameMatching::exact;
    catalog.tables = {table("users", "public"), table("users", "audit"), table("plain")};
    catalog.sort();
    EXPECT_EQ(names(catalog), (std::vector<std::string>{"audit.users", "plain", "public.users"}));
    ASSERT_NE(catalog.find_table("public.users"), nullptr);
    EXPECT_EQ(catalog.find_table("public.users")->schema, "public");
    EXPECT_EQ(catalog.find_table("users"), nullptr);
    EXPECT_NE(catalog.find_table("plain"), nullptr);
}

TEST(Catalog, FindViewAndTrigger) {
    Catalog catalog;
    catalog.name_matching = NameMatching::ascii_case_insensitive;
    catalog.views = {View{{}, "V_Orders", "AS SELECT 1", "CREATE VIEW V_Orders AS SELECT 1"}, View{{}, "a_view", "", ""}};
    catalog.triggers = {Trigger{{}, "TRG", "t", "AFTER", "INSERT", "", ""}, Trigger{{}, "abc", "t", "", "", "", ""}};
    catalog.sort();
    EXPECT_EQ(catalog.views[0].name, "a_view");
    EXPECT_EQ(catalog.triggers[0].name, "abc");
    ASSERT_NE(catalog.find_view("v_orders"), nullptr);
    EXPECT_EQ(catalog.find_view("v_orders")->definition, "AS SELECT 1");
    EXPECT_EQ(catalog.find_view("v_order"), nullptr);
    ASSERT_NE(catalog.find_trigger("trg"), nullptr);
    EXPECT_EQ(catalog.find_trigger("trg")->name, "TRG");
    EXPECT_EQ(catalog.find_table("trg"), nullptr) << "kinds do not mix";
}

TEST(Catalog, SortOrdersIndexesInsideTablesAndIsStable) {
    Catalog catalog;
    catalog.name_matching = NameMatching::ascii_case_insensitive;
    Table t = table("t");
    for (const char* name : {"ix_b", "IX_A", "ix_c"}) {
        Index index;
        index.name = name;
        index.table = "t";
        t.indexes.push_back(index);
    }
    catalog.tables = {t};
    catalog.sort();
    std::vector<std::string> index_names;
    for (const auto& index : catalog.tables[0].indexes) index_names.push_back(index.name);
    EXPECT_EQ(index_names, (std::vector<std::string>{"IX_A", "ix_b", "ix_c"}));
}

TEST(Table, FindColumn) {
    Table t = table("t");
    Column a;
    a.name = "Email";
    Column b;
    b.name = "näme";
    t.columns = {a, b};
    ASSERT_NE(t.find_column("email", true), nullptr);
    EXPECT_EQ(t.find_column("email", true)->name, "Email");
    EXPECT_EQ(t.find_column("email", false), nullptr);
    EXPECT_NE(t.find_column("Email", false), nullptr);
    EXPECT_NE(t.find_column("NäME", true), nullptr);
    EXPECT_EQ(t.find_column("NÄME", true), nullptr);
    EXPECT_EQ(t.find_column("missing", true), nullptr);
}

TEST(Constraints, ForeignKeyActionSql) {
    EXPECT_STREQ(to_sql(ForeignKeyAction::no_action), "NO ACTION");
    EXPECT_STREQ(to_sql(ForeignKeyAction::restrict), "RESTRICT");
    EXPECT_STREQ(to_sql(ForeignKeyAction::cascade), "CASCADE");
    EXPECT_STREQ(to_sql(ForeignKeyAction::set_null), "SET NULL");
    EXPECT_STREQ(to_sql(ForeignKeyAction::set_default), "SET DEFAULT");
}

}  // namespace
}  // namespace dbaudit::model
