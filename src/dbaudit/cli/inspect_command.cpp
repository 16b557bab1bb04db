// `dbaudit inspect`: the live schema as SQL that recreates it, or as a JSON snapshot.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "dbaudit/cli/choice_option.hpp"
#include "dbaudit/cli/command.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/snapshot/snapshot.hpp"

namespace dbaudit::cli {

namespace {

enum class Format { sql, json };

struct InspectOptions {
    std::string db;
    Format format = Format::sql;
    std::string output;
};

int run_inspect(const InspectOptions& options) {
    const engine::Target target = engine::parse_target(database_url(options.db));
    auto engine = engine::make_engine(target.engine);
    const model::Catalog catalog = engine->inspect_live(target);
    if (options.format == Format::sql && !catalog.unsupported.empty()) {
        // Seen but not modelled (collations, aggregates ...): the SQL cannot recreate them; say so.
        std::string names;
        for (const auto& object : catalog.unsupported) names += (names.empty() ? "" : ", ") + object.qualified_name();
        std::fprintf(stderr, "dbaudit: note: %zu objects dbaudit does not model are not in the SQL: %s\n", catalog.unsupported.size(),
                     names.c_str());
    }
    write_output(options.format == Format::json ? snapshot::write_snapshot(catalog) : engine->render_schema_sql(catalog),
                 options.output);
    return 0;
}

}  // namespace

void add_inspect_command(CLI::App& app, Action& action) {
    auto options = std::make_shared<InspectOptions>();
    CLI::App* inspect = app.add_subcommand("inspect", "Print a live database's schema as SQL or as a JSON snapshot");
    inspect->footer(
        "--format sql (default) prints statements that recreate the schema in an empty database of the same\n"
        "engine: tables (parents first), indexes, views (after the views they read), triggers. --format json\n"
        "prints a versioned snapshot (docs/snapshot.md) that 'dbaudit diff' and 'audit --schema' read.\n"
        "The database is only read.\n"
        "Exit codes: 0 written, 2 bad input, 3 cannot open, connect to or read the database.\n"
        "Example: dbaudit inspect --db postgres://app@staging/app --format json --output staging.json");
    inspect->add_option("--db", options->db,
                        "Database: postgres://USER@HOST/DB (or a libpq keyword string), sqlite:PATH or a file path "
                        "(default: $DATABASE_URL, else the PG* variables)");
    add_choice(*inspect, "--format", options->format, {{"sql", Format::sql}, {"json", Format::json}},
               "Output: sql (default) or json (a snapshot)");
    inspect->add_option("--output,-o", options->output, "Write to FILE instead of stdout");
    inspect->callback([&action, options] { action = [options] { return run_inspect(*options); }; });
}

}  // namespace dbaudit::cli
