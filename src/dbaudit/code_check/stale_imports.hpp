// Imports that point at a module path inside the repository that no longer exists (seed 000 §4:
// `from chat_parser import start_monitoring` after chat_parser.py was deleted). Python imports
// and JavaScript/TypeScript relative imports; anything that may live outside the repository (an
// installed package) is left alone unless git history shows it was deleted from the repository.
#pragma once

#include <string>
#include <vector>

#include "dbaudit/code_check/extractor.hpp"
#include "dbaudit/code_check/source_walker.hpp"

namespace dbaudit::code_check {

struct StaleImport {
    std::size_t file = 0;
    util::SourceLocation location;
    std::string module;  // as written
    std::string reason;  // "services/ has no chat_parser.py or chat_parser/"
};

// `imports[i].file` indexes `files`. Imports inside try/except are skipped (the code expects them
// to be missing sometimes).
std::vector<StaleImport> find_stale_imports(const std::vector<SourceFile>& files, const std::vector<ExtractedImport>& imports);

}  // namespace dbaudit::code_check
