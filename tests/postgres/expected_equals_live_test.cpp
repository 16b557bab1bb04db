// Property: loading DDL as the expected schema (through the shadow database) gives exactly the
// model of a database built from the same DDL, so an audit of a database built from its own
// schema finds nothing. Fixtures: every_kind.sql, the SalesFlow schema, and conformance cases
// (every 32nd by default; DBAUDIT_PG_CONFORMANCE=all for all of them).
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/postgres/postgres_engine.hpp"
#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/model/catalog.hpp"
#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Fixture = SchemaFixture;

std::vector<Fixture> fixtures() { return pg_schema_fixtures(); }

std::string describe(const diff::ChangeSet& changes) {
    std::string out;
    for (const auto& f : diff::findings_for(changes)) out += f.message + " [" + f.expected + " | " + f.live + "]\n";
    return out;
}

class PgExpectedEqualsLive : public ::testing::TestWithParam<Fixture> {};

TEST_P(PgExpectedEqualsLive, SameModel) {
    const Fixture& fixture = GetParam();
    PgDatabase db;
    engine::postgres::PostgresEngine engine({pg_dev_url()});
    const auto files = engine::read_schema_files(fixture.files);
    db.exec_script(files);  // statement by statement, in autocommit, as psql -f does
    const model::Catalog expected = engine.load_expected(files);
    auto connection = db.connect();
    const model::Catalog live = engine::postgres::inspect(connection);

    diff::ChangeSet changes = diff::diff_catalogs(expected, live);
    // Objects dbaudit does not compare are reported on both sides by design.
    std::erase_if(changes, [](const diff::Change& c) {
        const auto* u = std::get_if<diff::UnsupportedChange>(&c);
        return u && u->in_expected && u->in_live;
    });
    EXPECT_TRUE(changes.empty()) << describe(changes);
    // Equal by the differ, and equal object by object where the differ could be blind.
    ASSERT_EQ(expected.tables.size(), live.tables.size());
    for (std::size_t i = 0; i < expected.tables.size(); ++i) {
        const auto& e = expected.tables[i];
        const auto& l = live.tables[i];
        EXPECT_EQ(e.qualified_name(), l.qualified_name());
        EXPECT_EQ(e.columns, l.columns) << e.name;
        EXPECT_EQ(e.primary_key, l.primary_key) << e.name;
        EXPECT_EQ(e.uniques, l.uniques) << e.name;
        EXPECT_EQ(e.foreign_keys, l.foreign_keys) << e.name;
        EXPECT_EQ(e.checks, l.checks) << e.name;
        EXPECT_EQ(e.exclusions, l.exclusions) << e.name;
        EXPECT_EQ(e.options, l.options) << e.name;
        ASSERT_EQ(e.indexes.size(), l.indexes.size()) << e.name;
        for (std::size_t k = 0; k < e.indexes.size(); ++k) EXPECT_EQ(e.indexes[k].sql, l.indexes[k].sql);
    }
    EXPECT_EQ(expected.views.size(), live.views.size());
    EXPECT_EQ(expected.materialized_views.size(), live.materialized_views.size());
    EXPECT_EQ(expected.functions.size(), live.functions.size());
    EXPECT_EQ(expected.triggers.size(), live.triggers.size());
    EXPECT_EQ(expected.types.size(), live.types.size());
    EXPECT_EQ(expected.sequences.size(), live.sequences.size());
    EXPECT_EQ(expected.policies.size(), live.policies.size());
    EXPECT_EQ(expected.extensions.size(), live.extensions.size());
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PgExpectedEqualsLive, ::testing::ValuesIn(fixtures()),
                         [](const ::testing::TestParamInfo<Fixture>& info) {
                             std::string name = info.param.name;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

}  // namespace
}  // namespace dbaudit::testing
