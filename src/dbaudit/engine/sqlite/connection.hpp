// RAII wrappers over a sqlite3 connection and prepared statement. Only engine/sqlite sees sqlite3.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace dbaudit::engine::sqlite {

class Statement {
public:
    Statement(sqlite3_stmt* statement) : m_statement(statement) {}
    Statement(Statement&& other) noexcept : m_statement(other.m_statement) { other.m_statement = nullptr; }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    bool step();  // true while a row is available; throws ConnectionError on failure
    bool is_null(int column) const;
    std::string text(int column) const;
    std::int64_t integer(int column) const;

private:
    sqlite3_stmt* m_statement;
};

class Connection {
public:
    // Opens an existing database file strictly read-only; never creates one.
    static Connection open_read_only(const std::string& path);
    static Connection open_memory();
    // Opens an existing database file for writing (apply); never creates one. Waits a bounded
    // time (the busy timeout) for locks held by other connections.
    static Connection open_read_write(const std::string& path);

    Connection(Connection&& other) noexcept : m_db(other.m_db), m_label(std::move(other.m_label)) {
        other.m_db = nullptr;
    }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    Statement prepare(std::string_view sql);
    void execute(std::string_view sql);  // runs every statement in `sql`, discarding rows
    std::string error_message() const;
    sqlite3* handle() const { return m_db; }
    const std::string& label() const { return m_label; }

private:
    Connection(sqlite3* db, std::string label) : m_db(db), m_label(std::move(label)) {}

    sqlite3* m_db;
    std::string m_label;  // what to name in error messages
};

}  // namespace dbaudit::engine::sqlite
