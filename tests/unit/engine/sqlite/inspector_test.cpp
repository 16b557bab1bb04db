#include "dbaudit/engine/sqlite/inspector.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "dbaudit/engine/sqlite/connection.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/text.hpp"
#include "unit/support/model_printers.hpp"

namespace dbaudit::engine::sqlite {
namespace {

using model::Column;
using model::ForeignKey;
using model::ForeignKeyAction;
using model::Generated;
using model::IndexKey;
using model::IndexOrigin;

// A real in-memory database built from `sql`, inspected and sorted.
model::Catalog inspect_sql(const std::string& sql) {
    Connection db = Connection::open_memory();
    db.execute(sql);
    model::Catalog catalog;
    inspect_into(db, catalog);
    catalog.sort();
    return catalog;
}

std::vector<std::string> table_names(const model::Catalog& catalog) {
    std::vector<std::string> names;
    for (const auto& t : catalog.tables) names.push_back(t.name);
    return names;
}

std::vector<std::string> index_names(const model::Table& table) {
    std::vector<std::string> names;
    for (const auto& i : table.indexes) names.push_back(i.name);
    return names;
}

// SQLite's affinity table, written out independently of the inspector's code.
std::string affinity(const std::string& type) {
    static const std::vector<std::pair<std::string, std::string>> rules{
        {"INT", "INTEGER"}, {"CHAR", "TEXT"}, {"CLOB", "TEXT"}, {"TEXT", "TEXT"}, {"BLOB", "BLOB"},
        {"REAL", "REAL"},   {"FLOA", "REAL"}, {"DOUB", "REAL"}};
    if (type.empty()) return "BLOB";
    for (const auto& [fragment, result] : rules)
        if (type.find(fragment) != std::string::npos) return result;
    return "NUMERIC";
}

Column column(std::string name, std::string type, int position) {
    Column c;
    c.name = std::move(name);
    c.type = std::move(type);
    c.type_class = affinity(c.type);
    c.position = position;
    return c;
}

// The column that is the rowid of its table (exactly INTEGER PRIMARY KEY).
Column rowid_column(std::string name, int position) {
    Column c = column(std::move(name), "INTEGER", position);
    c.type_class = "ROWID";
    return c;
}

ForeignKey foreign_key(std::string name, std::vector<std::string> columns, std::string table,
                       std::vector<std::string> referenced, ForeignKeyAction on_update = ForeignKeyAction::no_action,
                       ForeignKeyAction on_delete = ForeignKeyAction::no_action) {
    ForeignKey key;
    key.name = std::move(name);
    key.columns = std::move(columns);
    key.referenced_table = std::move(table);
    key.referenced_columns = std::move(referenced);
    key.on_update = on_update;
    key.on_delete = on_delete;
    return key;
}

const model::ForeignKey* find_foreign_key(const model::Table& table, const std::string& first_column) {
    for (const auto& key : table.foreign_keys)
        if (!key.columns.empty() && key.columns[0] == first_column) return &key;
    return nullptr;
}

TEST(Inspector, CatalogIdentifiesTheEngineAndItsNameRules) {
    const auto catalog = inspect_sql("CREATE TABLE t (a INT)");
    EXPECT_EQ(catalog.engine, "sqlite");
    EXPECT_EQ(catalog.name_matching, model::NameMatching::ascii_case_insensitive);
    EXPECT_TRUE(catalog.seeds.empty());
}

TEST(Inspector, ColumnsInOrderWithNormalizedTypes) {
    const auto catalog = inspect_sql(
        "CREATE TABLE t (id integer PRIMARY KEY, name varchar( 20 ) NOT NULL, price decimal(10,2), untyped, "
        "big unsigned  big int)");
    const auto* t = catalog.find_table("t");
    ASSERT_NE(t, nullptr);
    Column id = rowid_column("id", 0);
    Column name = column("name", "VARCHAR(20)", 1);
    name.not_null = true;
    EXPECT_EQ(t->columns, (std::vector<Column>{id, name, column("price", "DECIMAL(10, 2)", 2), column("untyped", "", 3),
                                               column("big", "UNSIGNED BIG INT", 4)}));
    EXPECT_EQ(t->sql,
              "CREATE TABLE t (id integer PRIMARY KEY, name varchar( 20 ) NOT NULL, price decimal(10,2), untyped, "
              "big unsigned  big int)");
    EXPECT_EQ(t->schema, "");
    EXPECT_EQ(t->comment, "");
}

TEST(Inspector, SingleColumnPrimaryKeyIsARowidAliasWithoutIndex) {
    const auto catalog = inspect_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
    const auto* t = catalog.find_table("t");
    ASSERT_NE(t, nullptr);
    ASSERT_TRUE(t->primary_key.has_value());
    EXPECT_EQ(*t->primary_key, (model::PrimaryKey{"", {"id"}, false}));
    EXPECT_TRUE(t->indexes.empty());
    EXPECT_TRUE(t->uniques.empty());
}

TEST(Inspector, PrimaryKeys) {
    struct Case {
        std::string sql;
        std::optional<model::PrimaryKey> expected;
    };
    const std::vector<Case> cases = {
        {"CREATE TABLE t (a INT, b TEXT)", std::nullopt},
        {"CREATE TABLE t (code TEXT PRIMARY KEY)", model::PrimaryKey{"", {"code"}, false}},
        {"CREATE TABLE t (a INT, b TEXT, c INT, PRIMARY KEY (b, a))", model::PrimaryKey{"", {"b", "a"}, false}},
        {"CREATE TABLE t (a INT, b INT, CONSTRAINT pk_t PRIMARY KEY (a, b))", model::PrimaryKey{"pk_t", {"a", "b"}, false}},
        {"CREATE TABLE t (id INTEGER CONSTRAINT pk_id PRIMARY KEY)", model::PrimaryKey{"pk_id", {"id"}, false}},
        {"CREATE TABLE t (id INTEGER, CONSTRAINT pk_id PRIMARY KEY (id))", model::PrimaryKey{"pk_id", {"id"}, false}},
        {"CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)", model::PrimaryKey{"", {"id"}, true}},
        {"CREATE TABLE t (id INTEGER CONSTRAINT pk PRIMARY KEY AUTOINCREMENT)", model::PrimaryKey{"pk", {"id"}, true}},
    };
    for (const auto& c : cases) {
        const auto catalog = inspect_sql(c.sql);
        const auto* t = catalog.find_table("t");
        ASSERT_NE(t, nullptr) << c.sql;
        EXPECT_EQ(t->primary_key, c.expected) << c.sql;
        EXPECT_TRUE(t->indexes.empty()) << "the primary key's automatic index is the key itself: " << c.sql;
        EXPECT_TRUE(t->uniques.empty()) << c.sql;
        EXPECT_EQ(table_names(catalog), std::vector<std::string>{"t"}) << "no sqlite_sequence: " << c.sql;
    }
}

// SQLite accepts AUTOINCREMENT inside a table-level PRIMARY KEY and keeps a sqlite_sequence row
// for the table; the model must say so as it does for the column form.
TEST(Inspector, TableLevelPrimaryKeyAutoincrement) {
    const auto catalog = inspect_sql("CREATE TABLE t (id INTEGER, v TEXT, PRIMARY KEY (id AUTOINCREMENT))");
    const auto* t = catalog.find_table("t");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->primary_key, (model::PrimaryKey{"", {"id"}, true}));
}

TEST(Inspector, UniqueConstraintsColumnAndTableLevel) {
    const auto catalog = inspect_sql(
        "CREATE TABLE t (\n"
        "  id INTEGER PRIMARY KEY,\n"
        "  email TEXT UNIQUE,\n"
        "  login TEXT CONSTRAINT uq_login UNIQUE,\n"
        "  a INT, b INT, c INT, d INT,\n"
        "  UNIQUE (a, b),\n"
        "  CONSTRAINT uq_cd UNIQUE (c, d)\n"
        ")");
    const auto* t = catalog.find_table("t");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->uniques, (std::vector<model::UniqueConstraint>{
                              {"", {"email"}}, {"uq_login", {"login"}}, {"", {"a", "b"}}, {"uq_cd", {"c", "d"}}}));
    EXPECT_TRUE(t->indexes.empty()) << "a UNIQUE constraint's index is the constraint itself";
}

