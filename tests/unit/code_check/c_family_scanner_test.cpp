// JavaScript/TypeScript, Go, Java, Kotlin, C#, C and C++ literals.
#include <gtest/gtest.h>

#include "extract_for_test.hpp"

namespace dbaudit::code_check {
namespace {

TEST(CFamilyScanner, TypeScriptTemplateLiterals) {
    const std::string text =
        "const a = db.prepare(`SELECT id, name\n"
        "  FROM leads WHERE city = ?`);\n"
        "const b = `SELECT * FROM ${table} WHERE id = ?`;\n"
        "const c = sql`SELECT id FROM leads WHERE phone = ${phone} AND city = ${city}`;\n"
        "const d = sql`SELECT id FROM ${sql(table)}`;\n"
        "const e = 'SELECT 1' + \" FROM dual\";\n"
        "return `SELECT ${x}`;\n";
    const auto found = extract(text, Language::typescript);
    ASSERT_EQ(found.size(), 6u);
    EXPECT_EQ(found[0], (Found{"1:23", "SELECT", "SELECT id, name\n  FROM leads WHERE city = ?", ""}));
    EXPECT_EQ(found[1].at, "3:12");
    EXPECT_EQ(found[1].dynamic, "interpolates `${table}`");
    // A tag receives ${} as bound parameters: checkable, each one a placeholder.
    EXPECT_EQ(found[2], (Found{"4:15", "SELECT", "SELECT id FROM leads WHERE phone = ? AND city = ?", ""}));
    EXPECT_EQ(found[3].dynamic, "interpolates a name: `${sql(table)}`");
    EXPECT_EQ(found[4], (Found{"6:12", "SELECT", "SELECT 1 FROM dual", ""}));
    // `return` is not a tag.
    EXPECT_EQ(found[5].dynamic, "interpolates `${x}`");
}

TEST(CFamilyScanner, TaggedTemplatesBecomeNumberedParametersForPostgreSql) {
    const auto found = extract("q = sql`UPDATE t SET a = ${a} WHERE id = ${id}`;", Language::javascript,
                               engine::ParameterStyle::postgresql);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].sql, "UPDATE t SET a = $1 WHERE id = $2");
}

TEST(CFamilyScanner, JavaScriptRegexWithAQuoteDoesNotOpenAString) {
    const std::string text =
        "const re = /'/g; const s = x.replace(re, \"\");\n"
        "const q = 'SELECT id FROM t';\n"
        "const half = total / 2; const r = 'SELECT 2';\n";
    const auto found = extract(text, Language::javascript);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].at, "2:12");
    EXPECT_EQ(found[1].at, "3:36");
}

TEST(CFamilyScanner, JavaScriptRelativeImports) {
    const std::string text =
        "import { db } from './db';\n"
        "import './styles.css';\n"
        "import express from 'express';\n"
        "export * from '../shared/types';\n"
        "const legacy = require('./legacy/client');\n"
        "const lazy = await import('./lazy');\n"
        "const not_an_import = f('./x');\n";
    std::vector<std::string> described;
    for (const auto& i : imports(text, Language::typescript))
        described.push_back(std::to_string(i.location.line) + ":" + std::to_string(i.location.column) + " " + i.reference.module);
    EXPECT_EQ(described, (std::vector<std::string>{"1:21 ./db", "2:9 ./styles.css", "4:16 ../shared/types",
                                                   "5:25 ./legacy/client", "6:28 ./lazy"}));
}

TEST(CFamilyScanner, GoRawStringsAndConcatenation) {
    const std::string text =
        "rows, err := db.Query(`\n"
        "\tSELECT l.id, l.name\n"
        "\tFROM leads l`, id)\n"
        "q := \"SELECT a \" +\n"
        "\t\"FROM t WHERE b = $1\"\n"
        "s := fmt.Sprintf(\"SELECT * FROM %s\", table)\n"
        "r := 'x'\n";
    const auto found = extract(text, Language::go);
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0], (Found{"2:2", "SELECT", "SELECT l.id, l.name\n\tFROM leads l", ""}));
    EXPECT_EQ(found[1], (Found{"4:7", "SELECT", "SELECT a FROM t WHERE b = $1", ""}));
    EXPECT_EQ(found[2].dynamic, "`%s` stands for a name, not a value");
}

