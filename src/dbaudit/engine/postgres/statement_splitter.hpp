// Splits PostgreSQL DDL files into statements with libpg_query (PostgreSQL's own parser, no
// server needed): syntax errors are reported as file:line:col before any connection is made.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/engine/engine.hpp"

namespace dbaudit::engine::postgres {

// How a statement must be run when loading a schema.
enum class StatementRun {
    batch,                 // with its neighbours, in one transaction
    alone,                 // cannot run inside a transaction block (CREATE INDEX CONCURRENTLY ...)
    ends_batch,            // commit after it (ALTER TYPE ... ADD VALUE: the value is usable only then)
};

struct SqlStatement {
    const SchemaFile* file = nullptr;
    std::size_t begin = 0;  // byte offset of the first significant character in file->text
    std::size_t end = 0;    // byte offset one past the statement (without its ';')
    StatementRun run = StatementRun::batch;
    std::string extension;  // CREATE EXTENSION: the extension's name

    std::string_view text() const { return std::string_view(file->text).substr(begin, end - begin); }
};

struct SplitSchema {
    std::vector<SqlStatement> statements;  // in file order, files in the order given
    std::vector<std::string> roles_used;   // roles named by GRANT, POLICY, OWNER TO ... (sorted)
    std::vector<std::string> roles_created;  // roles the schema creates itself (sorted)
};

// Throws util::InputError "file:line:col: syntax error at or near ..." for the first syntax
// error. `files` must outlive the result.
SplitSchema split_schema(const std::vector<SchemaFile>& files);

// The first `count` words of a statement, comments skipped: keywords and unquoted names
// upper-cased, a quoted identifier as written after a leading '"', punctuation one character each.
std::vector<std::string> leading_words(std::string_view text, std::size_t count);

// The value of a name word from leading_words: unquoted names fold to lower case.
std::string identifier_value(const std::string& word);

// The 0-based byte offset of 1-based character position `position` in UTF-8 `text`.
std::size_t byte_offset_of_character(std::string_view text, int position);

}  // namespace dbaudit::engine::postgres
