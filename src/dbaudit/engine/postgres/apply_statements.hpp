// What PostgreSQL's apply session needs to know about a plan statement without a server: the
// index a CREATE INDEX CONCURRENTLY builds, a SET lock_timeout, and which privilege a refused
// statement lacked. Pure functions, so unit tests cover them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::engine::postgres {

// The words of a statement: identifiers lower-cased unless quoted (quotes removed), punctuation
// one character each, comments and string literals dropped.
std::vector<std::string> statement_words(std::string_view sql);

// CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] [schema.]table ...: the index
// as a quoted, schema-qualified name ("schema"."name", or just "name" when the table is not
// qualified) for to_regclass. Nothing for any other statement.
std::optional<std::string> concurrent_index_name(std::string_view sql);

// SET [SESSION | LOCAL] lock_timeout {= | TO} value: the value as written ("5s", "10000").
std::optional<std::string> lock_timeout_set_by(std::string_view sql);
// The same for statement_timeout.
std::optional<std::string> statement_timeout_set_by(std::string_view sql);

// A PostgreSQL time setting as people say it: "5000ms" and "5000" -> "5s"; anything else as is.
std::string readable_duration(std::string_view value);

// A refused statement (SQLSTATE 42501), read from the server's message and the statement.
struct PrivilegeProblem {
    std::string object_kind;  // "schema", "table", "database", ...
    std::string object;       // as the server named it
    // The privileges the statement may need on it, most likely first ("CREATE", "USAGE"); empty
    // when only the owner may do it (owner_only).
    std::vector<std::string> privileges;
    bool owner_only = false;  // "must be owner of ..."
};
std::optional<PrivilegeProblem> privilege_problem(std::string_view sql, std::string_view server_message);

// "role app lacks the CREATE privilege on schema public (GRANT CREATE ON SCHEMA public TO app)",
// or "only the owner of table public.t may alter it; role app is not its owner (nor a member of
// the owning role)".
std::string describe_privilege_problem(const PrivilegeProblem& problem, std::string_view privilege, std::string_view role);

}  // namespace dbaudit::engine::postgres
