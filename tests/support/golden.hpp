// Golden files: committed expected outputs under tests/golden/, compared byte for byte.
// DBAUDIT_UPDATE_GOLDEN=1 rewrites them instead (review the diff like code).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace dbaudit::testing {

// Compares `actual` with tests/golden/<relative>; under DBAUDIT_UPDATE_GOLDEN=1 writes it there.
// A mismatch fails the calling test, naming the first differing line.
void expect_golden(const std::string& relative, const std::string& actual);

// Every occurrence of each `from` replaced by its `to`, in order: paths, URLs and versions that
// differ between machines become placeholders such as <db>.
std::string normalized(std::string text, const std::vector<std::pair<std::string, std::string>>& replacements);

}  // namespace dbaudit::testing
