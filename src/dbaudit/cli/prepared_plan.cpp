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

PreparedPlan prepare_plan(const SchemaInputs& inputs, const PlanRequest& request) {
    util::PhaseTimer timer;
    PreparedPlan prepared;
    prepared.target = engine::parse_target(inputs.db_url);
    const std::string dev_url = request.dev_url.empty() ? inputs.settings.dev_url.value_or("") : request.dev_url;
    prepared.engine = engine::make_engine(prepared.target.engine, {dev_url});
    prepared.migrator = prepared.engine->make_migrator();
    if (!prepared.migrator)
        throw util::InputError("plan and apply are not supported for " + std::string(prepared.engine->name()) + " databases yet");
    // Schema files or a snapshot; syntax errors (exit 2) before any connection.
    ExpectedFiles files;
    std::optional<ExpectedSchema> schema;
    if (!request.expected) {
        files = read_expected_files(inputs);
        schema = ExpectedSchema::read(*prepared.engine, inputs.schema);
    }
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
    prepared.scope = resolve_scope(prepared.expected, files, inputs);
    prepared.scope.apply(prepared.expected);
    model::Catalog live_in_scope = prepared.live;
    prepared.scope.apply(live_in_scope);
    ScopedLiveReader scoped_reader(*reader, prepared.scope);
    prepared.plan = plan::make_plan(prepared.expected, live_in_scope, scoped_reader, prepared.migrator->dialect(), request.options);
    timer.mark("plan");
    prepared.header.engine = std::string(prepared.engine->name());
    prepared.header.target = prepared.target.display;
    prepared.header.schema = inputs.schema;
    prepared.header.allow_destructive = request.options.allow_destructive;
    prepared.header.scope_notes = prepared.scope.notes();
    if (const engine::InPlaceDialect* in_place = prepared.migrator->dialect().in_place())
        prepared.header.session_settings = in_place->session_settings(request.options.lock_timeout_ms, request.options.statement_timeout_ms);
    prepared.header.live = plan::fingerprint_live(prepared.live);
    prepared.header.expected_fingerprint = plan::fingerprint_expected(prepared.expected);
    timer.mark("fingerprint");
    return prepared;
}

}  // namespace dbaudit::cli
