#include "dbaudit/util/subprocess.hpp"

#include <gtest/gtest.h>

namespace dbaudit::util {
namespace {

TEST(RunProcess, PassesExtraEnvironmentAndCapturesStderr) {
    ProcessOptions options;
    options.environment = {"DBAUDIT_SUBPROCESS_TEST=from-env", "HOME=/replaced"};
    options.capture_stderr = true;
    const auto result = run_process({"sh", "-c", "echo \"$DBAUDIT_SUBPROCESS_TEST $HOME\"; echo oops >&2; exit 3"}, options);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->exit_code, 3);
    EXPECT_EQ(result->out, "from-env /replaced\n");
    EXPECT_EQ(result->err, "oops\n");
}

TEST(RunProcess, StderrDiscardedByDefault) {
    const auto result = run_process({"sh", "-c", "echo out; echo err >&2"});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->out, "out\n");
    EXPECT_EQ(result->err, "");
}

TEST(RunProcess, MissingProgramIsNothing) { EXPECT_FALSE(run_process({"dbaudit-no-such-program"})); }

TEST(MergedEnvironment, ReplacesByNameAndAppends) {
    EXPECT_EQ(merged_environment({"A=1", "PGPASSWORD=old", "B=2"}, {"PGPASSWORD=new", "C=3"}),
              (std::vector<std::string>{"A=1", "B=2", "PGPASSWORD=new", "C=3"}));
}

}  // namespace
}  // namespace dbaudit::util