// A named table-level UNIQUE on one column keeps its name.
TEST(Inspector, NamedSingleColumnTableLevelUniqueKeepsItsName) {
    const auto catalog = inspect_sql("CREATE TABLE t (a INT, b INT, CONSTRAINT uq_a UNIQUE (a))");
    const auto* t = catalog.find_table("t");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->uniques, (std::vector<model::UniqueConstraint>{{"uq_a", {"a"}}}));
}

TEST(Inspector, ForeignKeyActions) {
    const auto catalog = inspect_sql(
        "CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
        "CREATE TABLE c (\n"
        "  id INTEGER PRIMARY KEY,\n"
        "  a INTEGER REFERENCES p (id) ON DELETE CASCADE ON UPDATE RESTRICT,\n"
        "  b INTEGER REFERENCES p (id) ON DELETE SET NULL ON UPDATE SET DEFAULT,\n"
        "  c INTEGER REFERENCES p (id) ON DELETE NO ACTION ON UPDATE CASCADE,\n"
        "  d INTEGER REFERENCES p (id) ON DELETE RESTRICT,\n"
        "  e INTEGER REFERENCES p (id) ON DELETE SET DEFAULT ON UPDATE SET NULL,\n"
        "  f INTEGER REFERENCES p,\n"
        "  g INTEGER CONSTRAINT fk_g REFERENCES p (id) MATCH SIMPLE\n"
        ")");
    const auto* c = catalog.find_table("c");
    ASSERT_NE(c, nullptr);
    using A = ForeignKeyAction;
    const std::vector<ForeignKey> expected = {
        foreign_key("", {"a"}, "p", {"id"}, A::restrict, A::cascade),
        foreign_key("", {"b"}, "p", {"id"}, A::set_default, A::set_null),
        foreign_key("", {"c"}, "p", {"id"}, A::cascade, A::no_action),
        foreign_key("", {"d"}, "p", {"id"}, A::no_action, A::restrict),
        foreign_key("", {"e"}, "p", {"id"}, A::set_null, A::set_default),
        foreign_key("", {"f"}, "p", {}),
    };
    for (const auto& key : expected) {
        const auto* actual = find_foreign_key(*c, key.columns[0]);
        ASSERT_NE(actual, nullptr) << "no foreign key on " << key.columns[0];
        EXPECT_EQ(*actual, key);
    }
    const auto* g = find_foreign_key(*c, "g");
    ASSERT_NE(g, nullptr);
    EXPECT_EQ(g->name, "fk_g");
    EXPECT_EQ(g->match, "") << "SQLite parses MATCH and ignores it: the pragma always says NONE";
    EXPECT_EQ(c->foreign_keys.size(), 7u);
    EXPECT_TRUE(catalog.find_table("p")->foreign_keys.empty());
}

