// The command-line entry point: parses arguments, runs one command, maps errors to exit codes.
#pragma once

namespace dbaudit::cli {

int run(int argc, char** argv);

}  // namespace dbaudit::cli
