#include "dbaudit/code_check/stale_imports.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "dbaudit/util/subprocess.hpp"

namespace dbaudit::code_check {

namespace fs = std::filesystem;

namespace {

std::string parent_of(const std::string& relative) {
    const auto slash = relative.rfind('/');
    return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

std::string join(const std::string& a, const std::string& b) {
    if (a.empty()) return b;
    if (b.empty()) return a;
    return a + "/" + b;
}

std::vector<std::string> split_dots(const std::string& dotted) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= dotted.size()) {
        const std::size_t dot = dotted.find('.', start);
        parts.push_back(dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return parts;
}

// What is known about one listed root: its Python package folders and git's deleted files.
class RootIndex {
public:
    RootIndex(std::string root, bool may_use_git) : m_root(std::move(root)), m_may_use_git(may_use_git) {}

    void add_python_file(const std::string& relative) {
        for (std::string dir = parent_of(relative); !dir.empty(); dir = parent_of(dir)) {
            if (!m_python_dirs.insert(dir).second) break;
        }
    }

    bool exists(const std::string& relative) const {
        std::error_code ec;
        return fs::exists(fs::path(m_root) / relative, ec);
    }
    bool is_dir(const std::string& relative) const {
        std::error_code ec;
        return fs::is_directory(fs::path(m_root) / relative, ec);
    }
    // A folder Python can import: it holds Python code (a package or a namespace package).
    bool is_python_package(const std::string& relative) const {
        return m_python_dirs.count(relative) || exists(join(relative, "__init__.py"));
    }
    bool is_python_module(const std::string& relative) const {
        for (const char* suffix : {".py", ".pyi", ".so", ".pyd"}) {
            if (exists(relative + suffix)) return true;
        }
        return false;
    }

    // The newest commit that deleted `relative`, from `git log`; nothing when git does not know.
    std::optional<std::string> deleted_in(const std::string& relative) {
        if (!m_deleted_loaded) load_deleted();
        const auto it = m_deleted.find(relative);
        if (it == m_deleted.end()) return std::nullopt;
        return it->second;
    }

private:
    void load_deleted() {
        m_deleted_loaded = true;
        if (!m_may_use_git) return;
        const auto log = util::run_process({"git", "-C", m_root, "-c", "core.quotePath=off", "log", "--relative",
                                            "--diff-filter=D", "--name-only", "--format=commit %h", "--", "*.py"});
        if (!log || log->exit_code != 0) return;
        std::string commit;
        std::size_t start = 0;
        const std::string& out = log->out;
        while (start < out.size()) {
            std::size_t end = out.find('\n', start);
            if (end == std::string::npos) end = out.size();
            const std::string line = out.substr(start, end - start);
            if (line.rfind("commit ", 0) == 0) {
                commit = line.substr(7);
            } else if (!line.empty()) {
                m_deleted.try_emplace(line, commit);  // newest first: keep the first seen
            }
            start = end + 1;
        }
    }

    std::string m_root;
    bool m_may_use_git;
    std::set<std::string> m_python_dirs;
    bool m_deleted_loaded = false;
    std::unordered_map<std::string, std::string> m_deleted;
};

// Checks `parts` below `base`, which holds parts[0]. Returns the reason it is stale, or nothing.
std::optional<std::string> missing_below(RootIndex& index, const std::string& base, const std::vector<std::string>& parts) {
    std::string current = base;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        const std::string next = join(current, parts[k]);
        if (index.is_python_package(next) || (index.is_dir(next) && k + 1 < parts.size())) {
            current = next;
            continue;
        }
        if (index.is_python_module(next)) return std::nullopt;  // later parts are names inside the module
        const std::string where = current.empty() ? "the source root" : current + "/";
        return where + " has no " + parts[k] + ".py or " + parts[k] + "/";
    }
    return std::nullopt;
}

std::optional<std::string> check_python(RootIndex& index, const std::string& file_relative, const ImportReference& reference) {
    const std::string& module = reference.module;
    if (reference.kind == ImportKind::python_relative) {
        std::size_t dots = 0;
        while (dots < module.size() && module[dots] == '.') ++dots;
        std::string base = parent_of(file_relative);
        for (std::size_t up = 1; up < dots; ++up) {
            if (base.empty()) return std::nullopt;  // above the listed root: cannot judge
            base = parent_of(base);
        }
        if (dots == module.size()) return std::nullopt;  // `from . import x`: the package itself
        return missing_below(index, base, split_dots(module.substr(dots)));
    }
    const std::vector<std::string> parts = split_dots(module);
    // Where Python would look inside the repository: the importing file's folder and every folder
    // above it up to the root (scripts run from their folder, packages from the root), and src/.
    std::vector<std::string> bases;
    for (std::string dir = parent_of(file_relative);; dir = parent_of(dir)) {
        bases.push_back(dir);
        if (dir.empty()) break;
    }
    bases.push_back("src");
    std::optional<std::string> reason;
    bool top_found = false;
    for (const std::string& base : bases) {
        const std::string top = join(base, parts[0]);
        if (!index.is_python_package(top) && !index.is_python_module(top)) continue;
        top_found = true;
        auto missing = missing_below(index, base, parts);
        if (!missing) return std::nullopt;
        if (!reason) reason = std::move(missing);
    }
    if (top_found) return reason;
    // Not in the repository now: stale only when the repository had it (git history says so).
    for (const std::string& base : bases) {
        for (const std::string& candidate : {join(base, parts[0]) + ".py", join(join(base, parts[0]), "__init__.py")}) {
            if (auto commit = index.deleted_in(candidate))
                return candidate + " was deleted from the repository (commit " + *commit + ")";
        }
    }
    return std::nullopt;
}

std::optional<std::string> check_js(RootIndex& index, const std::string& file_relative, const ImportReference& reference) {
    std::string spec = reference.module;
    if (const auto query = spec.find_first_of("?#"); query != std::string::npos) spec.resize(query);
    const fs::path target = (fs::path(parent_of(file_relative)) / spec).lexically_normal();
    std::string base = target.generic_string();
    while (!base.empty() && base.back() == '/') base.pop_back();
    if (base.rfind("../", 0) == 0 || base == "..") return std::nullopt;  // outside the listed root
    if (base == ".") base.clear();
    std::vector<std::string> candidates{base};
    for (const char* extension : {".ts", ".tsx", ".d.ts", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts", ".json", ".vue", ".svelte"})
        candidates.push_back(base + extension);
    // TypeScript resolves "./a.js" to a.ts.
    for (const auto& [js, ts] : std::vector<std::pair<std::string, std::string>>{{".js", ".ts"}, {".js", ".tsx"}, {".jsx", ".tsx"},
                                                                                 {".mjs", ".mts"}, {".cjs", ".cts"}}) {
        if (base.size() > js.size() && base.compare(base.size() - js.size(), js.size(), js) == 0)
            candidates.push_back(base.substr(0, base.size() - js.size()) + ts);
    }
    for (const char* index_file : {"index.ts", "index.tsx", "index.js", "index.jsx", "index.mjs", "index.cjs", "package.json"})
        candidates.push_back(join(base, index_file));
    for (const std::string& candidate : candidates) {
        if (!candidate.empty() && index.exists(candidate) && !(candidate == base && index.is_dir(candidate))) return std::nullopt;
    }
    return "no file " + (base.empty() ? std::string(".") : base) + " (with .ts, .tsx, .js, ... or /index)";
}

}  // namespace

std::vector<StaleImport> find_stale_imports(const std::vector<SourceFile>& files, const std::vector<ExtractedImport>& imports) {
    std::map<std::string, RootIndex> roots;
    auto root_of = [&](const SourceFile& file) -> RootIndex& {
        auto it = roots.find(file.root);
        if (it == roots.end()) it = roots.emplace(file.root, RootIndex(file.root.empty() ? "." : file.root, true)).first;
        return it->second;
    };
    for (const SourceFile& file : files) {
        if (file.language == Language::python) root_of(file).add_python_file(file.relative);
    }
    std::vector<StaleImport> stale;
    // Files of one folder import the same modules: resolve each (folder, import) once.
    std::unordered_map<std::string, std::optional<std::string>> resolved;
    for (const ExtractedImport& entry : imports) {
        if (entry.reference.optional) continue;
        const SourceFile& file = files[entry.file];
        std::string key = file.root;
        key.append(1, '\0').append(parent_of(file.relative)).append(1, '\0');
        key.append(1, static_cast<char>('0' + static_cast<int>(entry.reference.kind))).append(entry.reference.module);
        auto it = resolved.find(key);
        if (it == resolved.end()) {
            RootIndex& index = root_of(file);
            it = resolved.emplace(std::move(key), entry.reference.kind == ImportKind::js_relative
                                                      ? check_js(index, file.relative, entry.reference)
                                                      : check_python(index, file.relative, entry.reference))
                     .first;
        }
        if (it->second) stale.push_back({entry.file, entry.location, entry.reference.module, *it->second});
    }
    return stale;
}

}  // namespace dbaudit::code_check
