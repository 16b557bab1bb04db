#include "dbaudit/engine/sqlite/rename_annotations.hpp"

#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/util/source_location.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::sqlite {

namespace {

std::size_t find_icase(std::string_view text, std::string_view needle) {
    if (needle.size() > text.size()) return std::string_view::npos;
    for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
        if (util::iequals(text.substr(i, needle.size()), needle)) return i;
    }
    return std::string_view::npos;
}

bool starts_table_constraint(const Token& token) {
    return token.is_word("CONSTRAINT") || token.is_word("PRIMARY") || token.is_word("UNIQUE") ||
           token.is_word("CHECK") || token.is_word("FOREIGN");
}

}  // namespace

std::optional<std::string> renamed_from(std::string_view comment) {
    std::string_view rest;
    if (const auto at = find_icase(comment, "dbaudit:renamed-from"); at != std::string_view::npos) {
        rest = comment.substr(at + std::string_view("dbaudit:renamed-from").size());
    } else if (const auto at = find_icase(comment, "@renamed"); at != std::string_view::npos) {
        rest = util::trim(comment.substr(at + std::string_view("@renamed").size()));
        if (!util::starts_with_icase(rest, "from=")) return std::nullopt;
        rest = rest.substr(5);
    } else {
        return std::nullopt;
    }
    if (const auto close = rest.find("*/"); close != std::string_view::npos) rest = rest.substr(0, close);
    for (const Token& token : tokenize_significant(rest)) {
        if (!token.is_name()) return std::nullopt;
        std::string name = unquote_identifier(token);
        if (name.empty()) return std::nullopt;
        return name;
    }
    return std::nullopt;
}

namespace {

// An annotation and where its comment starts: in the leading trivia, or in the statement.
struct Found {
    model::RenameAnnotation annotation;
    bool in_trivia = false;
    std::size_t offset = 0;
};

std::vector<Found> find_annotations(std::string_view leading_trivia, std::string_view statement, const std::string& table) {
    std::vector<Found> out;
    std::size_t at = 0;  // offset of the comment being read
    bool in_trivia = true;
    auto add_table = [&](std::string from) {
        out.push_back({{model::RenameKind::table, table, {}, std::move(from), {}}, in_trivia, at});
    };
    auto add_column = [&](const std::string& column, std::string from) {
        if (!column.empty()) out.push_back({{model::RenameKind::column, table, column, std::move(from), {}}, in_trivia, at});
    };

    // The comment lines directly above the statement, bottom up, until a line that is not one.
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= leading_trivia.size();) {
        const std::size_t end = leading_trivia.find('\n', start);
        lines.push_back(leading_trivia.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
        const std::string_view line = util::trim(*it);
        if (it == lines.rbegin() && line.empty()) continue;  // the statement's own line start
        if (!line.starts_with("--") && !line.starts_with("/*")) break;
        at = static_cast<std::size_t>(line.data() - leading_trivia.data());
        if (auto from = renamed_from(line)) add_table(std::move(*from));
    }
    in_trivia = false;

    enum class Phase { header, body, after };
    Phase phase = Phase::header;
    int depth = 0;
    bool item_started = false;
    std::string current_column, previous_column;
    std::vector<std::pair<std::string, std::size_t>> pending;  // annotations waiting for the next column
    const Token* last = nullptr;       // the last significant token
    for (const Token& token : tokenize(statement)) {
        if (token.kind == TokenKind::space) continue;
        if (token.kind == TokenKind::comment) {
            at = token.offset;
            auto from = renamed_from(token.text);
            if (!from) continue;
            if (phase != Phase::body || !last) {
                add_table(std::move(*from));
                continue;
            }
            const std::size_t last_end = last->offset + last->text.size();
            const bool own_line = statement.substr(last_end, token.offset - last_end).find('\n') != std::string_view::npos;
            if (item_started) {
                add_column(current_column, std::move(*from));
            } else if (last->is_punct('(')) {
                if (own_line) pending.emplace_back(std::move(*from), at); else add_table(std::move(*from));
            } else {  // after a comma
                if (own_line) pending.emplace_back(std::move(*from), at); else add_column(previous_column, std::move(*from));
            }
            continue;
        }
        last = &token;
        if (phase == Phase::header) {
            if (token.is_punct('(')) {
                phase = Phase::body;
                depth = 1;
            }
            continue;
        }
        if (phase == Phase::after) continue;
        if (token.is_punct('(')) ++depth;
        if (token.is_punct(')') && --depth == 0) {
            phase = Phase::after;
            continue;
        }
        if (depth == 1 && token.is_punct(',')) {
            previous_column = current_column;
            current_column.clear();
            item_started = false;
            continue;
        }
        if (!item_started) {
            item_started = true;
            current_column = starts_table_constraint(token) ? std::string() : unquote_identifier(token);
            for (auto& [from, offset] : pending) {
                at = offset;
                add_column(current_column, std::move(from));
            }
            pending.clear();
        }
    }
    return out;
}

}  // namespace

std::vector<model::RenameAnnotation> read_rename_annotations(std::string_view leading_trivia, std::string_view statement,
                                                             const std::string& table) {
    std::vector<model::RenameAnnotation> out;
    for (Found& found : find_annotations(leading_trivia, statement, table)) out.push_back(std::move(found.annotation));
    return out;
}

void append_rename_annotations(const SchemaFile& file, const StatementSpan& span, const std::string& table,
                               std::vector<model::RenameAnnotation>& out) {
    for (Found& found : find_annotations(span.leading_trivia(file.text), span.text(file.text), table)) {
        found.annotation.location = util::locate(file.path, file.text, (found.in_trivia ? span.trivia_begin : span.begin) + found.offset);
        out.push_back(std::move(found.annotation));
    }
}

}  // namespace dbaudit::engine::sqlite
