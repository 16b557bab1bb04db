// The only file of the snapshot module that includes nlohmann/json. Every model struct is
// described once, as a table of (key, member) pairs; writing and reading both walk that table, so
// the two can never disagree about a field. A field equal to its default value is left out.
#include "dbaudit/snapshot/snapshot.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <climits>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "dbaudit/model/catalog.hpp"
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
struct EnumNames<model::RenameKind> {
    static constexpr std::array<std::pair<model::RenameKind, std::string_view>, 2> values{
        {{model::RenameKind::table, "table"}, {model::RenameKind::column, "column"}}};
};

// --- field tables ------------------------------------------------------------------------------

template <typename T>
struct Field {
    const char* key;
    std::function<void(Json& object, const T& value)> write;  // adds the member unless it holds its default
    std::function<void(const Json& value, T& object, const Path& path)> read;
};

template <typename T>
struct FieldTable;  // specialised below for every model struct: static const std::vector<Field<T>>& fields()

template <typename T>
concept Described = requires { FieldTable<T>::fields(); };

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

template <typename T, typename V>
Field<T> field(const char* key, V T::*member) {
    return {key,
            [key, member](Json& out, const T& object) {
                static const T defaults{};
                if (!(object.*member == defaults.*member)) out[key] = encode(object.*member);
            },
            [member](const Json& value, T& object, const Path& path) { decode(value, object.*member, path); }};
}

template <>
struct FieldTable<util::SourceLocation> {
    using T = util::SourceLocation;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("file", &T::file), field("line", &T::line), field("column", &T::column)};
        return table;
    }
};

template <>
struct FieldTable<model::Column> {
    using T = model::Column;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{
            field("name", &T::name),           field("type", &T::type),
            field("type_class", &T::type_class), field("not_null", &T::not_null),
            field("default", &T::default_expr), field("collation", &T::collation),
            field("generated", &T::generated), field("generation_expr", &T::generation_expr),
            field("hidden", &T::hidden),       field("identity", &T::identity),
            field("comment", &T::comment),     field("position", &T::position)};
        return table;
    }
};

template <>
struct FieldTable<model::PrimaryKey> {
    using T = model::PrimaryKey;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("name", &T::name), field("columns", &T::columns),
                                                 field("autoincrement", &T::autoincrement), field("deferrable", &T::deferrable),
                                                 field("initially_deferred", &T::initially_deferred)};
        return table;
    }
};

template <>
struct FieldTable<model::UniqueConstraint> {
    using T = model::UniqueConstraint;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("name", &T::name), field("columns", &T::columns),
                                                 field("deferrable", &T::deferrable),
                                                 field("initially_deferred", &T::initially_deferred),
                                                 field("nulls_not_distinct", &T::nulls_not_distinct)};
        return table;
    }
};

template <>
struct FieldTable<model::ForeignKey> {
    using T = model::ForeignKey;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{
            field("name", &T::name),
            field("columns", &T::columns),
            field("referenced_schema", &T::referenced_schema),
            field("referenced_table", &T::referenced_table),
            field("referenced_columns", &T::referenced_columns),
            field("on_update", &T::on_update),
            field("on_delete", &T::on_delete),
            field("match", &T::match),
            field("deferrable", &T::deferrable),
            field("initially_deferred", &T::initially_deferred),
            field("not_valid", &T::not_valid)};
        return table;
    }
};

template <>
struct FieldTable<model::CheckConstraint> {
    using T = model::CheckConstraint;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("name", &T::name), field("expression", &T::expression),
                                                 field("column", &T::column), field("not_valid", &T::not_valid),
                                                 field("no_inherit", &T::no_inherit)};
        return table;
    }
};

template <>
struct FieldTable<model::ExclusionConstraint> {
    using T = model::ExclusionConstraint;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("name", &T::name), field("definition", &T::definition),
                                                 field("deferrable", &T::deferrable),
                                                 field("initially_deferred", &T::initially_deferred)};
        return table;
    }
};

template <>
struct FieldTable<model::IndexKey> {
    using T = model::IndexKey;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("column", &T::column),         field("expression", &T::expression),
                                                 field("descending", &T::descending), field("collation", &T::collation),
                                                 field("opclass", &T::opclass),       field("nulls_first", &T::nulls_first)};
        return table;
    }
};

