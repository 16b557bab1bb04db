// RAII wrappers over a libpq connection and its results. Only engine/postgres sees libpq-fe.h.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace dbaudit::engine::postgres {

// What the server said about a failed statement (the fields of an ErrorResponse).
struct ServerError {
    std::string sqlstate;
    std::string message;
    std::string detail;
    std::string hint;
    std::string context;
    int position = 0;  // 1-based character position in the query string; 0 = none
};

// A statement failed on the server. Callers turn it into a user-facing util::Error.
class StatementError : public std::runtime_error {
public:
    StatementError(ServerError error, int statement_index)
        : std::runtime_error(error.message), m_error(std::move(error)), m_statement_index(statement_index) {}
    const ServerError& error() const { return m_error; }
    // In a multi-statement query: how many statements completed before this one failed.
    int statement_index() const { return m_statement_index; }

private:
    ServerError m_error;
    int m_statement_index;
};

class Result {
public:
    explicit Result(pg_result* result) : m_result(result) {}
    Result(Result&& other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    Result& operator=(Result&& other) noexcept;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    ~Result();

    int rows() const;
    int columns() const;
    bool is_null(int row, int column) const;
    std::string_view text(int row, int column) const;  // "" for NULL
    std::string string(int row, int column) const { return std::string(text(row, column)); }
    bool boolean(int row, int column) const { return text(row, column) == "t"; }
    long long integer(int row, int column) const;
    unsigned oid(int row, int column) const { return static_cast<unsigned>(integer(row, column)); }

private:
    pg_result* m_result;
};

class Connection {
public:
    // Connects with libpq (URL or keyword string, PG* environment as fallbacks) as
    // application_name=dbaudit. `display` names the server in messages; `secrets` are scrubbed
    // from every message. Throws util::ConnectionError with one line saying why.
    // A non-empty `database` replaces the database the conninfo names.
    static Connection open(const std::string& conninfo, const std::string& display,
                           const std::vector<std::string>& secrets, const std::string& database = {});

    Connection(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // Runs one statement (or several, separated by ';'), returning the last result. Throws
    // StatementError when the server rejects it.
    Result exec(std::string_view sql);
    // Runs several statements in one round trip and returns one result per statement. Throws
    // StatementError naming how many statements completed before the failure.
    std::vector<Result> exec_batch(std::string_view sql);
    // exec_batch in two halves, so that two connections can work at the same time.
    void send_batch(std::string_view sql);
    std::vector<Result> receive_batch();

    bool in_transaction() const;
    // Runs statements (one each) in pipeline mode with a Sync after every statement: each commits
    // on its own, as psql runs a file, but all of them share one round trip. Returns the index
    // and error of the first statement that failed; the statements after it still ran.
    struct PipelineFailure {
        std::size_t index = 0;
        ServerError error;
    };
    std::optional<PipelineFailure> exec_pipeline(const std::vector<std::string_view>& statements, std::size_t sync_every = 1);

    // In a transaction block, healthy or aborted by an error.
    bool in_transaction_block() const;
    int server_version_num() const;
    std::string server_version() const;  // "15.20"
    const std::string& display() const { return m_display; }
    const std::vector<std::string>& secrets() const { return m_secrets; }

    // Statements and round trips so far (the inspector's budget is checked by tests).
    int statements() const { return m_statements; }
    int round_trips() const { return m_round_trips; }

private:
    Connection(pg_conn* conn, std::string display, std::vector<std::string> secrets)
        : m_conn(conn), m_display(std::move(display)), m_secrets(std::move(secrets)) {}

    pg_conn* m_conn;
    std::string m_display;
    std::vector<std::string> m_secrets;
    int m_statements = 0;
    int m_round_trips = 0;
};

// Quotes an identifier or a string literal for SQL text.
std::string quote_identifier(std::string_view name);
std::string quote_literal(std::string_view text);

}  // namespace dbaudit::engine::postgres
