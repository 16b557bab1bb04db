// Splits a SQLite script into statements without executing it, so each one keeps its exact
// place in the file. Knows that CREATE TRIGGER bodies contain semicolons.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace dbaudit::engine::sqlite {

struct StatementSpan {
    std::size_t begin = 0;  // offset of the statement's first significant token
    std::size_t end = 0;    // offset just past its terminating ';' (or end of text)
    std::size_t trivia_begin = 0;  // offset where the comments and spaces before it begin

    std::string_view text(std::string_view script) const { return script.substr(begin, end - begin); }
    // The comments and blank space written right before the statement.
    std::string_view leading_trivia(std::string_view script) const {
        return script.substr(trivia_begin, begin - trivia_begin);
    }
};

std::vector<StatementSpan> split_statements(std::string_view script);

}  // namespace dbaudit::engine::sqlite
