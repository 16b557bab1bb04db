#include "dbaudit/diff/differ.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <variant>
#include <vector>

#include "dbaudit/engine/sqlite/expected_loader.hpp"
#include "unit/support/model_printers.hpp"

namespace dbaudit::diff {
namespace {

// Both sides come from real SQL through the real loader, as in an audit.
model::Catalog catalog_from(const std::string& sql) {
    return engine::sqlite::load_expected_schema({engine::SchemaFile{"test.sql", sql}});
}

ChangeSet diff_sql(const std::string& expected, const std::string& live) {
    return diff_catalogs(catalog_from(expected), catalog_from(live));
}

// Names of the Change alternatives, in the variant's order.
constexpr std::array<const char*, 52> k_change_names = {
    "AddTable",       "DropTable",      "AddColumn",         "DropColumn",  "ModifyColumn", "ReorderColumns",
    "ModifyPrimaryKey", "AddUnique",    "DropUnique",        "AddForeignKey", "DropForeignKey", "ModifyForeignKey",
    "AddCheck",       "DropCheck",      "ModifyTableOptions", "AddIndex",   "DropIndex",    "ModifyIndex",
    "AddView",        "DropView",       "ModifyView",        "AddTrigger",  "DropTrigger",  "ModifyTrigger",
    "AddSchema",      "DropSchema",     "AddExtension",      "DropExtension", "ModifyExtension", "AddType",
    "DropType",       "ModifyType",     "AddSequence",       "DropSequence", "ModifySequence", "AddFunction",
    "DropFunction",   "ModifyFunction", "AddPolicy",         "DropPolicy",  "ModifyPolicy", "AddMaterializedView",
    "DropMaterializedView", "ModifyMaterializedView", "AddExclusion", "DropExclusion", "ModifyConstraint",
    "ModifyRowSecurity", "ModifyComment", "UnsupportedChange", "NotVisible", "ServerVersionMismatch",
};
static_assert(std::variant_size_v<Change> == k_change_names.size(), "name every Change alternative");

std::vector<std::string> kinds(const ChangeSet& changes) {
    std::vector<std::string> out;
    for (const Change& change : changes) out.emplace_back(k_change_names[change.index()]);
    return out;
}

const std::string k_base = "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n";
const std::string k_parent = "CREATE TABLE p (id INTEGER PRIMARY KEY);\n";

struct DiffCase {
    const char* name;
    std::string expected;
    std::string live;
    std::vector<std::string> kinds;

