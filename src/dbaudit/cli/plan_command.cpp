// `dbaudit plan`: print the migration that closes the drift, as a SQL script to review.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "dbaudit/cli/command.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/cli/prepared_plan.hpp"
#include "dbaudit/cli/schema_inputs.hpp"

namespace dbaudit::cli {

namespace {

struct PlanOptions {
    SchemaFlags flags;
    std::string output;
    bool allow_destructive = false;
};

int run_plan(const PlanOptions& options) {
    const PreparedPlan prepared = prepare_plan(resolve_schema_inputs(options.flags), options.allow_destructive);
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
    add_schema_flags(*plan, options->flags,
                     "Database: sqlite:PATH, sqlite:///abs/path or a file path (default: dbaudit.toml, else $DATABASE_URL). "
                     "Opened read-only.");
    plan->add_option("--output,-o", options->output, "Write the plan to FILE instead of stdout");
    plan->add_flag("--allow-destructive", options->allow_destructive,
                   "Include destructive steps (drop table/column, value-converting type changes, suspected renames)");
    plan->callback([&action, options] { action = [options] { return run_plan(*options); }; });
}

}  // namespace dbaudit::cli
