// A model::Catalog as compact bytes, for the expected-model cache only: every field of
// model_fields.hpp in order, without names. Several times faster to read than the JSON snapshot
// at 10,000 tables. Not a stable format: the cache key includes dbaudit's own build, so an entry
// is only ever read by the build that wrote it.
#pragma once

#include <string>
#include <string_view>

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::snapshot {

std::string write_binary_catalog(const model::Catalog& catalog);

// Throws std::runtime_error when the bytes end early or run on (a damaged entry).
model::Catalog read_binary_catalog(std::string_view bytes);

}  // namespace dbaudit::snapshot