TEST(Inspector, CompositeAndNamedForeignKeys) {
    const auto catalog = inspect_sql(
        "CREATE TABLE p2 (x INT, y INT, PRIMARY KEY (x, y));\n"
        "CREATE TABLE c2 (u INT, v INT, w INT,\n"
        "  CONSTRAINT fk_uv FOREIGN KEY (u, v) REFERENCES p2 (x, y) ON DELETE CASCADE,\n"
        "  FOREIGN KEY (w, u) REFERENCES p2)");
    const auto* c2 = catalog.find_table("c2");
    ASSERT_NE(c2, nullptr);
    const auto* uv = find_foreign_key(*c2, "u");
    ASSERT_NE(uv, nullptr);
    EXPECT_EQ(*uv, foreign_key("fk_uv", {"u", "v"}, "p2", {"x", "y"}, ForeignKeyAction::no_action, ForeignKeyAction::cascade));
    const auto* wu = find_foreign_key(*c2, "w");
    ASSERT_NE(wu, nullptr);
    EXPECT_EQ(*wu, foreign_key("", {"w", "u"}, "p2", {}));
}

// pragma_foreign_key_list does not report DEFERRABLE; the CREATE TABLE text does, and a deferred
// key behaves differently from an immediate one (checked at COMMIT, not per statement).
TEST(Inspector, ForeignKeyDeferrability) {
    const auto catalog = inspect_sql(
        "CREATE TABLE p (id INTEGER PRIMARY KEY);\n"
        "CREATE TABLE c (\n"
        "  a INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED,\n"
        "  b INTEGER REFERENCES p (id) NOT DEFERRABLE,\n"
        "  c INTEGER REFERENCES p (id) DEFERRABLE INITIALLY IMMEDIATE,\n"
        "  d INTEGER,\n"
        "  FOREIGN KEY (d) REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED\n"
        ")");
    const auto* c = catalog.find_table("c");
    ASSERT_NE(c, nullptr);
    struct Case {
        std::string column;
        bool deferrable;
        bool initially_deferred;
    };
    for (const Case& expected : std::vector<Case>{{"a", true, true}, {"b", false, false}, {"c", true, false}, {"d", true, true}}) {
        const auto* key = find_foreign_key(*c, expected.column);
        ASSERT_NE(key, nullptr) << expected.column;
        EXPECT_EQ(key->deferrable, expected.deferrable) << expected.column;
        EXPECT_EQ(key->initially_deferred, expected.initially_deferred) << expected.column;
    }
}

TEST(Inspector, CheckConstraints) {
    const auto catalog = inspect_sql(
        "CREATE TABLE t (\n"
        "  a INT CHECK (a > 0),\n"
        "  b TEXT CONSTRAINT b_not_empty CHECK ( b <> '' ),\n"
        "  CHECK (a < 100),\n"
        "  CONSTRAINT a_b CHECK (length(b) <= a)\n"
        ")");
    const auto* t = catalog.find_table("t");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->checks, (std::vector<model::CheckConstraint>{{"", "A > 0", "a"},
                                                              {"b_not_empty", "B <> ''", "b"},
                                                              {"", "A < 100", ""},
                                                              {"a_b", "LENGTH(B) <= A", ""}}));
}

