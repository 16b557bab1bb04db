// The JSON snapshot: the only file of the snapshot module that includes nlohmann/json. Writing and
// reading both walk the field lists of model_fields.hpp, so they can never disagree about a field.
// A field equal to its default value is left out.
#include "dbaudit/snapshot/snapshot.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <climits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/snapshot/model_fields.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/source_location.hpp"

namespace dbaudit::snapshot {

namespace {

// Keys keep the order in which they are written: the order of the field tables below.
using Json = nlohmann::ordered_json;

// Where a value sits in the document, rendered only when something is wrong with it:
// $.tables[3].columns[0].type.
struct Path {
    const Path* parent = nullptr;
    std::string_view key;  // set for an object member
    std::size_t index = 0;  // used when key is empty (an array element)

    std::string render() const {
        if (!parent) return "$";
        return parent->render() + (key.empty() ? "[" + std::to_string(index) + "]" : "." + std::string(key));
    }
};

// A value of the wrong shape; read_snapshot adds the file name.
struct BadValue {
    std::string where;
    std::string what;
};

[[noreturn]] void fail(const Path& path, const std::string& what) { throw BadValue{path.render(), what}; }

std::string describe(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::object: return "an object";
        case Json::value_t::array: return "an array";
        case Json::value_t::string: return "a string";
        case Json::value_t::boolean: return "true or false";
        case Json::value_t::number_float: return "a fractional number";
        default: return "a number";
    }
}

[[noreturn]] void expected(const Path& path, const std::string& what, const Json& value) {
    fail(path, "expected " + what + ", got " + describe(value));
}

// --- enums: one name per value -----------------------------------------------------------------

template <typename E>
struct EnumNames;

template <>
struct EnumNames<model::NameMatching> {
    static constexpr std::array<std::pair<model::NameMatching, std::string_view>, 2> values{
        {{model::NameMatching::exact, "exact"}, {model::NameMatching::ascii_case_insensitive, "ascii_case_insensitive"}}};
};
template <>
struct EnumNames<model::Generated> {
    static constexpr std::array<std::pair<model::Generated, std::string_view>, 3> values{
        {{model::Generated::none, "none"}, {model::Generated::virtual_column, "virtual"}, {model::Generated::stored_column, "stored"}}};
};
template <>
struct EnumNames<model::ForeignKeyAction> {
    static constexpr std::array<std::pair<model::ForeignKeyAction, std::string_view>, 5> values{
        {{model::ForeignKeyAction::no_action, "no_action"},
         {model::ForeignKeyAction::restrict, "restrict"},
         {model::ForeignKeyAction::cascade, "cascade"},
         {model::ForeignKeyAction::set_null, "set_null"},
         {model::ForeignKeyAction::set_default, "set_default"}}};
};
template <>
struct EnumNames<model::IndexOrigin> {
    static constexpr std::array<std::pair<model::IndexOrigin, std::string_view>, 3> values{
        {{model::IndexOrigin::create_index, "create_index"},
         {model::IndexOrigin::unique_constraint, "unique_constraint"},
         {model::IndexOrigin::primary_key, "primary_key"}}};
};
template <>
struct EnumNames<model::TypeKind> {
    static constexpr std::array<std::pair<model::TypeKind, std::string_view>, 4> values{
        {{model::TypeKind::enum_type, "enum"},
         {model::TypeKind::domain, "domain"},
         {model::TypeKind::composite, "composite"},
         {model::TypeKind::range, "range"}}};
};
template <>
struct EnumNames<model::DefinedKind> {
    static constexpr std::array<std::pair<model::DefinedKind, std::string_view>, 11> values{
        {{model::DefinedKind::table, "table"},
         {model::DefinedKind::view, "view"},
         {model::DefinedKind::materialized_view, "materialized_view"},
         {model::DefinedKind::index, "index"},
         {model::DefinedKind::trigger, "trigger"},
         {model::DefinedKind::type, "type"},
         {model::DefinedKind::sequence, "sequence"},
         {model::DefinedKind::function, "function"},
         {model::DefinedKind::schema, "schema"},
         {model::DefinedKind::extension, "extension"},
         {model::DefinedKind::policy, "policy"}}};
};
template <>
struct EnumNames<model::RenameKind> {
    static constexpr std::array<std::pair<model::RenameKind, std::string_view>, 2> values{
        {{model::RenameKind::table, "table"}, {model::RenameKind::column, "column"}}};
};

// Every encoder and decoder is declared before any is defined, so the templates find each other.
Json encode(const std::string& value);
Json encode(bool value);
Json encode(int value);
Json encode(long long value);
template <typename E>
    requires std::is_enum_v<E>
Json encode(E value);
template <typename U>
Json encode(const std::vector<U>& values);
template <typename U>
Json encode(const std::optional<U>& value);
template <Described T>
Json encode(const T& value);

void decode(const Json& json, std::string& out, const Path& path);
void decode(const Json& json, bool& out, const Path& path);
void decode(const Json& json, int& out, const Path& path);
void decode(const Json& json, long long& out, const Path& path);
template <typename E>
    requires std::is_enum_v<E>
void decode(const Json& json, E& out, const Path& path);
template <typename U>
void decode(const Json& json, std::vector<U>& out, const Path& path);
template <typename U>
void decode(const Json& json, std::optional<U>& out, const Path& path);
template <Described T>
void decode(const Json& json, T& out, const Path& path);

// --- encoders and decoders ---------------------------------------------------------------------

Json encode(const std::string& value) { return value; }
Json encode(bool value) { return value; }
Json encode(int value) { return value; }
Json encode(long long value) { return value; }

template <typename E>
    requires std::is_enum_v<E>
Json encode(E value) {
    for (const auto& [e, name] : EnumNames<E>::values)
        if (e == value) return std::string(name);
    return std::string(EnumNames<E>::values.front().second);
}

template <typename U>
Json encode(const std::vector<U>& values) {
    Json array = Json::array();
    for (const U& value : values) array.push_back(encode(value));
    return array;
}

template <typename U>
Json encode(const std::optional<U>& value) {
    return value ? encode(*value) : Json(nullptr);
}

template <Described T>
Json encode(const T& value) {
    static const T defaults{};
    Json object = Json::object();
    for_each_field<T>([&](const auto& f) {
        if (!(value.*f.member == defaults.*f.member)) object[std::string(f.key)] = encode(value.*f.member);
    });
    return object;
}

void decode(const Json& json, std::string& out, const Path& path) {
    if (!json.is_string()) expected(path, "a string", json);
    out = json.get_ref<const std::string&>();
}

void decode(const Json& json, bool& out, const Path& path) {
    if (!json.is_boolean()) expected(path, "true or false", json);
    out = json.get<bool>();
}

void decode(const Json& json, long long& out, const Path& path) {
    if (json.is_number_unsigned() && json.get<unsigned long long>() > static_cast<unsigned long long>(LLONG_MAX))
        fail(path, "number out of range");
    if (!json.is_number_integer()) expected(path, "an integer", json);
    out = json.get<long long>();
}

void decode(const Json& json, int& out, const Path& path) {
    long long value = 0;
    decode(json, value, path);
    if (value < INT_MIN || value > INT_MAX) fail(path, "number out of range");
    out = static_cast<int>(value);
}

template <typename E>
    requires std::is_enum_v<E>
void decode(const Json& json, E& out, const Path& path) {
    std::string name;
    decode(json, name, path);
    std::string choices;
    for (const auto& [e, n] : EnumNames<E>::values) {
        if (n == name) {
            out = e;
            return;
        }
        choices += (choices.empty() ? "" : ", ") + std::string(n);
    }
    fail(path, "unknown value \"" + name + "\" (expected one of: " + choices + ")");
}

template <typename U>
void decode(const Json& json, std::vector<U>& out, const Path& path) {
    if (!json.is_array()) expected(path, "an array", json);
    out.clear();
    out.resize(json.size());
    for (std::size_t i = 0; i < json.size(); ++i) decode(json[i], out[i], Path{&path, {}, i});
}

template <typename U>
void decode(const Json& json, std::optional<U>& out, const Path& path) {
    if (json.is_null()) {
        out.reset();
        return;
    }
    out.emplace();
    decode(json, *out, path);
}

// Reads the member `key` names; false when T has no such field.
template <Described T>
bool decode_member(const std::string& key, const Json& value, T& out, const Path& path) {
    bool found = false;
    for_each_field<T>([&](const auto& f) {
        if (!found && f.key == key) {
            found = true;
            decode(value, out.*f.member, Path{&path, key});
        }
    });
    return found;
}

template <Described T>
void decode(const Json& json, T& out, const Path& path) {
    if (!json.is_object()) expected(path, "an object", json);
    for (const auto& [key, value] : json.items())
        if (!decode_member(key, value, out, path)) fail(path, "unknown key \"" + key + "\"");
}

[[noreturn]] void bad_snapshot(const std::string& source, const std::string& what, const std::string& hint = {}) {
    throw util::InputError(source + ": " + what, hint);
}

}  // namespace

