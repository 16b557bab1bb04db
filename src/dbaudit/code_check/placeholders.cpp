#include "dbaudit/code_check/placeholders.hpp"

#include <algorithm>
#include <map>

namespace dbaudit::code_check {

namespace {

std::string numbered(int number) { return std::string(1, '$').append(std::to_string(number)); }

bool is_ident_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool word_in(std::string_view value, const SqlToken& token, std::initializer_list<std::string_view> words) {
    for (std::string_view w : words) {
        if (is_keyword(value, token, w)) return true;
    }
    return false;
}

// True when the token at `i` stands where SQL wants a name (a table, a column to sort by) rather
// than a value: `FROM %s`, `t_%s`, `%s.id`, `ORDER BY {col}`.
bool in_name_position(std::string_view value, const std::vector<SqlToken>& tokens, std::size_t first, std::size_t last,
                      std::size_t i) {
    const SqlToken& token = tokens[i];
    if (token.begin > tokens[first].begin && is_ident_char(value[token.begin - 1])) return true;
    if (token.end < value.size() && token.end < tokens[last - 1].end && is_ident_char(value[token.end])) return true;
    std::size_t p = i;
    while (p > first && tokens[p - 1].is_trivia()) --p;
    if (p > first) {
        const SqlToken& previous = tokens[p - 1];
        if (previous.kind == SqlTokenKind::punct && previous.text(value) == ".") return true;
        if (word_in(value, previous, {"FROM", "JOIN", "INTO", "UPDATE", "TABLE", "INDEX", "VIEW", "TRIGGER", "BY", "SELECT", "EXISTS"}))
            return true;
    }
    std::size_t n = i + 1;
    while (n < last && tokens[n].is_trivia()) ++n;
    return n < last && tokens[n].kind == SqlTokenKind::punct && tokens[n].text(value) == ".";
}

std::string quote_code(std::string_view code) {
    std::string out;
    bool space = false;
    for (char c : code) {
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    if (out.size() > 40) out = out.substr(0, 37) + "...";
    return "`" + out + "`";
}

}  // namespace

std::string dynamic_reason(std::string_view value, const std::vector<SqlToken>& tokens, std::size_t first, std::size_t last,
                           const ScannedLiteral& literal, std::string_view source) {
    if (literal.joined_with_code) return "concatenated with code at run time";
    if (first >= last) return {};
    auto hole_code = [&](std::size_t offset) {
        const auto index = static_cast<std::size_t>(std::count(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(offset), k_hole));
        if (index >= literal.holes.size()) return std::string("an expression");
        const Hole& hole = literal.holes[index];
        return quote_code(source.substr(hole.source_begin, hole.source_end - hole.source_begin));
    };
    if (!literal.tagged_template) {
        // Anywhere in the statement, even inside a quoted SQL string: the text is built at run time.
        const std::string_view text = value.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin);
        if (const auto at = text.find(k_hole); at != std::string_view::npos) return "interpolates " + hole_code(tokens[first].begin + at);
    }
    bool has_formatting = false;
    for (std::size_t i = first; i < last; ++i) {
        const SqlToken& token = tokens[i];
        if (token.kind == SqlTokenKind::hole) {
            if (in_name_position(value, tokens, first, last, i)) return "interpolates a name: " + hole_code(token.begin);
        } else if (token.kind == SqlTokenKind::format_hole) {
            return "formats " + quote_code(token.text(value)) + " into the text";
        } else if (token.kind == SqlTokenKind::parameter &&
                   (token.form == ParameterForm::percent_s || token.form == ParameterForm::percent_named)) {
            has_formatting = true;
            if (in_name_position(value, tokens, first, last, i))
                return quote_code(token.text(value)) + " stands for a name, not a value";
        }
    }
    if (literal.formatted) {
        // "... \"{0}\" ...".format(name): a conversion inside a quoted name or string counts too.
        const std::string_view text = value.substr(tokens[first].begin, tokens[last - 1].end - tokens[first].begin);
        if (has_formatting || text.find('{') != std::string_view::npos || text.find('%') != std::string_view::npos)
            return "formatted at run time (% or .format)";
    }
    return {};
}

NormalizedStatement normalize_placeholders(std::string_view value, const std::vector<SqlToken>& tokens, std::size_t first,
                                           std::size_t last, engine::ParameterStyle style) {
    NormalizedStatement out;
    if (first >= last) return out;
    const std::size_t base = tokens[first].begin;
    const std::size_t end = tokens[last - 1].end;
    std::size_t run = base;  // start of the text not yet copied
    auto copy_until = [&](std::size_t until) {
        if (until > run) {
            out.to_original.add(out.sql.size(), run - base);
            out.sql.append(value.substr(run, until - run));
        }
    };
    auto replace = [&](const SqlToken& token, const std::string& text) {
        copy_until(token.begin);
        out.to_original.add(out.sql.size(), token.begin - base);
        out.sql += text;
        run = token.end;
    };

    int next_number = 1;
    if (style == engine::ParameterStyle::postgresql) {
        for (std::size_t i = first; i < last; ++i) {
            if (tokens[i].form == ParameterForm::dollar_number)
                next_number = std::max(next_number, std::stoi(std::string(tokens[i].text(value).substr(1))) + 1);
        }
    }
    std::map<std::string, int> numbers_by_name;
    auto number_for = [&](const std::string& name) {
        if (name.empty()) return next_number++;
        auto [it, inserted] = numbers_by_name.try_emplace(name, next_number);
        if (inserted) ++next_number;
        return it->second;
    };

    for (std::size_t i = first; i < last; ++i) {
        const SqlToken& token = tokens[i];
        const std::string_view text = token.text(value);
        if (token.kind == SqlTokenKind::hole) {  // a tagged template's bound parameter
            replace(token, style == engine::ParameterStyle::sqlite ? std::string(1, '?') : numbered(number_for({})));
            continue;
        }
        if (token.kind != SqlTokenKind::parameter) continue;
        if (style == engine::ParameterStyle::sqlite) {
            if (token.form == ParameterForm::percent_s) replace(token, std::string(1, '?'));
            if (token.form == ParameterForm::percent_named) replace(token, std::string(1, ':').append(text.substr(2, text.size() - 4)));
            continue;
        }
        switch (token.form) {
            case ParameterForm::question:
                replace(token, text.size() > 1 ? std::string(1, '$').append(text.substr(1)) : numbered(number_for({})));
                break;
            case ParameterForm::named: replace(token, numbered(number_for(std::string(text.substr(1))))); break;
            case ParameterForm::percent_s: replace(token, numbered(number_for({}))); break;
            case ParameterForm::percent_named:
                replace(token, numbered(number_for(std::string(text.substr(2, text.size() - 4)))));
                break;
            case ParameterForm::dollar_number:
            case ParameterForm::none: break;
        }
    }
    copy_until(end);
    return out;
}

}  // namespace dbaudit::code_check
