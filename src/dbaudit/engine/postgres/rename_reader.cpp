#include "dbaudit/engine/postgres/rename_reader.hpp"

#include <cctype>

#include "dbaudit/engine/sqlite/rename_annotations.hpp"
#include "dbaudit/util/source_location.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

// One identifier at `at`: quoted (kept as written) or not (folded to lower case, as PostgreSQL does).
std::string identifier(std::string_view text, std::size_t& at) {
    std::string out;
    if (at < text.size() && text[at] == '"') {
        for (++at; at < text.size(); ++at) {
            if (text[at] == '"') {
                if (at + 1 < text.size() && text[at + 1] == '"') {
                    out += '"';
                    ++at;
                    continue;
                }
                ++at;
                break;
            }
            out += text[at];
        }
        return out;
    }
    while (at < text.size() && (std::isalnum(static_cast<unsigned char>(text[at])) || text[at] == '_' || text[at] == '$' ||
                                static_cast<unsigned char>(text[at]) >= 0x80))
        out += text[at++];
    return util::ascii_lower(out);
}

void skip_space(std::string_view text, std::size_t& at) {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
}

bool word(std::string_view text, std::size_t& at, std::string_view expected) {
    skip_space(text, at);
    if (text.size() - at < expected.size() || !util::iequals(text.substr(at, expected.size()), expected)) return false;
    const std::size_t end = at + expected.size();
    if (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) return false;
    at = end;
    return true;
}

}  // namespace

std::string created_table(std::string_view statement) {
    std::size_t at = 0;
    if (!word(statement, at, "CREATE")) return {};
    for (const char* modifier : {"GLOBAL", "LOCAL"}) word(statement, at, modifier);
    for (const char* modifier : {"TEMPORARY", "TEMP", "UNLOGGED"}) word(statement, at, modifier);
    if (!word(statement, at, "TABLE")) return {};
    if (word(statement, at, "IF")) {
        word(statement, at, "NOT");
        word(statement, at, "EXISTS");
    }
    skip_space(statement, at);
    std::string first = identifier(statement, at);
    if (first.empty()) return {};
    if (at < statement.size() && statement[at] == '.') {
        ++at;
        return first + "." + identifier(statement, at);
    }
    return "public." + first;
}

std::vector<model::RenameAnnotation> read_renames(const SplitSchema& schema) {
    std::vector<model::RenameAnnotation> out;
    std::size_t previous_end = 0;
    const SchemaFile* previous_file = nullptr;
    for (const SqlStatement& statement : schema.statements) {
        const std::string& text = statement.file->text;
        if (statement.file != previous_file) previous_end = 0;
        std::size_t trivia_begin = previous_end;
        if (trivia_begin < text.size() && text[trivia_begin] == ';') ++trivia_begin;
        previous_end = statement.end;
        previous_file = statement.file;
        const std::string table = created_table(statement.text());
        if (table.empty()) continue;
        const std::string_view trivia = std::string_view(text).substr(trivia_begin, statement.begin - trivia_begin);
        for (model::RenameAnnotation& annotation : sqlite::read_rename_annotations(trivia, statement.text(), table)) {
            annotation.location = util::locate(statement.file->path, text, statement.begin);
            out.push_back(std::move(annotation));
        }
    }
    return out;
}

}  // namespace dbaudit::engine::postgres