    friend void PrintTo(const DiffCase& c, std::ostream* out) { *out << c.name; }
};

class DiffKinds : public ::testing::TestWithParam<DiffCase> {};

TEST_P(DiffKinds, MinimalPairProducesExactlyTheseChanges) {
    const DiffCase& c = GetParam();
    EXPECT_EQ(kinds(diff_sql(c.expected, c.live)), c.kinds) << "expected:\n" << c.expected << "live:\n" << c.live;
}

INSTANTIATE_TEST_SUITE_P(
    EveryChangeKind, DiffKinds,
    ::testing::Values(
        DiffCase{"identical", k_base, k_base, {}},
        DiffCase{"add_table", k_base + "CREATE INDEX ix_a ON t (a);", "", {"AddTable", "AddIndex"}},
        DiffCase{"drop_table", "", k_base, {"DropTable"}},
        DiffCase{"add_column", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);", k_base, {"AddColumn"}},
        DiffCase{"drop_column", k_base, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);", {"DropColumn"}},
        DiffCase{"modify_column_type", k_base, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);", {"ModifyColumn"}},
        DiffCase{"modify_column_not_null", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL);", k_base, {"ModifyColumn"}},
        DiffCase{"modify_column_default", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT DEFAULT 'x');", k_base, {"ModifyColumn"}},
        DiffCase{"modify_column_collation", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT COLLATE NOCASE);", k_base,
                 {"ModifyColumn"}},
        DiffCase{"modify_column_generated", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT AS (id || 'x'));", k_base,
                 {"ModifyColumn"}},
        DiffCase{"reorder_columns", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);",
                 "CREATE TABLE t (id INTEGER PRIMARY KEY, b INT, a TEXT);", {"ReorderColumns"}},
        DiffCase{"primary_key_missing", k_base, "CREATE TABLE t (id INTEGER, a TEXT);", {"ModifyPrimaryKey"}},
        DiffCase{"primary_key_extra", "CREATE TABLE t (id INTEGER, a TEXT);", k_base, {"ModifyPrimaryKey"}},
        DiffCase{"primary_key_autoincrement", "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT);", k_base,
                 {"ModifyPrimaryKey"}},
        DiffCase{"add_unique", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE);", k_base, {"AddUnique"}},
        DiffCase{"drop_unique", k_base, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT UNIQUE);", {"DropUnique"}},
        DiffCase{"add_foreign_key", k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));",
                 k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);", {"AddForeignKey"}},
        DiffCase{"drop_foreign_key", k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER);",
                 k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));", {"DropForeignKey"}},
        DiffCase{"modify_foreign_key",
                 k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);",
                 k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE SET NULL);",
                 {"ModifyForeignKey"}},
        DiffCase{"add_check", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT CHECK (a <> ''));", k_base, {"AddCheck"}},
        DiffCase{"drop_check", k_base, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, CHECK (a <> ''));", {"DropCheck"}},
        DiffCase{"changed_check_is_add_and_drop", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT CHECK (a <> ''));",
                 "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT CHECK (a <> 'x'));", {"AddCheck", "DropCheck"}},
        DiffCase{"table_options", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT) STRICT;", k_base, {"ModifyTableOptions"}},
        DiffCase{"add_index", k_base + "CREATE INDEX ix_a ON t (a);", k_base, {"AddIndex"}},
        DiffCase{"drop_index", k_base, k_base + "CREATE INDEX ix_a ON t (a);", {"DropIndex"}},
        DiffCase{"modify_index_unique", k_base + "CREATE UNIQUE INDEX ix_a ON t (a);", k_base + "CREATE INDEX ix_a ON t (a);",
                 {"ModifyIndex"}},
        DiffCase{"modify_index_desc", k_base + "CREATE INDEX ix_a ON t (a DESC);", k_base + "CREATE INDEX ix_a ON t (a);",
                 {"ModifyIndex"}},
        DiffCase{"modify_index_predicate", k_base + "CREATE INDEX ix_a ON t (a) WHERE a IS NOT NULL;",
                 k_base + "CREATE INDEX ix_a ON t (a);", {"ModifyIndex"}},
        DiffCase{"modify_index_expression", k_base + "CREATE INDEX ix_a ON t (lower(a));",
                 k_base + "CREATE INDEX ix_a ON t (upper(a));", {"ModifyIndex"}},
        DiffCase{"modify_index_collation", k_base + "CREATE INDEX ix_a ON t (a COLLATE NOCASE);",
                 k_base + "CREATE INDEX ix_a ON t (a);", {"ModifyIndex"}},
        DiffCase{"add_view", k_base + "CREATE VIEW v AS SELECT a FROM t;", k_base, {"AddView"}},
        DiffCase{"drop_view", k_base, k_base + "CREATE VIEW v AS SELECT a FROM t;", {"DropView"}},
        DiffCase{"modify_view", k_base + "CREATE VIEW v AS SELECT a FROM t;", k_base + "CREATE VIEW v AS SELECT id FROM t;",
                 {"ModifyView"}},
        DiffCase{"add_trigger", k_base + "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END;", k_base, {"AddTrigger"}},
        DiffCase{"add_trigger_and_its_table", k_base + "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END;", "",
                 {"AddTable", "AddTrigger"}},
        DiffCase{"drop_trigger", k_base, k_base + "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END;", {"DropTrigger"}},
        DiffCase{"modify_trigger", k_base + "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END;",
                 k_base + "CREATE TRIGGER trg AFTER UPDATE ON t BEGIN SELECT 1; END;", {"ModifyTrigger"}}),
    [](const auto& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------------------------------------
// Payloads of each change.

TEST(Differ, AddTableCarriesTheTableAndFlagsItsIndexes) {
    const auto changes = diff_sql(k_base + "CREATE INDEX ix_a ON t (a);", "");
    ASSERT_EQ(changes.size(), 2u);
    const auto& add = std::get<AddTable>(changes[0]);
    EXPECT_EQ(add.table.name, "t");
    EXPECT_EQ(add.table.columns.size(), 2u);
    const auto& index = std::get<AddIndex>(changes[1]);
    EXPECT_EQ(index.index.name, "ix_a");
    EXPECT_TRUE(index.table_missing);
}

TEST(Differ, ColumnChangesCarryTableAndColumns) {
    const auto added = diff_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT NOT NULL DEFAULT 3);", k_base);
    ASSERT_EQ(added.size(), 1u);
    const auto& add = std::get<AddColumn>(added[0]);
    EXPECT_EQ(add.table, "t");
    EXPECT_EQ(add.column.name, "b");
    EXPECT_EQ(add.column.type, "INT");
    EXPECT_TRUE(add.column.not_null);
    EXPECT_EQ(add.column.default_expr, "3");

    const auto dropped = diff_sql(k_base, "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b INT);");
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(std::get<DropColumn>(dropped[0]).column.name, "b");
}