TEST(Inspector, CollationsAreUpperCase) {
    const auto catalog = inspect_sql("CREATE TABLE t (a TEXT COLLATE nocase, b TEXT COLLATE RTRIM, c TEXT)");
    const auto* t = catalog.find_table("t");
    ASSERT_NE(t, nullptr);
    ASSERT_EQ(t->columns.size(), 3u);
    EXPECT_EQ(t->columns[0].collation, "NOCASE");
    EXPECT_EQ(t->columns[1].collation, "RTRIM");
    EXPECT_EQ(t->columns[2].collation, "");
}

TEST(Inspector, GeneratedColumns) {
    const auto catalog = inspect_sql(
        "CREATE TABLE t (a INT, b INT GENERATED ALWAYS AS (a * 2) STORED, c TEXT AS (upper( 'x' || a )), "
        "d INT GENERATED ALWAYS AS (a + 1) VIRTUAL, e INT)");
    const auto* t = catalog.find_table("t");
    ASSERT_NE(t, nullptr);
    Column b = column("b", "INT", 1);
    b.generated = Generated::stored_column;
    b.generation_expr = "A * 2";
    Column c = column("c", "TEXT", 2);
    c.generated = Generated::virtual_column;
    c.generation_expr = "UPPER('x' || A)";
    Column d = column("d", "INT", 3);
    d.generated = Generated::virtual_column;
    d.generation_expr = "A + 1";
    EXPECT_EQ(t->columns, (std::vector<Column>{column("a", "INT", 0), b, c, d, column("e", "INT", 4)}));
}

TEST(Inspector, TableOptions) {
    struct Case {
        std::string sql;
        model::TableOptions options;
    };
    const std::vector<Case> cases = {
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)", {false, false}},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID", {true, false}},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER, x ANY) STRICT", {false, true}},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER) WITHOUT ROWID, STRICT", {true, true}},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER) STRICT, WITHOUT ROWID", {true, true}},
    };
    for (const auto& c : cases) {
        const auto catalog = inspect_sql(c.sql);
        const auto* t = catalog.find_table("t");
        ASSERT_NE(t, nullptr) << c.sql;
        EXPECT_EQ(t->options, c.options) << c.sql;
        EXPECT_EQ(t->primary_key, (model::PrimaryKey{"", {"k"}, false})) << c.sql;
        EXPECT_TRUE(t->indexes.empty()) << c.sql;
    }
}

TEST(Inspector, WithoutRowidPrimaryKeyColumnsAreNotNull) {
    // SQLite enforces NOT NULL on a WITHOUT ROWID table's key and reports it so.
    const auto catalog = inspect_sql("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID");
    const auto* kv = catalog.find_table("kv");
    ASSERT_NE(kv, nullptr);
    EXPECT_TRUE(kv->columns[0].not_null);
    EXPECT_FALSE(kv->columns[1].not_null);
}

TEST(Inspector, Indexes) {
    const std::vector<std::string> statements = {
        "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, email TEXT, created INT, deleted_at INT)",
        "CREATE UNIQUE INDEX ux_email ON people (email)",
        "CREATE INDEX ix_active ON people (name) WHERE deleted_at IS NULL",
        "CREATE INDEX ix_lower ON people (lower(name))",
        "CREATE INDEX ix_desc ON people (created DESC, name ASC)",
        "CREATE INDEX ix_coll ON people (name COLLATE NOCASE)",
        "CREATE INDEX ix_mixed ON people (lower(name) COLLATE nocase DESC, id)",
        "CREATE INDEX ix_exprs ON people (created + 1, substr(email, 1, 3))",
        "CREATE UNIQUE INDEX ux_partial ON people (email, created) WHERE email IS NOT NULL AND created > 0",
    };
    std::string script;
    for (const auto& s : statements) script += s + ";\n";
    const auto catalog = inspect_sql(script);
    const auto* people = catalog.find_table("people");
    ASSERT_NE(people, nullptr);
    EXPECT_EQ(index_names(*people), (std::vector<std::string>{"ix_active", "ix_coll", "ix_desc", "ix_exprs", "ix_lower",
                                                              "ix_mixed", "ux_email", "ux_partial"}));

    struct Case {
        std::string name;
        bool unique;
        std::vector<IndexKey> keys;
        std::string predicate;
        std::string sql;
    };
    const std::vector<Case> cases = {
        {"ux_email", true, {{"email", "", false, ""}}, "", statements[1]},
        {"ix_active", false, {{"name", "", false, ""}}, "DELETED_AT IS NULL", statements[2]},
        {"ix_lower", false, {{"", "LOWER(NAME)", false, ""}}, "", statements[3]},
        {"ix_desc", false, {{"created", "", true, ""}, {"name", "", false, ""}}, "", statements[4]},
        {"ix_coll", false, {{"name", "", false, "NOCASE"}}, "", statements[5]},
        {"ix_mixed", false, {{"", "LOWER(NAME)", true, "NOCASE"}, {"id", "", false, ""}}, "", statements[6]},
        {"ix_exprs", false, {{"", "CREATED + 1", false, ""}, {"", "SUBSTR(EMAIL, 1, 3)", false, ""}}, "", statements[7]},
        {"ux_partial", true, {{"email", "", false, ""}, {"created", "", false, ""}}, "EMAIL IS NOT NULL AND CREATED > 0",
         statements[8]},
    };
    for (const auto& c : cases) {
        const auto it = std::find_if(people->indexes.begin(), people->indexes.end(),
                                     [&](const model::Index& i) { return i.name == c.name; });
        ASSERT_NE(it, people->indexes.end()) << c.name;
        EXPECT_EQ(it->schema, "") << c.name;
        EXPECT_EQ(it->table, "people") << c.name;
        EXPECT_EQ(it->unique, c.unique) << c.name;
        EXPECT_EQ(it->origin, IndexOrigin::create_index) << c.name;
        EXPECT_EQ(it->keys, c.keys) << c.name;
        EXPECT_EQ(it->predicate, c.predicate) << c.name;
        EXPECT_EQ(it->sql, c.sql) << c.name;
    }
    EXPECT_TRUE(people->uniques.empty()) << "a UNIQUE INDEX is an index, not a constraint";
}

