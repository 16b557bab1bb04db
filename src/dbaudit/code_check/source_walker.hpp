// Lists the source files under a path: `git ls-files` inside a git work tree (unless git ignores
// the path itself), else a directory walk that skips VCS folders, dependencies, virtualenvs and
// build output. Honours --exclude.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/code_check/language.hpp"

namespace dbaudit::code_check {

struct SourceFile {
    std::string path;      // as reported: the root as the user named it, joined with `relative`
    std::string relative;  // below the root, '/'-separated
    Language language;
    std::string root;      // the root it was listed under, as the user named it
};

struct SourceListing {
    std::string root;       // as the user named it
    bool from_git = false;  // listed by `git ls-files`
    std::vector<SourceFile> files;  // sorted by path
};

struct WalkOptions {
    std::vector<std::string> exclude_globs;  // --exclude
    std::vector<std::string> skip_paths;     // files or folders never read (the --schema files)
};

// Throws util::InputError when `root` does not exist.
SourceListing list_source_files(const std::string& root, const WalkOptions& options);

// True when `relative` matches one of `globs` (fnmatch, `*` crosses '/'): the whole path, any of
// its leading folders, or its file name.
bool is_excluded(std::string_view relative, const std::vector<std::string>& globs);

// The name of a folder the walk never enters (".git", "node_modules", "build", ...).
bool is_skipped_folder_name(std::string_view name);

}  // namespace dbaudit::code_check
