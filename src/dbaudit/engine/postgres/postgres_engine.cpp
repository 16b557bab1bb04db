#include "dbaudit/engine/postgres/postgres_engine.hpp"

#include <future>
#include <optional>

#include "dbaudit/engine/postgres/connection.hpp"
#include "dbaudit/engine/postgres/defined_objects.hpp"
#include "dbaudit/engine/postgres/ddl_renderer.hpp"
#include "dbaudit/engine/postgres/conninfo.hpp"
#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/engine/postgres/postgres_migrator.hpp"
#include "dbaudit/engine/postgres/rename_reader.hpp"
#include "dbaudit/engine/postgres/shadow_database.hpp"
#include "dbaudit/engine/postgres/statement_checker.hpp"
#include "dbaudit/engine/postgres/verification_queries.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"
#include "dbaudit/util/subprocess.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

model::Catalog PostgresEngine::inspect_live(const Target& target) {
    util::PhaseTimer timer("live");
    const auto secrets = secrets_of(target.location);
    // The helper connection is opened at the same time; if it cannot be had, one connection does.
    auto helper = std::async(std::launch::async, [&] {
        try {
            return std::optional<Connection>(Connection::open(target.location, target.display, secrets));
        } catch (...) {
            return std::optional<Connection>();
        }
    });
    Connection connection = Connection::open(target.location, target.display, secrets);
    std::optional<Connection> second = helper.get();
    timer.mark("connect");
    InspectStats stats;
    model::Catalog catalog = inspect(connection, &stats, second ? &*second : nullptr);
    timer.mark("inspect");
    timer.count("catalog_queries", stats.catalog_queries);
    timer.count("round_trips", stats.round_trips);
    timer.count("tables", static_cast<long long>(catalog.tables.size()));
    return catalog;
}

void PostgresEngine::prepare_expected(const std::vector<SchemaFile>& files) {
    m_split = split_schema(files);
    m_split_files = &files;
}

model::Catalog PostgresEngine::load_expected(const std::vector<SchemaFile>& files) {
    util::PhaseTimer timer("shadow");
    if (!m_split || m_split_files != &files) prepare_expected(files);
    timer.mark("split");
    auto shadow = open_shadow(m_options.dev_url);
    timer.mark("start");
    const LoadStats stats = load_statements(*shadow, *m_split);
    timer.mark("load");
    model::Catalog catalog;
    {
        Connection connection = shadow->connect();
        Connection helper = shadow->connect();
        catalog = inspect(connection, nullptr, &helper);
    }
    catalog.renames = read_renames(*m_split);
    catalog.sources = defined_objects(*m_split);
    timer.mark("inspect");
    shadow.reset();
    timer.mark("stop");
    timer.count("statements", stats.statements);
    timer.count("round_trips", stats.round_trips);
    return catalog;
}

std::string PostgresEngine::render_schema_sql(const model::Catalog& catalog) const { return render_schema(catalog); }

std::string PostgresEngine::expected_model_identity() {
    try {
        if (!m_options.dev_url.empty()) {
            // The model also holds what the server offers (available extensions): name the server.
            const std::string display = redact_conninfo(m_options.dev_url);
            Connection connection = Connection::open(m_options.dev_url, display, secrets_of(m_options.dev_url));
            return "postgresql " + connection.server_version() + " on " + display;
        }
        const std::string bindir = find_server_bindir();
        if (bindir.empty()) return {};
        const auto version = util::run_process({bindir + "/postgres", "--version"});
        if (!version || version->exit_code != 0) return {};
        return std::string(util::trim(version->out)) + " from " + bindir;
    } catch (const util::Error&) {
        return {};  // the load itself will report why the shadow cannot be had
    }
}

std::unique_ptr<StatementChecker> PostgresEngine::open_statement_checker(const CheckAgainst& against) {
    if (against.live) return PostgresStatementChecker::open_live(*against.live);
    if (against.expected) return PostgresStatementChecker::open_expected(*against.expected, m_options.dev_url);
    throw util::InputError("nothing to check statements against");
}

std::unique_ptr<Migrator> PostgresEngine::make_migrator() { return std::make_unique<PostgresMigrator>(); }

std::vector<VerificationQuery> PostgresEngine::verification_queries(const VerificationRequest& request) const {
    return postgres::verification_queries(request);
}

}  // namespace dbaudit::engine::postgres
