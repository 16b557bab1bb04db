// Gathers what the Markdown report shows beyond the audit itself, through the engine's
// interfaces only: row counts of legacy tables and the fix (its Migrator and LiveReader, read-only),
// verification queries (Engine::verification_queries) and the diagram of the expected schema.
#pragma once

#include "dbaudit/cli/schema_inputs.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/report/markdown_report.hpp"

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::cli {

// `expected` and `live` are already cut to `scope`. `live` is what the audit read through `reader`,
// a read-only snapshot of `migrator` (both null when the engine cannot plan): the fix is planned
// against it, so the report reads the live catalog once.
report::MarkdownReport gather_markdown_report(engine::Engine& engine, const engine::Migrator* migrator, engine::LiveReader* reader,
                                              const model::Catalog& expected, const model::Catalog& live,
                                              const ResolvedScope& scope, report::AuditReport audit);

}  // namespace dbaudit::cli
