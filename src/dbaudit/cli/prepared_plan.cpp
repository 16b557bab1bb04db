#include "dbaudit/cli/prepared_plan.hpp"

#include "dbaudit/cli/expected_schema.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/plan/fingerprint.hpp"
#include "dbaudit/plan/planner.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"

namespace dbaudit::cli {

namespace {

PreparedPlan start_plan(const engine::Target& target) {
    PreparedPlan prepared;
    prepared.target = target;
    prepared.engine = engine::make_engine(prepared.target.engine);
    prepared.migrator = prepared.engine->make_migrator();
    if (!prepared.migrator)
        throw util::InputError("plan and apply are not supported for " + std::string(prepared.engine->name()) + " databases yet");
    return prepared;
}

// Inspects the live database through the migrator and plans from it to `prepared.expected`.
void plan_from_live(PreparedPlan& prepared, const std::vector<std::string>& schema, bool allow_destructive, bool recover,
                    util::PhaseTimer& timer) {
    if (recover) prepared.migrator->recover(prepared.target);
    const auto reader = prepared.migrator->open_reader(prepared.target);
    prepared.live = reader->inspect();
    timer.mark("inspect");
    prepared.plan = plan::make_plan(prepared.expected, prepared.live, *reader, prepared.migrator->dialect(), {allow_destructive});
    timer.mark("plan");
    prepared.header.engine = std::string(prepared.engine->name());
    prepared.header.target = prepared.target.display;
    prepared.header.schema = schema;
    prepared.header.allow_destructive = allow_destructive;
    prepared.header.live = plan::fingerprint_live(prepared.live);
    prepared.header.expected_fingerprint = plan::fingerprint_expected(prepared.expected);
    timer.mark("fingerprint");
}

}  // namespace

std::string PreparedPlan::script() const { return plan::render_plan_script(plan, migrator->dialect(), header); }

PreparedPlan prepare_plan(const std::string& db_flag, const std::vector<std::string>& schema, bool allow_destructive,
                          bool recover, const cache::CacheOptions& cache) {
    util::PhaseTimer timer;
    PreparedPlan prepared = start_plan(engine::parse_target(database_url(db_flag)));
    prepared.expected = ExpectedSchema::read(*prepared.engine, schema).load(cache);
    timer.mark("load_expected");
    plan_from_live(prepared, schema, allow_destructive, recover, timer);
    return prepared;
}

PreparedPlan prepare_plan_to(const engine::Target& target, model::Catalog expected, const std::vector<std::string>& schema,
                             bool allow_destructive) {
    util::PhaseTimer timer;
    PreparedPlan prepared = start_plan(target);
    prepared.expected = std::move(expected);
    plan_from_live(prepared, schema, allow_destructive, /*recover=*/false, timer);
    return prepared;
}

}  // namespace dbaudit::cli