std::string write_snapshot(const model::Catalog& catalog) {
    Json root = Json::object();
    root["format"] = std::string(k_format_name);
    root["version"] = k_format_version;
    Json fields = encode(catalog);
    for (auto& [key, value] : fields.items()) root[key] = std::move(value);
    return root.dump(2) + "\n";
}

model::Catalog read_snapshot(std::string_view text, const std::string& source) {
    Json root;
    try {
        root = Json::parse(text);
    } catch (const Json::parse_error& e) {
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line L, column C: ".
        std::string message = e.what();
        const auto detail = message.find(": ", message.find("parse error"));
        if (detail != std::string::npos) message = message.substr(detail + 2);
        const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        throw util::InputError(util::locate(source, text, offset).to_string() + ": invalid JSON: " + message);
    }
    const char* const not_a_snapshot_hint = "write one with 'dbaudit inspect --db TARGET --format json --output FILE'";
    if (!root.is_object() || !root.contains("format") || root["format"] != std::string(k_format_name))
        bad_snapshot(source, "not a dbaudit snapshot (no \"format\": \"dbaudit-snapshot\" at the top level)", not_a_snapshot_hint);
    const Json& version = root["version"];
    if (!version.is_number_integer())
        bad_snapshot(source, "$.version: expected an integer, got " + describe(version));
    if (version.get<long long>() != k_format_version)
        bad_snapshot(source, "$.version: snapshot format version " + version.dump() + " is not one this dbaudit reads (" +
                                 std::to_string(k_format_version) + ")",
                     "write the snapshot again with this dbaudit");
    model::Catalog catalog;
    try {
        const Path top;
        for (const auto& [key, value] : root.items()) {
            if (key == "format" || key == "version") continue;
            if (!decode_member(key, value, catalog, top)) fail(top, "unknown key \"" + key + "\"");
        }
    } catch (const BadValue& bad) {
        bad_snapshot(source, bad.where + ": " + bad.what);
    }
    if (catalog.engine != "sqlite" && catalog.engine != "postgresql")
        bad_snapshot(source, "$.engine: expected \"sqlite\" or \"postgresql\", got \"" + catalog.engine + "\"");
    catalog.sort();  // a hand-edited snapshot may list objects in any order; a written one is sorted already
    return catalog;
}

bool looks_like_snapshot(std::string_view text) {
    std::size_t i = 0;
    if (text.starts_with("\xEF\xBB\xBF")) i = 3;  // a UTF-8 byte order mark
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
    if (i == text.size() || text[i] != '{') return false;
    return text.substr(i, 512).find("\"dbaudit-snapshot\"") != std::string_view::npos;
}

}  // namespace dbaudit::snapshot
