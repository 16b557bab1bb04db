#include "dbaudit/engine/sqlite/table_definition.hpp"

#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::sqlite {

namespace {

bool starts_table_constraint(const Token& token) {
    return token.is_word("CONSTRAINT") || token.is_word("PRIMARY") || token.is_word("UNIQUE") ||
           token.is_word("CHECK") || token.is_word("FOREIGN");
}

// Index of the significant token that opens the body, or tokens.size().
std::size_t body_open(const std::vector<Token>& tokens) {
    if (tokens.size() > 1 && tokens[1].is_word("VIRTUAL")) return tokens.size();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].is_word("AS")) return tokens.size();
        if (tokens[i].is_punct('(')) return i;
    }
    return tokens.size();
}

}  // namespace

std::vector<TableItem> table_items(std::string_view sql) {
    std::vector<TableItem> items;
    const auto tokens = tokenize_significant(sql);
    const std::size_t open = body_open(tokens);
    if (open >= tokens.size()) return items;
    int depth = 0;
    std::size_t first = open + 1;
    for (std::size_t j = open; j < tokens.size(); ++j) {
        if (tokens[j].is_punct('(')) {
            ++depth;
            continue;
        }
        const bool closes_body = tokens[j].is_punct(')') && depth == 1;
        if (tokens[j].is_punct(')')) --depth;
        if (!(closes_body || (depth == 1 && tokens[j].is_punct(',')))) continue;
        if (j > first) {
            TableItem item;
            item.begin = tokens[first].offset;
            item.end = tokens[j - 1].offset + tokens[j - 1].text.size();
            item.is_constraint = starts_table_constraint(tokens[first]);
            if (!item.is_constraint) item.column = unquote_identifier(tokens[first]);
            items.push_back(std::move(item));
        }
        first = j + 1;
        if (closes_body) break;
    }
    return items;
}

std::optional<std::string> column_definition(std::string_view sql, std::string_view column) {
    for (const TableItem& item : table_items(sql)) {
        if (!item.is_constraint && util::iequals(item.column, column))
            return std::string(sql.substr(item.begin, item.end - item.begin));
    }
    return std::nullopt;
}

std::optional<std::string> with_table_name(std::string_view sql, std::string_view new_name) {
    const auto tokens = tokenize_significant(sql);
    std::size_t i = 0;
    while (i < tokens.size() && !tokens[i].is_word("TABLE")) ++i;
    if (i + 1 >= tokens.size()) return std::nullopt;
    ++i;
    if (i + 2 < tokens.size() && tokens[i].is_word("IF") && tokens[i + 1].is_word("NOT") && tokens[i + 2].is_word("EXISTS"))
        i += 3;
    if (i >= tokens.size() || !tokens[i].is_name()) return std::nullopt;
    std::size_t last = i;
    if (i + 2 < tokens.size() && tokens[i + 1].is_punct('.') && tokens[i + 2].is_name()) last = i + 2;
    const std::size_t end = tokens[last].offset + tokens[last].text.size();
    return "CREATE TABLE " + quote_identifier(new_name) + std::string(sql.substr(end));
}

}  // namespace dbaudit::engine::sqlite
