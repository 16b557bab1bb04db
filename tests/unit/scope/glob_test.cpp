#include "dbaudit/scope/glob.hpp"

#include <gtest/gtest.h>

namespace dbaudit::scope {
namespace {

struct GlobCase_ {
    const char* pattern;
    const char* text;
    bool matches;
};

TEST(Glob, TableOfPatterns) {
    const GlobCase_ cases[] = {
        {"legacy_*", "legacy_users", true},   {"legacy_*", "legacy_", true},         {"legacy_*", "my_legacy_x", false},
        {"*_log", "audit_log", true},         {"*_log", "audit_logs", false},        {"*", "", true},
        {"", "", true},                       {"", "a", false},                      {"?", "a", true},
        {"?", "", false},                     {"a?c", "abc", true},                  {"a?c", "ac", false},
        {"tmp[0-9]", "tmp7", true},           {"tmp[0-9]", "tmpx", false},           {"tmp[!0-9]", "tmpx", true},
        {"tmp[!0-9]", "tmp7", false},         {"tmp[^0-9]", "tmp7", false},          {"[abc]x", "bx", true},
        {"[]]x", "]x", true},                 {"a[", "a[", true},                    {"a[b", "ab", false},
        {"*a*b*c*", "xxaxxbxxcxx", true},     {"*a*b*c*", "xxaxxcxxbxx", false},     {"public.*", "public.users", true},
        {"public.*", "publicXusers", false},  {"*.tmp_*", "billing.tmp_1", true},    {"**", "anything", true},
        {"a*", "a", true},                    {"*aaa", "aaaaaaaaaaaaaaaaaaaab", false},
    };
    for (const auto& c : cases)
        EXPECT_EQ(glob_match(c.pattern, c.text), c.matches) << "pattern '" << c.pattern << "' on '" << c.text << "'";
}

TEST(Glob, CaseRuleFollowsTheEngine) {
    EXPECT_FALSE(glob_match("Legacy_*", "legacy_users"));
    EXPECT_TRUE(glob_match("Legacy_*", "LEGACY_users", GlobCase::ascii_insensitive));
    EXPECT_TRUE(glob_match("[A-C]x", "bX", GlobCase::ascii_insensitive));
    EXPECT_FALSE(glob_match("[A-C]x", "bx"));
}

}  // namespace
}  // namespace dbaudit::scope
