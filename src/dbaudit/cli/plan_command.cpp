// `dbaudit plan`: print the migration that closes the drift, as a SQL script to review.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "dbaudit/cli/command.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/cli/expected_schema.hpp"
#include "dbaudit/cli/prepared_plan.hpp"

namespace dbaudit::cli {

namespace {

struct PlanOptions {
    std::string db;
    std::vector<std::string> schema;
    std::string output;
    bool allow_destructive = false;
    bool no_cache = false;
};

int run_plan(const PlanOptions& options) {
    const PreparedPlan prepared = prepare_plan(options.db, options.schema, options.allow_destructive, false, {!options.no_cache});
    write_output(prepared.script(), options.output);
    if (!options.output.empty() && options.output != "-") {
        std::printf("dbaudit: wrote %s: %zu steps to run, %zu held back\n", options.output.c_str(), prepared.plan.running_count(),
                    prepared.plan.held_count());
    }
    return 0;
}

}  // namespace

void add_plan_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<PlanOptions>();
    CLI::App* plan = app.add_subcommand("plan", "Print the migration (SQL) that brings a live database to the expected schema");
    plan->footer(
        "Each step is preceded by a comment saying what it fixes. Destructive steps (dropping tables or\n"
        "columns, type changes that convert values, suspected renames) are commented out unless\n"
        "--allow-destructive. The script records a fingerprint of the live schema: apply it with\n"
        "'dbaudit apply --plan FILE', which refuses when the database changed since.\n"
        "Exit codes: 0 plan written (empty or not), 2 bad input or a change that cannot be made with the\n"
        "data in place, 3 cannot open or read the database.\n"
        "Example: dbaudit plan --db sqlite:bot.db --schema schema/ --output migrate.sql");
    plan->add_option("--db", options->db,
                     "Database: sqlite:PATH, sqlite:///abs/path or a file path (default: $DATABASE_URL). Opened read-only.");
    plan->add_option("--schema", options->schema,
                     "Expected schema: a .sql file, or a directory whose *.sql files are read in name order (repeatable)")
        ->required()
        ->check(CLI::ExistingPath);
    plan->add_option("--output,-o", options->output, "Write the plan to FILE instead of stdout");
    add_no_cache_flag(*plan, options->no_cache);
    plan->add_flag("--allow-destructive", options->allow_destructive,
                   "Include destructive steps (drop table/column, value-converting type changes, suspected renames)");
    plan->callback([&action, options] { action = [options] { return run_plan(*options); }; });
}

}  // namespace dbaudit::cli
