#include "dbaudit/engine/sqlite/create_table_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dbaudit/engine/sqlite/connection.hpp"

namespace dbaudit::engine::sqlite {

// Field-by-field equality so EXPECT_EQ can compare whole parse results.
static bool operator==(const ParsedCheck& a, const ParsedCheck& b) {
    return a.name == b.name && a.expression == b.expression;
}
static std::ostream& operator<<(std::ostream& out, const ParsedCheck& c) {
    return out << "{name=\"" << c.name << "\", expression=\"" << c.expression << "\"}";
}

namespace {

// Every statement below is first run through SQLite, so the reader only ever sees DDL SQLite accepts.
void expect_sqlite_accepts(const std::string& sql) {
    Connection db = Connection::open_memory();
    db.execute("CREATE TABLE users (id INTEGER PRIMARY KEY); CREATE TABLE other (id INTEGER PRIMARY KEY, k INTEGER, "
               "UNIQUE (id, k))");
    EXPECT_NO_THROW(db.execute(sql)) << sql;
}

ParsedCreateTable read(const std::string& sql) {
    expect_sqlite_accepts(sql);
    return read_create_table(sql);
}

const ParsedColumn& column(const ParsedCreateTable& table, const std::string& name) {
    for (const ParsedColumn& c : table.columns)
        if (c.name == name) return c;
    ADD_FAILURE() << "no column " << name;
    static const ParsedColumn none;
    return none;
}

std::vector<std::string> column_names(const ParsedCreateTable& table) {
    std::vector<std::string> names;
    for (const ParsedColumn& c : table.columns) names.push_back(c.name);
    return names;
}

TEST(CreateTableReader, ColumnNamesInOrderWithTypesOfEveryShape) {
    const auto table = read(
        "CREATE TABLE t (a, b INTEGER, c VARCHAR(20), d DECIMAL(10, 2) NOT NULL, e UNSIGNED BIG INT, f DOUBLE PRECISION)");
    EXPECT_EQ(column_names(table), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
    EXPECT_TRUE(table.constraints.empty());
    EXPECT_FALSE(table.without_rowid);
    EXPECT_FALSE(table.strict);
    EXPECT_FALSE(table.is_virtual);
    EXPECT_FALSE(table.is_select);
}

TEST(CreateTableReader, ColumnChecksNamedAndUnnamed) {
    const auto table = read(
        "CREATE TABLE t (\n"
        "  a INTEGER CHECK (a > 0),\n"
        "  b TEXT CONSTRAINT b_len CHECK ( length(b)  <  10 ) NOT NULL,\n"
        "  c INT CHECK (c IN (1, 2)) CONSTRAINT c_pos CHECK ((c > 0) AND (c < 9))\n"
        ")");
    EXPECT_EQ(column(table, "a").checks, (std::vector<ParsedCheck>{{"", "a > 0"}}));
    EXPECT_EQ(column(table, "b").checks, (std::vector<ParsedCheck>{{"b_len", "length(b)  <  10"}}));
    EXPECT_EQ(column(table, "c").checks,
              (std::vector<ParsedCheck>{{"", "c IN (1, 2)"}, {"c_pos", "(c > 0) AND (c < 9)"}}));
    EXPECT_TRUE(table.constraints.empty());
}

TEST(CreateTableReader, TableChecksNamedAndUnnamed) {
    const auto table = read(
        "CREATE TABLE t (a INT, b INT, CHECK (a < 100), CONSTRAINT ab_differ CHECK (a <> b), "
        "CONSTRAINT \"odd name\" CHECK (b > 0))");
    ASSERT_EQ(table.constraints.size(), 3u);
    EXPECT_EQ(table.constraints[0].kind, ParsedConstraintKind::check);
    EXPECT_EQ(table.constraints[0].name, "");
    EXPECT_EQ(table.constraints[0].expression, "a < 100");
    EXPECT_EQ(table.constraints[1].kind, ParsedConstraintKind::check);
    EXPECT_EQ(table.constraints[1].name, "ab_differ");
    EXPECT_EQ(table.constraints[1].expression, "a <> b");
    EXPECT_EQ(table.constraints[2].name, "odd name");
    EXPECT_EQ(table.constraints[2].expression, "b > 0");
    EXPECT_EQ(column_names(table), (std::vector<std::string>{"a", "b"}));
}

TEST(CreateTableReader, Collations) {
    const auto table = read(
        "CREATE TABLE t (a TEXT COLLATE NOCASE, b TEXT NOT NULL COLLATE rtrim DEFAULT 'x', c TEXT COLLATE \"BINARY\", "
        "d TEXT)");
    EXPECT_EQ(column(table, "a").collation, "NOCASE");
    EXPECT_EQ(column(table, "b").collation, "rtrim");
    EXPECT_EQ(column(table, "c").collation, "BINARY");
    EXPECT_EQ(column(table, "d").collation, "");
}

TEST(CreateTableReader, GeneratedColumns) {
    const auto table = read(
        "CREATE TABLE t (\n"
        "  a INT,\n"
        "  b INT GENERATED ALWAYS AS (a * 2) STORED,\n"
        "  c TEXT GENERATED ALWAYS AS (upper(d)) VIRTUAL,\n"
        "  d TEXT,\n"
        "  e AS (a || 'x'),\n"
        "  f INT AS ((a + 1) * (a - 1)) NOT NULL\n"
        ")");
    EXPECT_EQ(column(table, "a").generation_expr, "");
    EXPECT_EQ(column(table, "b").generation_expr, "a * 2");
    EXPECT_EQ(column(table, "c").generation_expr, "upper(d)");
    EXPECT_EQ(column(table, "e").generation_expr, "a || 'x'");
    EXPECT_EQ(column(table, "f").generation_expr, "(a + 1) * (a - 1)");
    EXPECT_EQ(column_names(table), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
}

TEST(CreateTableReader, Autoincrement) {
    const auto with = read("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT)");
    EXPECT_TRUE(column(with, "id").autoincrement);
    EXPECT_FALSE(column(with, "name").autoincrement);
    EXPECT_EQ(column(with, "id").primary_key_name, "");

    const auto asc = read("CREATE TABLE t (id INTEGER PRIMARY KEY ASC AUTOINCREMENT)");
    EXPECT_TRUE(column(asc, "id").autoincrement);

    const auto without = read("CREATE TABLE t (id INTEGER PRIMARY KEY)");
    EXPECT_FALSE(column(without, "id").autoincrement);
}

TEST(CreateTableReader, ColumnConstraintNames) {
    const auto table = read(
        "CREATE TABLE t (\n"
        "  id INTEGER CONSTRAINT pk_t PRIMARY KEY,\n"
        "  email TEXT CONSTRAINT uq_email UNIQUE,\n"
        "  owner INTEGER CONSTRAINT fk_owner REFERENCES users (id),\n"
        "  plain_ref INTEGER REFERENCES \"users\",\n"
        "  a INT CONSTRAINT nn NOT NULL UNIQUE\n"
        ")");
    EXPECT_EQ(column(table, "id").primary_key_name, "pk_t");
    EXPECT_EQ(column(table, "email").unique_name, "uq_email");
    EXPECT_EQ(column(table, "owner").foreign_key_name, "fk_owner");
    EXPECT_EQ(column(table, "owner").references_table, "users");
    EXPECT_EQ(column(table, "plain_ref").foreign_key_name, "");
    EXPECT_EQ(column(table, "plain_ref").references_table, "users");
    // The name belongs to NOT NULL, not to the UNIQUE after it.
    EXPECT_EQ(column(table, "a").unique_name, "");
}

TEST(CreateTableReader, TableConstraintNamesAndColumns) {
    const auto table = read(
        "CREATE TABLE t (\n"
        "  a INT, b INT, c TEXT, d INT, e INT,\n"
        "  CONSTRAINT pk_ab PRIMARY KEY (a, b DESC),\n"
        "  CONSTRAINT uq_cd UNIQUE (c COLLATE NOCASE, d),\n"
        "  UNIQUE (e),\n"
        "  CONSTRAINT fk_de FOREIGN KEY (d, e) REFERENCES other (id, k) ON DELETE CASCADE,\n"
        "  FOREIGN KEY (\"a\") REFERENCES [users]\n"
        ")");
    ASSERT_EQ(table.constraints.size(), 5u);
    const auto& pk = table.constraints[0];
    EXPECT_EQ(pk.kind, ParsedConstraintKind::primary_key);
    EXPECT_EQ(pk.name, "pk_ab");
    EXPECT_EQ(pk.columns, (std::vector<std::string>{"a", "b"}));
    const auto& uq = table.constraints[1];
    EXPECT_EQ(uq.kind, ParsedConstraintKind::unique);
    EXPECT_EQ(uq.name, "uq_cd");
    EXPECT_EQ(uq.columns, (std::vector<std::string>{"c", "d"}));
    EXPECT_EQ(table.constraints[2].kind, ParsedConstraintKind::unique);
    EXPECT_EQ(table.constraints[2].name, "");
    EXPECT_EQ(table.constraints[2].columns, (std::vector<std::string>{"e"}));
    const auto& fk = table.constraints[3];
    EXPECT_EQ(fk.kind, ParsedConstraintKind::foreign_key);
    EXPECT_EQ(fk.name, "fk_de");
    EXPECT_EQ(fk.columns, (std::vector<std::string>{"d", "e"}));
    EXPECT_EQ(fk.references_table, "other");
    EXPECT_EQ(table.constraints[4].kind, ParsedConstraintKind::foreign_key);
    EXPECT_EQ(table.constraints[4].name, "");
    EXPECT_EQ(table.constraints[4].columns, (std::vector<std::string>{"a"}));
    EXPECT_EQ(table.constraints[4].references_table, "users");
    EXPECT_EQ(column_names(table), (std::vector<std::string>{"a", "b", "c", "d", "e"}));
}

struct OptionsCase {
    std::string sql;
    bool without_rowid;
    bool strict;
};

TEST(CreateTableReader, TableOptions) {
    const std::vector<OptionsCase> cases = {
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)", false, false},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID", true, false},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) without rowid", true, false},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) STRICT", false, true},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID, STRICT", true, true},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) STRICT, WITHOUT ROWID", true, true},
        {"CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT) /* STRICT */", false, false},
        // Words inside the body do not count.
        {"CREATE TABLE t (rowid_copy INT, \"strict\" TEXT, v TEXT DEFAULT 'WITHOUT ROWID')", false, false},
    };
    for (const auto& c : cases) {
        const auto table = read(c.sql);
        EXPECT_EQ(table.without_rowid, c.without_rowid) << c.sql;
        EXPECT_EQ(table.strict, c.strict) << c.sql;
    }
}

