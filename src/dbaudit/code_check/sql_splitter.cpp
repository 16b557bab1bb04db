#include "dbaudit/code_check/sql_splitter.hpp"

namespace dbaudit::code_check {

std::vector<SqlStatementSpan> split_sql(std::string_view sql, const std::vector<SqlToken>& tokens) {
    std::vector<SqlStatementSpan> statements;
    std::size_t first = tokens.size();  // first significant token of the current statement
    std::size_t last = 0;               // one past its last significant token
    std::size_t significant = 0;        // significant tokens so far in the statement
    bool create = false, trigger = false;
    int block_depth = 0;  // BEGIN ... END of a trigger body
    int case_depth = 0;   // CASE ... END inside it

    auto finish = [&] {
        if (first < tokens.size()) statements.push_back({tokens[first].begin, tokens[last - 1].end, first, last});
        first = tokens.size();
        significant = 0;
        create = trigger = false;
        block_depth = case_depth = 0;
    };

    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const SqlToken& token = tokens[i];
        if (token.is_trivia()) continue;
        if (token.kind == SqlTokenKind::punct && token.end - token.begin == 1 && sql[token.begin] == ';' && block_depth == 0) {
            finish();
            continue;
        }
        if (first == tokens.size()) first = i;
        last = i + 1;
        if (token.kind == SqlTokenKind::word) {
            if (significant == 0 && is_keyword(sql, token, "CREATE")) create = true;
            if (create && significant <= 4 && is_keyword(sql, token, "TRIGGER")) trigger = true;
            if (trigger) {
                if (is_keyword(sql, token, "BEGIN")) {
                    ++block_depth;
                } else if (is_keyword(sql, token, "CASE")) {
                    ++case_depth;
                } else if (is_keyword(sql, token, "END")) {
                    if (case_depth > 0) {
                        --case_depth;
                    } else if (block_depth > 0) {
                        --block_depth;
                    }
                }
            }
        }
        ++significant;
    }
    finish();
    return statements;
}

}  // namespace dbaudit::code_check
