// The expected-model cache: the model an engine made of a set of schema files (SQLite in memory,
// PostgreSQL through a shadow database), kept in binary form under $XDG_CACHE_HOME/dbaudit so the
// next audit of unchanged files skips the load. See docs/cache.md.
#pragma once

#include <string>
#include <vector>

#include "dbaudit/engine/engine.hpp"

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::cache {

// Bumped whenever what a cache entry means changes (its layout, or what load_expected puts in the
// model), so older entries are never read.
inline constexpr int k_cache_format_version = 1;

struct CacheOptions {
    bool enabled = true;    // --no-cache turns it off
    std::string directory;  // empty = default_cache_directory()
};

// $XDG_CACHE_HOME/dbaudit when XDG_CACHE_HOME is an absolute path, else $HOME/.cache/dbaudit;
// empty when neither is set (no cache then).
std::string default_cache_directory();

// What an entry is valid for, one fact a line: the cache format, dbaudit's own build, the engine
// and its version, and every file's path, size and content hash. Empty when the engine says its
// models must not be cached.
std::string cache_key(engine::Engine& engine, const std::vector<engine::SchemaFile>& files);

// engine.load_expected(files), or the model a previous call stored for exactly these files and
// this engine version. Reading or writing the cache never fails the command: a corrupt entry is
// loaded again and rewritten, an unwritable directory is skipped (DBAUDIT_TIMINGS says why).
// With DBAUDIT_TIMINGS set, prints "dbaudit: timing: cache: ... hit=0|1".
model::Catalog load_expected_cached(engine::Engine& engine, const std::vector<engine::SchemaFile>& files,
                                    const CacheOptions& options = {});

}  // namespace dbaudit::cache
