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
#include "dbaudit/cli/schema_inputs.hpp"
#include "dbaudit/diff/differ.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/migration.hpp"
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

const std::vector<std::pair<std::string, Format>>& format_choices() {
    static const std::vector<std::pair<std::string, Format>> choices = {{"text", Format::text}, {"json", Format::json}, {"markdown", Format::markdown}};
    return choices;
}

struct AuditOptions {
    SchemaFlags flags;
    std::string dev_url;
    Format format = Format::text;
    bool format_given = false;
    std::string output;
    diff::Severity fail_on = diff::Severity::medium;
    bool fail_on_given = false;
    ColorChoice color = ColorChoice::auto_detect;
    bool no_cache = false;
};

// The format from the flag, else dbaudit.toml, else text.
Format chosen_format(const AuditOptions& options, const config::Settings& settings) {
    if (options.format_given || !settings.format) return options.format;
    for (const auto& [word, format] : format_choices())
        if (word == *settings.format) return format;
    throw util::InputError(settings.format_at.to_string() + ": audit cannot write format '" + *settings.format + "' yet");
}

int run_audit(const AuditOptions& options) {
    util::PhaseTimer timer;
    const SchemaInputs inputs = resolve_schema_inputs(options.flags);
    const config::Settings& settings = inputs.settings;
    const Format format = chosen_format(options, settings);
    const diff::Severity fail_on = options.fail_on_given ? options.fail_on : settings.fail_on.value_or(options.fail_on);
    const engine::Target target = engine::parse_target(inputs.db_url);
    auto engine = engine::make_engine(target.engine, {options.dev_url.empty() ? settings.dev_url.value_or("") : options.dev_url});
    // Input errors come first: a bad schema file stops the audit before the database is opened.
    const ExpectedFiles expected_files = read_expected_files(inputs);
    const ExpectedSchema schema = ExpectedSchema::read(*engine, inputs.schema);
    // Both sides are read-only and use their own connections: load the expected schema on a
    // second thread while the live catalog is read. An error in the schema still wins (exit 2).
    auto expected_future = std::async(std::launch::async, [&] { return schema.load({!options.no_cache}); });
    std::optional<model::Catalog> live;
    // The Markdown report also plans the fix: it reads the live catalog through the migrator's
    // read-only snapshot, which then serves the plan and the row counts without a second read.
    std::unique_ptr<engine::Migrator> migrator;
    std::unique_ptr<engine::LiveReader> reader;
    std::exception_ptr live_error;
    try {
        if (format == Format::markdown) migrator = engine->make_migrator();
        if (migrator) {
            reader = migrator->open_reader(target);
            live = reader->inspect();
        } else {
            live = engine->inspect_live(target);
        }
    } catch (...) {
        live_error = std::current_exception();
    }
    model::Catalog expected = expected_future.get();
    const ResolvedScope scope = resolve_scope(expected, expected_files, inputs);
    if (live_error) std::rethrow_exception(live_error);
    scope.apply(expected);
    scope.apply(*live);
    timer.mark("load_and_inspect");
    const diff::ChangeSet changes = diff::diff_catalogs(expected, *live);
    timer.mark("diff");

    report::AuditInputs report_inputs{std::string(engine->name()), target.display, inputs.schema, fail_on};
    report_inputs.features = scope.features.features();
    report_inputs.scope = scope.audit_scope();
    if (!scope.features.empty())
        report_inputs.feature_of = [&map = scope.features](const diff::Finding& finding) { return map.feature_of(finding); };
    report_inputs.severity_overrides = settings.severity;
    report::AuditReport report = report::build_audit_report(expected, *live, changes, std::move(report_inputs));
    const int exit_code = report.exit_code();
    std::string text;
    if (format == Format::json) {
        text = report::render_json(report);
    } else if (format == Format::markdown) {
        text = report::render_markdown(gather_markdown_report(*engine, migrator.get(), reader.get(), expected, *live, scope, std::move(report)));
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
    add_schema_flags(*audit, options->flags,
                     "Database to audit: postgres://USER@HOST/DB (or a libpq keyword string), sqlite:PATH, "
                     "sqlite:///abs/path or a file path (default: dbaudit.toml, else $DATABASE_URL, else the PG* "
                     "variables). Only read, in one read-only transaction.");
    audit->add_option("--dev-url", options->dev_url,
                      "PostgreSQL: a server where dbaudit creates (and drops) a temporary database to load the "
                      "expected schema into (default: dev_url in dbaudit.toml, else a throwaway local cluster dbaudit "
                      "starts itself)");
    add_choice(*audit, "--format", options->format, format_choices(),
               "Report format: text (default), json, or markdown (a document for a ticket: summary, fix SQL, "
               "verification queries, diagram; see docs/markdown-report.md)");
    audit->add_option("--output,-o", options->output, "Write the report to FILE instead of stdout");
    add_no_cache_flag(*audit, options->no_cache);
    add_fail_on_option(*audit, options->fail_on);
    add_color_option(*audit, options->color);
    audit->callback([&action, options, audit] {
        options->format_given = audit->count("--format") > 0;
        options->fail_on_given = audit->count("--fail-on") > 0;
        action = [options] { return run_audit(*options); };
    });
}

}  // namespace dbaudit::cli
