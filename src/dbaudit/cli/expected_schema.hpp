// What --schema names: schema files the engine loads (through the expected-model cache), or one
// JSON snapshot (docs/snapshot.md), which needs no load at all. Shared by audit, plan, apply, diff.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dbaudit/cache/expected_model_cache.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/model/catalog.hpp"

namespace CLI {
class App;
}

namespace dbaudit::cli {

// --no-cache: load the expected schema files without the expected-model cache.
void add_no_cache_flag(CLI::App& command, bool& no_cache);

// True when `path` is a file holding a dbaudit snapshot (by its content), or names a .json file.
bool is_snapshot_path(const std::string& path);

// Reads the snapshot at `path`; throws util::InputError naming the file and what is wrong.
model::Catalog read_snapshot_file(const std::string& path);

class ExpectedSchema {
public:
    // Reads the files (or the snapshot) and checks what needs no database, so input errors come
    // before any connection. `engine` must outlive the object. Throws util::InputError.
    static ExpectedSchema read(engine::Engine& engine, const std::vector<std::string>& paths);

    // The model: the snapshot as read, or the files loaded by the engine (or from the cache).
    model::Catalog load(const cache::CacheOptions& cache) const;

    bool is_snapshot() const { return m_snapshot.has_value(); }

private:
    engine::Engine* m_engine = nullptr;
    // On the heap: the engine may keep the address prepare_expected saw (PostgreSQL keeps its split).
    std::unique_ptr<std::vector<engine::SchemaFile>> m_files;
    std::optional<model::Catalog> m_snapshot;
};

}  // namespace dbaudit::cli
