#include "dbaudit/engine/sqlite/statement_splitter.hpp"

#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"

namespace dbaudit::engine::sqlite {

namespace {

// Where we are inside a CREATE TRIGGER statement. The body ends at the END that follows a
// semicolon: CASE ... END never does, and neither do columns that happen to be named "end".
struct TriggerState {
    bool is_trigger = false;
    bool in_body = false;
    bool body_closed = false;
    bool after_semicolon = false;
};

}  // namespace

std::vector<StatementSpan> split_statements(std::string_view script) {
    std::vector<StatementSpan> spans;
    TokenStream tokens(script);

    std::size_t trivia_begin = 0;
    bool in_statement = false;
    StatementSpan current;
    std::vector<Token> head_tokens;  // the first significant tokens, to recognise CREATE TRIGGER
    head_tokens.reserve(4);          // never more: pointers into it stay valid
    std::vector<const Token*> head;
    TriggerState trigger;

    auto finish = [&](std::size_t end) {
        current.end = end;
        spans.push_back(current);
        in_statement = false;
        head.clear();
        head_tokens.clear();
        trigger = {};
        trivia_begin = end;
    };

    Token token;
    while (tokens.next(token)) {
        if (token.is_trivia()) continue;
        if (!in_statement) {
            if (token.is_punct(';')) {  // an empty statement
                trivia_begin = token.offset + 1;
                continue;
            }
            in_statement = true;
            current = StatementSpan{token.offset, 0, trivia_begin};
        }
        if (head.size() < 4) {
            head_tokens.push_back(token);
            head.push_back(&head_tokens.back());
            if (head.size() >= 2 && head[0]->is_word("CREATE")) {
                const std::size_t at = (head[1]->is_word("TEMP") || head[1]->is_word("TEMPORARY")) ? 2 : 1;
                if (head.size() > at && head[at]->is_word("TRIGGER")) trigger.is_trigger = true;
            }
        }
        if (trigger.is_trigger && !trigger.body_closed) {
            if (!trigger.in_body) {
                if (token.is_word("BEGIN")) trigger.in_body = true;
            } else if (token.is_word("END") && trigger.after_semicolon) {
                trigger.body_closed = true;
            }
            trigger.after_semicolon = token.is_punct(';');
            if (trigger.in_body) continue;  // semicolons inside the body do not end it
        }
        if (token.is_punct(';')) finish(token.offset + 1);
    }
    if (in_statement) finish(script.size());
    return spans;
}

}  // namespace dbaudit::engine::sqlite