TEST(CreateTableReader, VirtualTableIsRecognisedAndNotRead) {
    const auto table = read_create_table("CREATE VIRTUAL TABLE docs USING fts5(title, body)");
    EXPECT_TRUE(table.is_virtual);
    EXPECT_FALSE(table.is_select);
    EXPECT_TRUE(table.columns.empty());
    EXPECT_TRUE(table.constraints.empty());
}

TEST(CreateTableReader, CreateTableAsSelectIsRecognisedAndNotRead) {
    const auto table = read("CREATE TABLE copy AS SELECT id, (id + 1) AS next FROM users");
    EXPECT_TRUE(table.is_select);
    EXPECT_FALSE(table.is_virtual);
    EXPECT_TRUE(table.columns.empty());
}

TEST(CreateTableReader, DefaultExpressionsDoNotLookLikeConstraints) {
    const auto table = read(
        "CREATE TABLE t (\n"
        "  a TEXT DEFAULT ('CHECK (x) PRIMARY KEY'),\n"
        "  b INT DEFAULT (CASE WHEN 1 THEN 2 ELSE 3 END) CHECK (b > 0),\n"
        "  c TEXT DEFAULT 'COLLATE' COLLATE NOCASE,\n"
        "  d INT DEFAULT -1 NOT NULL,\n"
        "  e TEXT DEFAULT (lower('UNIQUE')) ,\n"
        "  f TEXT DEFAULT CURRENT_TIMESTAMP REFERENCES users\n"
        ")");
    EXPECT_EQ(column_names(table), (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
    EXPECT_TRUE(column(table, "a").checks.empty());
    EXPECT_EQ(column(table, "a").primary_key_name, "");
    EXPECT_EQ(column(table, "a").collation, "");
    EXPECT_EQ(column(table, "b").checks, (std::vector<ParsedCheck>{{"", "b > 0"}}));
    EXPECT_EQ(column(table, "c").collation, "NOCASE");
    EXPECT_EQ(column(table, "f").references_table, "users");
    EXPECT_TRUE(table.constraints.empty());
}

TEST(CreateTableReader, QuotedAndOddIdentifiers) {
    const auto table = read(
        "CREATE TABLE \"my table\" (\n"
        "  \"first name\" TEXT CHECK (\"first name\" <> ''),\n"
        "  [order] INT,\n"
        "  `group` TEXT COLLATE NOCASE,\n"
        "  \"a\"\"b\" INT,\n"
        "  таблица TEXT,\n"
        "  \"näme\" TEXT,\n"
        "  MixedCase INT,\n"
        "  'quoted as string' INT,\n"
        "  CONSTRAINT \"pk \"\"x\"\"\" PRIMARY KEY (\"order\", [group])\n"
        ")");
    EXPECT_EQ(column_names(table), (std::vector<std::string>{"first name", "order", "group", "a\"b", "таблица", "näme",
                                                             "MixedCase", "quoted as string"}));
    EXPECT_EQ(column(table, "first name").checks, (std::vector<ParsedCheck>{{"", "\"first name\" <> ''"}}));
    EXPECT_EQ(column(table, "group").collation, "NOCASE");
    ASSERT_EQ(table.constraints.size(), 1u);
    EXPECT_EQ(table.constraints[0].name, "pk \"x\"");
    EXPECT_EQ(table.constraints[0].columns, (std::vector<std::string>{"order", "group"}));
}

TEST(CreateTableReader, IfNotExistsAndSchemaQualifiedNames) {
    const auto table = read("CREATE TABLE IF NOT EXISTS main.t (a INT CHECK (a > 0)) STRICT");
    EXPECT_EQ(column_names(table), (std::vector<std::string>{"a"}));
    EXPECT_EQ(column(table, "a").checks, (std::vector<ParsedCheck>{{"", "a > 0"}}));
    EXPECT_TRUE(table.strict);
}

// SQLite lets VIRTUAL (a fallback keyword) name an ordinary table; it is still an ordinary table
// whose CHECKs must be read.
TEST(CreateTableReader, TableNamedVirtualIsAnOrdinaryTable) {
    const auto table = read("CREATE TABLE virtual (a INT CHECK (a > 0))");
    EXPECT_FALSE(table.is_virtual);
    EXPECT_EQ(column_names(table), (std::vector<std::string>{"a"}));
    EXPECT_EQ(column(table, "a").checks, (std::vector<ParsedCheck>{{"", "a > 0"}}));
}

// SQLite accepts AUTOINCREMENT inside a table-level PRIMARY KEY (tcons ::= PRIMARY KEY LP sortlist
// autoinc RP) and then keeps sqlite_sequence for the table just as for the column form.
TEST(CreateTableReader, TableLevelPrimaryKeyAutoincrement) {
    const auto table = read("CREATE TABLE t (id INTEGER, name TEXT, PRIMARY KEY (id AUTOINCREMENT))");
    ASSERT_EQ(table.constraints.size(), 1u);
    EXPECT_EQ(table.constraints[0].kind, ParsedConstraintKind::primary_key);
    EXPECT_EQ(table.constraints[0].columns, (std::vector<std::string>{"id"}));
    EXPECT_TRUE(table.constraints[0].autoincrement);
    EXPECT_TRUE(column(table, "id").autoincrement) << "AUTOINCREMENT of a table-level PRIMARY KEY is lost";
    EXPECT_FALSE(column(table, "name").autoincrement);
}

TEST(CreateTableReader, ForeignKeyDeferrability) {
    const auto table = read(
        "CREATE TABLE t (\n"
        "  a INT REFERENCES users (id) DEFERRABLE INITIALLY DEFERRED,\n"
        "  b INT REFERENCES users (id) NOT DEFERRABLE INITIALLY DEFERRED,\n"
        "  c INT REFERENCES users (id) ON DELETE CASCADE DEFERRABLE INITIALLY IMMEDIATE,\n"
        "  d INT REFERENCES users MATCH FULL DEFERRABLE CHECK (d > 0),\n"
        "  e INT REFERENCES users (id),\n"
        "  f INT, g INT,\n"
        "  FOREIGN KEY (f) REFERENCES users (id) ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,\n"
        "  FOREIGN KEY (g) REFERENCES users (id)\n"
        ")");
    struct Case {
        std::string column;
        bool deferrable;
        bool initially_deferred;
    };
    for (const Case& c : std::vector<Case>{{"a", true, true}, {"b", false, false}, {"c", true, false}, {"d", true, false},
                                           {"e", false, false}}) {
        EXPECT_EQ(column(table, c.column).references_table, "users") << c.column;
        EXPECT_EQ(column(table, c.column).foreign_key_deferrable, c.deferrable) << c.column;
        EXPECT_EQ(column(table, c.column).foreign_key_initially_deferred, c.initially_deferred) << c.column;
    }
    EXPECT_EQ(column(table, "d").checks, (std::vector<ParsedCheck>{{"", "d > 0"}}));
    ASSERT_EQ(table.constraints.size(), 2u);
    EXPECT_TRUE(table.constraints[0].deferrable);
    EXPECT_TRUE(table.constraints[0].initially_deferred);
    EXPECT_FALSE(table.constraints[1].deferrable);
    EXPECT_FALSE(table.constraints[1].initially_deferred);
}

TEST(CreateTableReader, CommentsInsideTheBodyAreIgnored) {
    const auto table = read(
        "CREATE TABLE t ( -- the table\n"
        "  a INT, -- CHECK (a > 0) is only a comment\n"
        "  /* b, */ c TEXT CHECK (c <> '') -- real\n"
        ")");
    EXPECT_EQ(column_names(table), (std::vector<std::string>{"a", "c"}));
    EXPECT_TRUE(column(table, "a").checks.empty());
    EXPECT_EQ(column(table, "c").checks, (std::vector<ParsedCheck>{{"", "c <> ''"}}));
}

}  // namespace
}  // namespace dbaudit::engine::sqlite
