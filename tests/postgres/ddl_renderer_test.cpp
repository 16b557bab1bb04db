// engine/postgres/ddl_renderer: render_schema of a catalog, executed into an empty database,
// gives the same catalog back (the fixtures of the expected==live property test).
#include <gtest/gtest.h>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/postgres/ddl_renderer.hpp"
#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/engine/postgres/postgres_engine.hpp"
#include "dbaudit/model/catalog.hpp"
#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

std::vector<std::string> schema_files(const std::string& path) {
    std::vector<std::string> out;
    if (std::filesystem::is_directory(path)) {
        for (const auto& entry : std::filesystem::directory_iterator(path)) out.push_back(entry.path().string());
        std::sort(out.begin(), out.end());
    } else {
        out.push_back(path);
    }
    return out;
}

class PgDdlRenderer : public ::testing::TestWithParam<std::string> {};

TEST_P(PgDdlRenderer, RenderedSchemaRebuildsTheSameCatalog) {
    engine::postgres::PostgresEngine engine({pg_dev_url()});
    const model::Catalog original = engine.load_expected(engine::read_schema_files(schema_files(source_path(GetParam()))));
    const std::string script = engine::postgres::render_schema(original);
    PgDatabase db;
    db.exec(script);
    auto connection = db.connect();
    const model::Catalog rebuilt = engine::postgres::inspect(connection);
    diff::ChangeSet changes = diff::diff_catalogs(original, rebuilt);
    // Kinds the model keeps only by name (collations, aggregates ...) cannot be rendered.
    std::erase_if(changes, [](const diff::Change& c) { return std::holds_alternative<diff::UnsupportedChange>(c); });
    std::string described;
    for (const auto& f : diff::findings_for(changes)) described += f.message + " [" + f.expected + " | " + f.live + "]\n";
    EXPECT_TRUE(changes.empty()) << described << script;
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PgDdlRenderer,
                         ::testing::Values("tests/postgres/fixtures/every_kind.sql", "tests/postgres/plan/every_kind.sql",
                                           "tests/postgres/salesflow/schema"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param;
                             for (char& c : name)
                                 if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                             return name;
                         });

TEST(PgDdlRendererNames, QuotesOnlyWhatMustBeQuoted) {
    using engine::postgres::quote_name;
    EXPECT_EQ(quote_name("orders"), "orders");
    EXPECT_EQ(quote_name("Orders"), "\"Orders\"");
    EXPECT_EQ(quote_name("user"), "\"user\"");
    EXPECT_EQ(quote_name("order"), "\"order\"");
    EXPECT_EQ(quote_name("name"), "name");  // unreserved
    EXPECT_EQ(quote_name("a\"b"), "\"a\"\"b\"");
    EXPECT_EQ(quote_name("2fa"), "\"2fa\"");
    EXPECT_EQ(engine::postgres::quote_qualified("public.order items"), "public.\"order items\"");
}

}  // namespace
}  // namespace dbaudit::testing
