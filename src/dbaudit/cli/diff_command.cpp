// `dbaudit diff FROM TO`: compare two schemas, each a live database, schema files or a JSON
// snapshot, and report what FROM lacks or has extra compared with TO (as audit reports a live
// database against the expected schema); with --plan, the migration that takes FROM to TO.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <future>
#include <optional>

#include "dbaudit/cli/command.hpp"
#include "dbaudit/cli/expected_schema.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/cli/prepared_plan.hpp"
#include "dbaudit/cli/report_options.hpp"
#include "dbaudit/diff/differ.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/report/audit_report.hpp"
#include "dbaudit/report/json_renderer.hpp"
#include "dbaudit/report/text_renderer.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::cli {

namespace {

enum class Format { text, json };

struct DiffOptions {
    std::string from;
    std::string to;
    std::string engine;  // needed only when both sides are schema files
    std::string dev_url;
    Format format = Format::text;
    std::string output;
    diff::Severity fail_on = diff::Severity::medium;
    ColorChoice color = ColorChoice::auto_detect;
    bool plan = false;
    bool allow_destructive = false;
    bool no_cache = false;
};

// One side of the comparison, as the argument was understood (docs/diff.md has the rules).
struct Side {
    std::string argument;
    std::optional<engine::Target> database;   // a live database
    std::optional<model::Catalog> snapshot;   // a snapshot, read already
    std::string engine;                       // known for databases and snapshots

    bool is_schema_files() const { return !database && !snapshot; }
    std::string display() const { return database ? database->display : argument; }
};

Side classify(const std::string& argument, const char* which) {
    namespace fs = std::filesystem;
    Side side{argument, {}, {}, {}};
    std::error_code ec;
    const fs::path path(argument);
    if (fs::is_directory(path, ec)) return side;
    if (fs::is_regular_file(path, ec)) {
        if (is_snapshot_path(argument)) {
            side.snapshot = read_snapshot_file(argument);
            side.engine = side.snapshot->engine;
        } else if (path.extension() != ".sql") {
            side.database = engine::Target{"sqlite", argument, argument};
            side.engine = "sqlite";
        }
        return side;
    }
    if (path.extension() == ".sql" || path.extension() == ".json")
        throw util::InputError(std::string(which) + " " + argument + " does not exist");
    side.database = engine::parse_target(argument);
    side.engine = side.database->engine;
    return side;
}

std::string engine_of(const Side& from, const Side& to, const std::string& flag) {
    std::string engine = flag;
    for (const Side* side : {&from, &to}) {
        if (side->engine.empty()) continue;
        if (!engine.empty() && engine != side->engine)
            throw util::InputError("cannot compare across engines: " + side->display() + " is " + side->engine + ", but " +
                                   (flag.empty() ? from.display() + " is " : std::string("--engine is ")) + engine);
        engine = side->engine;
    }
    if (engine.empty())
        throw util::InputError("both sides are schema files: dbaudit cannot tell which engine should load them",
                               "pass --engine sqlite or --engine postgresql");
    return engine;
}

// A side's model, read the way its kind is read. Schema files get an engine of their own, so the
// two sides can load at the same time.
class SideLoader {
public:
    SideLoader(const Side& side, const std::string& engine_name, const DiffOptions& options) : m_side(side) {
        if (side.snapshot) return;
        m_engine = engine::make_engine(engine_name, {options.dev_url});
        if (side.is_schema_files()) m_schema = ExpectedSchema::read(*m_engine, {side.argument});
    }

