#include "dbaudit/cli/prepared_plan.hpp"

#include "dbaudit/cli/output.hpp"
#include "dbaudit/plan/fingerprint.hpp"
#include "dbaudit/plan/planner.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"

namespace dbaudit::cli {

std::string PreparedPlan::script() const { return plan::render_plan_script(plan, migrator->dialect(), header); }

PreparedPlan prepare_plan(const SchemaInputs& inputs, bool allow_destructive, bool recover) {
    util::PhaseTimer timer;
    PreparedPlan prepared;
    prepared.target = engine::parse_target(inputs.db_url);
    prepared.engine = engine::make_engine(prepared.target.engine);
    prepared.migrator = prepared.engine->make_migrator();
    if (!prepared.migrator)
        throw util::InputError("plan and apply are not supported for " + std::string(prepared.engine->name()) + " databases yet");
    const ExpectedFiles files = read_expected_files(inputs);
    prepared.expected = prepared.engine->load_expected(files.files);
    prepared.scope = resolve_scope(prepared.expected, files, inputs);
    prepared.scope.apply(prepared.expected);
    timer.mark("load_expected");
    if (recover) prepared.migrator->recover(prepared.target);
    const auto reader = prepared.migrator->open_reader(prepared.target);
    prepared.live = reader->inspect();
    timer.mark("inspect");
    model::Catalog live_in_scope = prepared.live;
    prepared.scope.apply(live_in_scope);
    ScopedLiveReader scoped_reader(*reader, prepared.scope);
    prepared.plan = plan::make_plan(prepared.expected, live_in_scope, scoped_reader, prepared.migrator->dialect(), {allow_destructive});
    timer.mark("plan");
    prepared.header.engine = std::string(prepared.engine->name());
    prepared.header.target = prepared.target.display;
    prepared.header.schema = inputs.schema;
    prepared.header.allow_destructive = allow_destructive;
    prepared.header.scope_notes = prepared.scope.notes();
    prepared.header.live = plan::fingerprint_live(prepared.live);
    prepared.header.expected_fingerprint = plan::fingerprint_expected(prepared.expected);
    timer.mark("fingerprint");
    return prepared;
}

}  // namespace dbaudit::cli
