// `dbaudit plan`: print the migration that closes the drift, as a SQL script to review.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "dbaudit/cli/choice_option.hpp"
#include "dbaudit/cli/command.hpp"
#include "dbaudit/cli/expected_schema.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/cli/prepared_plan.hpp"
#include "dbaudit/cli/schema_inputs.hpp"

namespace dbaudit::cli {

namespace {

enum class PlanFormat { sql, json };

struct PlanOptions {
    SchemaFlags flags;
    std::string dev_url;
    plan::PlanOptions plan;
    std::string output;
    std::string lock_timeout = "5s";
    std::string statement_timeout = "0";
    PlanFormat format = PlanFormat::sql;
    bool no_cache = false;
};

int run_plan(PlanOptions options) {
    options.plan.lock_timeout_ms = parse_duration_ms(options.lock_timeout, "--lock-timeout");
    options.plan.statement_timeout_ms = parse_duration_ms(options.statement_timeout, "--statement-timeout");
    PlanRequest request;
    request.options = options.plan;
    request.dev_url = options.dev_url;
    request.cache.enabled = !options.no_cache;
    const PreparedPlan prepared = prepare_plan(resolve_schema_inputs(options.flags), request);
    write_output(options.format == PlanFormat::json ? prepared.json() : prepared.script(), options.output);
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
        "Example: dbaudit plan --db sqlite:bot.db --schema schema/ --output migrate.sql\n"
        "         dbaudit plan --db postgres://app@db/app --schema migrations/ --concurrently --output plan.sql");
    add_schema_flags(*plan, options->flags,
                     "Database: postgres://USER@HOST/DB (or a libpq keyword string), sqlite:PATH, sqlite:///abs/path or a "
                     "file path (default: dbaudit.toml, else $DATABASE_URL). Only read.");
    plan->add_option("--dev-url", options->dev_url,
                     "PostgreSQL: a server where dbaudit creates (and drops) a temporary database to load the "
                     "expected schema into (default: dev_url in dbaudit.toml, else a throwaway local cluster dbaudit starts itself)");
    plan->add_option("--output,-o", options->output, "Write the plan to FILE instead of stdout");
    add_no_cache_flag(*plan, options->no_cache);
    plan->add_flag("--allow-destructive", options->plan.allow_destructive,
                   "Include destructive steps (drop table/column, value-converting type changes, suspected renames)");
    plan->add_flag("--concurrently", options->plan.concurrently,
                   "PostgreSQL: build new indexes on existing tables with CREATE INDEX CONCURRENTLY, after COMMIT "
                   "(writes go on while they build)");
    plan->add_option("--lock-timeout", options->lock_timeout,
                     "PostgreSQL: how long a step waits for a lock before the plan fails (default 5s; 500ms, 10s, 2min)");
    plan->add_option("--statement-timeout", options->statement_timeout,
                     "PostgreSQL: how long one statement may run (default 0: no limit)");
    add_choice(*plan, "--format", options->format, {{"sql", PlanFormat::sql}, {"json", PlanFormat::json}},
               "Output: sql (the script to review, default) or json (steps with hazards, docs/plan-format.md)");
    plan->callback([&action, options] { action = [options] { return run_plan(*options); }; });
}

}  // namespace dbaudit::cli
