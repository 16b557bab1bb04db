#include "dbaudit/cli/prepared_plan.hpp"

#include <exception>
#include <future>

#include "dbaudit/cli/expected_schema.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/plan/fingerprint.hpp"
#include "dbaudit/plan/plan_json.hpp"
#include "dbaudit/engine/in_place_dialect.hpp"
#include "dbaudit/plan/planner.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"

namespace dbaudit::cli {

std::string PreparedPlan::script() const { return plan::render_plan_script(plan, migrator->dialect(), header); }

std::string PreparedPlan::json() const { return plan::render_plan_json(plan, header); }

PreparedPlan prepare_plan(const std::string& db_flag, const std::vector<std::string>& schema, bool allow_destructive,
                          bool recover, const cache::CacheOptions& cache) {
    PlanRequest request;
    request.db_flag = db_flag;
    request.schema = schema;
    request.options.allow_destructive = allow_destructive;
    request.recover = recover;
    request.cache = cache;
    return prepare_plan(request);
}

PreparedPlan prepare_plan(const PlanRequest& request) {
    util::PhaseTimer timer;
    PreparedPlan prepared;
    prepared.target = engine::parse_target(database_url(request.db_flag));
    prepared.engine = engine::make_engine(prepared.target.engine, {request.dev_url});
    prepared.migrator = prepared.engine->make_migrator();
    if (!prepared.migrator)
        throw util::InputError("plan and apply are not supported for " + std::string(prepared.engine->name()) + " databases yet");
    // Schema files or a snapshot; syntax errors (exit 2) before any connection.
    std::optional<ExpectedSchema> schema;
    if (!request.expected) schema = ExpectedSchema::read(*prepared.engine, request.schema);
    if (request.recover) prepared.migrator->recover(prepared.target);
    // Both sides are read-only and use their own connections: the live catalog is read while the
    // expected schema loads. An error in the schema still wins (exit 2).
    std::unique_ptr<engine::LiveReader> reader;
    auto live_future = std::async(std::launch::async, [&] {
        reader = prepared.migrator->open_reader(prepared.target);
        return reader->inspect();
    });
    std::exception_ptr expected_error;
    try {
        prepared.expected = schema ? schema->load(request.cache) : *request.expected;
    } catch (...) {
        expected_error = std::current_exception();
    }
    std::exception_ptr live_error;
    try {
        prepared.live = live_future.get();
    } catch (...) {
        live_error = std::current_exception();
    }
    if (expected_error) std::rethrow_exception(expected_error);
    if (live_error) std::rethrow_exception(live_error);
    timer.mark("load_and_inspect");
    prepared.plan = plan::make_plan(prepared.expected, prepared.live, *reader, prepared.migrator->dialect(), request.options);
    timer.mark("plan");
    prepared.header.engine = std::string(prepared.engine->name());
    prepared.header.target = prepared.target.display;
    prepared.header.schema = request.schema;
    prepared.header.allow_destructive = request.options.allow_destructive;
    if (const engine::InPlaceDialect* in_place = prepared.migrator->dialect().in_place())
        prepared.header.session_settings = in_place->session_settings(request.options.lock_timeout_ms, request.options.statement_timeout_ms);
    prepared.header.live = plan::fingerprint_live(prepared.live);
    prepared.header.expected_fingerprint = plan::fingerprint_expected(prepared.expected);
    timer.mark("fingerprint");
    return prepared;
}

}  // namespace dbaudit::cli
