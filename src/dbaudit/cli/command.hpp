// What every command file provides: registration on the CLI11 app, and the action to run.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace dbaudit::cli {

// Set by the subcommand that was chosen; returns the process exit code.
using Action = std::function<int()>;

void add_audit_command(CLI::App& app, Action& action);
void add_plan_command(CLI::App& app, Action& action);
void add_apply_command(CLI::App& app, Action& action);
void add_check_code_command(CLI::App& app, Action& action);
void add_init_command(CLI::App& app, Action& action);
void add_inspect_command(CLI::App& app, Action& action);
void add_diff_command(CLI::App& app, Action& action);

}  // namespace dbaudit::cli
