#include "dbaudit/engine/postgres/connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <optional>

#include "dbaudit/engine/postgres/conninfo.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

std::string field(const PGresult* result, int code) {
    const char* value = PQresultErrorField(result, code);
    return value ? value : "";
}

ServerError server_error(const PGresult* result, PGconn* conn) {
    ServerError error;
    if (result) {
        error.sqlstate = field(result, PG_DIAG_SQLSTATE);
        error.message = field(result, PG_DIAG_MESSAGE_PRIMARY);
        error.detail = field(result, PG_DIAG_MESSAGE_DETAIL);
        error.hint = field(result, PG_DIAG_MESSAGE_HINT);
        error.context = field(result, PG_DIAG_CONTEXT);
        const std::string position = field(result, PG_DIAG_STATEMENT_POSITION);
        if (!position.empty()) error.position = std::atoi(position.c_str());
    }
    if (error.message.empty()) {
        // No ErrorResponse: the connection itself failed.
        error.message = std::string(util::trim(PQerrorMessage(conn)));
        if (error.sqlstate.empty()) error.sqlstate = "08006";
    }
    return error;
}

// libpq's connection failure text can span several lines (one per address tried, plus advice).
// Reduces it to the reason and a short piece of advice, on one line.
std::string connection_failure(const std::string& raw) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < raw.size()) {
        std::size_t end = raw.find('\n', start);
        if (end == std::string::npos) end = raw.size();
        const std::string_view line = util::trim(std::string_view(raw).substr(start, end - start));
        if (!line.empty()) lines.emplace_back(line);
        start = end + 1;
    }
    std::string reason, advice;
    for (const std::string& line : lines) {
        if (line.rfind("Is the server running", 0) == 0) {
            advice = line;
            continue;
        }
        std::string text = line;
        const auto failed = text.find(" failed: ");
        if (text.rfind("connection to server", 0) == 0 && failed != std::string::npos) text = text.substr(failed + 9);
        for (const char* prefix : {"FATAL:  ", "ERROR:  ", "FATAL: "})
            if (text.rfind(prefix, 0) == 0) text = text.substr(std::string_view(prefix).size());
        reason = text;  // the last address tried is the one to report
    }
    if (reason.empty()) reason = "unknown libpq error";
    if (util::starts_with_icase(reason, "Connection refused")) {
        reason = "connection refused";
        advice = "is the server running and accepting connections on that host and port?";
    } else if (reason.find("No such file or directory") != std::string::npos) {
        reason = "no server socket found (" + reason.substr(0, reason.find(':')) + ")";
        advice = "is the server running locally, and is the socket directory right?";
    } else if (reason.rfind("could not translate host name", 0) == 0) {
        advice = "check the host name";
    } else if (reason.find("password authentication failed") != std::string::npos) {
        advice = "check the user name and password";
    } else if (reason.find("no password supplied") != std::string::npos) {
        advice = "give a password in the URL, PGPASSWORD or ~/.pgpass";
    } else if (reason.find("does not exist") != std::string::npos && reason.rfind("database", 0) == 0) {
        advice = "check the database name";
    } else if (reason.find("SSL") != std::string::npos || reason.find("no encryption") != std::string::npos) {
        advice = "the server and the URL disagree about SSL; set sslmode= in the URL";
    } else if (reason.find("timeout") != std::string::npos) {
        advice = "the server did not answer within connect_timeout";
    }
    if (!advice.empty()) {
        if (!advice.empty() && advice[0] >= 'A' && advice[0] <= 'Z') advice[0] = static_cast<char>(advice[0] - 'A' + 'a');
        reason += " (" + advice + ")";
    }
    return reason;
}

}  // namespace

Result& Result::operator=(Result&& other) noexcept {
    if (this != &other) {
        if (m_result) PQclear(m_result);
        m_result = other.m_result;
        other.m_result = nullptr;
    }
    return *this;
}

Result::~Result() {
    if (m_result) PQclear(m_result);
}

int Result::rows() const { return m_result ? PQntuples(m_result) : 0; }
int Result::columns() const { return m_result ? PQnfields(m_result) : 0; }
bool Result::is_null(int row, int column) const { return PQgetisnull(m_result, row, column) != 0; }

std::string_view Result::text(int row, int column) const {
    return {PQgetvalue(m_result, row, column), static_cast<std::size_t>(PQgetlength(m_result, row, column))};
}

long long Result::integer(int row, int column) const {
    const std::string_view value = text(row, column);
    long long out = 0;
    std::from_chars(value.data(), value.data() + value.size(), out);
    return out;
}

