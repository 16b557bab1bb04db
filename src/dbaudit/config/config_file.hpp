// dbaudit.toml: found from the working directory upward, or named with --config; read with
// toml++ (this is the only file that includes it). Unknown keys and wrong types are errors with
// file:line:col, exit 2.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dbaudit/config/settings.hpp"

namespace dbaudit::config {

inline constexpr const char* k_config_file_name = "dbaudit.toml";

// The nearest dbaudit.toml in `start` or a folder above it, up to the filesystem root.
std::optional<std::string> find_config_file(const std::string& start);

// Parses `text` as the config file at `path` (schema paths resolve against its folder).
// Throws util::InputError "path:line:col: ..." for any error.
Settings parse_settings(std::string_view text, const std::string& path);

// `explicit_path` (from --config) when given, else the nearest file above the working
// directory, else empty settings. Throws util::InputError when an explicit file is missing.
Settings load_settings(const std::string& explicit_path);

// The commented starter file `dbaudit init` writes; it parses to empty settings.
std::string starter_config();

}  // namespace dbaudit::config
