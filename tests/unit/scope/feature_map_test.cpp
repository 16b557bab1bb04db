#include "dbaudit/scope/feature_map.hpp"

#include <gtest/gtest.h>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/engine/sqlite/expected_loader.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::scope {
namespace {

using model::DefinedKind;

std::string error_of(const std::string& path, const std::string& text) {
    try {
        FeatureRegions regions;
        regions.add_file(path, text, {});
    } catch (const util::InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(FeatureRegions, MarkersStartFeaturesUntilTheNextOne) {
    FeatureRegions regions;
    regions.add_file("a.sql", "CREATE TABLE a(x);\n-- dbaudit:feature billing\nCREATE TABLE b(x);\n  --   dbaudit:feature  auth-v2 \nX\n", {});
    EXPECT_EQ(regions.feature_at("a.sql", 1), "");
    EXPECT_EQ(regions.feature_at("a.sql", 2), "billing");
    EXPECT_EQ(regions.feature_at("a.sql", 3), "billing");
    EXPECT_EQ(regions.feature_at("a.sql", 5), "billing");  // a marker is written exactly "-- dbaudit:feature"
    EXPECT_EQ(regions.features(), (std::vector<std::string>{"billing"}));
}

TEST(FeatureRegions, DirectoryFileIsItsOwnFeatureBeforeAnyMarker) {
    FeatureRegions regions;
    regions.add_file("schema/accounts.sql", "CREATE TABLE users(x);\n", "accounts");
    regions.add_file("schema/billing.sql", "CREATE TABLE invoices(x);\n-- dbaudit:feature reports\nCREATE TABLE runs(x);\n", "billing");
    EXPECT_EQ(regions.feature_at("schema/accounts.sql", 1), "accounts");
    EXPECT_EQ(regions.feature_at("schema/billing.sql", 1), "billing");
    EXPECT_EQ(regions.feature_at("schema/billing.sql", 3), "reports");
    EXPECT_EQ(regions.feature_at("other.sql", 1), "");
    EXPECT_EQ(regions.features(), (std::vector<std::string>{"accounts", "billing", "reports"}));
}

TEST(FeatureRegions, MarkerWithoutAValidNameIsAnErrorWithFileLineColumn) {
    EXPECT_EQ(error_of("s.sql", "CREATE TABLE a(x);\n  -- dbaudit:feature\n"),
              "s.sql:2:3: '-- dbaudit:feature' needs one feature name (letters, digits, _ - .)");
    EXPECT_EQ(error_of("s.sql", "-- dbaudit:feature two words\n"),
              "s.sql:1:1: '-- dbaudit:feature' needs one feature name (letters, digits, _ - .), not 'two words'");
}

// Every expected object gets the feature whose text defined it; parts without a statement of
// their own, and findings about columns or constraints, get their table's.
TEST(FeatureMap, AssignsObjectsAndFindingsFromTheDefiningStatement) {
    const std::vector<engine::SchemaFile> files = {
        {"schema/accounts.sql", "CREATE TABLE Users (id INTEGER PRIMARY KEY, email TEXT UNIQUE);\n", "accounts"},
        {"schema/billing.sql",
         "CREATE TABLE invoices (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));\n"
         "CREATE INDEX idx_email ON users(email);\n"
         "-- dbaudit:feature reports\n"
         "CREATE VIEW unpaid AS SELECT * FROM invoices;\n"
         "CREATE TRIGGER t_users AFTER INSERT ON users BEGIN SELECT 1; END;\n",
         "billing"},
    };
    FeatureRegions regions;
    for (const auto& file : files) regions.add_file(file.path, file.text, file.feature);
    const model::Catalog expected = engine::sqlite::load_expected_schema(files);
    const FeatureMap map(expected, regions);
    EXPECT_EQ(map.feature_of(DefinedKind::table, "users"), "accounts");  // SQLite folds case
    EXPECT_EQ(map.feature_of(DefinedKind::table, "invoices"), "billing");
    EXPECT_EQ(map.feature_of(DefinedKind::index, "idx_email"), "billing");
    EXPECT_EQ(map.feature_of(DefinedKind::view, "unpaid"), "reports");
    EXPECT_EQ(map.feature_of(DefinedKind::trigger, "t_users"), "reports");
    EXPECT_EQ(map.feature_of(DefinedKind::table, "not_there"), "");

    const model::Catalog live = engine::sqlite::load_expected_schema({{"live.sql", "CREATE TABLE legacy (x);\n"}});
    std::map<std::string, std::string> by_object;
    for (const auto& finding : diff::findings_for(diff::diff_catalogs(expected, live))) by_object[finding.object] = map.feature_of(finding);
    EXPECT_EQ(by_object.at("Users"), "accounts");
    EXPECT_EQ(by_object.at("idx_email"), "billing");         // its own statement, not its table's
    EXPECT_EQ(by_object.at("unpaid"), "reports");
    EXPECT_EQ(by_object.at("t_users"), "reports");
    EXPECT_EQ(by_object.at("legacy"), "");                   // only the database has it

    diff::Finding column;
    column.kind = diff::ObjectKind::column;
    column.table = "USERS";
    column.object = "USERS.email";
    EXPECT_EQ(map.feature_of(column), "accounts");
}

TEST(FeatureMap, FunctionsAreKeyedWithoutTheirArguments) { EXPECT_EQ(without_arguments("public.f(integer, text)"), "public.f"); }

}  // namespace
}  // namespace dbaudit::scope