TEST(Differ, ModifyColumnSetsExactlyTheDifferingBits) {
    struct Case {
        std::string expected_column;
        std::string live_column;
        ColumnDelta delta;
    };
    const std::vector<Case> cases = {
        {"a TEXT", "a INTEGER", {true, false, false, false, false}},
        {"a TEXT NOT NULL", "a TEXT", {false, true, false, false, false}},
        {"a TEXT DEFAULT 'x'", "a TEXT DEFAULT 'y'", {false, false, true, false, false}},
        {"a TEXT DEFAULT 'x'", "a TEXT", {false, false, true, false, false}},
        {"a TEXT COLLATE NOCASE", "a TEXT COLLATE RTRIM", {false, false, false, true, false}},
        {"a INT AS (id * 2) STORED", "a INT AS (id * 3) STORED", {false, false, false, false, true}},
        {"a INT AS (id * 2) STORED", "a INT AS (id * 2) VIRTUAL", {false, false, false, false, true}},
        {"a TEXT NOT NULL DEFAULT 'x'", "a INT", {true, true, true, false, false}},
    };
    for (const auto& c : cases) {
        const auto changes = diff_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, " + c.expected_column + ");",
                                      "CREATE TABLE t (id INTEGER PRIMARY KEY, " + c.live_column + ");");
        ASSERT_EQ(kinds(changes), std::vector<std::string>{"ModifyColumn"}) << c.expected_column << " vs " << c.live_column;
        const auto& modify = std::get<ModifyColumn>(changes[0]);
        EXPECT_EQ(modify.table, "t");
        EXPECT_EQ(modify.expected.name, "a");
        EXPECT_EQ(modify.live.name, "a");
        EXPECT_EQ(modify.delta.type, c.delta.type) << c.expected_column;
        EXPECT_EQ(modify.delta.not_null, c.delta.not_null) << c.expected_column;
        EXPECT_EQ(modify.delta.default_expr, c.delta.default_expr) << c.expected_column;
        EXPECT_EQ(modify.delta.collation, c.delta.collation) << c.expected_column;
        EXPECT_EQ(modify.delta.generated, c.delta.generated) << c.expected_column;
    }
}

