#include "dbaudit/report/markdown_text.hpp"

#include <algorithm>

namespace dbaudit::report::markdown {

namespace {

std::size_t longest_backtick_run(std::string_view raw) {
    std::size_t longest = 0, run = 0;
    for (char c : raw) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

std::string one_line(std::string_view raw) {
    std::string out(raw);
    for (char& c : out)
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    return out;
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string text(std::string_view raw) {
    std::string out;
    for (char c : one_line(raw)) {
        // Backslash escapes are valid before any ASCII punctuation; these are the ones that can
        // start emphasis, code, links, HTML, entities or strikethrough.
        if (std::string_view("\\`*_[]<>~&|#!").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

std::string code(std::string_view raw) {
    const std::string content = one_line(raw);
    if (content.empty()) return "` `";
    const std::string fence(longest_backtick_run(content) + 1, '`');
    // A space on each side keeps a leading or trailing backtick out of the fence (and is stripped).
    const bool pad = content.front() == '`' || content.back() == '`' || (content.front() == ' ' && content.back() == ' ');
    return fence + (pad ? " " : "") + content + (pad ? " " : "") + fence;
}

std::string fenced(std::string_view content, std::string_view info) {
    const std::string fence(std::max<std::size_t>(3, longest_backtick_run(content) + 1), '`');
    std::string out = fence + std::string(info) + "\n" + std::string(content);
    if (!out.empty() && out.back() != '\n') out += '\n';
    return out + fence + "\n";
}

std::string table_row(const std::vector<std::string>& cells) {
    std::string out = "|";
    for (const std::string& cell : cells) {
        std::string escaped;
        for (std::size_t i = 0; i < cell.size(); ++i) {
            // Already escaped by text(): leave "\|" alone; escape every other pipe.
            if (cell[i] == '|' && !(i > 0 && cell[i - 1] == '\\' && (i < 2 || cell[i - 2] != '\\'))) escaped += '\\';
            escaped += cell[i];
        }
        out += ' ';
        out += escaped.empty() ? std::string(" ") : escaped;
        out += " |";
    }
    return out + "\n";
}

std::string table_header(const std::vector<std::string>& cells, const std::vector<std::size_t>& right) {
    std::string out = table_row(cells) + "|";
    for (std::size_t i = 0; i < cells.size(); ++i)
        out += std::find(right.begin(), right.end(), i) != right.end() ? " ---: |" : " --- |";
    return out + "\n";
}

std::string anchor(std::string_view heading) {
    std::string out;
    for (char c : heading) {
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c - 'A' + 'a');
        else if (is_word_char(c) || c == '-') out += c;
        else if (c == ' ') out += '-';
    }
    return out;
}

std::string mermaid_name(std::string_view raw) {
    std::string out;
    for (char c : raw) out += is_word_char(c) ? c : '_';
    if (out.empty() || (out[0] >= '0' && out[0] <= '9')) out.insert(0, 1, '_');
    return out;
}

std::string mermaid_type(std::string_view raw) {
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (is_word_char(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '-') out += c;
        else if (c == ' ' && i > 0 && raw[i - 1] == ',') continue;  // "DECIMAL(10, 2)" -> "DECIMAL(10_2)"
        else if (c == ' ' || c == ',' || c == '.') out += '_';
    }
    if (out.empty()) return "ANY";  // SQLite allows a column without a declared type
    if (!((out[0] >= 'a' && out[0] <= 'z') || (out[0] >= 'A' && out[0] <= 'Z') || out[0] == '_')) out.insert(0, 1, '_');
    return out;
}

std::string mermaid_quoted(std::string_view raw) {
    std::string out = "\"";
    for (char c : one_line(raw)) out += c == '"' ? '\'' : c;
    return out + "\"";
}

}  // namespace dbaudit::report::markdown
