#include "dbaudit/engine/sqlite/rename_annotations.hpp"

#include <gtest/gtest.h>

namespace dbaudit::engine::sqlite {
namespace {

TEST(RenamedFrom, ReadsBothSpellingsAndQuotedNames) {
    const std::vector<std::pair<std::string, std::optional<std::string>>> cases = {
        {"-- dbaudit:renamed-from old_name", "old_name"},
        {"--dbaudit:renamed-from   old_name trailing words", "old_name"},
        {"-- DBAUDIT:RENAMED-FROM Old", "Old"},
        {"-- dbaudit:renamed-from \"user accounts\"", "user accounts"},
        {"-- dbaudit:renamed-from [a b]", "a b"},
        {"/* dbaudit:renamed-from x */", "x"},
        {"-- @renamed from=user_name", "user_name"},
        {"/* @renamed from=old_email_idx */", "old_email_idx"},
        {"-- @renamed from=\"user accounts\"", "user accounts"},
        {"-- renamed from x", std::nullopt},
        {"-- dbaudit:renamed-from", std::nullopt},
        {"-- dbaudit:renamed-from 'x'", "x"},
        {"-- dbaudit:renamed-from (x)", std::nullopt},
        {"-- @renamed to=x", std::nullopt},
    };
    for (const auto& [comment, from] : cases) EXPECT_EQ(renamed_from(comment), from) << comment;
}

struct AnnotationCase {
    std::string name;
    std::string trivia;
    std::string statement;
    std::vector<model::RenameAnnotation> expected;
};

model::RenameAnnotation table(std::string from) { return {model::RenameKind::table, "t", {}, std::move(from), {}}; }
model::RenameAnnotation column(std::string name, std::string from) {
    return {model::RenameKind::column, "t", std::move(name), std::move(from), {}};
}

class RenameAnnotations : public ::testing::TestWithParam<AnnotationCase> {};

TEST_P(RenameAnnotations, AttachToTheRightObject) {
    const AnnotationCase& c = GetParam();
    EXPECT_EQ(read_rename_annotations(c.trivia, c.statement, "t"), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, RenameAnnotations,
    ::testing::Values(
        AnnotationCase{"table_above", "\n-- Purpose\n-- dbaudit:renamed-from old_t\n", "CREATE TABLE t (a)", {table("old_t")}},
        AnnotationCase{"table_above_after_blank_line_is_not_ours", "-- dbaudit:renamed-from old_t\n\n", "CREATE TABLE t (a)", {}},
        AnnotationCase{"table_in_header", "", "CREATE TABLE t ( -- @renamed from=old_t\n  a INT\n)", {table("old_t")}},
        AnnotationCase{"column_trailing_after_comma", "", "CREATE TABLE t (\n  a INT, -- dbaudit:renamed-from x\n  b INT\n)", {column("a", "x")}},
        AnnotationCase{"last_column_trailing", "", "CREATE TABLE t (\n  a INT,\n  b INT -- dbaudit:renamed-from y\n)", {column("b", "y")}},
        AnnotationCase{"column_on_own_line_above", "", "CREATE TABLE t (\n  a INT,\n  -- dbaudit:renamed-from y\n  b INT\n)", {column("b", "y")}},
        AnnotationCase{"first_column_on_own_line", "", "CREATE TABLE t (\n  -- dbaudit:renamed-from z\n  a INT\n)", {column("a", "z")}},
        AnnotationCase{"inside_a_multiline_column", "", "CREATE TABLE t (\n  a INT\n    -- dbaudit:renamed-from w\n    NOT NULL,\n  b INT\n)",
                       {column("a", "w")}},
        AnnotationCase{"quoted_column_names", "", "CREATE TABLE t (\"new col\" TEXT -- dbaudit:renamed-from \"old col\"\n)",
                       {column("new col", "old col")}},
        AnnotationCase{"before_a_table_constraint_is_dropped", "", "CREATE TABLE t (\n  a INT,\n  -- dbaudit:renamed-from q\n  PRIMARY KEY (a)\n)", {}},
        AnnotationCase{"ordinary_comments_ignored", "-- just a comment\n", "CREATE TABLE t (a INT -- note\n)", {}}),
    [](const ::testing::TestParamInfo<AnnotationCase>& info) { return info.param.name; });

}  // namespace
}  // namespace dbaudit::engine::sqlite
