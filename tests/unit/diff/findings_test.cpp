#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/sqlite/expected_loader.hpp"

namespace dbaudit::diff {
namespace {

model::Catalog catalog_from(const std::string& sql) {
    return engine::sqlite::load_expected_schema({engine::SchemaFile{"test.sql", sql}});
}

std::vector<Finding> findings_sql(const std::string& expected, const std::string& live) {
    return findings_for(diff_catalogs(catalog_from(expected), catalog_from(live)));
}

// One line per finding with every field, so a table of expectations reads like the report.
std::string line(const Finding& f) {
    return std::string(to_string(f.severity)) + " | " + to_string(f.type) + " | " + to_string(f.kind) + " | " + f.table +
           " | " + f.object + " | " + f.expected + " | " + f.live + " | " + f.message;
}

std::vector<std::string> lines(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const Finding& f : findings) out.push_back(line(f));
    return out;
}

const std::string k_base = "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n";
const std::string k_parent = "CREATE TABLE p (id INTEGER PRIMARY KEY);\n";
const std::string k_trigger = "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END";
const std::string k_view = "CREATE VIEW v AS SELECT a FROM t";

struct FindingCase {
    const char* name;
    std::string expected;
    std::string live;
    std::vector<std::string> findings;  // line() of each

    friend void PrintTo(const FindingCase& c, std::ostream* out) { *out << c.name; }
};

class FindingTable : public ::testing::TestWithParam<FindingCase> {};

TEST_P(FindingTable, ExactFindings) {
    const FindingCase& c = GetParam();
    EXPECT_EQ(lines(findings_sql(c.expected, c.live)), c.findings) << "expected:\n" << c.expected << "live:\n" << c.live;
}

// Severities as README.md's "Severities" paragraph lays them out: critical missing table or view;
// high missing column, changed type, missing primary key / unique / foreign key, missing trigger;
// medium missing index or check, changed default or nullability; low objects only the database
// has; info column order only.
INSTANTIATE_TEST_SUITE_P(
    Severities, FindingTable,
    ::testing::Values(
        // critical
        FindingCase{"missing_table", k_base, "",
                    {"critical | missing | table |  | t | 2 columns |  | table t is missing"}},
        FindingCase{"missing_view", k_base + k_view + ";", k_base,
                    {"critical | missing | view |  | v | " + k_view + " |  | view v is missing"}},
        // high
        FindingCase{"missing_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT NOT NULL DEFAULT 'x');", k_base,
                    {"high | missing | column | t | t.b | TEXT NOT NULL DEFAULT 'x' |  | column t.b is missing"}},
        FindingCase{"changed_type", k_base, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);",
                    {"high | changed | column | t | t.a | TEXT | INTEGER | column t.a differs in type"}},
        FindingCase{"changed_type_and_nullability", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL);",
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT);",
                    {"high | changed | column | t | t.a | TEXT NOT NULL | INT | column t.a differs in type, nullability"}},
        FindingCase{"changed_generated_expression", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT AS (id * 2) STORED);",
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, a INT AS (id * 3) STORED);",
                    {"high | changed | column | t | t.a | INT AS (ID * 2) STORED | INT AS (ID * 3) STORED | "
                     "column t.a differs in generated expression"}},
        FindingCase{"missing_primary_key", k_base, "CREATE TABLE t (id INTEGER, a TEXT);",
                    {"high | missing | primary_key | t | t.PRIMARY KEY | PRIMARY KEY (id) | (none) | primary key of t is missing"}},
        FindingCase{"changed_primary_key", "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT);", k_base,
                    {"high | changed | primary_key | t | t.PRIMARY KEY | PRIMARY KEY (id) AUTOINCREMENT | PRIMARY KEY (id) | "
                     "primary key of t differs"}},
        FindingCase{"missing_unique", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT, UNIQUE (a, b));",
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);",
                    {"high | missing | unique | t | t.UNIQUE(a, b) | UNIQUE (a, b) |  | unique constraint on t(a, b) is missing"}},
        FindingCase{"missing_named_unique", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT CONSTRAINT uq_a UNIQUE);", k_base,
                    {"high | missing | unique | t | t.uq_a | UNIQUE (a) |  | unique constraint on t(a) is missing"}},
        FindingCase{"missing_foreign_key",
                    k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);",
                    k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);",
                    {"high | missing | foreign_key | c | c.FOREIGN KEY(p_id) | (p_id) REFERENCES p(id) ON DELETE CASCADE |  | "
                     "foreign key c(p_id) -> p is missing"}},
        FindingCase{"changed_foreign_key",
                    k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER CONSTRAINT fk_p REFERENCES p (id) "
                               "ON DELETE CASCADE);",
                    k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE SET NULL "
                               "ON UPDATE RESTRICT);",
                    {"high | changed | foreign_key | c | c.fk_p | (p_id) REFERENCES p(id) ON DELETE CASCADE | "
                     "(p_id) REFERENCES p(id) ON DELETE SET NULL ON UPDATE RESTRICT | foreign key c(p_id) differs"}},
        FindingCase{"missing_trigger", k_base + k_trigger + ";", k_base,
                    {"high | missing | trigger | t | trg | " + k_trigger + " |  | trigger trg on t is missing"}},
        // medium
        FindingCase{"missing_index", k_base + "CREATE INDEX ix_a ON t (a COLLATE NOCASE DESC) WHERE a IS NOT NULL;", k_base,
                    {"medium | missing | index | t | ix_a | ON t(a COLLATE NOCASE DESC) WHERE A IS NOT NULL |  | "
                     "index ix_a is missing"}},
        FindingCase{"missing_check", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT CHECK (a <> ''));", k_base,
                    {"medium | missing | check | t | t.CHECK | CHECK (A <> '') |  | check constraint on t is missing: "
                     "CHECK (A <> '')"}},
        FindingCase{"missing_named_check", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, CONSTRAINT ck_a CHECK (a <> ''));",
                    k_base,
                    {"medium | missing | check | t | t.ck_a | CHECK (A <> '') |  | check constraint on t is missing: "
                     "CHECK (A <> '')"}},
        FindingCase{"changed_default", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT DEFAULT 'x');",
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT DEFAULT 'y');",
                    {"medium | changed | column | t | t.a | TEXT DEFAULT 'x' | TEXT DEFAULT 'y' | column t.a differs in default"}},
        FindingCase{"changed_nullability", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL);", k_base,
                    {"medium | changed | column | t | t.a | TEXT NOT NULL | TEXT | column t.a differs in nullability"}},
        FindingCase{"changed_collation", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT COLLATE NOCASE);", k_base,
                    {"medium | changed | column | t | t.a | TEXT COLLATE NOCASE | TEXT | column t.a differs in collation"}},
        FindingCase{"changed_index", k_base + "CREATE UNIQUE INDEX ix_a ON t (lower(a));",
                    k_base + "CREATE INDEX ix_a ON t (a);",
                    {"medium | changed | index | t | ix_a | UNIQUE ON t(LOWER(A)) | ON t(a) | index ix_a differs"}},
        FindingCase{"changed_table_options", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT) STRICT;", k_base,
                    {"medium | changed | table_option | t | t | STRICT | (none) | table options of t differ"}},
        FindingCase{"changed_view", k_base + k_view + ";", k_base + "CREATE VIEW v AS SELECT id FROM t;",
                    {"medium | changed | view |  | v | " + k_view + " | CREATE VIEW v AS SELECT id FROM t | "
                     "view v has another definition"}},
        FindingCase{"changed_trigger", k_base + k_trigger + ";",
                    k_base + "CREATE TRIGGER trg AFTER UPDATE ON t BEGIN SELECT 1; END;",
                    {"medium | changed | trigger | t | trg | " + k_trigger +
                     " | CREATE TRIGGER trg AFTER UPDATE ON t BEGIN SELECT 1; END | trigger trg has another definition"}},
        FindingCase{"extra_not_null_column_without_default", k_base,
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, req TEXT NOT NULL);",
                    {"medium | extra | column | t | t.req |  | TEXT NOT NULL | column t.req is not in the expected schema; "
                     "it is NOT NULL without a default, so inserts that omit it fail"}},
        // low: objects only the database has
        FindingCase{"extra_table", "", "CREATE TABLE legacy (x INT);",
                    {"low | extra | table |  | legacy |  | 1 columns | table legacy is not in the expected schema (legacy?)"}},
        FindingCase{"extra_nullable_column", k_base, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, old INT);",
                    {"low | extra | column | t | t.old |  | INT | column t.old is not in the expected schema"}},
        FindingCase{"extra_not_null_column_with_default", k_base,
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, req TEXT NOT NULL DEFAULT '');",
                    {"low | extra | column | t | t.req |  | TEXT NOT NULL DEFAULT '' | column t.req is not in the expected schema"}},
        FindingCase{"extra_not_null_generated_column", k_base,
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, g INT NOT NULL AS (id + 1));",
                    {"low | extra | column | t | t.g |  | INT NOT NULL AS (ID + 1) VIRTUAL | column t.g is not in the expected schema"}},
        FindingCase{"extra_primary_key", "CREATE TABLE t (id INTEGER, a TEXT);", k_base,
                    {"low | extra | primary_key | t | t.PRIMARY KEY | (none) | PRIMARY KEY (id) | primary key of t is not expected"}},
        FindingCase{"extra_unique", k_base, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE);",
                    {"low | extra | unique | t | t.UNIQUE(a) |  | UNIQUE (a) | unique constraint on t(a) is not expected"}},
        FindingCase{"extra_foreign_key", k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);",
                    k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p);",
                    {"low | extra | foreign_key | c | c.FOREIGN KEY(p_id) |  | (p_id) REFERENCES p | "
                     "foreign key c(p_id) -> p is not expected"}},
        FindingCase{"extra_check", k_base, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT CHECK (length(a) < 5));",
                    {"low | extra | check | t | t.CHECK |  | CHECK (LENGTH(A) < 5) | check constraint on t is not expected: "
                     "CHECK (LENGTH(A) < 5)"}},
        FindingCase{"extra_index", k_base, k_base + "CREATE INDEX ix_old ON t (a, id DESC);",
                    {"low | extra | index | t | ix_old |  | ON t(a, id DESC) | index ix_old is not in the expected schema"}},
        FindingCase{"extra_view", k_base, k_base + k_view + ";",
                    {"low | extra | view |  | v |  | " + k_view + " | view v is not in the expected schema"}},
        FindingCase{"extra_trigger", k_base, k_base + k_trigger + ";",
                    {"low | extra | trigger | t | trg |  | " + k_trigger + " | trigger trg is not in the expected schema"}},
        // info
        FindingCase{"column_order_only", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);",
                    "CREATE TABLE t (b INT, id INTEGER PRIMARY KEY, a TEXT);",
                    {"info | changed | column | t | t | (id, a, b) | (b, id, a) | columns of t are in another order "
                     "(no migration needed)"}},
        // objects of a missing table
        FindingCase{"missing_table_with_index_and_trigger",
                    k_base + "CREATE INDEX ix_a ON t (a);\n" + k_trigger + ";", "",
                    {"critical | missing | table |  | t | 2 columns |  | table t is missing",
                     "medium | missing | index | t | ix_a | ON t(a) |  | index ix_a is missing (its table is missing)",
                     "high | missing | trigger | t | trg | " + k_trigger + " |  | trigger trg on t is missing (its table is missing)"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Findings, SeverityNamesRoundTrip) {
    for (Severity s : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical})
        EXPECT_EQ(parse_severity(to_string(s)), s);
    EXPECT_EQ(parse_severity("HIGH"), Severity::high);
    EXPECT_EQ(parse_severity("Critical"), Severity::critical);
    EXPECT_EQ(parse_severity("severe"), std::nullopt);
    EXPECT_EQ(parse_severity(""), std::nullopt);
    EXPECT_LT(Severity::info, Severity::low);
    EXPECT_LT(Severity::high, Severity::critical);
}

