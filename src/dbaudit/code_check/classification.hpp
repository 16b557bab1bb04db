// How a statement fared against the live database and the expected schema, as one class, and the
// severity each class carries.
#pragma once

#include <optional>

#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/statement_checker.hpp"

namespace dbaudit::code_check {

enum class Against { live, expected, both };

enum class Classification {
    ok,                   // prepared everywhere it was checked
    fails_in_both,        // a bug in the code: no schema has what it needs
    fails_only_live,      // the database lags the code (the seed-000 case)
    fails_only_expected,  // the schema files lag the code
    fails_live,           // checked against live only, and failed
    fails_expected,       // checked against expected only, and failed
};

// `live` / `expected`: the outcome on that side, or nothing when it was not checked.
// An already-applied DDL statement counts as passing.
Classification classify(std::optional<engine::CheckStatus> live, std::optional<engine::CheckStatus> expected);

// fails_in_both, fails_only_live, fails_live, fails_expected: high (it breaks where it runs);
// fails_only_expected: medium (it works today; the schema files would break it); ok: info.
diff::Severity severity_of(Classification classification);

const char* to_string(Classification classification);  // "fails_only_live", ...
const char* describe(Classification classification);   // "fails only live: the database lags the code"
const char* to_string(Against against);                // "live", "expected", "both"

}  // namespace dbaudit::code_check
