#include "dbaudit/plan/fingerprint.hpp"

#include <gtest/gtest.h>

namespace dbaudit::plan {
namespace {

model::Catalog catalog_with(const std::string& table_sql, const std::string& index_sql) {
    model::Catalog catalog;
    model::Table table;
    table.name = "leads";
    table.sql = table_sql;
    if (!index_sql.empty()) {
        model::Index index;
        index.name = "idx_leads";
        index.table = "leads";
        index.sql = index_sql;
        table.indexes.push_back(index);
    }
    catalog.tables.push_back(table);
    catalog.views.push_back({{}, "v", "SELECT 1", "CREATE VIEW v AS SELECT 1"});
    return catalog;
}

TEST(Fingerprint, ChangesWithAnyObjectAndNamesWhatMoved) {
    const auto a = fingerprint_live(catalog_with("CREATE TABLE leads (id)", "CREATE INDEX idx_leads ON leads(id)"));
    const auto same = fingerprint_live(catalog_with("CREATE TABLE leads (id)", "CREATE INDEX idx_leads ON leads(id)"));
    const auto changed = fingerprint_live(catalog_with("CREATE TABLE leads (id, x)", ""));
    EXPECT_EQ(a.overall, same.overall);
    EXPECT_EQ(a.overall.size(), 16u);
    EXPECT_NE(a.overall, changed.overall);
    ASSERT_EQ(a.objects.size(), 3u);
    EXPECT_EQ(a.objects[0].kind, "index");  // sorted by kind, then name
    EXPECT_EQ(a.objects[1].kind, "table");
    EXPECT_EQ(what_moved(a.objects, changed.objects), (std::vector<std::string>{"index idx_leads disappeared", "table leads changed"}));
    EXPECT_EQ(what_moved(changed.objects, a.objects), (std::vector<std::string>{"table leads changed", "index idx_leads appeared"}));
    EXPECT_TRUE(what_moved(a.objects, same.objects).empty());
}

TEST(Fingerprint, ExpectedIncludesSeedsAndRenames) {
    model::Catalog expected = catalog_with("CREATE TABLE leads (id)", "");
    const std::string plain = fingerprint_expected(expected);
    expected.seeds.push_back({"leads", "INSERT INTO leads VALUES (1)", {}});
    const std::string seeded = fingerprint_expected(expected);
    expected.renames.push_back({model::RenameKind::table, "leads", {}, "old_leads", {}});
    EXPECT_NE(plain, seeded);
    EXPECT_NE(seeded, fingerprint_expected(expected));
}

}  // namespace
}  // namespace dbaudit::plan
