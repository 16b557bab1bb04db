#include "dbaudit/code_check/classification.hpp"

namespace dbaudit::code_check {

namespace {

bool fails(std::optional<engine::CheckStatus> status) { return status && *status == engine::CheckStatus::failed; }

}  // namespace

Classification classify(std::optional<engine::CheckStatus> live, std::optional<engine::CheckStatus> expected) {
    if (live && expected) {
        if (fails(live) && fails(expected)) return Classification::fails_in_both;
        if (fails(live)) return Classification::fails_only_live;
        if (fails(expected)) return Classification::fails_only_expected;
        return Classification::ok;
    }
    if (fails(live)) return Classification::fails_live;
    if (fails(expected)) return Classification::fails_expected;
    return Classification::ok;
}

diff::Severity severity_of(Classification classification) {
    switch (classification) {
        case Classification::ok: return diff::Severity::info;
        case Classification::fails_only_expected: return diff::Severity::medium;
        case Classification::fails_in_both:
        case Classification::fails_only_live:
        case Classification::fails_live:
        case Classification::fails_expected: return diff::Severity::high;
    }
    return diff::Severity::info;
}

const char* to_string(Classification classification) {
    switch (classification) {
        case Classification::ok: return "ok";
        case Classification::fails_in_both: return "fails_in_both";
        case Classification::fails_only_live: return "fails_only_live";
        case Classification::fails_only_expected: return "fails_only_expected";
        case Classification::fails_live: return "fails_live";
        case Classification::fails_expected: return "fails_expected";
    }
    return "ok";
}

const char* describe(Classification classification) {
    switch (classification) {
        case Classification::ok: return "OK";
        case Classification::fails_in_both: return "Fails in both: a bug in the code";
        case Classification::fails_only_live: return "Fails only live: the database lags the code";
        case Classification::fails_only_expected: return "Fails only expected: the schema files lag the code";
        case Classification::fails_live: return "Fails against the live database";
        case Classification::fails_expected: return "Fails against the expected schema";
    }
    return "OK";
}

const char* to_string(Against against) {
    switch (against) {
        case Against::live: return "live";
        case Against::expected: return "expected";
        case Against::both: return "both";
    }
    return "live";
}

}  // namespace dbaudit::code_check
