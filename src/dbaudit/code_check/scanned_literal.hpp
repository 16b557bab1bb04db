// What a language scanner reports: string literals that may hold SQL (adjacent and `+`-joined
// pieces already joined), and the imports a file makes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "dbaudit/code_check/offset_map.hpp"

namespace dbaudit::code_check {

// The marker a scanner writes into a literal's value where the language interpolates code
// (`${x}`, `{x}` in an f-string, `#{x}`, `$x`).
inline constexpr char k_hole = '\x01';

struct Hole {
    std::size_t source_begin = 0;  // the interpolation as written, `${id}`
    std::size_t source_end = 0;
};

struct ScannedLiteral {
    std::string value;         // decoded text of the joined pieces; one k_hole per interpolation
    OffsetMap to_source;       // value offset -> byte offset in the file
    std::vector<Hole> holes;   // in the order of the k_hole markers
    bool tagged_template = false;   // JS/TS tag`...`: the tag receives ${} as bound parameters
    bool formatted = false;         // Python "..." % x or "...".format(...): text is built at run time
    bool joined_with_code = false;  // concatenated with something that is not a literal
    bool whole_file = false;        // a .sql file: every statement is SQL, no detection needed
};

enum class ImportKind {
    python_absolute,  // import a.b / from a.b import c
    python_relative,  // from .a import b / from .. import c  (module keeps its leading dots)
    js_relative,      // import x from './a' / require('../b') / import('./c')
};

struct ImportReference {
    ImportKind kind = ImportKind::python_absolute;
    std::string module;       // as written: "services.chat_parser", "..util", "./api/client"
    std::size_t offset = 0;   // where the module name starts in the file
    bool optional = false;    // inside try/except ImportError: the code expects it may be missing
};

struct ScanResult {
    std::vector<ScannedLiteral> literals;
    std::vector<ImportReference> imports;
};

}  // namespace dbaudit::code_check
