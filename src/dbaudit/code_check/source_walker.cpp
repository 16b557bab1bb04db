#include "dbaudit/code_check/source_walker.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <filesystem>

#include "dbaudit/util/error.hpp"
#include "dbaudit/util/subprocess.hpp"

namespace dbaudit::code_check {

namespace fs = std::filesystem;

namespace {

bool glob_matches(const std::string& glob, const std::string& text) { return ::fnmatch(glob.c_str(), text.c_str(), 0) == 0; }

std::string display_path(const std::string& root, const std::string& relative) {
    if (root == "." || root == "./") return relative;
    std::string out = root;
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out + "/" + relative;
}

// Paths never read, compared in canonical form.
class SkipSet {
public:
    explicit SkipSet(const std::vector<std::string>& paths) {
        for (const std::string& path : paths) {
            std::error_code ec;
            const fs::path canonical = fs::weakly_canonical(path, ec);
            if (!ec) m_paths.push_back(canonical.string());
        }
    }
    bool empty() const { return m_paths.empty(); }
    // `canonical` must already be in canonical form.
    bool contains(const std::string& canonical) const {
        for (const std::string& skip : m_paths) {
            if (canonical == skip) return true;
            if (canonical.size() > skip.size() && canonical.compare(0, skip.size(), skip) == 0 && canonical[skip.size()] == '/')
                return true;
        }
        return false;
    }

private:
    std::vector<std::string> m_paths;
};

// Files below `root` as git sees them: tracked, plus untracked ones that are not ignored.
bool list_with_git(const std::string& root, std::vector<std::string>& relative_paths) {
    const auto inside = util::run_process({"git", "-C", root, "rev-parse", "--is-inside-work-tree"});
    if (!inside || inside->exit_code != 0 || inside->out.rfind("true", 0) != 0) return false;
    // A folder git ignores (build output, a generated tree) was named on purpose: walk it instead.
    const auto ignored = util::run_process({"git", "-C", root, "check-ignore", "-q", "."});
    if (ignored && ignored->exit_code == 0) return false;
    const auto listed = util::run_process({"git", "-C", root, "-c", "core.quotePath=off", "ls-files", "-z", "--cached",
                                           "--others", "--exclude-standard"});
    if (!listed || listed->exit_code != 0) return false;
    std::size_t start = 0;
    const std::string& out = listed->out;
    while (start < out.size()) {
        std::size_t end = out.find('\0', start);
        if (end == std::string::npos) end = out.size();
        if (end > start) relative_paths.emplace_back(out, start, end - start);
        start = end + 1;
    }
    // --cached and --others never overlap, but a path staged for deletion and recreated can repeat.
    std::sort(relative_paths.begin(), relative_paths.end());
    relative_paths.erase(std::unique(relative_paths.begin(), relative_paths.end()), relative_paths.end());
    return true;
}

void walk(const fs::path& root, const WalkOptions& options, std::vector<std::string>& relative_paths) {
    std::error_code ec;
    fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec);
    if (ec) throw util::InputError("cannot list " + root.string() + ": " + ec.message());
    for (const fs::recursive_directory_iterator end; it != end; it.increment(ec)) {
        if (ec) throw util::InputError("cannot list " + root.string() + ": " + ec.message());
        const fs::directory_entry& entry = *it;
        const std::string relative = entry.path().lexically_relative(root).generic_string();
        std::error_code type_ec;
        if (entry.is_symlink(type_ec)) continue;
        if (entry.is_directory(type_ec)) {
            const std::string name = entry.path().filename().string();
            if (is_skipped_folder_name(name) || fs::exists(entry.path() / "pyvenv.cfg", type_ec) ||
                is_excluded(relative, options.exclude_globs)) {
                it.disable_recursion_pending();
            }
            continue;
        }
        if (entry.is_regular_file(type_ec)) relative_paths.push_back(relative);
    }
    std::sort(relative_paths.begin(), relative_paths.end());
}

}  // namespace

bool is_skipped_folder_name(std::string_view name) {
    static constexpr std::array<std::string_view, 13> k_names{".git",  ".hg",   ".svn",         "node_modules", "venv",
                                                              ".venv", "build", "dist",         "target",       "__pycache__",
                                                              ".tox",  ".nox",  "bower_components"};
    return std::find(k_names.begin(), k_names.end(), name) != k_names.end();
}

bool is_excluded(std::string_view relative, const std::vector<std::string>& globs) {
    if (globs.empty()) return false;
    const std::string path(relative);
    const auto slash = path.rfind('/');
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    for (std::string glob : globs) {
        while (glob.size() > 1 && glob.back() == '/') glob.pop_back();
        if (glob.rfind("./", 0) == 0) glob = glob.substr(2);
        if (glob_matches(glob, path) || glob_matches(glob, name)) return true;
        for (std::size_t at = path.find('/'); at != std::string::npos; at = path.find('/', at + 1)) {
            if (glob_matches(glob, path.substr(0, at))) return true;
        }
    }
    return false;
}

SourceListing list_source_files(const std::string& root, const WalkOptions& options) {
    SourceListing listing;
    listing.root = root;
    std::error_code ec;
    const auto status = fs::status(root, ec);
    if (ec || !fs::exists(status)) throw util::InputError("source path " + root + " does not exist");
    const SkipSet skip(options.skip_paths);

    if (!fs::is_directory(status)) {
        // One file, named directly: read it whatever its folder, if it is a language we know.
        if (const auto language = language_for_path(root);
            language && (skip.empty() || !skip.contains(fs::weakly_canonical(root, ec).string())))
            listing.files.push_back({root, fs::path(root).filename().string(), *language, fs::path(root).parent_path().string()});
        return listing;
    }

    const fs::path canonical_root = skip.empty() ? fs::path() : fs::weakly_canonical(root, ec);
    std::vector<std::string> relative_paths;
    listing.from_git = list_with_git(root, relative_paths);
    if (!listing.from_git) walk(root, options, relative_paths);
    for (const std::string& relative : relative_paths) {
        const auto language = language_for_path(relative);
        if (!language || is_excluded(relative, options.exclude_globs)) continue;
        if (!skip.empty() && skip.contains((canonical_root / relative).lexically_normal().string())) continue;
        listing.files.push_back({display_path(root, relative), relative, *language, root});
    }
    return listing;
}

}  // namespace dbaudit::code_check