TEST(Inspector, Views) {
    const auto catalog = inspect_sql(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\n"
        "CREATE VIEW v_names AS SELECT name FROM t WHERE id > 0;\n"
        "CREATE VIEW IF NOT EXISTS \"v cols\" (a, b) AS\n  SELECT id, name -- both\n  FROM t;");
    ASSERT_EQ(catalog.views.size(), 2u);
    const auto* names = catalog.find_view("v_names");
    ASSERT_NE(names, nullptr);
    EXPECT_EQ(names->definition, "AS SELECT NAME FROM T WHERE ID > 0");
    EXPECT_EQ(names->sql, "CREATE VIEW v_names AS SELECT name FROM t WHERE id > 0");
    const auto* cols = catalog.find_view("v cols");
    ASSERT_NE(cols, nullptr);
    EXPECT_EQ(cols->definition, "(A, B) AS SELECT ID, NAME FROM T");
    EXPECT_TRUE(catalog.find_table("v_names") == nullptr) << "a view is not a table";

    // Another spelling of the same view has the same definition.
    const auto other = inspect_sql(
        "create table T (ID integer primary key, NAME text);\n"
        "create view V_NAMES as select  \"name\" from [t] where id>0;");
    ASSERT_EQ(other.views.size(), 1u);
    EXPECT_EQ(other.views[0].definition, names->definition);
}

TEST(Inspector, Triggers) {
    struct Case {
        std::string name;
        std::string sql;
        std::string table;
        std::string timing;
        std::string event;
    };
    const std::vector<Case> cases = {
        {"trg_ai", "CREATE TRIGGER trg_ai AFTER INSERT ON t BEGIN UPDATE t SET name = upper(new.name) WHERE id = new.id; END",
         "t", "AFTER", "INSERT"},
        {"trg_bd", "CREATE TRIGGER trg_bd BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END", "t", "BEFORE", "DELETE"},
        {"trg_default", "CREATE TRIGGER trg_default UPDATE ON t BEGIN SELECT 1; END", "t", "BEFORE", "UPDATE"},
        {"trg_io", "CREATE TRIGGER trg_io INSTEAD OF UPDATE ON v BEGIN SELECT 1; END", "v", "INSTEAD OF", "UPDATE"},
        {"trg_ine", "CREATE TRIGGER IF NOT EXISTS trg_ine after insert on t FOR EACH ROW WHEN new.id > 0 BEGIN SELECT 1; END",
         "t", "AFTER", "INSERT"},
        {"trg_idel", "CREATE TRIGGER trg_idel INSTEAD OF DELETE ON v BEGIN SELECT 1; END", "v", "INSTEAD OF", "DELETE"},
    };
    std::string script = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT);\nCREATE VIEW v AS SELECT * FROM t;\n";
    for (const auto& c : cases) script += c.sql + ";\n";
    const auto catalog = inspect_sql(script);
    ASSERT_EQ(catalog.triggers.size(), cases.size());
    for (const auto& c : cases) {
        const auto* trigger = catalog.find_trigger(c.name);
        ASSERT_NE(trigger, nullptr) << c.name;
        EXPECT_EQ(trigger->name, c.name);
        EXPECT_EQ(trigger->schema, "");
        EXPECT_EQ(trigger->table, c.table) << c.name;
        EXPECT_EQ(trigger->timing, c.timing) << c.name;
        EXPECT_EQ(trigger->event, c.event) << c.name;
        // SQLite stores the statement as written, except that it drops IF NOT EXISTS.
        std::string stored = c.sql;
        if (const auto at = stored.find("IF NOT EXISTS "); at != std::string::npos) stored.erase(at, 14);
        EXPECT_EQ(trigger->sql, stored) << c.name;
    }
    EXPECT_EQ(catalog.find_trigger("trg_ai")->definition,
              "AFTER INSERT ON T BEGIN UPDATE T SET NAME = UPPER(NEW.NAME) WHERE ID = NEW.ID ; END");
}

