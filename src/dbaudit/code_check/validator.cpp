#include "dbaudit/code_check/validator.hpp"

#include <exception>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace dbaudit::code_check {

namespace {

std::size_t check_side(const std::vector<ExtractedStatement>& statements, engine::StatementChecker& checker,
                       std::vector<std::optional<engine::StatementCheck>>& results) {
    results.assign(statements.size(), std::nullopt);
    std::unordered_map<std::string_view, std::size_t> first_with_text;  // the same SQL is prepared once
    for (std::size_t i = 0; i < statements.size(); ++i) {
        if (statements[i].is_dynamic()) continue;
        const auto [it, inserted] = first_with_text.try_emplace(statements[i].sql, i);
        results[i] = inserted ? checker.check(statements[i].sql) : results[it->second];
    }
    return first_with_text.size();
}

}  // namespace

Validation validate(const std::vector<ExtractedStatement>& statements, engine::StatementChecker* live,
                    engine::StatementChecker* expected) {
    Validation validation;
    std::exception_ptr expected_error;
    std::thread expected_thread;
    if (expected) {
        expected_thread = std::thread([&] {
            try {
                validation.distinct_statements = check_side(statements, *expected, validation.expected);
            } catch (...) {
                expected_error = std::current_exception();
            }
        });
    }
    std::exception_ptr live_error;
    if (live) {
        try {
            const std::size_t distinct = check_side(statements, *live, validation.live);
            if (!expected) validation.distinct_statements = distinct;
        } catch (...) {
            live_error = std::current_exception();
        }
    }
    if (expected_thread.joinable()) expected_thread.join();
    if (live_error) std::rethrow_exception(live_error);
    if (expected_error) std::rethrow_exception(expected_error);
    if (!live) validation.live.assign(statements.size(), std::nullopt);
    if (!expected) validation.expected.assign(statements.size(), std::nullopt);
    return validation;
}

}  // namespace dbaudit::code_check
