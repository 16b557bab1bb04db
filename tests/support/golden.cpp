#include "support/golden.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/test_support.hpp"

namespace dbaudit::testing {

namespace {

bool updating() {
    const char* value = std::getenv("DBAUDIT_UPDATE_GOLDEN");
    return value && std::string(value) == "1";
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

void expect_golden(const std::string& relative, const std::string& actual) {
    const std::string path = source_path("tests/golden/" + relative);
    if (updating()) {
        std::filesystem::create_directories(std::filesystem::path(path).parent_path());
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    ASSERT_TRUE(std::filesystem::exists(path)) << path << " does not exist; run with DBAUDIT_UPDATE_GOLDEN=1 to write it";
    const std::string expected = read_bytes(path);
    if (expected == actual) return;
    const auto want = lines_of(expected), got = lines_of(actual);
    std::size_t line = 0;
    while (line < want.size() && line < got.size() && want[line] == got[line]) ++line;
    ADD_FAILURE() << relative << " differs from the output at line " << line + 1 << ":\n  golden: "
                  << (line < want.size() ? want[line] : "(end of file)") << "\n  output: "
                  << (line < got.size() ? got[line] : "(end of output)")
                  << "\nIf the change is intended, rerun with DBAUDIT_UPDATE_GOLDEN=1 and review the diff.\nFull output:\n"
                  << actual;
}

std::string normalized(std::string text, const std::vector<std::pair<std::string, std::string>>& replacements) {
    for (const auto& [from, to] : replacements) {
        if (from.empty()) continue;
        for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
            text.replace(at, from.size(), to);
    }
    return text;
}

}  // namespace dbaudit::testing
