#include "dbaudit/config/config_file.hpp"

#include <toml++/toml.h>

#include <filesystem>
#include <functional>
#include <map>

#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::config {

namespace {

namespace fs = std::filesystem;

const char* const k_formats[] = {"text", "json", "markdown"};

class Reader {
public:
    Reader(const std::string& path) : m_path(path) {}

    // Keys and values both know where they were written.
    template <typename Sourced>
    util::SourceLocation where(const Sourced& item) const {
        const auto& begin = item.source().begin;
        return {m_path, static_cast<int>(begin.line), static_cast<int>(begin.column)};
    }
    template <typename Sourced>
    [[noreturn]] void fail(const Sourced& item, const std::string& message, std::string hint = {}) const {
        throw util::InputError(where(item).to_string() + ": " + message, std::move(hint));
    }
    std::string string(const toml::node& node, std::string_view key) const {
        if (const auto* value = node.as_string()) return value->get();
        fail(node, "'" + std::string(key) + "' must be a string, not " + type_name(node));
    }
    std::vector<std::string> strings(const toml::node& node, std::string_view key, bool single_allowed) const {
        std::vector<std::string> out;
        if (single_allowed && node.is_string()) return {node.as_string()->get()};
        const auto* array = node.as_array();
        if (!array) fail(node, "'" + std::string(key) + "' must be " + (single_allowed ? "a string or " : "") + "an array of strings, not " + type_name(node));
        for (const toml::node& element : *array) {
            if (!element.is_string()) fail(element, "'" + std::string(key) + "' must hold strings only, not " + type_name(element));
            out.push_back(element.as_string()->get());
        }
        return out;
    }
    diff::Severity severity(const toml::node& node, std::string_view key) const {
        const std::string word = string(node, key);
        if (auto severity = diff::parse_severity(word)) return *severity;
        fail(node, "'" + std::string(key) + "' is '" + word + "', not a severity (critical, high, medium, low, info)");
    }

    static std::string type_name(const toml::node& node) {
        switch (node.type()) {
            case toml::node_type::table: return "a table";
            case toml::node_type::array: return "an array";
            case toml::node_type::string: return "a string";
            case toml::node_type::integer: return "an integer";
            case toml::node_type::floating_point: return "a number";
            case toml::node_type::boolean: return "a boolean";
            case toml::node_type::date: return "a date";
            case toml::node_type::time: return "a time";
            case toml::node_type::date_time: return "a date-time";
            default: return "nothing";
        }
    }

private:
    std::string m_path;
};

std::string resolve(const std::string& config_path, const std::string& path) {
    if (fs::path(path).is_absolute()) return path;
    const fs::path folder = fs::path(config_path).parent_path();
    return folder.empty() ? path : (folder / path).lexically_normal().string();
}

// How the config file is named in messages: relative to the working directory when it is below it.
std::string display_path(const fs::path& path) {
    std::error_code ec;
    const fs::path relative = fs::relative(path, fs::current_path(ec), ec);
    if (ec || relative.empty()) return path.string();
    return relative.string();
}

}  // namespace

std::optional<std::string> find_config_file(const std::string& start) {
    std::error_code ec;
    fs::path folder = fs::absolute(start, ec);
    if (ec) return std::nullopt;
    while (true) {
        const fs::path candidate = folder / k_config_file_name;
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
        if (!folder.has_parent_path() || folder.parent_path() == folder) return std::nullopt;
        folder = folder.parent_path();
    }
}

Settings parse_settings(std::string_view text, const std::string& path) {
    toml::table root;
    try {
        root = toml::parse(text, path);
    } catch (const toml::parse_error& e) {
        const auto& begin = e.source().begin;
        throw util::InputError(util::SourceLocation{path, static_cast<int>(begin.line), static_cast<int>(begin.column)}.to_string() +
                               ": " + std::string(e.description()));
    }
    const Reader reader(path);
    Settings settings;
    settings.path = path;
    using Handler = std::function<void(const toml::node&)>;
    const std::map<std::string, Handler> keys = {
        {"database_url", [&](const toml::node& n) { settings.database_url = reader.string(n, "database_url"); }},
        {"database_url_env",
         [&](const toml::node& n) {
             settings.database_url_env = reader.string(n, "database_url_env");
             settings.database_url_env_at = reader.where(n);
             if (settings.database_url_env->empty()) reader.fail(n, "'database_url_env' must name an environment variable");
         }},
        {"schema",
         [&](const toml::node& n) {
             for (const std::string& schema : reader.strings(n, "schema", true)) settings.schema.push_back(resolve(path, schema));
         }},
        {"dev_url", [&](const toml::node& n) { settings.dev_url = reader.string(n, "dev_url"); }},
        {"fail_on", [&](const toml::node& n) { settings.fail_on = reader.severity(n, "fail_on"); }},
        {"format",
         [&](const toml::node& n) {
             settings.format = util::ascii_lower(reader.string(n, "format"));
             settings.format_at = reader.where(n);
             if (std::find(std::begin(k_formats), std::end(k_formats), *settings.format) == std::end(k_formats))
                 reader.fail(n, "'format' is '" + *settings.format + "', not one of: text, json, markdown");
         }},
        {"ignore", [&](const toml::node& n) { settings.ignore = reader.strings(n, "ignore", false); }},
        {"severity",
         [&](const toml::node& n) {
             const auto* table = n.as_table();
             if (!table) reader.fail(n, "'severity' must be a table ([severity]), not " + Reader::type_name(n));
             for (const auto& [key, value] : *table) {
                 const std::string kind(key.str());
                 if (!diff::valid_severity_key(kind))
                     reader.fail(key, "unknown finding kind '" + kind + "' in [severity]",
                                 "kinds are missing_KIND, extra_KIND or changed_KIND (KIND: table, column, index, view, trigger, "
                                 "foreign_key ...), unsupported, not_visible; see README.md");
                 settings.severity[kind] = reader.severity(value, kind);
             }
         }},
    };
    for (const auto& [key, value] : root) {
        const std::string name(key.str());
        const auto handler = keys.find(name);
        if (handler == keys.end()) {
            std::vector<std::string> known;
            for (const auto& [known_key, unused] : keys) known.push_back(known_key);
            reader.fail(key, "unknown key '" + name + "' (keys: " + util::join(known, ", ") + ")");
        }
        handler->second(value);
    }
    if (settings.database_url && settings.database_url_env)
        reader.fail(*root.get("database_url_env"), "give 'database_url' or 'database_url_env', not both");
    return settings;
}

Settings load_settings(const std::string& explicit_path) {
    std::string path = explicit_path;
    if (path.empty()) {
        std::error_code ec;
        const auto found = find_config_file(fs::current_path(ec).string());
        if (!found) return {};
        path = display_path(*found);
    } else if (!fs::is_regular_file(path)) {
        throw util::InputError("config file " + path + " does not exist");
    }
    return parse_settings(util::read_file(path), path);
}

}  // namespace dbaudit::config
