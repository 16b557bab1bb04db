#include "dbaudit/cli/run.hpp"

int main(int argc, char** argv) { return dbaudit::cli::run(argc, argv); }
