// Ruby heredocs and percent literals; PHP strings, heredocs and the '.' operator.
#include <gtest/gtest.h>

#include "extract_for_test.hpp"

namespace dbaudit::code_check {
namespace {

TEST(RubyScanner, HeredocsPercentLiteralsAndInterpolation) {
    const std::string text =
        "rows = db.execute(<<~SQL, [city])\n"
        "  SELECT id, name\n"
        "  FROM leads WHERE city = ?\n"
        "SQL\n"
        "q = %Q(DELETE FROM leads WHERE id = #{id})\n"
        "r = 'SELECT 1' \\\n"
        "    ' FROM t'\n"
        "s = <<-'RAW'\n"
        "    UPDATE t SET a = '#{not_interpolated}'\n"
        "    RAW\n"
        "# 'SELECT from a comment'\n";
    const auto found = extract(text, Language::ruby);
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0], (Found{"2:3", "SELECT", "SELECT id, name\n  FROM leads WHERE city = ?", ""}));
    EXPECT_EQ(found[1].at, "5:8");
    EXPECT_EQ(found[1].dynamic, "interpolates `#{id}`");
    EXPECT_EQ(found[2], (Found{"6:6", "SELECT", "SELECT 1 FROM t", ""}));
    EXPECT_EQ(found[3], (Found{"9:5", "UPDATE", "UPDATE t SET a = '#{not_interpolated}'", ""}));
}

TEST(PhpScanner, StringsHeredocsAndConcatenation) {
    const std::string text =
        "<html><p>'SELECT in html is not code'</p>\n"
        "<?php\n"
        "$a = $pdo->prepare('SELECT id FROM leads WHERE city = :city');\n"
        "$b = \"SELECT * FROM $table\";\n"
        "$c = \"SELECT id \" .\n"
        "     'FROM leads';\n"
        "$d = <<<'SQL'\n"
        "    DELETE FROM leads WHERE id = ?\n"
        "    SQL;\n"
        "$e = 'SELECT a FROM ' . $table;\n"
        "?>\n"
        "<p>\"UPDATE me\"</p>\n";
    const auto found = extract(text, Language::php);
    ASSERT_EQ(found.size(), 5u);
    EXPECT_EQ(found[0], (Found{"3:21", "SELECT", "SELECT id FROM leads WHERE city = :city", ""}));
    EXPECT_EQ(found[1].dynamic, "interpolates `$table`");
    EXPECT_EQ(found[2], (Found{"5:7", "SELECT", "SELECT id FROM leads", ""}));
    EXPECT_EQ(found[3], (Found{"8:5", "DELETE", "DELETE FROM leads WHERE id = ?", ""}));
    EXPECT_EQ(found[4].dynamic, "concatenated with code at run time");
}

TEST(SqlFileScanner, EveryStatementIsSqlWithItsOwnLocation) {
    const std::string text =
        "-- reports\n"
        "SELECT name FROM leads WHERE created_at > :since;\n"
        "\n"
        "/* legacy */ DELETE FROM subscribers\n"
        "WHERE is_active = 0;\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
        "  UPDATE b SET n = CASE WHEN n > 0 THEN n END;\n"
        "END;\n";
    const auto found = extract(text, Language::sql);
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0], (Found{"2:1", "SELECT", "SELECT name FROM leads WHERE created_at > :since", ""}));
    EXPECT_EQ(found[1], (Found{"4:14", "DELETE", "DELETE FROM subscribers\nWHERE is_active = 0", ""}));
    EXPECT_EQ(found[2].at, "6:1");
    EXPECT_EQ(found[2].keyword, "CREATE");
}

}  // namespace
}  // namespace dbaudit::code_check
