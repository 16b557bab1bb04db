// The inspector reads columns from the stored CREATE TABLE instead of pragma_table_xinfo (one
// prepared statement per table was a quarter of the audit time). This test keeps that honest:
// on every fixture, every column matches what SQLite's own pragma reports.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/engine/sqlite/sqlite_engine.hpp"
#include "dbaudit/model/catalog.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

// Awkward but valid column syntax, beyond what the conformance cases use.
constexpr const char* k_awkward_columns = R"SQL(
CREATE TABLE t1 (
  "id" integer   primary key autoincrement,
  [name]  varchar( 20 )  NOT   NULL  DEFAULT 'x' COLLATE nocase,
  `n` INT DEFAULT -1 CHECK (n > -5),
  p  REAL DEFAULT +2.5,
  q  DEFAULT ((1 + 2)) NOT NULL,
  r  TEXT DEFAULT "dq" REFERENCES t2 (id) ON DELETE SET NULL NOT DEFERRABLE,
  s  TEXT REFERENCES t2 ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED NOT NULL,
  g1 INT GENERATED ALWAYS AS (n * 2) STORED,
  g2 AS (upper(name)) VIRTUAL,
  g3 TEXT AS (lower(name)),
  "with space" double precision CONSTRAINT nn NOT NULL CONSTRAINT d DEFAULT 0.0,
  -- a comment between columns
  end_ int /* block */ NULL,
  b BLOB DEFAULT x'00ff',
  ts TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
  u TEXT UNIQUE ON CONFLICT REPLACE
);
CREATE TABLE t2 (id INTEGER, k TEXT NOT NULL, PRIMARY KEY (k DESC, id)) WITHOUT ROWID;
CREATE TABLE t3 (a INT, b TEXT, c ANY, CONSTRAINT pk PRIMARY KEY (c, a), UNIQUE (b), CHECK (a <> b)) STRICT;
CREATE TABLE s1 (id integer PRIMARY KEY, b INT) STRICT;
CREATE TABLE s3 (id INTEGER PRIMARY KEY DESC, b INT) STRICT;
CREATE TABLE t4 AS SELECT 1 AS one, 'x' AS two, 2.5 AS three;
CREATE TABLE "таблица" ("näme" TEXT DEFAULT 'ü' NOT NULL, "order" INT PRIMARY KEY DESC);
ALTER TABLE t3 ADD COLUMN added TEXT DEFAULT 'late' CHECK (added <> '');
)SQL";

struct PragmaColumn {
    std::string name, type, default_expr;
    bool not_null = false;
    int pk = 0;
    int hidden = 0;
};

std::vector<PragmaColumn> pragma_columns(sqlite3* db, const std::string& table) {
    std::vector<PragmaColumn> out;
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1) ORDER BY cid", -1,
                       &statement, nullptr);
    sqlite3_bind_text(statement, 1, table.c_str(), -1, SQLITE_TRANSIENT);
    while (sqlite3_step(statement) == SQLITE_ROW) {
        auto text = [&](int i) {
            const auto* t = sqlite3_column_text(statement, i);
            return t ? std::string(reinterpret_cast<const char*>(t)) : std::string();
        };
        out.push_back({text(0), text(1), sqlite3_column_type(statement, 3) == SQLITE_NULL ? "<none>" : text(3),
                       sqlite3_column_int(statement, 2) != 0, sqlite3_column_int(statement, 4), sqlite3_column_int(statement, 5)});
    }
    sqlite3_finalize(statement);
    return out;
}

void expect_columns_match_pragma(const std::string& ddl) {
    TempDir dir;
    const std::string path = dir.file("db.sqlite");
    make_sqlite_db(path, ddl);
    engine::sqlite::SqliteEngine engine;
    const model::Catalog catalog = engine.inspect_live({"sqlite", path, path});
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    for (const model::Table& table : catalog.tables) {
        if (table.sql.find("VIRTUAL") != std::string::npos) continue;
        const auto expected = pragma_columns(db, table.name);
        ASSERT_EQ(table.columns.size(), expected.size()) << table.name;
        std::vector<std::pair<int, std::string>> key;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const model::Column& c = table.columns[i];
            const PragmaColumn& p = expected[i];
            SCOPED_TRACE(table.name + "." + p.name);
            EXPECT_EQ(c.name, p.name);
            EXPECT_EQ(c.type, engine::sqlite::normalize_sql(p.type));
            EXPECT_EQ(c.not_null, p.not_null);
            std::string pragma_default = p.default_expr == "<none>" ? "<none>" : engine::sqlite::normalize_sql(p.default_expr);
            if (p.default_expr.size() > 1 && p.default_expr.front() == '"')
                pragma_default = engine::sqlite::normalize_sql(engine::sqlite::quote_string(engine::sqlite::unquote_identifier(p.default_expr)));
            if (pragma_default == "NULL") pragma_default = "<none>";
            EXPECT_EQ(c.default_expr.value_or("<none>"), pragma_default);
            EXPECT_EQ(static_cast<int>(c.generated), p.hidden == 2 ? 1 : p.hidden == 3 ? 2 : 0);
            if (p.pk > 0) key.emplace_back(p.pk, p.name);
        }
        std::sort(key.begin(), key.end());
        std::vector<std::string> key_names;
        for (auto& [order, name] : key) key_names.push_back(name);
        if (key_names.empty()) {
            EXPECT_FALSE(table.primary_key.has_value()) << table.name;
        } else {
            ASSERT_TRUE(table.primary_key.has_value()) << table.name;
            EXPECT_EQ(table.primary_key->columns, key_names) << table.name;
        }
    }
    sqlite3_close(db);
}

TEST(ColumnsMatchPragma, AwkwardColumnSyntax) { expect_columns_match_pragma(k_awkward_columns); }

TEST(ColumnsMatchPragma, ExampleBotSchema) {
    std::string ddl;
    for (const char* file : {"01_users.sql", "02_leads.sql", "03_content.sql", "04_sales.sql"})
        ddl += read_bytes(source_path("examples/bot/schema/") + file) + "\n";
    expect_columns_match_pragma(ddl);
    expect_columns_match_pragma(read_bytes(source_path("examples/bot/production.sql")));
}

TEST(ColumnsMatchPragma, EveryConformanceSchema) {
    const std::string root = shared_path("conformance/sqlite");
    if (root.empty()) GTEST_SKIP() << "shared/conformance not beside the repository";
    std::size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
        for (const char* side : {"current.sql", "desired.sql"}) {
            const auto file = entry.path() / side;
            if (!std::filesystem::exists(file)) continue;
            SCOPED_TRACE(file.string());
            expect_columns_match_pragma(read_bytes(file.string()));
            ++checked;
        }
    }
    EXPECT_GT(checked, 150u);
}

}  // namespace
}  // namespace dbaudit::testing
