// Gathers what the Markdown report shows beyond the audit itself, through the engine's
// interfaces only: row counts of legacy tables and the fix (its Migrator and LiveReader, read-only),
// verification queries (Engine::verification_queries) and the diagram of the expected schema.
#pragma once

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/report/markdown_report.hpp"

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::cli {

report::MarkdownReport gather_markdown_report(engine::Engine& engine, const engine::Target& target, const model::Catalog& expected,
                                              report::AuditReport audit);

}  // namespace dbaudit::cli