// The event of an UPDATE OF trigger lists its columns the way SQL writes a list: keywords upper
// case, column names as written.
TEST(Inspector, TriggerUpdateOfColumnsEvent) {
    const auto catalog = inspect_sql(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, \"my col\" TEXT);\n"
        "CREATE TRIGGER trg_uo after update of name , id ON t BEGIN SELECT 1; END;\n"
        "CREATE TRIGGER trg_q BEFORE UPDATE OF \"my col\" ON t BEGIN SELECT 1; END;");
    ASSERT_EQ(catalog.triggers.size(), 2u);
    EXPECT_EQ(catalog.find_trigger("trg_uo")->timing, "AFTER");
    EXPECT_EQ(catalog.find_trigger("trg_uo")->event, "UPDATE OF name, id");
    EXPECT_EQ(catalog.find_trigger("trg_q")->timing, "BEFORE");
    EXPECT_EQ(catalog.find_trigger("trg_q")->event, "UPDATE OF my col");
}

TEST(Inspector, DefaultsAreNormalized) {
    const auto catalog = inspect_sql(
        "CREATE TABLE d (\n"
        "  a INT DEFAULT NULL, b INT, c TEXT DEFAULT current_timestamp, d TEXT DEFAULT CURRENT_TIMESTAMP,\n"
        "  e INT DEFAULT (0), f INT DEFAULT 0, g TEXT DEFAULT 'x', h TEXT DEFAULT (NULL), i REAL DEFAULT 1.5,\n"
        "  j TEXT DEFAULT (datetime( 'now' )), k TEXT DEFAULT 'NULL', l INT DEFAULT null, m INT DEFAULT ((1))\n"
        ")");
    const auto* d = catalog.find_table("d");
    ASSERT_NE(d, nullptr);
    const std::vector<std::pair<std::string, std::optional<std::string>>> expected = {
        {"a", std::nullopt},         {"b", std::nullopt}, {"c", "CURRENT_TIMESTAMP"}, {"d", "CURRENT_TIMESTAMP"},
        {"e", "0"},                  {"f", "0"},          {"g", "'x'"},               {"h", std::nullopt},
        {"i", "1.5"},                {"j", "DATETIME('now')"}, {"k", "'NULL'"},       {"l", std::nullopt},
        {"m", "1"},
    };
    ASSERT_EQ(d->columns.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(d->columns[i].name, expected[i].first);
        EXPECT_EQ(d->columns[i].default_expr, expected[i].second) << expected[i].first;
    }
}

TEST(Inspector, NegativeDefaultsOfEverySpellingAreEqual) {
    const auto catalog = inspect_sql("CREATE TABLE d (a INT DEFAULT -1, b INT DEFAULT (-1), c INT DEFAULT - 1)");
    const auto* d = catalog.find_table("d");
    ASSERT_NE(d, nullptr);
    ASSERT_TRUE(d->columns[0].default_expr.has_value());
    EXPECT_EQ(d->columns[1].default_expr, d->columns[0].default_expr);
    EXPECT_EQ(d->columns[2].default_expr, d->columns[0].default_expr);
}

