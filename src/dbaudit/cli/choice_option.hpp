// An option whose value is one word of a fixed set, mapped to an enum, with a readable error.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dbaudit::cli {

template <typename T>
CLI::Option* add_choice(CLI::App& app, const std::string& name, T& target,
                        std::vector<std::pair<std::string, T>> choices, const std::string& description) {
    auto shared = std::make_shared<std::vector<std::pair<std::string, T>>>(std::move(choices));
    std::vector<std::string> words;
    for (const auto& [word, value] : *shared) words.push_back(word);
    return app
        .add_option_function<std::string>(
            name,
            [&target, shared](const std::string& text) {
                for (const auto& [word, value] : *shared) {
                    if (CLI::detail::to_lower(text) == word) target = value;
                }
            },
            description)
        ->check(CLI::IsMember(words, CLI::ignore_case))
        ->type_name("WORD");
}

}  // namespace dbaudit::cli
