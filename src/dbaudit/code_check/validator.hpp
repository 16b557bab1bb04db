// Runs every checkable statement through the engine's checkers (one per side), once per distinct
// SQL text, the two sides on two threads.
#pragma once

#include <optional>
#include <vector>

#include "dbaudit/code_check/extractor.hpp"
#include "dbaudit/engine/statement_checker.hpp"

namespace dbaudit::code_check {

struct Validation {
    // Indexed like the statements; nothing for a dynamic statement or a side not checked.
    std::vector<std::optional<engine::StatementCheck>> live;
    std::vector<std::optional<engine::StatementCheck>> expected;
    std::size_t distinct_statements = 0;  // prepared per side
};

// `live` / `expected` may be null: that side is not checked.
Validation validate(const std::vector<ExtractedStatement>& statements, engine::StatementChecker* live,
                    engine::StatementChecker* expected);

}  // namespace dbaudit::code_check
