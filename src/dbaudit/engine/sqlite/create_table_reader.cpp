#include "dbaudit/engine/sqlite/create_table_reader.hpp"

#include <algorithm>

#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::sqlite {

namespace {

using Tokens = std::vector<Token>;

// Index just past the parenthesised group that opens at tokens[i].
std::size_t skip_group(const Tokens& tokens, std::size_t i) {
    int depth = 0;
    for (; i < tokens.size(); ++i) {
        if (tokens[i].is_punct('(')) ++depth;
        if (tokens[i].is_punct(')') && --depth == 0) return i + 1;
    }
    return i;
}

// The source text between two tokens (inclusive), so expressions keep their spelling.
std::string text_between(std::string_view sql, const Token& first, const Token& last) {
    const std::size_t end = last.offset + last.text.size();
    return std::string(sql.substr(first.offset, end - first.offset));
}

// Text inside the group that opens at tokens[open]; `next` receives the index past it.
std::string group_text(std::string_view sql, const Tokens& tokens, std::size_t open, std::size_t& next) {
    next = skip_group(tokens, open);
    if (next - open < 3) return {};
    return text_between(sql, tokens[open + 1], tokens[next - 2]);
}

// Names in "(a, b COLLATE x DESC, ...)": the first name of each element.
std::vector<std::string> group_names(const Tokens& tokens, std::size_t open, std::size_t& next) {
    next = skip_group(tokens, open);
    std::vector<std::string> names;
    bool expect_name = true;
    int depth = 0;
    for (std::size_t i = open + 1; i + 1 < next; ++i) {
        if (tokens[i].is_punct('(')) ++depth;
        if (tokens[i].is_punct(')')) --depth;
        if (depth == 0 && tokens[i].is_punct(',')) {
            expect_name = true;
        } else if (expect_name && tokens[i].is_name()) {
            names.push_back(unquote_identifier(tokens[i]));
            expect_name = false;
        }
    }
    return names;
}

bool starts_constraint(const Token& token) {
    for (const char* keyword : {"CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT",
                                "COLLATE", "REFERENCES", "GENERATED", "AS"}) {
        if (token.is_word(keyword)) return true;
    }
    return false;
}

struct References {
    std::string table;
    bool deferrable = false;
    bool initially_deferred = false;
    std::size_t end = 0;  // index of the first token after the clause
};

// Reads the REFERENCES clause starting at tokens[i] (the REFERENCES keyword) up to `end`:
// the target, and the deferrability the pragmas do not report.
References read_references(const Tokens& tokens, std::size_t i, std::size_t end) {
    References out;
    out.end = end;
    if (i + 1 < end && tokens[i + 1].is_name()) out.table = unquote_identifier(tokens[i + 1]);
    for (std::size_t j = i + 2; j < end; ++j) {
        if (tokens[j].is_punct('(')) {
            j = skip_group(tokens, j) - 1;
            continue;
        }
        if (tokens[j].is_word("DEFERRABLE")) {
            out.deferrable = !(j > 0 && tokens[j - 1].is_word("NOT"));
            out.initially_deferred = out.deferrable && j + 2 < end && tokens[j + 1].is_word("INITIALLY") &&
                                     tokens[j + 2].is_word("DEFERRED");
        }
        // Another column constraint starts: the clause is over.
        if (tokens[j].is_word("CONSTRAINT") || tokens[j].is_word("CHECK") || tokens[j].is_word("DEFAULT") ||
            tokens[j].is_word("COLLATE") || tokens[j].is_word("UNIQUE") || tokens[j].is_word("PRIMARY") ||
            tokens[j].is_word("GENERATED") || tokens[j].is_word("REFERENCES") || tokens[j].is_word("AS") ||
            (tokens[j].is_word("NOT") && j + 1 < end && tokens[j + 1].is_word("NULL"))) {
            out.end = j;
            break;
        }
    }
    return out;
}

ParsedColumn read_column(std::string_view sql, const Tokens& tokens, std::size_t begin, std::size_t end) {
    ParsedColumn column;
    column.name = unquote_identifier(tokens[begin]);
    std::string pending_name;
    std::size_t i = begin + 1;
    while (i < end && !starts_constraint(tokens[i])) {  // the declared type
        i = tokens[i].is_punct('(') ? skip_group(tokens, i) : i + 1;
    }
    if (i > begin + 1) column.type = text_between(sql, tokens[begin + 1], tokens[i - 1]);
    while (i < end) {
        const Token& token = tokens[i];
        if (token.is_word("CONSTRAINT") && i + 1 < end) {
            pending_name = unquote_identifier(tokens[i + 1]);
            i += 2;
            continue;
        }
        if (token.is_word("PRIMARY")) {
            column.primary_key = true;
            column.primary_key_name = pending_name;
            column.primary_key_desc = i + 2 < end && tokens[i + 2].is_word("DESC");
        } else if (token.is_word("NOT") && i + 1 < end && tokens[i + 1].is_word("NULL")) {
            column.not_null = true;
            pending_name.clear();
            i += 2;
            continue;
        } else if (token.is_word("STORED")) {
            column.generated_stored = true;
        } else if (token.is_word("UNIQUE")) {
            column.unique_name = pending_name;
        } else if (token.is_word("AUTOINCREMENT")) {
            column.autoincrement = true;
        } else if (token.is_word("COLLATE") && i + 1 < end) {
            column.collation = unquote_identifier(tokens[i + 1]);
            i += 2;
            continue;
        } else if (token.is_word("CHECK") && i + 1 < end && tokens[i + 1].is_punct('(')) {
            std::size_t next;
            column.checks.push_back({pending_name, group_text(sql, tokens, i + 1, next)});
            pending_name.clear();
            i = next;
            continue;
        } else if (token.is_word("REFERENCES")) {
            column.foreign_key_name = pending_name;
            const References references = read_references(tokens, i, end);
            column.references_table = references.table;
            column.foreign_key_deferrable = references.deferrable;
            column.foreign_key_initially_deferred = references.initially_deferred;
            pending_name.clear();
            i = std::max(references.end, i + 1);  // ON DELETE SET NULL is not a NULL constraint
            continue;
        } else if (token.is_word("AS") && i + 1 < end && tokens[i + 1].is_punct('(')) {
            std::size_t next;
            column.generation_expr = group_text(sql, tokens, i + 1, next);
            i = next;
            continue;
        } else if (token.is_word("DEFAULT") && i + 1 < end) {
            column.has_default = true;
            pending_name.clear();
            if (tokens[i + 1].is_punct('(')) {  // a default expression may contain any keyword
                std::size_t next;
                column.default_text = group_text(sql, tokens, i + 1, next);
                i = next;
            } else if ((tokens[i + 1].is_punct('-') || tokens[i + 1].is_punct('+')) && i + 2 < end) {
                column.default_text = text_between(sql, tokens[i + 1], tokens[i + 2]);
                i += 3;
            } else {
                column.default_text = std::string(tokens[i + 1].text);
                i += 2;
            }
            continue;
        } else if (token.is_punct('(')) {
            i = skip_group(tokens, i);
            continue;
        }
        if (!token.is_word("CONSTRAINT") && starts_constraint(token)) pending_name.clear();
        ++i;
    }
    return column;
}

ParsedTableConstraint read_table_constraint(std::string_view sql, const Tokens& tokens, std::size_t begin,
                                            std::size_t end) {
    ParsedTableConstraint constraint{ParsedConstraintKind::check, {}, {}, {}, {}};
    std::size_t i = begin;
    if (tokens[i].is_word("CONSTRAINT") && i + 1 < end) {
        constraint.name = unquote_identifier(tokens[i + 1]);
        i += 2;
    }
    if (i >= end) return constraint;
    const Token& keyword = tokens[i];
    std::size_t open = i + 1;
    if (keyword.is_word("PRIMARY") || keyword.is_word("FOREIGN")) ++open;  // skip KEY
    if (keyword.is_word("PRIMARY")) constraint.kind = ParsedConstraintKind::primary_key;
    if (keyword.is_word("UNIQUE")) constraint.kind = ParsedConstraintKind::unique;
    if (keyword.is_word("FOREIGN")) constraint.kind = ParsedConstraintKind::foreign_key;
    if (open >= end || !tokens[open].is_punct('(')) return constraint;
    std::size_t next;
    if (constraint.kind == ParsedConstraintKind::check) {
        constraint.expression = group_text(sql, tokens, open, next);
    } else {
        constraint.columns = group_names(tokens, open, next);
        for (std::size_t j = open; j < next; ++j) {
            if (tokens[j].is_word("AUTOINCREMENT")) constraint.autoincrement = true;
        }
    }
    if (constraint.kind == ParsedConstraintKind::foreign_key) {
        for (std::size_t j = next; j < end; ++j) {
            if (tokens[j].is_word("REFERENCES")) {
                const References references = read_references(tokens, j, end);
                constraint.references_table = references.table;
                constraint.deferrable = references.deferrable;
                constraint.initially_deferred = references.initially_deferred;
                break;
            }
        }
    }
    return constraint;
}

bool is_table_constraint_start(const Token& token) {
    return token.is_word("CONSTRAINT") || token.is_word("PRIMARY") || token.is_word("UNIQUE") ||
           token.is_word("CHECK") || token.is_word("FOREIGN");
}

}  // namespace