TEST(Differ, EquivalentSpellingsAreNotDrift) {
    const std::vector<std::pair<std::string, std::string>> same = {
        {"a TEXT DEFAULT NULL", "a TEXT"},
        {"a TEXT DEFAULT current_timestamp", "a TEXT DEFAULT CURRENT_TIMESTAMP"},
        {"a INT DEFAULT (0)", "a INT DEFAULT 0"},
        {"a integer", "a INTEGER"},
        {"a varchar(10)", "a VARCHAR( 10 )"},
        {"a TEXT COLLATE nocase", "a TEXT COLLATE NOCASE"},
        {"a TEXT CHECK (a IN ('x','y'))", "\"a\" text check ( \"a\" in ( 'x', 'y' ) )"},
        {"a INT AS ((id + 1)) STORED", "a INT GENERATED ALWAYS AS (id+1) STORED"},
        {"\"Order\" INT CHECK (\"Order\" > 0)", "\"order\" INT CHECK (\"ORDER\" > 0)"},
    };
    for (const auto& [expected, live] : same) {
        EXPECT_TRUE(diff_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, " + expected + ");",
                             "CREATE TABLE t (id INTEGER PRIMARY KEY, " + live + ");")
                        .empty())
            << expected << " vs " << live;
    }
}

// DEFAULT "x" is the string 'x' in SQLite; the case of a string is part of its value.
TEST(Differ, DoubleQuotedDefaultsCompareAsStrings) {
    EXPECT_TRUE(diff_sql("CREATE TABLE t (a TEXT DEFAULT \"pending\");", "CREATE TABLE t (a TEXT DEFAULT 'pending');").empty());
    const auto changes = diff_sql("CREATE TABLE t (a TEXT DEFAULT \"pending\");", "CREATE TABLE t (a TEXT DEFAULT \"PENDING\");");
    ASSERT_EQ(kinds(changes), std::vector<std::string>{"ModifyColumn"});
    EXPECT_TRUE(std::get<ModifyColumn>(changes[0]).delta.default_expr);
}

// SQLite has only row triggers: FOR EACH ROW is an optional no-op, and a trigger without a timing
// fires BEFORE. Writing either out is the same trigger.
TEST(Differ, TriggerForEachRowIsOptional) {
    EXPECT_EQ(kinds(diff_sql(k_base + "CREATE TRIGGER trg AFTER INSERT ON t FOR EACH ROW BEGIN SELECT 1; END;",
                             k_base + "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END;")),
              std::vector<std::string>{});
}

TEST(Differ, TriggerWithoutTimingIsBefore) {
    EXPECT_EQ(kinds(diff_sql(k_base + "CREATE TRIGGER trg BEFORE INSERT ON t BEGIN SELECT 1; END;",
                             k_base + "CREATE TRIGGER trg INSERT ON t BEGIN SELECT 1; END;")),
              std::vector<std::string>{});
}

// SQLite reads a bare and a quoted non-ASCII name as the same identifier.
TEST(Differ, BareAndQuotedNonAsciiNamesAreNotDrift) {
    EXPECT_EQ(kinds(diff_sql("CREATE TABLE t (näme TEXT CHECK (length(näme) > 0), n INT AS (length(näme)));\n"
                             "CREATE INDEX ix ON t (lower(näme));",
                             "CREATE TABLE t (\"näme\" TEXT CHECK (length(\"näme\") > 0), n INT AS (length(\"näme\")));\n"
                             "CREATE INDEX ix ON t (lower(\"näme\"));")),
              std::vector<std::string>{});
}

TEST(Differ, ColumnOrderOnlyIsASingleReorderAndNothingElse) {
    const std::string expected =
        k_parent +
        "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE, b INT REFERENCES p (id),\n"
        "  c INT CHECK (c > 0), UNIQUE (a, c));\n"
        "CREATE INDEX ix_b ON t (b);\n";
    const std::string live =
        k_parent +
        "CREATE TABLE t (id INTEGER PRIMARY KEY, c INT CHECK (c > 0), b INT REFERENCES p (id),\n"
        "  a TEXT NOT NULL DEFAULT 'x' COLLATE NOCASE, UNIQUE (a, c));\n"
        "CREATE INDEX ix_b ON t (b);\n";
    const auto changes = diff_sql(expected, live);
    ASSERT_EQ(kinds(changes), std::vector<std::string>{"ReorderColumns"});
    const auto& reorder = std::get<ReorderColumns>(changes[0]);
    EXPECT_EQ(reorder.table, "t");
    EXPECT_EQ(reorder.expected, (std::vector<std::string>{"id", "a", "b", "c"}));
    EXPECT_EQ(reorder.live, (std::vector<std::string>{"id", "c", "b", "a"}));
}

