// From source files to SQL statements: scan each file with its language's scanner, keep the
// literals that are SQL, split them into statements, and either normalise their placeholders for
// the engine or mark them dynamic. Files are read on a few threads; results keep file order.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/code_check/language.hpp"
#include "dbaudit/code_check/offset_map.hpp"
#include "dbaudit/code_check/scanned_literal.hpp"
#include "dbaudit/code_check/source_walker.hpp"
#include "dbaudit/engine/statement_checker.hpp"
#include "dbaudit/util/source_location.hpp"

namespace dbaudit::code_check {

struct ExtractedStatement {
    std::size_t file = 0;           // index into the file list
    util::SourceLocation location;  // the statement's first keyword in the source
    std::string keyword;            // SELECT, INSERT, ...
    std::string excerpt;            // one line, as written (interpolations as the code spells them)
    std::string sql;                // checkable: what the engine prepares; dynamic: as written
    std::string dynamic_reason;     // not empty: not checked, and why
    OffsetMap to_file;              // checkable: offset in `sql` -> byte offset in the file
    std::size_t span_offset = 0;    // byte offset of `location` in the file
    std::string span;               // checkable: the source text the statement covers, from `location` on

    bool is_dynamic() const { return !dynamic_reason.empty(); }
    // Where byte `sql_offset` of `sql` is in the source file.
    util::SourceLocation location_of(std::size_t sql_offset) const;
};

struct ExtractedImport {
    std::size_t file = 0;
    util::SourceLocation location;
    ImportReference reference;
};

struct Extraction {
    std::vector<ExtractedStatement> statements;  // in file order, then source order
    std::vector<ExtractedImport> imports;
    std::size_t files_read = 0;
    std::size_t bytes_read = 0;
    std::size_t files_skipped = 0;  // binary, unreadable or too large
};

struct ExtractOptions {
    engine::ParameterStyle style = engine::ParameterStyle::sqlite;
    unsigned jobs = 0;  // threads; 0 = one per core (at most 8)
};

// Extracts from every file; `files[i].path` names the file in locations, `file` indexes `files`.
Extraction extract_statements(const std::vector<SourceFile>& files, const ExtractOptions& options);

// Extracts from one text already in memory (tests, benchmarks), appending to `out`.
void extract_from_text(std::string_view text, Language language, std::size_t file, const std::string& path,
                       engine::ParameterStyle style, Extraction& out);

}  // namespace dbaudit::code_check
