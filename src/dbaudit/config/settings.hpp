// What dbaudit.toml says, as plain values (config_file.cpp reads it). Every field is optional:
// command-line flags override it, and what neither gives keeps its built-in default.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dbaudit/diff/finding.hpp"
#include "dbaudit/util/source_location.hpp"

namespace dbaudit::config {

struct Settings {
    std::string path;  // the file read, as shown in messages; empty = no config file

    std::optional<std::string> database_url;      // `database_url`
    std::optional<std::string> database_url_env;  // `database_url_env`: the variable that holds it
    util::SourceLocation database_url_env_at;     // where, for "not set" errors
    std::vector<std::string> schema;              // `schema`, resolved against the file's folder
    std::optional<std::string> dev_url;           // `dev_url`
    std::optional<diff::Severity> fail_on;        // `fail_on`
    std::optional<std::string> format;            // `format`
    util::SourceLocation format_at;
    std::vector<std::string> ignore;              // `ignore`
    std::map<std::string, diff::Severity> severity;  // `[severity]`: diff::severity_key -> severity
};

}  // namespace dbaudit::config
