// Python literals: every quote form, prefixes, f-strings, implicit and '+' concatenation,
// formatting, and imports.
#include <gtest/gtest.h>

#include "extract_for_test.hpp"

namespace dbaudit::code_check {
namespace {

std::vector<Found> py(std::string_view text) { return extract(text, Language::python); }

TEST(PythonScanner, QuoteFormsAndPrefixes) {
    const std::string text =
        "a = 'SELECT 1'\n"
        "b = \"SELECT id FROM t\"\n"
        "c = r'''SELECT \\n FROM t'''\n"
        "d = u\"\"\"\n    DELETE FROM t WHERE id = ?\n\"\"\"\n"
        "e = B'INSERT INTO t (a) VALUES (1)'\n";
    EXPECT_EQ(py(text), (std::vector<Found>{{"1:6", "SELECT", "SELECT 1", ""},
                                            {"2:6", "SELECT", "SELECT id FROM t", ""},
                                            {"3:9", "SELECT", "SELECT \\n FROM t", ""},
                                            {"5:5", "DELETE", "DELETE FROM t WHERE id = ?", ""},
                                            {"7:7", "INSERT", "INSERT INTO t (a) VALUES (1)", ""}}));
}

TEST(PythonScanner, EscapesAreDecodedAndLocationsStayExact) {
    // \t and \n decode; the statement starts after them, at the S.
    EXPECT_EQ(py("q = \"\\n\\tSELECT a FROM t WHERE b = '\\x41'\"\n"),
              (std::vector<Found>{{"1:10", "SELECT", "SELECT a FROM t WHERE b = 'A'", ""}}));
}

TEST(PythonScanner, ImplicitConcatenationInsideBracketsAndPlus) {
    const std::string text =
        "cur.execute(\"SELECT id \"  # first part\n"
        "            'FROM leads '\n"
        "            f\"WHERE city = ?\", (city,))\n"
        "q = \"SELECT a \" + \"FROM t\"\n";
    EXPECT_EQ(py(text), (std::vector<Found>{{"1:14", "SELECT", "SELECT id FROM leads WHERE city = ?", ""},
                                            {"4:6", "SELECT", "SELECT a FROM t", ""}}));
}

TEST(PythonScanner, InterpolationAndFormattingAreDynamic) {
    const std::string text =
        "a = f\"SELECT count(*) FROM {table}\"\n"
        "b = \"UPDATE %s SET status = ? WHERE id = ?\" % table\n"
        "c = \"SELECT * FROM t WHERE id = {}\".format(x)\n"
        "d = \"SELECT * FROM \" + table\n"
        "e = f\"SELECT {{literal}} FROM t\"\n";
    const auto found = py(text);
    ASSERT_EQ(found.size(), 5u);
    EXPECT_EQ(found[0].dynamic, "interpolates `{table}`");
    EXPECT_EQ(found[0].sql, "SELECT count(*) FROM \x01");
    EXPECT_EQ(found[1].dynamic, "`%s` stands for a name, not a value");
    EXPECT_EQ(found[2].dynamic, "formats `{}` into the text");
    EXPECT_EQ(found[3].dynamic, "concatenated with code at run time");
    // {{ }} in an f-string are braces, not interpolation; the engine judges `{literal}`.
    EXPECT_EQ(found[4].dynamic, "formats `{literal}` into the text");
}

TEST(PythonScanner, DriverPlaceholdersAreNotDynamic) {
    const std::string text =
        "cur.execute(\"SELECT id FROM t WHERE a = %s AND b = %(name)s\", args)\n"
        "cur.execute('SELECT id FROM t WHERE a = :a AND b = ?2 AND c = $1')\n";
    EXPECT_EQ(py(text), (std::vector<Found>{{"1:14", "SELECT", "SELECT id FROM t WHERE a = ? AND b = :name", ""},
                                            {"2:14", "SELECT", "SELECT id FROM t WHERE a = :a AND b = ?2 AND c = $1", ""}}));
}

TEST(PythonScanner, ProseAndCommentsAreNotSql) {
    const std::string text =
        "# cur.execute(\"SELECT * FROM commented_out\")\n"
        "label = 'Select a city'\n"
        "button = \"Update your profile\"\n"
        "ask = 'Delete this item?'\n"
        "hint = \"Create account\"\n"
        "it = \"it's a quote\"  # 'SELECT in a comment'\n"
        "git = ['git', 'commit']\n";
    EXPECT_TRUE(py(text).empty());
}

TEST(PythonScanner, ScriptsSplitIntoStatementsWithTheirOwnLocations) {
    const std::string text =
        "await db.executescript(\"\"\"\n"
        "    CREATE TABLE IF NOT EXISTS a (id INTEGER);\n"
        "    CREATE INDEX IF NOT EXISTS a_id ON a (id);\n"
        "\"\"\")\n";
    EXPECT_EQ(py(text), (std::vector<Found>{{"2:5", "CREATE", "CREATE TABLE IF NOT EXISTS a (id INTEGER)", ""},
                                            {"3:5", "CREATE", "CREATE INDEX IF NOT EXISTS a_id ON a (id)", ""}}));
}

TEST(PythonScanner, NestedQuotesInsideFStringExpressions) {
    // The expression holds a string with the other quote; the literal ends where Python says.
    const auto found = py("q = f\"SELECT {cols['a']} FROM t\"\nr = 'SELECT 2'\n");
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].dynamic, "interpolates `{cols['a']}`");
    EXPECT_EQ(found[1], (Found{"2:6", "SELECT", "SELECT 2", ""}));
}

TEST(PythonScanner, Imports) {
    const std::string text =
        "import os, services.lead_hunter.hunter as hunter\n"
        "from chat_parser import start_monitoring\n"
        "from . import helpers\n"
        "from ..database.db import Database\n"
        "from .utils import (\n    a,\n    b,\n)\n"
        "try:\n"
        "    import ujson as json\n"
        "except ImportError:\n"
        "    from compat import json\n"
        "def f():\n"
        "    import late_module\n";
    const auto found = imports(text, Language::python);
    std::vector<std::string> described;
    for (const auto& i : found)
        described.push_back(std::to_string(i.location.line) + ":" + std::to_string(i.location.column) + " " + i.reference.module +
                            (i.reference.optional ? " optional" : "") +
                            (i.reference.kind == ImportKind::python_relative ? " relative" : ""));
    EXPECT_EQ(described, (std::vector<std::string>{"1:8 os", "1:12 services.lead_hunter.hunter", "2:6 chat_parser",
                                                   "3:6 . relative", "4:6 ..database.db relative", "5:6 .utils relative",
                                                   "10:12 ujson optional", "12:10 compat optional", "14:12 late_module"}));
}

}  // namespace
}  // namespace dbaudit::code_check
