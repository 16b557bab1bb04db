#include "dbaudit/engine/sqlite/table_definition.hpp"

#include <gtest/gtest.h>

namespace dbaudit::engine::sqlite {
namespace {

constexpr const char* k_table = "CREATE TABLE IF NOT EXISTS main.\"my t\" (\n"
                                "  id INTEGER PRIMARY KEY,\n"
                                "  \"a b\" TEXT DEFAULT 'x, y' CHECK (length(\"a b\") < 5), -- a comment, with a comma\n"
                                "  n NUMERIC(10, 2) NOT NULL,\n"
                                "  CONSTRAINT u UNIQUE (n, \"a b\")\n"
                                ") STRICT";

TEST(TableDefinition, ItemsSplitAtTopLevelCommas) {
    const auto items = table_items(k_table);
    ASSERT_EQ(items.size(), 4u);
    EXPECT_EQ(items[1].column, "a b");
    EXPECT_FALSE(items[2].is_constraint);
    EXPECT_TRUE(items[3].is_constraint);
    EXPECT_TRUE(table_items("CREATE TABLE t AS SELECT 1").empty());
    EXPECT_TRUE(table_items("CREATE VIRTUAL TABLE t USING fts5(a, b)").empty());
}

TEST(TableDefinition, ColumnDefinitionAsWritten) {
    EXPECT_EQ(column_definition(k_table, "A B"), "\"a b\" TEXT DEFAULT 'x, y' CHECK (length(\"a b\") < 5)");
    EXPECT_EQ(column_definition(k_table, "n"), "n NUMERIC(10, 2) NOT NULL");
    EXPECT_EQ(column_definition(k_table, "u"), std::nullopt);  // a constraint, not a column
    EXPECT_EQ(column_definition(k_table, "missing"), std::nullopt);
}

TEST(TableDefinition, WithTableNameReplacesQualifierAndName) {
    EXPECT_EQ(with_table_name("CREATE TABLE t(a)", "t__new"), "CREATE TABLE t__new(a)");
    EXPECT_EQ(with_table_name("create temp table if not exists \"s\".\"t\" (a)", "new name"), "CREATE TABLE \"new name\" (a)");
    const auto renamed = with_table_name(k_table, "order");
    ASSERT_TRUE(renamed);
    EXPECT_EQ(renamed->substr(0, 24), "CREATE TABLE \"order\" (\n ");
    EXPECT_EQ(with_table_name("CREATE VIEW v AS SELECT 1", "x"), std::nullopt);
}

}  // namespace
}  // namespace dbaudit::engine::sqlite
