// Runs another program with an argument array (never through a shell) and captures its output.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace dbaudit::util {

struct ProcessOutput {
    int exit_code = -1;
    std::string out;
    std::string err;  // only with ProcessOptions::capture_stderr
};

struct ProcessOptions {
    // NAME=VALUE entries added to (or replacing in) the inherited environment. Secrets such as
    // PGPASSWORD go here, never into argv, which any user can read in /proc.
    std::vector<std::string> environment;
    bool capture_stderr = false;  // otherwise stderr goes to /dev/null
};

// Runs argv[0] (looked up on PATH) with stdin from /dev/null. Returns nothing when the program
// cannot be started (not installed); otherwise its exit code and whole stdout (and stderr).
std::optional<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

// The environment a child gets: `base` (NAME=VALUE entries) with `overrides` replacing entries of
// the same name or added at the end.
std::vector<std::string> merged_environment(const std::vector<std::string>& base, const std::vector<std::string>& overrides);

}  // namespace dbaudit::util