TEST(Inspector, OddIdentifiers) {
    const auto catalog = inspect_sql(
        "CREATE TABLE \"my table\" (\"first name\" TEXT NOT NULL, \"a\"\"b\" INT UNIQUE, \"order\" INT,\n"
        "  \"group\" TEXT COLLATE NOCASE, CHECK (\"first name\" <> ''));\n"
        "CREATE TABLE \"order\" (id INTEGER PRIMARY KEY, \"group\" INTEGER REFERENCES \"my table\" (\"a\"\"b\"),\n"
        "  \"select\" TEXT UNIQUE);\n"
        "CREATE TABLE таблица (id INTEGER PRIMARY KEY, \"näme\" TEXT DEFAULT 'ü');\n"
        "CREATE TABLE MixedCase (Id INTEGER PRIMARY KEY, SomeValue TEXT);\n"
        "CREATE INDEX \"ix order group\" ON \"order\" (\"group\" DESC);\n"
        "CREATE INDEX \"ix näme\" ON таблица (lower(\"näme\"));\n"
        "CREATE VIEW \"view \"\"q\"\"\" AS SELECT \"first name\" FROM \"my table\";\n"
        "CREATE TRIGGER \"trg order\" AFTER INSERT ON \"order\" BEGIN SELECT 1; END;");

    EXPECT_EQ(table_names(catalog), (std::vector<std::string>{"MixedCase", "my table", "order", "таблица"}));

    const auto* my_table = catalog.find_table("my table");
    ASSERT_NE(my_table, nullptr);
    Column first_name = column("first name", "TEXT", 0);
    first_name.not_null = true;
    Column group = column("group", "TEXT", 3);
    group.collation = "NOCASE";
    EXPECT_EQ(my_table->columns, (std::vector<Column>{first_name, column("a\"b", "INT", 1), column("order", "INT", 2), group}));
    EXPECT_EQ(my_table->checks, (std::vector<model::CheckConstraint>{{"", "\"FIRST NAME\" <> ''", ""}}));
    EXPECT_EQ(my_table->uniques, (std::vector<model::UniqueConstraint>{{"", {"a\"b"}}}));

    const auto* order = catalog.find_table("order");
    ASSERT_NE(order, nullptr);
    EXPECT_EQ(order->foreign_keys, (std::vector<ForeignKey>{foreign_key("", {"group"}, "my table", {"a\"b"})}));
    EXPECT_EQ(order->uniques, (std::vector<model::UniqueConstraint>{{"", {"select"}}}));
    ASSERT_EQ(index_names(*order), std::vector<std::string>{"ix order group"});
    EXPECT_EQ(order->indexes[0].keys, (std::vector<IndexKey>{{"group", "", true, ""}}));

    const auto* cyrillic = catalog.find_table("таблица");
    ASSERT_NE(cyrillic, nullptr);
    ASSERT_EQ(cyrillic->columns.size(), 2u);
    EXPECT_EQ(cyrillic->columns[1].name, "näme");
    EXPECT_EQ(cyrillic->columns[1].default_expr, "'ü'");
    ASSERT_EQ(index_names(*cyrillic), std::vector<std::string>{"ix näme"});
    EXPECT_EQ(cyrillic->indexes[0].keys, (std::vector<IndexKey>{{"", "LOWER(NäME)", false, ""}}));
    EXPECT_EQ(catalog.find_table("ТАБЛИЦА"), nullptr) << "SQLite folds ASCII case only";

    const auto* mixed = catalog.find_table("mixedcase");
    ASSERT_NE(mixed, nullptr);
    EXPECT_EQ(mixed->name, "MixedCase");
    EXPECT_EQ(catalog.find_table("MIXEDCASE"), mixed);
    ASSERT_NE(mixed->find_column("somevalue", true), nullptr);
    EXPECT_EQ(mixed->find_column("somevalue", true)->name, "SomeValue");
    EXPECT_EQ(mixed->primary_key, (model::PrimaryKey{"", {"Id"}, false}));

    ASSERT_EQ(catalog.views.size(), 1u);
    EXPECT_EQ(catalog.views[0].name, "view \"q\"");
    EXPECT_EQ(catalog.views[0].definition, "AS SELECT \"FIRST NAME\" FROM \"MY TABLE\"");
    ASSERT_EQ(catalog.triggers.size(), 1u);
    EXPECT_EQ(catalog.triggers[0].name, "trg order");
    EXPECT_EQ(catalog.triggers[0].table, "order");
}

TEST(Inspector, SqliteInternalTablesAndAutoindexesNeverAppear) {
    const auto catalog = inspect_sql(
        "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE, k TEXT, v TEXT, UNIQUE (k, v));\n"
        "CREATE TABLE b (k TEXT PRIMARY KEY, v TEXT);\n"
        "CREATE TABLE w (k TEXT PRIMARY KEY, v TEXT UNIQUE) WITHOUT ROWID;\n"
        "CREATE INDEX ix_b ON b (v);\n"
        "INSERT INTO a (email, k, v) VALUES ('x', 'k', 'v');\n"
        "INSERT INTO b VALUES ('k', 'v');\n"
        "ANALYZE;");
    EXPECT_EQ(table_names(catalog), (std::vector<std::string>{"a", "b", "w"}));
    for (const auto& table : catalog.tables) {
        for (const auto& index : table.indexes)
            EXPECT_FALSE(util::starts_with_icase(index.name, "sqlite_")) << table.name << ": " << index.name;
    }
    EXPECT_TRUE(catalog.find_table("a")->indexes.empty());
    EXPECT_EQ(index_names(*catalog.find_table("b")), std::vector<std::string>{"ix_b"});
    EXPECT_TRUE(catalog.find_table("w")->indexes.empty());
    EXPECT_EQ(catalog.find_table("w")->uniques, (std::vector<model::UniqueConstraint>{{"", {"v"}}}));
    EXPECT_EQ(catalog.find_table("a")->uniques.size(), 2u);
    EXPECT_TRUE(catalog.views.empty());
    EXPECT_TRUE(catalog.triggers.empty());
}

