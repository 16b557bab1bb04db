// `dbaudit check-code`: find the SQL in application code and let the engine check every statement
// against the live database, the expected schema, or both; report stale imports and which code
// uses which table.
#include <CLI/CLI.hpp>

#include <future>
#include <memory>

#include "dbaudit/cli/choice_option.hpp"
#include "dbaudit/cli/command.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/cli/schema_inputs.hpp"
#include "dbaudit/config/config_file.hpp"
#include "dbaudit/code_check/code_check_report.hpp"
#include "dbaudit/code_check/extractor.hpp"
#include "dbaudit/code_check/source_walker.hpp"
#include "dbaudit/code_check/stale_imports.hpp"
#include "dbaudit/code_check/validator.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/statement_checker.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/report/code_check_json.hpp"
#include "dbaudit/report/code_check_text.hpp"
#include "dbaudit/report/sarif.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"

namespace dbaudit::cli {

namespace {

enum class Format { text, json, sarif };

struct CheckCodeOptions {
    std::vector<std::string> paths;
    std::string db;
    std::vector<std::string> schema;
    std::string dev_url;
    std::string config;
    code_check::Against against = code_check::Against::live;
    Format format = Format::text;
    std::string output;
    diff::Severity fail_on = diff::Severity::medium;
    std::vector<std::string> excludes;
    unsigned jobs = 0;
    ColorChoice color = ColorChoice::auto_detect;
};

// --db, --schema and --dev-url default to what dbaudit.toml says.
CheckCodeOptions with_config(CheckCodeOptions options) {
    const config::Settings settings = config::load_settings(options.config);
    if (options.db.empty()) options.db = configured_database_url(settings);
    if (options.schema.empty()) options.schema = settings.schema;
    if (options.dev_url.empty() && settings.dev_url) options.dev_url = *settings.dev_url;
    return options;
}

int run_check_code(const CheckCodeOptions& given) {
    util::PhaseTimer timer;
    const CheckCodeOptions options = with_config(given);
    const bool check_live = options.against != code_check::Against::expected;
    const bool check_expected = options.against != code_check::Against::live;
    if (check_expected && options.schema.empty())
        throw util::InputError(std::string("--against ") + code_check::to_string(options.against) + " needs --schema",
                               "name the expected schema: --schema schema/ (a .sql file or a folder of them)");

    // Input errors first: the schema files, the source paths, the database URL.
    std::optional<engine::Target> target;
    if (check_live) target = engine::parse_target(database_url(options.db));
    // --against expected needs no live database: --db (or --dev-url) still says which engine.
    const std::string engine_name = target              ? target->engine
                                    : !options.db.empty() ? engine::parse_target(options.db).engine
                                    : !options.dev_url.empty() ? "postgresql"
                                                              : "sqlite";
    auto engine = engine::make_engine(engine_name, {options.dev_url});
    const std::vector<engine::SchemaFile> files = check_expected ? engine::read_schema_files(options.schema)
                                                                 : std::vector<engine::SchemaFile>{};
    std::vector<code_check::SourceFile> sources;
    const std::vector<std::string> paths = options.paths.empty() ? std::vector<std::string>{"."} : options.paths;
    code_check::WalkOptions walk{options.excludes, check_expected ? options.schema : std::vector<std::string>{}};
    for (const std::string& path : paths) {
        code_check::SourceListing listing = code_check::list_source_files(path, walk);
        std::move(listing.files.begin(), listing.files.end(), std::back_inserter(sources));
    }
    timer.mark("list");

    // The expected side first (a bad schema file is bad input, exit 2), then the live database
    // (exit 3 when it cannot be opened). Both open while the source is read. The expected side
    // opens on this thread: a PostgreSQL shadow cluster dbaudit starts lives as long as the
    // thread that started it.
    std::unique_ptr<engine::StatementChecker> expected_checker;
    std::unique_ptr<engine::StatementChecker> live_checker;
    auto open_live = std::async(std::launch::async, [&] {
        if (check_live) live_checker = engine->open_statement_checker({&*target, nullptr});
    });
    std::exception_ptr expected_error;
    try {
        if (check_expected) expected_checker = engine->open_statement_checker({nullptr, &files});
    } catch (...) {
        expected_error = std::current_exception();
    }
    std::exception_ptr live_error;
    try {
        open_live.get();
    } catch (...) {
        live_error = std::current_exception();
    }
    if (expected_error) std::rethrow_exception(expected_error);
    if (live_error) std::rethrow_exception(live_error);
    timer.mark("open");

    const engine::StatementChecker& style_source = live_checker ? *live_checker : *expected_checker;
    const code_check::Extraction extraction =
        code_check::extract_statements(sources, {style_source.parameter_style(), options.jobs});
    timer.mark("extract");
    const code_check::Validation validation = code_check::validate(extraction.statements, live_checker.get(), expected_checker.get());
    timer.mark("validate");
    const std::vector<code_check::StaleImport> stale = code_check::find_stale_imports(sources, extraction.imports);
    timer.mark("imports");

    code_check::CodeCheckInputs inputs;
    inputs.engine = std::string(engine->name());
    if (target) inputs.target = target->display;
    if (check_expected) inputs.schema = options.schema;
    inputs.paths = paths;
    inputs.against = options.against;
    inputs.fail_on = options.fail_on;
    const code_check::CodeCheckReport report =
        code_check::build_code_check_report(extraction, validation, stale, live_checker ? &live_checker->catalog() : nullptr,
                                            expected_checker ? &expected_checker->catalog() : nullptr, std::move(inputs));
    std::string text;
    switch (options.format) {
        case Format::json: text = report::render_code_check_json(report); break;
        case Format::sarif: text = report::render_sarif(report); break;
        case Format::text:
            text = report::render_code_check_text(
                report, use_color(options.color, options.output) ? report::Color::always : report::Color::never);
            break;
    }
    timer.mark("report");
    write_output(text, options.output);
    return report.exit_code();
}

}  // namespace

void add_check_code_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<CheckCodeOptions>();
    CLI::App* command = app.add_subcommand(
        "check-code", "Check every SQL statement in the application code against the live database and/or the expected schema");
    command->footer(
        "Statements are prepared by the engine, never executed. --against both classifies each one: ok, fails in both\n"
        "(a code bug), fails only live (the database lags the code), fails only expected (the schema files lag).\n"
        "Exit codes: 0 nothing at or above --fail-on, 1 failing statements or stale imports, 2 bad input,\n"
        "3 cannot open or read the database.\n"
        "Example: dbaudit check-code src/ --db sqlite:bot.db --schema schema/ --against both --format sarif -o dbaudit.sarif");
    command->add_option("paths", options->paths,
                        "Source folders or files to read (default: .). Inside a git work tree the files git lists; "
                        "otherwise a walk that skips .git, node_modules, virtualenvs and build folders");
    command->add_option("--db", options->db,
                        "Live database: postgres://USER@HOST/DB, sqlite:PATH, sqlite:///abs/path or a file path (default: "
                        "$DATABASE_URL). Read-only: statements are prepared, never executed. With --against expected it "
                        "only names the engine");
    command->add_option("--dev-url", options->dev_url,
                        "PostgreSQL: a server where dbaudit may create and drop a temporary database for the expected "
                        "schema (default: a throwaway local cluster dbaudit starts itself)");
    command->add_option("--config", options->config,
                        "Read --db, --schema and --dev-url defaults from this file instead of the nearest dbaudit.toml");
    command->add_option("--schema", options->schema,
                        "Expected schema: a .sql file or a folder of *.sql files (repeatable); needed by --against expected|both, "
                        "and never read as application code")
        ->check(CLI::ExistingPath);
    add_choice(*command, "--against", options->against,
               {{"live", code_check::Against::live}, {"expected", code_check::Against::expected}, {"both", code_check::Against::both}},
               "Check against the live database (default), the expected schema, or both");
    add_choice(*command, "--format", options->format, {{"text", Format::text}, {"json", Format::json}, {"sarif", Format::sarif}},
               "Report format: text (default), json, or sarif (SARIF 2.1.0 for code-scanning UIs)");
    command->add_option("--output,-o", options->output, "Write the report to FILE instead of stdout");
    add_choice(*command, "--fail-on", options->fail_on,
               {{"critical", diff::Severity::critical},
                {"high", diff::Severity::high},
                {"medium", diff::Severity::medium},
                {"low", diff::Severity::low},
                {"info", diff::Severity::info}},
               "Exit 1 when a finding has this severity or higher (default medium). Failing statements are high, "
               "except 'fails only expected' (medium); stale imports are high");
    command->add_option("--exclude", options->excludes,
                        "Skip paths matching GLOB (repeatable; matched against the path, its folders and its file name)");
    command->add_option("--jobs,-j", options->jobs, "Threads reading source files (default: one per core)")->check(CLI::Range(1, 64));
    add_choice(*command, "--color", options->color,
               {{"auto", ColorChoice::auto_detect}, {"always", ColorChoice::always}, {"never", ColorChoice::never}},
               "Colour in text output: auto (default: only on a terminal), always, never");
    command->callback([&action, options] { action = [options] { return run_check_code(*options); }; });
}

}  // namespace dbaudit::cli
