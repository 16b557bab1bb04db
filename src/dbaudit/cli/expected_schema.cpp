#include "dbaudit/cli/expected_schema.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>

#include "dbaudit/snapshot/snapshot.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::cli {

void add_no_cache_flag(CLI::App& command, bool& no_cache) {
    command.add_flag("--no-cache", no_cache,
                     "Load the expected schema files even when the expected-model cache ($XDG_CACHE_HOME/dbaudit) "
                     "holds their model (see docs/cache.md)");
}

bool is_snapshot_path(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return false;
    if (std::filesystem::path(path).extension() == ".json") return true;
    if (std::filesystem::path(path).extension() == ".sql") return false;
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) return false;
    char head[512];
    const std::size_t n = std::fread(head, 1, sizeof head, file);
    std::fclose(file);
    return snapshot::looks_like_snapshot(std::string_view(head, n));
}

model::Catalog read_snapshot_file(const std::string& path) { return snapshot::read_snapshot(util::read_file(path), path); }

ExpectedSchema ExpectedSchema::read(engine::Engine& engine, const std::vector<std::string>& paths) {
    ExpectedSchema schema;
    schema.m_engine = &engine;
    for (const std::string& path : paths) {
        if (!is_snapshot_path(path)) continue;
        if (paths.size() > 1)
            throw util::InputError("--schema " + path + " is a snapshot, which cannot be combined with other --schema paths");
        schema.m_snapshot = read_snapshot_file(path);
        if (schema.m_snapshot->engine != engine.name())
            throw util::InputError("snapshot " + path + " holds a " + schema.m_snapshot->engine + " schema, but the database is " +
                                   std::string(engine.name()));
        return schema;
    }
    schema.m_files = std::make_unique<std::vector<engine::SchemaFile>>(engine::read_schema_files(paths));
    engine.prepare_expected(*schema.m_files);
    return schema;
}

model::Catalog ExpectedSchema::load(const cache::CacheOptions& cache) const {
    if (m_snapshot) return *m_snapshot;
    return cache::load_expected_cached(*m_engine, *m_files, cache);
}

}  // namespace dbaudit::cli
