// The differ must not be blind: whenever SQLite's own catalog output (the pragmas, and the
// normalized text of views and triggers) differs between two databases, dbaudit reports drift.
// Uses every SQLite conformance case (current vs desired) as a pair.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/sqlite/sqlite_engine.hpp"
#include "dbaudit/model/catalog.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

// SQLite's own description of a schema, independent of dbaudit's inspector.
std::string oracle(const std::string& path) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    std::string out;
    auto collect = [&](const char* sql) {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) != SQLITE_OK) {
            out += std::string("error: ") + sqlite3_errmsg(db) + "\n";
            return;
        }
        while (sqlite3_step(statement) == SQLITE_ROW) {
            for (int i = 0; i < sqlite3_column_count(statement); ++i) {
                const auto* text = sqlite3_column_text(statement, i);
                out += text ? reinterpret_cast<const char*>(text) : "NULL";
                out += "|";
            }
            out += "\n";
        }
        sqlite3_finalize(statement);
    };
    const char* tables = "(SELECT lower(name) AS name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%')";
    collect((std::string("SELECT t.name, p.name, upper(p.type), p.\"notnull\", p.dflt_value, p.pk, p.hidden FROM ") + tables +
             " t, pragma_table_xinfo(t.name) p ORDER BY 1, p.cid").c_str());
    collect((std::string("SELECT t.name, lower(i.name), i.\"unique\", i.origin, i.partial FROM ") + tables +
             " t, pragma_index_list(t.name) i WHERE i.name NOT LIKE 'sqlite_autoindex%' ORDER BY 1, 2").c_str());
    collect((std::string("SELECT t.name, lower(i.name), x.seqno, x.cid, lower(x.name), x.\"desc\", x.coll FROM ") + tables +
             " t, pragma_index_list(t.name) i, pragma_index_xinfo(i.name) x WHERE x.key AND i.name NOT LIKE 'sqlite_autoindex%' ORDER BY 1, 2, 3").c_str());
    collect((std::string("SELECT t.name, lower(f.\"table\"), lower(f.\"from\"), lower(f.\"to\"), f.on_update, f.on_delete FROM ") + tables +
             " t, pragma_foreign_key_list(t.name) f ORDER BY 1, 2, 3").c_str());
    collect("SELECT type, lower(name) FROM sqlite_schema WHERE type IN ('view', 'trigger') ORDER BY 1, 2");
    sqlite3_close(db);
    return out;
}

class DifferOracle : public ::testing::TestWithParam<std::string> {};

TEST_P(DifferOracle, ReportsDriftWheneverSqliteSeesADifference) {
    const std::filesystem::path dir = GetParam();
    TempDir tmp;
    const std::string current = tmp.file("current.db"), desired = tmp.file("desired.db");
    make_sqlite_db(current, read_bytes((dir / "current.sql").string()));
    make_sqlite_db(desired, read_bytes((dir / "desired.sql").string()));

    engine::sqlite::SqliteEngine engine;
    const model::Catalog expected = engine.inspect_live({"sqlite", desired, desired});
    const model::Catalog live = engine.inspect_live({"sqlite", current, current});
    const diff::ChangeSet changes = diff::diff_catalogs(expected, live);
    const bool engine_sees_difference = oracle(current) != oracle(desired);
    std::size_t needs_migration = 0;  // column order alone never does
    for (const auto& f : diff::findings_for(changes))
        if (f.severity != diff::Severity::info) ++needs_migration;
    if (engine_sees_difference) {
        EXPECT_GT(needs_migration, 0u) << "SQLite sees a difference dbaudit misses:\n--- current\n"
                                       << oracle(current) << "--- desired\n" << oracle(desired);
    }
    // The reverse direction always finds the same number of differences or more objects extra.
    const diff::ChangeSet back = diff::diff_catalogs(live, expected);
    EXPECT_EQ(changes.empty(), back.empty());
}

std::vector<std::string> cases() {
    std::vector<std::string> out;
    const std::string root = shared_path("conformance/sqlite");
    if (root.empty()) return out;
    for (const auto& entry : std::filesystem::directory_iterator(root))
        if (std::filesystem::exists(entry.path() / "current.sql") && std::filesystem::exists(entry.path() / "desired.sql"))
            out.push_back(entry.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

INSTANTIATE_TEST_SUITE_P(Conformance, DifferOracle, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return std::filesystem::path(info.param).filename().string();
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DifferOracle);

}  // namespace
}  // namespace dbaudit::testing