template <>
struct FieldTable<model::Index> {
    using T = model::Index;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{
            field("schema", &T::schema),   field("name", &T::name),         field("table", &T::table),
            field("unique", &T::unique),   field("origin", &T::origin),     field("keys", &T::keys),
            field("predicate", &T::predicate), field("method", &T::method), field("include", &T::include),
            field("nulls_not_distinct", &T::nulls_not_distinct),             field("sql", &T::sql)};
        return table;
    }
};

template <>
struct FieldTable<model::TableOptions> {
    using T = model::TableOptions;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("without_rowid", &T::without_rowid), field("strict", &T::strict),
                                                 field("unlogged", &T::unlogged), field("partition_key", &T::partition_key),
                                                 field("partition_of", &T::partition_of)};
        return table;
    }
};

template <>
struct FieldTable<model::Table> {
    using T = model::Table;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("schema", &T::schema),
                                                 field("name", &T::name),
                                                 field("columns", &T::columns),
                                                 field("primary_key", &T::primary_key),
                                                 field("uniques", &T::uniques),
                                                 field("foreign_keys", &T::foreign_keys),
                                                 field("checks", &T::checks),
                                                 field("exclusions", &T::exclusions),
                                                 field("indexes", &T::indexes),
                                                 field("options", &T::options),
                                                 field("row_security", &T::row_security),
                                                 field("force_row_security", &T::force_row_security),
                                                 field("comment", &T::comment),
                                                 field("sql", &T::sql)};
        return table;
    }
};

template <>
struct FieldTable<model::View> {
    using T = model::View;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("schema", &T::schema),           field("name", &T::name),
                                                 field("definition", &T::definition),   field("sql", &T::sql),
                                                 field("materialized", &T::materialized), field("indexes", &T::indexes),
                                                 field("options", &T::options),         field("comment", &T::comment)};
        return table;
    }
};

template <>
struct FieldTable<model::Trigger> {
    using T = model::Trigger;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("schema", &T::schema), field("name", &T::name),
                                                 field("table", &T::table),   field("timing", &T::timing),
                                                 field("event", &T::event),   field("definition", &T::definition),
                                                 field("sql", &T::sql),       field("enabled", &T::enabled)};
        return table;
    }
};

template <>
struct FieldTable<model::SeedStatement> {
    using T = model::SeedStatement;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("table", &T::table), field("sql", &T::sql), field("location", &T::location)};
        return table;
    }
};

template <>
struct FieldTable<model::RenameAnnotation> {
    using T = model::RenameAnnotation;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("kind", &T::kind), field("table", &T::table), field("column", &T::column),
                                                 field("from", &T::from), field("location", &T::location)};
        return table;
    }
};

template <>
struct FieldTable<model::Schema> {
    using T = model::Schema;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("name", &T::name), field("comment", &T::comment)};
        return table;
    }
};

template <>
struct FieldTable<model::Extension> {
    using T = model::Extension;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("name", &T::name), field("version", &T::version),
                                                 field("schema", &T::schema), field("comment", &T::comment)};
        return table;
    }
};

template <>
struct FieldTable<model::AvailableExtension> {
    using T = model::AvailableExtension;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("name", &T::name), field("default_version", &T::default_version)};
        return table;
    }
};

template <>
struct FieldTable<model::TypeAttribute> {
    using T = model::TypeAttribute;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("name", &T::name), field("type", &T::type), field("collation", &T::collation)};
        return table;
    }
};

template <>
struct FieldTable<model::UserType> {
    using T = model::UserType;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{
            field("schema", &T::schema),         field("name", &T::name),       field("kind", &T::kind),
            field("labels", &T::labels),         field("base_type", &T::base_type), field("not_null", &T::not_null),
            field("default", &T::default_expr),  field("checks", &T::checks),   field("attributes", &T::attributes),
            field("collation", &T::collation),   field("comment", &T::comment)};
        return table;
    }
};