TEST(Findings, NamesOfTypesAndKinds) {
    EXPECT_STREQ(to_string(FindingType::missing), "missing");
    EXPECT_STREQ(to_string(FindingType::extra), "extra");
    EXPECT_STREQ(to_string(FindingType::changed), "changed");
    const std::vector<std::pair<ObjectKind, const char*>> kinds = {
        {ObjectKind::table, "table"},   {ObjectKind::column, "column"},       {ObjectKind::primary_key, "primary_key"},
        {ObjectKind::unique, "unique"}, {ObjectKind::foreign_key, "foreign_key"}, {ObjectKind::check, "check"},
        {ObjectKind::table_option, "table_option"}, {ObjectKind::index, "index"}, {ObjectKind::view, "view"},
        {ObjectKind::trigger, "trigger"},
    };
    for (const auto& [kind, name] : kinds) EXPECT_STREQ(to_string(kind), name);
}

TEST(Findings, DescribeColumn) {
    model::Column column;
    EXPECT_EQ(describe_column(column), "(no type)");
    column.type = "TEXT";
    column.not_null = true;
    column.default_expr = "'x'";
    column.collation = "NOCASE";
    EXPECT_EQ(describe_column(column), "TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE");
    model::Column generated;
    generated.type = "INT";
    generated.generated = model::Generated::virtual_column;
    generated.generation_expr = "A + 1";
    EXPECT_EQ(describe_column(generated), "INT AS (A + 1) VIRTUAL");
    generated.generated = model::Generated::stored_column;
    EXPECT_EQ(describe_column(generated), "INT AS (A + 1) STORED");
}