TEST(Differ, AddedOrDroppedColumnsAloneAreNotAReorder) {
    EXPECT_EQ(kinds(diff_sql("CREATE TABLE t (a INT, b INT, c INT);", "CREATE TABLE t (a INT, c INT);")),
              std::vector<std::string>{"AddColumn"});
    EXPECT_EQ(kinds(diff_sql("CREATE TABLE t (a INT, c INT);", "CREATE TABLE t (a INT, b INT, c INT);")),
              std::vector<std::string>{"DropColumn"});
}

TEST(Differ, PrimaryKeyChangeCarriesBothSides) {
    const auto changes = diff_sql("CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b));",
                                  "CREATE TABLE t (a INT, b INT, PRIMARY KEY (b, a));");
    ASSERT_EQ(kinds(changes), std::vector<std::string>{"ModifyPrimaryKey"});
    const auto& modify = std::get<ModifyPrimaryKey>(changes[0]);
    EXPECT_EQ(modify.expected, (model::PrimaryKey{"", {"a", "b"}, false}));
    EXPECT_EQ(modify.live, (model::PrimaryKey{"", {"b", "a"}, false}));

    const auto missing = diff_sql(k_base, "CREATE TABLE t (id INTEGER, a TEXT);");
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_FALSE(std::get<ModifyPrimaryKey>(missing[0]).live.has_value());
}

TEST(Differ, ConstraintNamesCountOnlyWhenBothSidesHaveOne) {
    // Unnamed vs named: the same constraint.
    EXPECT_TRUE(diff_sql("CREATE TABLE t (a INT, b INT, CONSTRAINT pk PRIMARY KEY (a, b), CHECK (a > 0));",
                         "CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b), CONSTRAINT ck CHECK (a > 0));")
                    .empty());
    // Two different names: different constraints.
    EXPECT_EQ(kinds(diff_sql("CREATE TABLE t (a INT, CONSTRAINT ck_one CHECK (a > 0));",
                             "CREATE TABLE t (a INT, CONSTRAINT ck_two CHECK (a > 0));")),
              (std::vector<std::string>{"AddCheck", "DropCheck"}));
}

TEST(Differ, ForeignKeyChangeCarriesBothSides) {
    const auto changes =
        diff_sql(k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);",
                 k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON UPDATE RESTRICT);");
    ASSERT_EQ(kinds(changes), std::vector<std::string>{"ModifyForeignKey"});
    const auto& modify = std::get<ModifyForeignKey>(changes[0]);
    EXPECT_EQ(modify.table, "c");
    EXPECT_EQ(modify.expected.on_delete, model::ForeignKeyAction::cascade);
    EXPECT_EQ(modify.live.on_delete, model::ForeignKeyAction::no_action);
    EXPECT_EQ(modify.live.on_update, model::ForeignKeyAction::restrict);
}

TEST(Differ, DeferrableForeignKeyDiffersFromImmediateOne) {
    const auto changes = diff_sql(
        k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED);",
        k_parent + "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id));");
    EXPECT_EQ(kinds(changes), std::vector<std::string>{"ModifyForeignKey"});
}

TEST(Differ, TableOptionsChangeCarriesBothSides) {
    const auto changes = diff_sql("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT) STRICT;", k_base);
    ASSERT_EQ(changes.size(), 1u);
    const auto& modify = std::get<ModifyTableOptions>(changes[0]);
    EXPECT_EQ(modify.table, "t");
    EXPECT_EQ(modify.expected, (model::TableOptions{false, true}));
    EXPECT_EQ(modify.live, (model::TableOptions{false, false}));
}

