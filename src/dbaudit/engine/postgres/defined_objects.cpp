#include "dbaudit/engine/postgres/defined_objects.hpp"

#include <cctype>
#include <optional>
#include <tuple>
#include <string>

#include "dbaudit/util/source_location.hpp"

namespace dbaudit::engine::postgres {

namespace {

constexpr std::size_t k_words_read = 96;  // enough for CREATE TRIGGER ... UPDATE OF a, b, c ... ON table

class Words {
public:
    explicit Words(std::vector<std::string> words) : m_words(std::move(words)) {}
    const std::string& at(std::size_t i) const {
        static const std::string none;
        return i < m_words.size() ? m_words[i] : none;
    }
    std::size_t size() const { return m_words.size(); }
    bool is_name(std::size_t i) const {
        const std::string& w = at(i);
        return !w.empty() && (w[0] == '"' || std::isalpha(static_cast<unsigned char>(w[0])) || w[0] == '_' ||
                              static_cast<unsigned char>(w[0]) >= 0x80);
    }
    // Skips the given optional words in order, each at most once.
    std::size_t skip(std::size_t i, std::initializer_list<const char*> optional) const {
        for (const char* word : optional)
            if (at(i) == word) ++i;
        return i;
    }
    std::size_t skip_if_not_exists(std::size_t i) const {
        return at(i) == "IF" && at(i + 1) == "NOT" && at(i + 2) == "EXISTS" ? i + 3 : i;
    }
    // A possibly qualified name at `i`: {schema or empty, name, index after it}.
    std::optional<std::tuple<std::string, std::string, std::size_t>> name_at(std::size_t i) const {
        if (!is_name(i)) return std::nullopt;
        if (at(i + 1) == "." && is_name(i + 2)) return std::make_tuple(identifier_value(at(i)), identifier_value(at(i + 2)), i + 3);
        return std::make_tuple(std::string(), identifier_value(at(i)), i + 1);
    }
    std::optional<std::size_t> find(std::string_view word, std::size_t from) const {
        for (std::size_t i = from; i < m_words.size(); ++i)
            if (m_words[i] == word) return i;
        return std::nullopt;
    }

private:
    std::vector<std::string> m_words;
};

std::string qualify(const std::string& schema, const std::string& name, const std::string& default_schema) {
    return (schema.empty() ? default_schema : schema) + "." + name;
}

// `SET [SESSION|LOCAL] search_path TO|= a, b`: the schema unqualified names are created in.
std::optional<std::string> search_path_schema(const Words& w) {
    std::size_t i = w.skip(1, {"SESSION", "LOCAL"});
    if (w.at(0) != "SET" || w.at(i) != "SEARCH_PATH" || (w.at(i + 1) != "TO" && w.at(i + 1) != "=")) return std::nullopt;
    const std::string& first = w.at(i + 2);
    if (!w.is_name(i + 2) || first == "DEFAULT") return std::nullopt;
    return identifier_value(first);
}

std::optional<model::ObjectSource> defined_object(const Words& w, const std::string& default_schema) {
    using model::DefinedKind;
    if (w.at(0) != "CREATE") return std::nullopt;
    std::size_t i = w.skip(1, {"OR", "REPLACE", "GLOBAL", "LOCAL", "TEMP", "TEMPORARY", "UNLOGGED", "UNIQUE", "RECURSIVE",
                               "CONSTRAINT"});
    const std::string kind_word = w.at(i);
    model::ObjectSource source;
    if (kind_word == "TABLE" || kind_word == "VIEW" || kind_word == "SEQUENCE" || kind_word == "TYPE" || kind_word == "DOMAIN" ||
        kind_word == "FUNCTION" || kind_word == "PROCEDURE" || kind_word == "SCHEMA" || kind_word == "EXTENSION" ||
        (kind_word == "MATERIALIZED" && w.at(i + 1) == "VIEW")) {
        if (kind_word == "MATERIALIZED") ++i;
        const auto name = w.name_at(w.skip_if_not_exists(i + 1));
        if (!name) return std::nullopt;
        const auto& [schema, object, after] = *name;
        (void)after;
        if (kind_word == "SCHEMA" || kind_word == "EXTENSION") {
            if (kind_word == "SCHEMA" && w.at(i + 1) == "AUTHORIZATION") return std::nullopt;
            source.kind = kind_word == "SCHEMA" ? DefinedKind::schema : DefinedKind::extension;
            source.name = object;
            return source;
        }
        source.kind = kind_word == "TABLE"                                   ? DefinedKind::table
                      : kind_word == "VIEW"                                  ? DefinedKind::view
                      : kind_word == "MATERIALIZED"                          ? DefinedKind::materialized_view
                      : kind_word == "SEQUENCE"                              ? DefinedKind::sequence
                      : kind_word == "FUNCTION" || kind_word == "PROCEDURE" ? DefinedKind::function
                                                                             : DefinedKind::type;
        source.name = qualify(schema, object, default_schema);
        return source;
    }
    if (kind_word == "INDEX" || kind_word == "TRIGGER" || kind_word == "POLICY") {
        std::size_t at = w.skip_if_not_exists(w.skip(i + 1, {"CONCURRENTLY"}));
        std::optional<std::tuple<std::string, std::string, std::size_t>> name;
        if (w.at(at) != "ON") name = w.name_at(at);
        const auto on = w.find("ON", name ? std::get<2>(*name) : at);
        if (!on) return std::nullopt;
        const auto table = w.name_at(w.skip(*on + 1, {"ONLY"}));
        if (!table) return std::nullopt;
        const std::string table_schema = std::get<0>(*table).empty() ? default_schema : std::get<0>(*table);
        source.table = table_schema + "." + std::get<1>(*table);
        source.kind = kind_word == "INDEX" ? DefinedKind::index : kind_word == "TRIGGER" ? DefinedKind::trigger : DefinedKind::policy;
        if (!name) return source.kind == DefinedKind::index ? std::optional(source) : std::nullopt;  // named by the server
        // An index lives in its table's schema; trigger and policy names are unique per table, and
        // the catalog qualifies them with it.
        source.name = source.kind == DefinedKind::index ? table_schema + "." + std::get<1>(*name) : source.table + "." + std::get<1>(*name);
        return source;
    }
    return std::nullopt;
}

}  // namespace

std::vector<model::ObjectSource> defined_objects(const SplitSchema& split) {
    std::vector<model::ObjectSource> out;
    // The shadow load runs every file on one session, so a SET search_path lasts into later files.
    std::string default_schema = "public";
    const SchemaFile* current_file = nullptr;
    std::optional<util::Locator> locator;
    for (const SqlStatement& statement : split.statements) {
        if (statement.file != current_file) {
            current_file = statement.file;
            locator.emplace(current_file->path, current_file->text);
        }
        const Words words(leading_words(statement.text(), k_words_read));
        if (auto schema = search_path_schema(words)) {
            default_schema = *schema;
            continue;
        }
        if (auto source = defined_object(words, default_schema)) {
            source->location = locator->at(statement.begin);
            out.push_back(std::move(*source));
        }
    }
    return out;
}

}  // namespace dbaudit::engine::postgres
