#include "dbaudit/cache/expected_model_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/snapshot/binary_catalog.hpp"
#include "dbaudit/snapshot/snapshot.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/fnv_hash.hpp"
#include "dbaudit/util/phase_timer.hpp"

namespace dbaudit::cache {

namespace fs = std::filesystem;

namespace {

// Entries beyond this many (the least recently written first) are removed after a write.
constexpr std::size_t k_max_entries = 64;

bool timings_enabled() { return std::getenv("DBAUDIT_TIMINGS") != nullptr; }

void note(const std::string& message) {
    if (timings_enabled()) std::fprintf(stderr, "dbaudit: note: expected-model cache: %s\n", message.c_str());
}

// dbaudit's own executable, by size and modification time: a rebuilt or upgraded dbaudit may read
// the same files into a different model, so it never reads entries an older build wrote.
std::string build_identity() {
    struct stat info {};
    if (::stat("/proc/self/exe", &info) != 0) return "unknown";
    return std::to_string(info.st_size) + " " + std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec);
}

std::optional<std::string> read_whole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return std::nullopt;
    return std::move(buffer).str();
}

// The line between an entry's key and its catalog: says how long the catalog is and its hash,
// so a damaged entry is recognised before it is decoded.
std::string payload_line(std::string_view payload) {
    util::FnvHash hash;
    hash.add(payload);
    return "--- catalog " + std::to_string(payload.size()) + " " + hash.hex() + " ---\n";
}

// The model stored in `text` when it was written for exactly `key`; nothing otherwise.
std::optional<model::Catalog> parse_entry(const std::string& text, const std::string& key, const fs::path& path) {
    const auto line_end = text.find('\n', key.size());
    if (text.compare(0, key.size(), key) != 0 || line_end == std::string::npos) {
        note("ignoring " + path.string() + ": written for other files (a hash collision) or damaged");
        return std::nullopt;
    }
    const std::string_view payload = std::string_view(text).substr(line_end + 1);
    if (text.compare(key.size(), line_end + 1 - key.size(), payload_line(payload)) != 0) {
        note("ignoring " + path.string() + ": damaged (length or hash of the catalog differs)");
        return std::nullopt;
    }
    try {
        return snapshot::read_binary_catalog(payload);
    } catch (const std::exception& e) {
        note("ignoring " + path.string() + ": " + e.what());
        return std::nullopt;
    }
}

void remove_oldest_entries(const fs::path& directory) {
    std::error_code ec;
    std::vector<std::pair<fs::file_time_type, fs::path>> entries;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
        if (entry.path().extension() == ".entry") entries.emplace_back(entry.last_write_time(ec), entry.path());
    }
    if (ec || entries.size() <= k_max_entries) return;
    std::sort(entries.begin(), entries.end());
    for (std::size_t i = 0; i + k_max_entries < entries.size(); ++i) fs::remove(entries[i].second, ec);
}

// Writes the entry through a temporary file renamed into place, so a reader sees the old entry
// or the whole new one, never part of one. Failures are reported (with DBAUDIT_TIMINGS) and ignored.
void write_entry(const fs::path& path, const std::string& key, const model::Catalog& catalog) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) {
        note("cannot create " + path.parent_path().string() + ": " + ec.message());
        return;
    }
    static std::atomic<int> counter{0};
    const fs::path temporary = path.string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        const std::string payload = snapshot::write_binary_catalog(catalog);
        out << key << payload_line(payload) << payload;
        out.close();
        if (!out) {
            fs::remove(temporary, ec);
            note("cannot write " + temporary.string());
            return;
        }
    }
    fs::rename(temporary, path, ec);
    if (ec) {
        note("cannot rename " + temporary.string() + " to " + path.string() + ": " + ec.message());
        fs::remove(temporary, ec);
        return;
    }
    remove_oldest_entries(path.parent_path());
}

}  // namespace

std::string default_cache_directory() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && xdg[0] == '/') return (fs::path(xdg) / "dbaudit").string();
    const char* home = std::getenv("HOME");
    if (home && home[0] != '\0') return (fs::path(home) / ".cache" / "dbaudit").string();
    return {};
}

std::string cache_key(engine::Engine& engine, const std::vector<engine::SchemaFile>& files) {
    const std::string identity = engine.expected_model_identity();
    if (identity.empty()) return {};
    std::string key = "dbaudit expected-model cache " + std::to_string(k_cache_format_version) + "\n";
    key += "snapshot " + std::to_string(snapshot::k_format_version) + "\n";
    key += "build " + build_identity() + "\n";
    key += "engine " + std::string(engine.name()) + "\n";
    key += "identity " + identity + "\n";
    for (const engine::SchemaFile& file : files) {
        util::FnvHash hash;
        hash.add(file.text);
        std::string path = file.path;
        std::replace(path.begin(), path.end(), '\n', ' ');
        key += "file " + path + " " + std::to_string(file.text.size()) + " " + hash.hex() + "\n";
    }
    return key;
}

model::Catalog load_expected_cached(engine::Engine& engine, const std::vector<engine::SchemaFile>& files,
                                    const CacheOptions& options) {
    const std::string directory = options.directory.empty() ? default_cache_directory() : options.directory;
    if (!options.enabled || directory.empty()) return engine.load_expected(files);
    util::PhaseTimer timer("cache");
    const std::string key = cache_key(engine, files);
    timer.mark("key");
    if (key.empty()) return engine.load_expected(files);
    util::FnvHash name;
    name.add(key);
    const fs::path path = fs::path(directory) / (std::string(engine.name()) + "-" + name.hex() + ".entry");

    if (const auto text = read_whole(path)) {
        if (auto catalog = parse_entry(*text, key, path)) {
            timer.mark("read");
            timer.count("hit", 1);
            return std::move(*catalog);
        }
    }
    timer.mark("read");
    model::Catalog catalog = engine.load_expected(files);
    timer.mark("load");
    write_entry(path, key, catalog);
    timer.mark("write");
    timer.count("hit", 0);
    return catalog;
}

}  // namespace dbaudit::cache