template <>
struct FieldTable<model::Sequence> {
    using T = model::Sequence;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{
            field("schema", &T::schema),       field("name", &T::name),         field("data_type", &T::data_type),
            field("start", &T::start),         field("increment", &T::increment), field("min_value", &T::min_value),
            field("max_value", &T::max_value), field("cache", &T::cache),       field("cycle", &T::cycle),
            field("owned_by", &T::owned_by),   field("comment", &T::comment)};
        return table;
    }
};

template <>
struct FieldTable<model::Function> {
    using T = model::Function;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{
            field("schema", &T::schema),         field("name", &T::name),
            field("arguments", &T::arguments),   field("kind", &T::kind),
            field("result", &T::result),         field("language", &T::language),
            field("volatility", &T::volatility), field("security_definer", &T::security_definer),
            field("strict", &T::strict),         field("body", &T::body),
            field("body_key", &T::body_key),     field("definition", &T::definition),
            field("comment", &T::comment)};
        return table;
    }
};

template <>
struct FieldTable<model::Policy> {
    using T = model::Policy;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("schema", &T::schema),       field("table", &T::table),
                                                 field("name", &T::name),           field("command", &T::command),
                                                 field("permissive", &T::permissive), field("roles", &T::roles),
                                                 field("using", &T::using_expr),    field("with_check", &T::with_check)};
        return table;
    }
};

template <>
struct FieldTable<model::UnsupportedObject> {
    using T = model::UnsupportedObject;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("kind", &T::kind), field("name", &T::name)};
        return table;
    }
};

template <>
struct FieldTable<model::PrivilegeNote> {
    using T = model::PrivilegeNote;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("kind", &T::kind), field("reason", &T::reason)};
        return table;
    }
};

// The document's top level after "format" and "version" (which read_snapshot checks itself).
template <>
struct FieldTable<model::Catalog> {
    using T = model::Catalog;
    static const std::vector<Field<T>>& fields() {
        static const std::vector<Field<T>> table{field("engine", &T::engine),
                                                 field("name_matching", &T::name_matching),
                                                 field("server_version", &T::server_version),
                                                 field("catalog_comments", &T::catalog_comments),
                                                 field("tables", &T::tables),
                                                 field("views", &T::views),
                                                 field("triggers", &T::triggers),
                                                 field("seeds", &T::seeds),
                                                 field("renames", &T::renames),
                                                 field("schemas", &T::schemas),
                                                 field("extensions", &T::extensions),
                                                 field("available_extensions", &T::available_extensions),
                                                 field("types", &T::types),
                                                 field("sequences", &T::sequences),
                                                 field("functions", &T::functions),
                                                 field("materialized_views", &T::materialized_views),
                                                 field("policies", &T::policies),
                                                 field("unsupported", &T::unsupported),
                                                 field("privilege_notes", &T::privilege_notes)};
        return table;
    }
};

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
    Json object = Json::object();
    for (const Field<T>& f : FieldTable<T>::fields()) f.write(object, value);
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

template <typename T>
const Field<T>* find_field(std::string_view key) {
    for (const Field<T>& f : FieldTable<T>::fields())
        if (key == f.key) return &f;
    return nullptr;
}

template <Described T>
void decode(const Json& json, T& out, const Path& path) {
    if (!json.is_object()) expected(path, "an object", json);
    for (const auto& [key, value] : json.items()) {
        const Field<T>* f = find_field<T>(key);
        if (!f) fail(path, "unknown key \"" + key + "\"");
        f->read(value, out, Path{&path, key});
    }
}

[[noreturn]] void bad_snapshot(const std::string& source, const std::string& what, const std::string& hint = {}) {
    throw util::InputError(source + ": " + what, hint);
}

}  // namespace

std::string write_snapshot(const model::Catalog& catalog) {
    Json root = Json::object();
    root["format"] = std::string(k_format_name);
    root["version"] = k_format_version;
    for (const Field<model::Catalog>& f : FieldTable<model::Catalog>::fields()) f.write(root, catalog);
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
            const Field<model::Catalog>* f = find_field<model::Catalog>(key);
            if (!f) fail(top, "unknown key \"" + key + "\"");
            f->read(value, catalog, Path{&top, key});
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
