// Property: loading DDL as the expected schema gives exactly the model of a database built from
// the same DDL. If this breaks, every audit would report drift that is not there.
#include <gtest/gtest.h>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/sqlite/sqlite_engine.hpp"
#include "dbaudit/model/catalog.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Fixture = SchemaFixture;

std::vector<Fixture> fixtures() { return schema_fixtures(); }

class ExpectedEqualsLive : public ::testing::TestWithParam<Fixture> {};

std::string describe(const diff::ChangeSet& changes) {
    std::string out;
    for (const auto& f : diff::findings_for(changes)) out += f.message + " [" + f.expected + " | " + f.live + "]\n";
    return out;
}

TEST_P(ExpectedEqualsLive, SameModel) {
    const Fixture& fixture = GetParam();
    TempDir dir;
    const std::string db = dir.file("built.db");
    std::string ddl;
    for (const auto& file : fixture.files) ddl += read_bytes(file) + "\n;\n";
    make_sqlite_db(db, ddl);

    engine::sqlite::SqliteEngine engine;
    const auto files = engine::read_schema_files(fixture.files);
    const model::Catalog expected = engine.load_expected(files);
    const model::Catalog live = engine.inspect_live({"sqlite", db, db});

    const diff::ChangeSet changes = diff::diff_catalogs(expected, live);
    EXPECT_TRUE(changes.empty()) << describe(changes);
    // Equal by the differ, and equal object by object where the differ could be blind.
    ASSERT_EQ(expected.tables.size(), live.tables.size());
    for (std::size_t i = 0; i < expected.tables.size(); ++i) {
        const auto& e = expected.tables[i];
        const auto& l = live.tables[i];
        EXPECT_EQ(e.name, l.name);
        EXPECT_EQ(e.columns, l.columns) << e.name;
        EXPECT_EQ(e.primary_key, l.primary_key) << e.name;
        EXPECT_EQ(e.uniques, l.uniques) << e.name;
        EXPECT_EQ(e.foreign_keys, l.foreign_keys) << e.name;
        EXPECT_EQ(e.checks, l.checks) << e.name;
        EXPECT_EQ(e.options, l.options) << e.name;
        EXPECT_EQ(e.indexes.size(), l.indexes.size()) << e.name;
        EXPECT_EQ(e.sql, l.sql) << e.name;
    }
    EXPECT_EQ(expected.views.size(), live.views.size());
    EXPECT_EQ(expected.triggers.size(), live.triggers.size());
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ExpectedEqualsLive, ::testing::ValuesIn(fixtures()),
                         [](const ::testing::TestParamInfo<Fixture>& info) { return info.param.name; });

}  // namespace
}  // namespace dbaudit::testing