ParsedCreateTable read_create_table(std::string_view sql) {
    ParsedCreateTable table;
    const Tokens tokens = tokenize_significant(sql);
    std::size_t i = 0;
    // CREATE VIRTUAL TABLE: only the second word decides (a table may be named "virtual").
    if (tokens.size() > 1 && tokens[1].is_word("VIRTUAL")) {
        table.is_virtual = true;
        return table;
    }
    while (i < tokens.size() && !tokens[i].is_punct('(')) {
        if (tokens[i].is_word("AS")) {
            table.is_select = true;
            return table;
        }
        ++i;
    }
    if (i == tokens.size()) return table;
    const std::size_t body_end = skip_group(tokens, i) - 1;  // index of the closing ')'

    // Split the body at top-level commas.
    std::size_t item_begin = i + 1;
    int depth = 0;
    for (std::size_t j = i + 1; j <= body_end && j < tokens.size(); ++j) {
        if (tokens[j].is_punct('(')) ++depth;
        if (tokens[j].is_punct(')')) --depth;
        const bool item_done = (depth == 0 && tokens[j].is_punct(',')) || j == body_end;
        if (!item_done) continue;
        if (j > item_begin) {
            if (is_table_constraint_start(tokens[item_begin])) {
                table.constraints.push_back(read_table_constraint(sql, tokens, item_begin, j));
            } else {
                table.columns.push_back(read_column(sql, tokens, item_begin, j));
            }
        }
        item_begin = j + 1;
    }

    // PRIMARY KEY (id AUTOINCREMENT) written at table level marks the column as well.
    for (const ParsedTableConstraint& constraint : table.constraints) {
        if (constraint.kind != ParsedConstraintKind::primary_key || !constraint.autoincrement) continue;
        for (ParsedColumn& column : table.columns) {
            if (constraint.columns.size() == 1 && util::iequals(column.name, constraint.columns[0])) column.autoincrement = true;
        }
    }
    for (std::size_t j = body_end + 1; j < tokens.size(); ++j) {
        if (tokens[j].is_word("ROWID")) table.without_rowid = true;
        if (tokens[j].is_word("STRICT")) table.strict = true;
    }
    return table;
}

}  // namespace dbaudit::engine::sqlite
