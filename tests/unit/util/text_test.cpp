#include "dbaudit/util/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dbaudit/util/error.hpp"
#include "support/test_support.hpp"

namespace dbaudit::util {
namespace {

TEST(Text, AsciiCaseFoldsOnlyAsciiLetters) {
    EXPECT_EQ(ascii_lower("Users_1 ÄÖ"), "users_1 ÄÖ");
    EXPECT_EQ(ascii_upper("users_1 äö"), "USERS_1 äö");
    EXPECT_TRUE(iequals("Users", "uSERS"));
    EXPECT_FALSE(iequals("Users", "User"));
    EXPECT_FALSE(iequals("näme", "NÄME"));
    EXPECT_TRUE(iequals("näme", "NäME"));
    EXPECT_TRUE(iequals("", ""));
}

TEST(Text, StartsWithIcase) {
    EXPECT_TRUE(starts_with_icase("sqlite_autoindex_t_1", "SQLITE_"));
    EXPECT_TRUE(starts_with_icase("abc", ""));
    EXPECT_FALSE(starts_with_icase("sq", "sqlite_"));
    EXPECT_FALSE(starts_with_icase("xsqlite_", "sqlite_"));
}

TEST(Text, Trim) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"  a b  ", "a b"}, {"\t\r\n a\n", "a"}, {"", ""}, {" \t\n ", ""}, {"a", "a"}, {"\fa\v", "a"},
    };
    for (const auto& [input, expected] : cases) EXPECT_EQ(trim(input), expected) << "[" << input << "]";
}

TEST(Text, Join) {
    EXPECT_EQ(join({}, ", "), "");
    EXPECT_EQ(join({"a"}, ", "), "a");
    EXPECT_EQ(join({"a", "b", "c"}, ", "), "a, b, c");
    EXPECT_EQ(join({"", ""}, "-"), "-");
}

TEST(Text, ReadFileReturnsTheBytes) {
    testing::TempDir dir;
    const std::string path = dir.write("schema.sql", std::string("CREATE TABLE t (a);\n\0x\xff", 23));
    EXPECT_EQ(read_file(path), std::string("CREATE TABLE t (a);\n\0x\xff", 23));
}

TEST(Text, ReadFileNamesThePathWhenItFails) {
    testing::TempDir dir;
    const std::string missing = dir.file("missing.sql");
    try {
        read_file(missing);
        FAIL() << "no exception";
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()), "cannot read " + missing + ": No such file or directory");
        EXPECT_EQ(e.code(), ExitCode::bad_input);
    }
}

}  // namespace
}  // namespace dbaudit::util