    model::Catalog load(const cache::CacheOptions& cache) {
        if (m_side.snapshot) return *m_side.snapshot;
        if (m_schema) return m_schema->load(cache);
        return m_engine->inspect_live(*m_side.database);
    }

private:
    const Side& m_side;
    std::unique_ptr<engine::Engine> m_engine;
    std::optional<ExpectedSchema> m_schema;
};

int run_diff(const DiffOptions& options) {
    // Everything that can be wrong with the arguments is found before any database is opened.
    const Side from = classify(options.from, "FROM");
    const Side to = classify(options.to, "TO");
    const std::string engine_name = engine_of(from, to, options.engine);
    if (options.plan && !from.database)
        throw util::InputError("--plan needs FROM to be a database: a plan is computed against the data it will change",
                               "run 'dbaudit diff DATABASE " + options.to + " --plan', or compare without --plan");
    SideLoader from_loader(from, engine_name, options);
    SideLoader to_loader(to, engine_name, options);
    const cache::CacheOptions cache{!options.no_cache};

    if (options.plan) {
        SchemaInputs inputs;
        inputs.db_url = database_url(from.argument);
        inputs.schema = {to.display()};
        PlanRequest request;
        request.options.allow_destructive = options.allow_destructive;
        request.dev_url = options.dev_url;
        request.expected = to_loader.load(cache);
        const PreparedPlan prepared = prepare_plan(inputs, request);
        write_output(prepared.script(), options.output);
        return 0;
    }

    // Both sides load at once (each on its own connections); an error on the TO side wins, as an
    // error in the expected schema wins in audit.
    auto from_future = std::async(std::launch::async, [&] { return from_loader.load(cache); });
    std::optional<model::Catalog> to_catalog;
    std::exception_ptr to_error;
    try {
        to_catalog = to_loader.load(cache);
    } catch (...) {
        to_error = std::current_exception();
    }
    std::optional<model::Catalog> from_catalog;
    try {
        from_catalog = from_future.get();
    } catch (...) {
        if (!to_error) throw;
    }
    if (to_error) std::rethrow_exception(to_error);

    const diff::ChangeSet changes = diff::diff_catalogs(*to_catalog, *from_catalog);
    report::AuditInputs inputs{engine_name, from.display(), {to.display()}, options.fail_on};
    inputs.command = "diff";
    const report::AuditReport report = report::build_audit_report(*to_catalog, *from_catalog, changes, std::move(inputs));
    const std::string text =
        options.format == Format::json
            ? report::render_json(report)
            : report::render_text(report, use_color(options.color, options.output) ? report::Color::always : report::Color::never);
    write_output(text, options.output);
    return report.exit_code();
}

}  // namespace

void add_diff_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<DiffOptions>();
    CLI::App* command = app.add_subcommand("diff", "Compare two schemas: databases, schema files or JSON snapshots");
    command->footer(
        "FROM and TO are each a database (postgres://..., sqlite:PATH, or a SQLite file), a .sql file or a\n"
        "directory of them, or a JSON snapshot from 'dbaudit inspect --format json'. The report says what\n"
        "FROM lacks or has extra compared with TO, as audit reports a database against its schema.\n"
        "--plan prints the migration from FROM (which must then be a database) to TO instead.\n"
        "Exit codes: 0 no difference at or above --fail-on (or plan written), 1 differences, 2 bad input,\n"
        "3 cannot open, connect to or read a database.\n"
        "Example: dbaudit diff postgres://app@prod/app staging.json\n"
        "         dbaudit diff sqlite:bot.db schema/ --plan --output migrate.sql");
    command->add_option("FROM", options->from, "The schema as it is: database, schema files or snapshot")->required();
    command->add_option("TO", options->to, "The schema as it should be: database, schema files or snapshot")->required();
    add_choice(*command, "--engine", options->engine, {{"sqlite", std::string("sqlite")}, {"postgresql", std::string("postgresql")}},
               "Engine that loads schema files when neither side is a database or snapshot: sqlite or postgresql");
    command->add_option("--dev-url", options->dev_url,
                        "PostgreSQL: a server where dbaudit creates (and drops) temporary databases to load schema files "
                        "into (default: a throwaway local cluster dbaudit starts itself)");
    add_choice(*command, "--format", options->format, {{"text", Format::text}, {"json", Format::json}},
               "Report format: text (default) or json");
    command->add_option("--output,-o", options->output, "Write the report (or the plan) to FILE instead of stdout");
    add_fail_on_option(*command, options->fail_on);
    add_color_option(*command, options->color);
    command->add_flag("--plan", options->plan, "Print the migration from FROM (a database) to TO instead of the findings");
    command->add_flag("--allow-destructive", options->allow_destructive,
                      "With --plan: include destructive steps (drop table/column, value-converting type changes, suspected "
                      "renames)");
    add_no_cache_flag(*command, options->no_cache);
    command->callback([&action, options] { action = [options] { return run_diff(*options); }; });
}

}  // namespace dbaudit::cli
