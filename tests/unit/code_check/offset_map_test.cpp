// Offsets in derived text map back to the source through slices and compositions.
#include <gtest/gtest.h>

#include "dbaudit/code_check/offset_map.hpp"

namespace dbaudit::code_check {
namespace {

TEST(OffsetMap, RunsSlicesAndComposition) {
    // Source "x = 'ab\tcd'": value "ab<TAB>cd" where \t (2 source bytes) decodes to one.
    OffsetMap value_to_source;
    value_to_source.add(0, 5);  // "ab" at 5
    value_to_source.add(2, 7);  // the escape at 7
    value_to_source.add(3, 9);  // "cd" at 9
    EXPECT_EQ(value_to_source.map(0), 5u);
    EXPECT_EQ(value_to_source.map(1), 6u);
    EXPECT_EQ(value_to_source.map(2), 7u);
    EXPECT_EQ(value_to_source.map(4), 10u);

    const OffsetMap slice = value_to_source.slice(1, 5);  // "b<TAB>cd"
    EXPECT_EQ(slice.map(0), 6u);
    EXPECT_EQ(slice.map(1), 7u);
    EXPECT_EQ(slice.map(2), 9u);

    OffsetMap rewritten;  // "Xb<TAB>cd": one byte replaced by one
    rewritten.add(0, 0);
    const OffsetMap composed = slice.then(rewritten);
    EXPECT_EQ(composed.map(2), 9u);
    EXPECT_EQ(composed.map(3), 10u);
}

}  // namespace
}  // namespace dbaudit::code_check