TEST(Differ, TriggerOnMissingTableIsFlagged) {
    const auto with_table = diff_sql(k_base + "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END;", k_base);
    ASSERT_EQ(with_table.size(), 1u);
    EXPECT_FALSE(std::get<AddTrigger>(with_table[0]).table_missing);
    EXPECT_EQ(std::get<AddTrigger>(with_table[0]).trigger.name, "trg");

    const auto without_table = diff_sql(k_base + "CREATE TRIGGER trg AFTER INSERT ON t BEGIN SELECT 1; END;", "");
    ASSERT_EQ(without_table.size(), 2u);
    EXPECT_TRUE(std::get<AddTrigger>(without_table[1]).table_missing);

    // A trigger on a view whose view exists is not on a missing table.
    const auto on_view = diff_sql(k_base + "CREATE VIEW v AS SELECT * FROM t;\n"
                                           "CREATE TRIGGER trg INSTEAD OF INSERT ON v BEGIN SELECT 1; END;",
                                  k_base + "CREATE VIEW v AS SELECT * FROM t;");
    ASSERT_EQ(on_view.size(), 1u);
    EXPECT_FALSE(std::get<AddTrigger>(on_view[0]).table_missing);
}

TEST(Differ, ChangesComeInTableThenViewThenTriggerOrder) {
    const auto changes = diff_sql(
        "CREATE TABLE b (x INT);\nCREATE TABLE a (x INT, y INT);\nCREATE VIEW v AS SELECT 1;\n"
        "CREATE TRIGGER trg AFTER INSERT ON b BEGIN SELECT 1; END;",
        "CREATE TABLE c (x INT);\nCREATE TABLE a (x INT);\n");
    EXPECT_EQ(kinds(changes), (std::vector<std::string>{"AddColumn", "AddTable", "DropTable", "AddView", "AddTrigger"}));
    EXPECT_EQ(std::get<AddTable>(changes[1]).table.name, "b");
    EXPECT_EQ(std::get<DropTable>(changes[2]).table.name, "c");
}

TEST(Differ, NamesMatchCaseInsensitivelyForSqlite) {
    const auto changes = diff_sql(
        "CREATE TABLE Users (ID INTEGER PRIMARY KEY, Name TEXT UNIQUE, Email TEXT);\n"
        "CREATE INDEX IX_Email ON Users (Email);\n"
        "CREATE VIEW V_Names AS SELECT Name FROM Users;\n"
        "CREATE TRIGGER TRG_Users AFTER INSERT ON Users BEGIN SELECT 1; END;\n",
        "create table users (id integer primary key, name text unique, email text);\n"
        "create index ix_email on users (email);\n"
        "create view v_names as select name from users;\n"
        "create trigger trg_users after insert on users begin select 1; end;\n");
    EXPECT_EQ(kinds(changes), std::vector<std::string>{});
}

TEST(Differ, ExactNameMatchingTellsCaseApart) {
    auto expected = catalog_from("CREATE TABLE Users (ID INTEGER PRIMARY KEY);");
    auto live = catalog_from("CREATE TABLE users (id INTEGER PRIMARY KEY);");
    expected.name_matching = model::NameMatching::exact;
    live.name_matching = model::NameMatching::exact;
    expected.sort();
    live.sort();
    EXPECT_EQ(kinds(diff_catalogs(expected, live)), (std::vector<std::string>{"AddTable", "DropTable"}));
}

TEST(Differ, NonAsciiNamesAreNotCaseFolded) {
    // SQLite folds ASCII case only: "Näme" and "NÄME" are two columns.
    EXPECT_EQ(kinds(diff_sql("CREATE TABLE t (\"Näme\" TEXT);", "CREATE TABLE t (\"NÄME\" TEXT);")),
              (std::vector<std::string>{"AddColumn", "DropColumn"}));
    EXPECT_TRUE(diff_sql("CREATE TABLE t (\"Näme\" TEXT);", "CREATE TABLE t (\"näme\" TEXT);").empty());
}

}  // namespace
}  // namespace dbaudit::diff
