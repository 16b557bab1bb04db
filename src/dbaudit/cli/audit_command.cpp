// `dbaudit audit`: compare a live database with the expected schema and report every difference.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <future>
#include <optional>
#include <map>

#include "dbaudit/cli/choice_option.hpp"
#include "dbaudit/cli/command.hpp"
#include "dbaudit/cli/expected_schema.hpp"
#include "dbaudit/cli/markdown_report_data.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/cli/report_options.hpp"
#include "dbaudit/diff/differ.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/report/audit_report.hpp"
#include "dbaudit/report/json_renderer.hpp"
#include "dbaudit/report/markdown_renderer.hpp"
#include "dbaudit/report/text_renderer.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"

namespace dbaudit::cli {

namespace {

enum class Format { text, json, markdown };

struct AuditOptions {
    std::string db;
    std::vector<std::string> schema;
    std::string dev_url;
    Format format = Format::text;
    std::string output;
    diff::Severity fail_on = diff::Severity::medium;
    ColorChoice color = ColorChoice::auto_detect;
    bool no_cache = false;
};

int run_audit(const AuditOptions& options) {
    util::PhaseTimer timer;
    const engine::Target target = engine::parse_target(database_url(options.db));
    auto engine = engine::make_engine(target.engine, {options.dev_url});
    // Input errors come first: a bad schema file stops the audit before the database is opened.
    const ExpectedSchema schema = ExpectedSchema::read(*engine, options.schema);
    // Both sides are read-only and use their own connections: load the expected schema on a
    // second thread while the live catalog is read. An error in the schema still wins (exit 2).
    auto expected_future = std::async(std::launch::async, [&] { return schema.load({!options.no_cache}); });
    std::optional<model::Catalog> live;
    std::exception_ptr live_error;
    try {
        live = engine->inspect_live(target);
    } catch (...) {
        live_error = std::current_exception();
    }
    const model::Catalog expected = expected_future.get();
    if (live_error) std::rethrow_exception(live_error);
    timer.mark("load_and_inspect");
    const diff::ChangeSet changes = diff::diff_catalogs(expected, *live);
    timer.mark("diff");

    report::AuditInputs inputs{std::string(engine->name()), target.display, options.schema, options.fail_on};
    report::AuditReport report = report::build_audit_report(expected, *live, changes, std::move(inputs));
    const int exit_code = report.exit_code();
    std::string text;
    if (options.format == Format::json) {
        text = report::render_json(report);
    } else if (options.format == Format::markdown) {
        text = report::render_markdown(gather_markdown_report(*engine, target, expected, std::move(report)));
    } else {
        text = report::render_text(report, use_color(options.color, options.output) ? report::Color::always : report::Color::never);
    }
    timer.mark("report");
    write_output(text, options.output);
    timer.mark("write");
    return exit_code;
}

}  // namespace

void add_audit_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<AuditOptions>();
    CLI::App* audit = app.add_subcommand("audit", "Compare a live database with the schema the code expects");
    audit->footer(
        "Exit codes: 0 in sync (nothing at or above --fail-on), 1 drift found, 2 bad input,\n"
        "3 cannot open, connect to or read the database.\n"
        "Example: dbaudit audit --db sqlite:bot.db --schema schema/ --format json --output audit.json\n"
        "         dbaudit audit --db postgres://app@db.internal/app --schema migrations/");
    audit->add_option("--db", options->db,
                      "Database to audit: postgres://USER@HOST/DB (or a libpq keyword string), sqlite:PATH, "
                      "sqlite:///abs/path or a file path (default: $DATABASE_URL, else the PG* variables). "
                      "Only read, in one read-only transaction.");
    audit->add_option("--dev-url", options->dev_url,
                      "PostgreSQL: a server where dbaudit creates (and drops) a temporary database to load the "
                      "expected schema into (default: a throwaway local cluster dbaudit starts itself)");
    audit->add_option("--schema", options->schema,
                      "Expected schema: a .sql file, or a directory whose *.sql files are read in name order "
                      "(repeatable); or one JSON snapshot written by 'dbaudit inspect --format json'")
        ->required()
        ->check(CLI::ExistingPath);
    add_choice(*audit, "--format", options->format,
               {{"text", Format::text}, {"json", Format::json}, {"markdown", Format::markdown}},
               "Report format: text (default), json, or markdown (a document for a ticket: summary, fix SQL, "
               "verification queries, diagram; see docs/markdown-report.md)");
    audit->add_option("--output,-o", options->output, "Write the report to FILE instead of stdout");
    add_no_cache_flag(*audit, options->no_cache);
    add_fail_on_option(*audit, options->fail_on);
    add_color_option(*audit, options->color);
    audit->callback([&action, options] { action = [options] { return run_audit(*options); }; });
}

}  // namespace dbaudit::cli
