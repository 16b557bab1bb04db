#include "dbaudit/util/source_location.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dbaudit::util {
namespace {

struct LocateCase {
    std::string text;
    std::size_t offset;
    int line;
    int column;
};

TEST(SourceLocation, LocateCountsLinesAndCharacters) {
    const std::vector<LocateCase> cases = {
        {"", 0, 1, 1},
        {"abc", 0, 1, 1},
        {"abc", 2, 1, 3},
        {"abc", 3, 1, 4},                    // just past the end
        {"a\nbc", 1, 1, 2},                  // the newline itself is on line 1
        {"a\nbc", 2, 2, 1},
        {"a\nbc", 3, 2, 2},
        {"\n\n\nx", 3, 4, 1},
        {"a\r\nb", 3, 2, 1},                 // CRLF: one line break
        {"né x", 4, 1, 4},                   // é is two bytes, one column
        {"таблица x", 15, 1, 9},             // seven two-byte letters, a space, then x
        {"'😀' x", 7, 1, 5},                 // a four-byte character is one column
        {"ü\nü!", 5, 2, 2},                  // the column restarts after a newline
        {"\tx", 1, 1, 2},                    // a tab is one character
    };
    for (const auto& c : cases) {
        const SourceLocation location = locate("f.sql", c.text, c.offset);
        EXPECT_EQ(location.file, "f.sql");
        EXPECT_EQ(location.line, c.line) << "text \"" << c.text << "\" offset " << c.offset;
        EXPECT_EQ(location.column, c.column) << "text \"" << c.text << "\" offset " << c.offset;
    }
}

TEST(SourceLocation, OffsetPastTheEndIsClampedToTheEnd) {
    const SourceLocation location = locate("f.sql", "ab\nc", 100);
    EXPECT_EQ(location.line, 2);
    EXPECT_EQ(location.column, 2);
}

TEST(SourceLocation, ToStringIsFileLineColumn) {
    EXPECT_EQ((SourceLocation{"schema/app.sql", 3, 7}).to_string(), "schema/app.sql:3:7");
    EXPECT_EQ((SourceLocation{"a b.sql", 10, 1}).to_string(), "a b.sql:10:1");
    EXPECT_EQ(locate("x.sql", "SELECT\n  oops", 9).to_string(), "x.sql:2:3");
}

}  // namespace
}  // namespace dbaudit::util
