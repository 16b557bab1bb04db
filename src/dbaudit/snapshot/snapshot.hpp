// A model::Catalog as a versioned JSON document (docs/snapshot.md): written by `inspect --format
// json`, read by `diff` and `audit --schema`, and used for the expected-model cache. Reading a
// snapshot gives back exactly the catalog that was written, every field of every kind.
#pragma once

#include <string>
#include <string_view>

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::snapshot {

inline constexpr std::string_view k_format_name = "dbaudit-snapshot";
inline constexpr int k_format_version = 1;

// The catalog as pretty-printed JSON (two-space indent, keys in a fixed order, fields left out
// when they hold their default value), ending with a newline.
std::string write_snapshot(const model::Catalog& catalog);

// Parses a snapshot. Throws util::InputError with one line naming `source` and where the problem
// is: "FILE:LINE:COL: invalid JSON: ..." or "FILE: $.tables[3].columns[0].type: expected a string".
model::Catalog read_snapshot(std::string_view text, const std::string& source);

// True when `text` is a JSON object that declares itself a dbaudit snapshot: cheap, reads only
// the start of the text (a snapshot writes "format" first).
bool looks_like_snapshot(std::string_view text);

}  // namespace dbaudit::snapshot