TEST(Findings, FindingsFollowTheChangeOrder) {
    const auto findings = findings_sql("CREATE TABLE a (x INT, y INT);\nCREATE TABLE b (x INT);\nCREATE VIEW v AS SELECT 1;",
                                       "CREATE TABLE a (x INT);\nCREATE TABLE c (x INT);");
    std::vector<std::string> objects;
    for (const auto& f : findings) objects.push_back(f.object);
    EXPECT_EQ(objects, (std::vector<std::string>{"a.y", "b", "c", "v"}));
    EXPECT_TRUE(findings_for({}).empty());
}

}  // namespace
}  // namespace dbaudit::diff

namespace dbaudit::diff {
namespace {

std::vector<Finding> findings_between(const std::string& expected_sql, const std::string& live_sql) {
    const auto expected = engine::sqlite::load_expected_schema({{"expected.sql", expected_sql}});
    const auto live = engine::sqlite::load_expected_schema({{"live.sql", live_sql}});
    return findings_for(diff_catalogs(expected, live));
}

TEST(TypeClass, SameAffinityIsLowAndNamesTheClass) {
    const auto findings = findings_between("CREATE TABLE t (id INTEGER PRIMARY KEY, n INT, s VARCHAR(50));",
                                           "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, s TEXT);");
    ASSERT_EQ(findings.size(), 2u);
    for (const auto& f : findings) {
        EXPECT_EQ(f.severity, Severity::low) << f.message;
        EXPECT_NE(f.message.find("storage class"), std::string::npos) << f.message;
    }
}

TEST(TypeClass, RowidAliasIsItsOwnClass) {
    const auto findings = findings_between("CREATE TABLE t (id INTEGER PRIMARY KEY);", "CREATE TABLE t (id INT PRIMARY KEY);");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].severity, Severity::high) << findings[0].message;
}

TEST(TypeClass, OtherAffinityIsHigh) {
    const auto findings = findings_between("CREATE TABLE t (n INTEGER);", "CREATE TABLE t (n TEXT);");
    ASSERT_EQ(findings.size(), 1u);
    EXPECT_EQ(findings[0].severity, Severity::high);
    EXPECT_EQ(findings[0].message, "column t.n differs in type");
}

}  // namespace
}  // namespace dbaudit::diff
