#include "dbaudit/cli/run.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "dbaudit/cli/command.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::cli {

namespace {

void print_error(const std::string& message, const std::string& hint = {}) {
    std::fprintf(stderr, "dbaudit: error: %s\n", message.c_str());
    if (!hint.empty()) std::fprintf(stderr, "dbaudit: hint: %s\n", hint.c_str());
}

}  // namespace

int run(int argc, char** argv) {
    CLI::App app{"dbaudit: find where a live database drifted from the schema your code expects"};
    app.set_version_flag("--version", "dbaudit 0.1.0");
    app.require_subcommand(1);
    Action action;
    add_audit_command(app, action);
    add_plan_command(app, action);
    add_apply_command(app, action);
    add_check_code_command(app, action);
    add_init_command(app, action);
    add_inspect_command(app, action);
    add_diff_command(app, action);

    // CLI11 would answer an unknown command with "a subcommand is required": say what is wrong.
    if (argc > 1 && argv[1][0] != '-') {
        std::vector<std::string> names;
        for (const CLI::App* command : app.get_subcommands({})) names.push_back(command->get_name());
        if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
            std::string list;
            for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
            print_error(std::string("unknown command '") + argv[1] + "' (commands: " + list + ")");
            return static_cast<int>(util::ExitCode::bad_input);
        }
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        print_error(e.what(), "run 'dbaudit --help' or 'dbaudit COMMAND --help'");
        return static_cast<int>(util::ExitCode::bad_input);
    }

    // The one place errors become messages and exit codes.
    try {
        return action();
    } catch (const util::Error& e) {
        print_error(e.what(), e.hint());
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        print_error(std::string("internal error: ") + e.what(), "please report this with the command you ran");
        return 70;
    }
}

}  // namespace dbaudit::cli
