// --exclude globs and the folders a walk never enters.
#include "dbaudit/code_check/source_walker.hpp"

#include <gtest/gtest.h>

namespace dbaudit::code_check {
namespace {

TEST(SourceWalker, ExcludeMatchesThePathItsFoldersOrItsName) {
    const std::vector<std::string> globs{"vendor", "*_test.go", "docs/*.md", "./generated/"};
    EXPECT_TRUE(is_excluded("vendor/lib/a.go", globs));
    EXPECT_TRUE(is_excluded("pkg/x_test.go", globs));
    EXPECT_TRUE(is_excluded("docs/readme.md", globs));
    EXPECT_TRUE(is_excluded("generated/q.py", globs));
    EXPECT_FALSE(is_excluded("src/vendors.go", globs));
    EXPECT_FALSE(is_excluded("src/x.go", globs));
    EXPECT_FALSE(is_excluded("anything", {}));
}

TEST(SourceWalker, SkippedFolders) {
    for (const char* name : {".git", "node_modules", "venv", ".venv", "build", "dist", "target", "__pycache__"})
        EXPECT_TRUE(is_skipped_folder_name(name)) << name;
    for (const char* name : {"src", "builder", "env", "lib"}) EXPECT_FALSE(is_skipped_folder_name(name)) << name;
}

TEST(SourceWalker, Languages) {
    EXPECT_EQ(language_for_path("a/b.py"), Language::python);
    EXPECT_EQ(language_for_path("a/b.tsx"), Language::typescript);
    EXPECT_EQ(language_for_path("x.kts"), Language::kotlin);
    EXPECT_EQ(language_for_path("q.sql"), Language::sql);
    EXPECT_EQ(language_for_path("Makefile"), std::nullopt);
    EXPECT_EQ(language_for_path("a.d/readme"), std::nullopt);
}

}  // namespace
}  // namespace dbaudit::code_check
