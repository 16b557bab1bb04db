// Runs another program with an argument array (never through a shell) and captures its stdout.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dbaudit::util {

struct ProcessOutput {
    int exit_code = -1;
    std::string out;
};

// Runs argv[0] (looked up on PATH) with stdin from /dev/null and stderr discarded. Returns nothing
// when the program cannot be started (not installed); otherwise its exit code and whole stdout.
std::optional<ProcessOutput> run_process(const std::vector<std::string>& argv);

}  // namespace dbaudit::util
