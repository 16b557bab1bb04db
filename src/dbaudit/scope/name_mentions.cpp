#include "dbaudit/scope/name_mentions.hpp"

#include <cctype>

namespace dbaudit::scope {

namespace {

bool word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80; }
bool word_char(char c) { return word_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '$'; }

}  // namespace

std::vector<std::string> mentioned_names(std::string_view sql) {
    std::vector<std::string> out;
    std::vector<std::string> chain;
    auto flush = [&] {
        for (std::size_t i = 0; i < chain.size(); ++i) {
            out.push_back(chain[i]);
            if (i + 1 < chain.size()) out.push_back(chain[i] + "." + chain[i + 1]);
        }
        chain.clear();
    };
    std::size_t at = 0;
    bool after_dot = false;  // the next name continues the chain
    while (at < sql.size()) {
        const char c = sql[at];
        std::string name;
        if (c == '"' || c == '`' || c == '[') {
            const char close = c == '[' ? ']' : c;
            for (++at; at < sql.size(); ++at) {
                if (sql[at] == close) {
                    if (close != ']' && at + 1 < sql.size() && sql[at + 1] == close) {
                        name += close;
                        ++at;
                        continue;
                    }
                    ++at;
                    break;
                }
                name += sql[at];
            }
        } else if (word_start(c)) {
            const std::size_t begin = at;
            while (at < sql.size() && word_char(sql[at])) ++at;
            name = std::string(sql.substr(begin, at - begin));
        } else {
            if (c == '.' && !chain.empty()) {
                after_dot = true;
            } else if (!std::isspace(static_cast<unsigned char>(c)) || !after_dot) {
                flush();
                after_dot = false;
            }
            ++at;
            continue;
        }
        if (!after_dot) flush();
        chain.push_back(std::move(name));
        after_dot = false;
    }
    flush();
    return out;
}

}  // namespace dbaudit::scope
