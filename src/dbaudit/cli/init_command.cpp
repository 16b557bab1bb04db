// `dbaudit init`: write a commented starter dbaudit.toml in the working directory.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "dbaudit/cli/command.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/config/config_file.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::cli {

namespace {

struct InitOptions {
    std::string path = config::k_config_file_name;
    bool force = false;
};

int run_init(const InitOptions& options) {
    std::error_code ec;
    if (std::filesystem::exists(options.path, ec) && !options.force)
        throw util::InputError(options.path + " already exists; nothing was written", "pass --force to overwrite it");
    write_output(config::starter_config(), options.path);
    if (options.path == "-") return 0;  // printed, not written
    std::printf("dbaudit: wrote %s: uncomment the keys you need (flags on the command line override them)\n", options.path.c_str());
    return 0;
}

}  // namespace

void add_init_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<InitOptions>();
    CLI::App* init = app.add_subcommand("init", "Write a commented starter dbaudit.toml");
    init->footer(
        "Every key is commented out with what it does; dbaudit reads the file from the working directory or\n"
        "the nearest folder above it. Exit codes: 0 written, 2 the file exists (without --force) or cannot be written.\n"
        "Example: dbaudit init && $EDITOR dbaudit.toml");
    init->add_option("--output,-o", options->path, "Write to this path instead of ./dbaudit.toml ('-': print it)");
    init->add_flag("--force", options->force, "Overwrite an existing file");
    init->callback([&action, options] { action = [options] { return run_init(*options); }; });
}

}  // namespace dbaudit::cli
