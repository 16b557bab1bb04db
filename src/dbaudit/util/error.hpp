// The small exception hierarchy that aborts a command; caught once in cli and mapped to exit codes.
#pragma once

#include <stdexcept>
#include <string>

namespace dbaudit::util {

enum class ExitCode : int {
    ok = 0,
    drift = 1,
    bad_input = 2,
    cannot_connect = 3,
    apply_failed = 4,
};

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message, std::string hint = {})
        : std::runtime_error(message), m_code(code), m_hint(std::move(hint)) {}

    ExitCode code() const { return m_code; }
    const std::string& hint() const { return m_hint; }

private:
    ExitCode m_code;
    std::string m_hint;
};

// Flags, config, SQL or JSON the user gave us are wrong. Exit 2.
class InputError : public Error {
public:
    explicit InputError(const std::string& message, std::string hint = {})
        : Error(ExitCode::bad_input, message, std::move(hint)) {}
};

// The database cannot be opened, reached or read. Exit 3.
class ConnectionError : public Error {
public:
    explicit ConnectionError(const std::string& message, std::string hint = {})
        : Error(ExitCode::cannot_connect, message, std::move(hint)) {}
};

// A migration failed while it ran and was rolled back. Exit 4.
class ApplyError : public Error {
public:
    explicit ApplyError(const std::string& message, std::string hint = {})
        : Error(ExitCode::apply_failed, message, std::move(hint)) {}
};

}  // namespace dbaudit::util
