// `dbaudit apply`: run the plan in one verified transaction, after a backup and a confirmation.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "dbaudit/apply/applier.hpp"
#include "dbaudit/cli/choice_option.hpp"
#include "dbaudit/cli/command.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/cli/expected_schema.hpp"
#include "dbaudit/cli/prepared_plan.hpp"
#include "dbaudit/cli/schema_inputs.hpp"
#include "dbaudit/plan/fingerprint.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::cli {

namespace {

struct ApplyCommandOptions {
    SchemaFlags flags;
    std::string dev_url;
    plan::PlanOptions plan;  // what to plan (apply always plans, to check a --plan file against the database)
    std::string lock_timeout = "5s";
    std::string statement_timeout = "0";
    std::string plan_file;
    bool no_cache = false;
    bool yes = false;
    bool dry_run = false;
    std::string backup;
    bool no_backup = false;
    diff::Severity fail_on = diff::Severity::medium;
};

void say(const std::string& line) {
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

// Asks on the terminal; anything but "y" or "yes" is no.
bool confirm(const std::string& question) {
    std::fprintf(stderr, "%s [y/N] ", question.c_str());
    std::fflush(stderr);
    std::string answer;
    if (!std::getline(std::cin, answer)) return false;
    const std::string word(util::trim(answer));
    return util::iequals(word, "y") || util::iequals(word, "yes");
}

std::size_t step_count(const apply::ApplyInput& input) {
    return input.before_transaction.size() + input.statements.size() + input.after_commit.size();
}

int run_apply(const ApplyCommandOptions& options) {
    util::PhaseTimer timer;
    // With --plan, the reviewed file decides what runs and what was deliberately held back.
    std::optional<plan::PlanFile> file;
    std::string file_text;
    if (!options.plan_file.empty()) file_text = util::read_file(options.plan_file);

    const SchemaInputs inputs = resolve_schema_inputs(options.flags);
    PlanRequest request;
    request.options = options.plan;
    request.dev_url = options.dev_url;
    request.recover = true;
    request.cache.enabled = !options.no_cache;
    request.options.lock_timeout_ms = parse_duration_ms(options.lock_timeout, "--lock-timeout");
    request.options.statement_timeout_ms = parse_duration_ms(options.statement_timeout, "--statement-timeout");
    if (!options.plan_file.empty()) request.options.allow_destructive = plan::read_plan_header(file_text, options.plan_file).allow_destructive;
    PreparedPlan prepared = prepare_plan(inputs, request);
    const engine::MigrationDialect* dialect = &prepared.migrator->dialect();
    if (!options.plan_file.empty()) {
        file = plan::parse_plan_script(file_text, options.plan_file, *dialect);
        // A file made with --concurrently builds indexes after COMMIT: plan the same way, so
        // that the check before COMMIT knows which differences those steps resolve later.
        if (!file->after_transaction.empty() && !request.options.concurrently) {
            request.options.concurrently = true;
            prepared = prepare_plan(inputs, request);
            dialect = &prepared.migrator->dialect();
        }
    }
    timer.mark("plan");

    apply::ApplyInput input;
    input.expected = &prepared.expected;
    input.plan = &prepared.plan;
    input.restrict_live = [&prepared](model::Catalog& live) { prepared.scope.apply(live); };
    if (file) {
        if (!file->engine.empty() && file->engine != prepared.header.engine)
            throw util::InputError(options.plan_file + " is a plan for " + file->engine + ", not for " + prepared.header.engine);
        if (file->has_fingerprint && file->expected_fingerprint != prepared.header.expected_fingerprint)
            throw util::InputError("the expected schema (" + util::join(inputs.schema, ", ") + ") changed since " + options.plan_file +
                                       " was made; nothing was applied",
                                   "make a new plan (dbaudit plan) and review it again; a plan made with --feature or --ignore "
                                   "is applied with the same ones (its header names them)");
        if (file->has_fingerprint && file->live_fingerprint != prepared.header.live.overall) {
            std::vector<std::string> moved = plan::what_moved(file->live_objects, prepared.header.live.objects);
            if (moved.empty()) moved.push_back("the schema fingerprint differs");
            throw util::InputError("the live schema of " + prepared.target.display + " changed since " + options.plan_file +
                                       " was made: " + util::join(moved, "; ") + "; nothing was applied",
                                   "make a new plan (dbaudit plan) and review it again");
        }
        input.session_settings = file->session_settings;
        input.before_transaction = file->before_transaction;
        input.statements = file->statements;
        input.after_commit = file->after_transaction;
        input.live_fingerprint = file->live_fingerprint;
        input.live_objects = file->live_objects;
        write_output(file_text, {});  // what runs is what was reviewed: show it again
        say("-- dbaudit apply: " + options.plan_file + " (" + std::to_string(step_count(input)) + " statements, as reviewed)");
    } else {
        input.session_settings = prepared.header.session_settings;
        for (const plan::Step& step : prepared.plan.steps) {
            if (!step.runs()) continue;
            if (step.before_transaction) input.before_transaction.push_back(step.sql);
            else if (step.in_transaction) input.statements.push_back(step.sql);
            else input.after_commit.push_back(step.sql);
        }
        input.live_fingerprint = prepared.header.live.overall;
        input.live_objects = prepared.header.live.objects;
        write_output(prepared.script(), {});
    }
    for (const plan::Step& step : prepared.plan.steps)
        if (step.runs() && !step.in_transaction && !step.before_transaction)
            input.after_commit_changes.insert(input.after_commit_changes.end(), step.changes.begin(), step.changes.end());
    if (step_count(input) == 0) {
        say("-- dbaudit apply: nothing to apply to " + prepared.target.display);
        return 0;
    }

    if (!options.yes && !options.dry_run) {
        if (::isatty(STDIN_FILENO) != 1)
            throw util::InputError("apply needs a confirmation and stdin is not a terminal; nothing was applied",
                                   "pass --yes to apply without asking, or --dry-run to try the plan and roll it back");
        if (!confirm("Apply " + std::to_string(step_count(input)) + " statements to " + prepared.target.display + "?")) {
            say("-- dbaudit apply: not applied");
            return 1;
        }
    }

    apply::ApplyOptions apply_options;
    apply_options.dry_run = options.dry_run;
    apply_options.fail_on = options.fail_on;
    if (options.no_backup) apply_options.backup = apply::BackupMode::none;
    else if (!options.backup.empty()) {
        apply_options.backup = apply::BackupMode::explicit_path;
        apply_options.backup_path = options.backup;
    }
    const apply::ApplyReport report = apply::apply_migration(*prepared.migrator, prepared.target, input, apply_options,
                                                             [](const std::string& line) { say("-- dbaudit apply: " + line); });
    timer.mark("apply");
    if (options.dry_run) {
        say("-- dbaudit apply: dry run: all " + std::to_string(report.statements_run) +
            " statements ran, the foreign keys and the result checked out; rolled back, nothing changed");
    } else {
        say("-- dbaudit apply: applied " + std::to_string(report.statements_run) + " statements to " + prepared.target.display +
            " in one transaction, verified before COMMIT" +
            (report.after_commit_run ? " (" + std::to_string(report.after_commit_run) + " of them after COMMIT, outside the transaction)"
                                     : std::string()));
    }
    if (!report.left_as_planned.empty()) {
        say("-- dbaudit apply: " + std::to_string(report.left_as_planned.size()) + " differences left as planned (held back):");
        for (const diff::Finding& finding : report.left_as_planned) say("--   " + finding.message);
    }
    return 0;
}

}  // namespace

void add_apply_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<ApplyCommandOptions>();
    CLI::App* apply = app.add_subcommand("apply", "Apply the migration to the live database, safely");
    apply->footer(
        "Shows the plan and asks for confirmation on a terminal (default no); without a terminal it\n"
        "needs --yes. Takes a backup first (SQLite: its online backup API, default <db>.<UTC time>.bak;\n"
        "PostgreSQL: pg_dump --format=custom, default <database>.<UTC time>.dump here), runs every\n"
        "statement in one transaction (SQLite: foreign keys off, then checked), inspects the result and\n"
        "diffs it against the expected schema before COMMIT. Any failure rolls back. PostgreSQL: one\n"
        "apply at a time per database (advisory lock); CREATE INDEX CONCURRENTLY runs after COMMIT.\n"
        "Exit codes: 0 applied (or nothing to do), 1 not confirmed, 2 bad input or a stale plan,\n"
        "3 cannot open the database, it stayed locked or another apply runs, 4 a step or a check failed\n"
        "and everything was rolled back (or, after COMMIT, a concurrent index build failed).\n"
        "Example: dbaudit apply --db sqlite:bot.db --schema schema/ --plan migrate.sql --yes\n"
        "         dbaudit apply --db postgres://app@db/app --schema schema/ --plan plan.sql --backup before.dump");
    add_schema_flags(*apply, options->flags,
                     "Database: postgres://USER@HOST/DB (or a libpq keyword string), sqlite:PATH, sqlite:///abs/path "
                     "or a file path (default: dbaudit.toml, else $DATABASE_URL)");
    apply->add_option("--dev-url", options->dev_url,
                      "PostgreSQL: a server where dbaudit creates (and drops) a temporary database to load the "
                      "expected schema into (default: dev_url in dbaudit.toml, else a throwaway local cluster dbaudit "
                      "starts itself)");
    auto* plan_file = apply->add_option("--plan", options->plan_file,
                                        "Apply exactly this reviewed plan file (from dbaudit plan --output); refused when the "
                                        "live schema changed since")
                          ->check(CLI::ExistingFile);
    add_no_cache_flag(*apply, options->no_cache);
    apply->add_flag("--allow-destructive", options->plan.allow_destructive,
                    "Include destructive steps (drop table/column, value-converting type changes, suspected renames)")
        ->excludes(plan_file);
    apply->add_flag("--concurrently", options->plan.concurrently,
                    "PostgreSQL: build new indexes on existing tables with CREATE INDEX CONCURRENTLY, after COMMIT")
        ->excludes(plan_file);
    apply->add_option("--lock-timeout", options->lock_timeout,
                      "PostgreSQL: how long a step waits for a lock before everything is rolled back (default 5s)")
        ->excludes(plan_file);
    apply->add_option("--statement-timeout", options->statement_timeout,
                      "PostgreSQL: how long one statement may run (default 0: no limit)")
        ->excludes(plan_file);
    apply->add_flag("--yes,-y", options->yes, "Apply without asking");
    apply->add_flag("--dry-run", options->dry_run, "Run and verify the whole plan, then roll it back (no backup, no confirmation)");
    auto* backup = apply->add_option("--backup", options->backup, "Write the backup to PATH (never overwritten)");
    apply->add_flag("--no-backup", options->no_backup, "Do not take a backup")->excludes(backup);
    add_choice(*apply, "--fail-on", options->fail_on,
               {{"critical", diff::Severity::critical},
                {"high", diff::Severity::high},
                {"medium", diff::Severity::medium},
                {"low", diff::Severity::low},
                {"info", diff::Severity::info}},
               "Roll back when a difference of this severity or higher would remain: critical, high, medium (default), low, info");
    apply->callback([&action, options] { action = [options] { return run_apply(*options); }; });
}

}  // namespace dbaudit::cli