Connection Connection::open(const std::string& conninfo, const std::string& display,
                            const std::vector<std::string>& secrets, const std::string& database) {
    // Later keywords override earlier ones: the connect timeout is a default the URL may change,
    // the application name is fixed. Only the first dbname is expanded as a connection string.
    std::vector<const char*> keywords{"connect_timeout", "dbname", "application_name", "client_encoding"};
    std::vector<const char*> values{"10", conninfo.c_str(), "dbaudit", "UTF8"};
    if (!database.empty()) {
        keywords.push_back("dbname");
        values.push_back(database.c_str());
    }
    keywords.push_back(nullptr);
    values.push_back(nullptr);
    PGconn* conn = PQconnectdbParams(keywords.data(), values.data(), 1);
    if (!conn) throw util::ConnectionError("cannot connect to " + display + ": out of memory");
    if (PQstatus(conn) != CONNECTION_OK) {
        const std::string message = scrub(connection_failure(PQerrorMessage(conn)), secrets);
        PQfinish(conn);
        throw util::ConnectionError("cannot connect to " + display + ": " + message);
    }
    return Connection(conn, display, secrets);
}

Connection::Connection(Connection&& other) noexcept
    : m_conn(other.m_conn),
      m_display(std::move(other.m_display)),
      m_secrets(std::move(other.m_secrets)),
      m_statements(other.m_statements),
      m_round_trips(other.m_round_trips) {
    other.m_conn = nullptr;
}

Connection::~Connection() {
    if (m_conn) PQfinish(m_conn);
}

Result Connection::exec(std::string_view sql) {
    auto results = exec_batch(sql);
    if (results.empty()) return Result(nullptr);
    return std::move(results.back());
}

std::vector<Result> Connection::exec_batch(std::string_view sql) {
    send_batch(sql);
    return receive_batch();
}

void Connection::send_batch(std::string_view sql) {
    ++m_round_trips;
    if (!PQsendQuery(m_conn, std::string(sql).c_str())) {
        ServerError error = server_error(nullptr, m_conn);
        error.message = scrub(error.message, m_secrets);
        throw StatementError(std::move(error), 0);
    }
}

std::vector<Result> Connection::receive_batch() {
    std::vector<Result> results;
    std::optional<StatementError> failure;
    while (PGresult* raw = PQgetResult(m_conn)) {
        Result result(raw);
        const ExecStatusType status = PQresultStatus(raw);
        if (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE || status == PGRES_NONFATAL_ERROR) {
            if (!failure) {
                ServerError error = server_error(raw, m_conn);
                error.message = scrub(error.message, m_secrets);
                failure.emplace(std::move(error), static_cast<int>(results.size()));
            }
            continue;  // drain: libpq needs every result read before the next query
        }
        if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            if (!failure) {
                failure.emplace(ServerError{"0A000", "COPY is not supported in a schema file", {}, {}, {}, 0},
                                static_cast<int>(results.size()));
            }
            PQputCopyEnd(m_conn, "dbaudit does not load data");
            continue;
        }
        ++m_statements;
        results.push_back(std::move(result));
    }
    if (failure) throw *failure;
    return results;
}

std::optional<Connection::PipelineFailure> Connection::exec_pipeline(const std::vector<std::string_view>& statements,
                                                                    std::size_t sync_every) {
    std::optional<PipelineFailure> failure;
    if (statements.empty()) return failure;
    if (!PQenterPipelineMode(m_conn)) throw StatementError(server_error(nullptr, m_conn), 0);
    ++m_round_trips;
    std::string text;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        text.assign(statements[i]);
        const bool sync = (i + 1) % sync_every == 0 || i + 1 == statements.size();
        if (!PQsendQueryParams(m_conn, text.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) || (sync && !PQpipelineSync(m_conn))) {
            ServerError error = server_error(nullptr, m_conn);
            PQexitPipelineMode(m_conn);
            throw StatementError(std::move(error), 0);
        }
    }
    PQflush(m_conn);
    for (std::size_t i = 0; i < statements.size(); ++i) {
        // The statement's results, ended by a null; then its Sync.
        while (PGresult* raw = PQgetResult(m_conn)) {
            Result result(raw);
            const ExecStatusType status = PQresultStatus(raw);
            if ((status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE) && !failure) {
                ServerError error = server_error(raw, m_conn);
                error.message = scrub(error.message, m_secrets);
                failure = PipelineFailure{i, std::move(error)};
            }
        }
        ++m_statements;
        const bool synced = (i + 1) % sync_every == 0 || i + 1 == statements.size();
        if (!synced) continue;
        if (PGresult* sync = PQgetResult(m_conn)) PQclear(sync);
    }
    PQexitPipelineMode(m_conn);
    return failure;
}

bool Connection::in_transaction() const { return PQtransactionStatus(m_conn) == PQTRANS_INTRANS; }

bool Connection::in_transaction_block() const {
    const PGTransactionStatusType status = PQtransactionStatus(m_conn);
    return status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

int Connection::server_version_num() const { return PQserverVersion(m_conn); }

std::string Connection::server_version() const {
    const int number = server_version_num();
    return std::to_string(number / 10000) + "." + std::to_string(number % 10000);
}

std::string quote_identifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

std::string quote_literal(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}

}  // namespace dbaudit::engine::postgres