TEST(Inspector, AppendsToACatalogWithoutDisturbingWhatIsThere) {
    Connection first = Connection::open_memory();
    first.execute("CREATE TABLE a (x INT CHECK (x > 0)); CREATE INDEX ix_a ON a (x);");
    Connection second = Connection::open_memory();
    second.execute("CREATE TABLE b (y TEXT UNIQUE); CREATE VIEW vb AS SELECT y FROM b;");
    model::Catalog catalog;
    inspect_into(first, catalog);
    inspect_into(second, catalog);
    catalog.sort();
    EXPECT_EQ(table_names(catalog), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(catalog.find_table("a")->checks.size(), 1u);
    EXPECT_EQ(index_names(*catalog.find_table("a")), std::vector<std::string>{"ix_a"});
    EXPECT_EQ(catalog.find_table("b")->uniques, (std::vector<model::UniqueConstraint>{{"", {"y"}}}));
    EXPECT_EQ(catalog.views.size(), 1u);
}

TEST(Inspector, VirtualTablesAreListedWithoutColumns) {
    Connection db = Connection::open_memory();
    db.execute("CREATE TABLE t (a INT)");
    // fts5 may be missing from a SQLite build; the test then covers only the ordinary table.
    bool has_fts5 = true;
    try {
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)");
    } catch (const std::exception&) {
        has_fts5 = false;
    }
    model::Catalog catalog;
    inspect_into(db, catalog);
    catalog.sort();
    ASSERT_NE(catalog.find_table("t"), nullptr);
    if (!has_fts5) GTEST_SKIP() << "SQLite built without fts5";
    const auto* docs = catalog.find_table("docs");
    ASSERT_NE(docs, nullptr);
    EXPECT_TRUE(docs->columns.empty());
}

// An FTS5 table keeps its data in shadow tables (docs_data, docs_idx, ...) that SQLite creates and
// owns; pragma_table_list calls them "shadow". They are not the user's tables.
TEST(Inspector, VirtualTableShadowTablesNeverAppear) {
    Connection db = Connection::open_memory();
    try {
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body)");
    } catch (const std::exception&) {
        GTEST_SKIP() << "SQLite built without fts5";
    }
    db.execute("CREATE TABLE t (a INT)");
    model::Catalog catalog;
    inspect_into(db, catalog);
    catalog.sort();
    EXPECT_EQ(table_names(catalog), (std::vector<std::string>{"docs", "t"}));
}

// In a DEFAULT, SQLite reads a double-quoted word as a string (it cannot name a column there):
// DEFAULT "pending" stores the text pending, exactly like DEFAULT 'pending'.
TEST(Inspector, DoubleQuotedDefaultIsAStringLiteral) {
    const auto catalog = inspect_sql("CREATE TABLE t (a TEXT DEFAULT \"pending\", b TEXT DEFAULT 'pending', c TEXT DEFAULT \"PENDING\")");
    const auto* t = catalog.find_table("t");
    ASSERT_NE(t, nullptr);
    EXPECT_EQ(t->columns[0].default_expr, std::string("'pending'"));
    EXPECT_EQ(t->columns[1].default_expr, std::string("'pending'"));
    EXPECT_EQ(t->columns[2].default_expr, std::string("'PENDING'"));
}

// Counts the statements the inspector itself runs (SELECTs); the pragma table functions' own
// internal PRAGMA statements are SQLite's business.
int count_inspector_queries(Connection& db) {
    int count = 0;
    sqlite3_trace_v2(
        db.handle(), SQLITE_TRACE_STMT,
        [](unsigned, void* context, void* statement, void*) -> int {
            const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
            if (sql && util::starts_with_icase(sql, "SELECT")) ++*static_cast<int*>(context);
            return 0;
        },
        &count);
    model::Catalog catalog;
    inspect_into(db, catalog);
    sqlite3_trace_v2(db.handle(), 0, nullptr, nullptr);
    return count;
}

TEST(Inspector, RunsAFixedNumberOfQueriesHoweverManyTables) {
    Connection small = Connection::open_memory();
    small.execute("CREATE TABLE t (id INTEGER PRIMARY KEY REFERENCES t (id))");
    Connection large = Connection::open_memory();
    std::string script;
    for (int i = 0; i < 40; ++i) {
        const std::string n = std::to_string(i);
        script += "CREATE TABLE t" + n + " (id INTEGER PRIMARY KEY, p INTEGER REFERENCES t0 (id), u TEXT UNIQUE);"
                  "CREATE INDEX ix" + n + " ON t" + n + " (p);"
                  "CREATE VIEW v" + n + " AS SELECT * FROM t" + n + ";"
                  "CREATE TRIGGER trg" + n + " AFTER INSERT ON t" + n + " BEGIN SELECT 1; END;";
    }
    large.execute(script);
    const int small_count = count_inspector_queries(small);
    const int large_count = count_inspector_queries(large);
    EXPECT_EQ(small_count, large_count);
    EXPECT_EQ(large_count, k_inspector_query_count);
}

}  // namespace
}  // namespace dbaudit::engine::sqlite