TEST(CFamilyScanner, JavaTextBlocksAndConcatenatedStrings) {
    const std::string text =
        "String q = \"\"\"\n"
        "    SELECT id\n"
        "    FROM leads \\\n"
        "    WHERE city = ?\n"
        "    \"\"\";\n"
        "String u = \"UPDATE leads SET name = ? \" +\n"
        "           \"WHERE id = ?\";\n"
        "String d = \"DELETE FROM \" + table;\n"
        "char c = '\"';\n"
        "String f = String.format(\"SELECT * FROM t WHERE id = %d\", id);\n";
    const auto found = extract(text, Language::java);
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0], (Found{"2:5", "SELECT", "SELECT id\n    FROM leads     WHERE city = ?", ""}));
    EXPECT_EQ(found[1], (Found{"6:13", "UPDATE", "UPDATE leads SET name = ? WHERE id = ?", ""}));
    EXPECT_EQ(found[2].dynamic, "concatenated with code at run time");
    EXPECT_EQ(found[3].dynamic, "formats `%d` into the text");
}

TEST(CFamilyScanner, KotlinTemplates) {
    const std::string text =
        "val a = \"SELECT id FROM leads WHERE id = ?\"\n"
        "val b = \"SELECT id FROM $table\"\n"
        "val c = \"\"\"\n"
        "    SELECT id FROM leads WHERE city = '${city}'\n"
        "\"\"\".trimIndent()\n"
        "val d = \"SELECT price FROM t WHERE price > \\$5\"\n";
    const auto found = extract(text, Language::kotlin);
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0].dynamic, "");
    EXPECT_EQ(found[1].dynamic, "interpolates `$table`");
    EXPECT_EQ(found[2].at, "4:5");
    EXPECT_EQ(found[2].dynamic, "interpolates `${city}`");
    EXPECT_EQ(found[3].sql, "SELECT price FROM t WHERE price > $5");
}

TEST(CFamilyScanner, CSharpVerbatimInterpolatedAndRawStrings) {
    const std::string text =
        "var a = @\"SELECT \"\"id\"\" FROM leads\n"
        "          WHERE name = @name\";\n"
        "var b = $\"SELECT * FROM {table}\";\n"
        "var c = \"\"\"\n"
        "    SELECT 1 FROM \"leads\"\n"
        "    \"\"\";\n"
        "var d = $@\"DELETE FROM t WHERE id = {{id}} AND x = {x}\";\n";
    const auto found = extract(text, Language::csharp);
    ASSERT_EQ(found.size(), 4u);
    EXPECT_EQ(found[0], (Found{"1:11", "SELECT", "SELECT \"id\" FROM leads\n          WHERE name = @name", ""}));
    EXPECT_EQ(found[1].dynamic, "interpolates `{table}`");
    EXPECT_EQ(found[2], (Found{"5:5", "SELECT", "SELECT 1 FROM \"leads\"", ""}));
    EXPECT_EQ(found[3].dynamic, "interpolates `{x}`");
}

TEST(CFamilyScanner, CppRawStringsAdjacentLiteralsAndDigitSeparators) {
    const std::string text =
        "int n = 1'000'000;\n"
        "auto q = R\"sql(SELECT a FROM t WHERE b = \")\" AND c = ?)sql\";\n"
        "const char* s = \"SELECT a \"\n"
        "                \"FROM t\" /* comment */ \"WHERE b = ?\";\n"
        "wchar_t* w = L\"DELETE FROM t\";\n";
    const auto found = extract(text, Language::cpp);
    ASSERT_EQ(found.size(), 3u);
    EXPECT_EQ(found[0], (Found{"2:16", "SELECT", "SELECT a FROM t WHERE b = \")\" AND c = ?", ""}));
    EXPECT_EQ(found[1], (Found{"3:18", "SELECT", "SELECT a FROM tWHERE b = ?", ""}));
    EXPECT_EQ(found[2], (Found{"5:16", "DELETE", "DELETE FROM t", ""}));
}

}  // namespace
}  // namespace dbaudit::code_check

namespace dbaudit::code_check {
namespace {

// Regression: interpolations nested 200,000 deep used to recurse once per level.
TEST(CFamilyScanner, DeeplyNestedTemplatesDoNotExhaustTheStack) {
    std::string text = "x = `SELECT ";
    for (int i = 0; i < 200000; ++i) text += "${`";
    const auto found = extract(text, Language::javascript);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].dynamic.rfind("interpolates", 0), 0u);
}

TEST(PythonScannerNesting, DeeplyNestedFStringsDoNotExhaustTheStack) {
    std::string text = "q = f\"SELECT {";
    for (int i = 0; i < 100000; ++i) text += "f\"{";
    const auto found = extract(text, Language::python);
    ASSERT_EQ(found.size(), 1u);
    EXPECT_FALSE(found[0].dynamic.empty());
}

}  // namespace
}  // namespace dbaudit::code_check
