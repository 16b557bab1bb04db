// Checks SQL found in application code the only trustworthy way: the engine prepares it against a
// schema (the live database, or the expected schema in a scratch database) and reports what it
// would touch. Nothing is ever executed. code_check/ sees engines only through this interface.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::engine {

struct Target;
struct SchemaFile;

// How the engine wants bound parameters written, so code_check can rewrite `%s`, `%(name)s` ...
enum class ParameterStyle {
    sqlite,      // ?  ?NNN  :name  @name  $name are native; %s -> ?, %(name)s -> :name
    postgresql,  // $1 only: every other form is renumbered
};

enum class AccessKind { read, insert, update, remove, schema };

// One table (or view) a statement touches, as the engine reported it while preparing.
struct TableAccess {
    std::string table;   // as the catalog spells it
    std::string column;  // empty: the table as a whole (count(*), INSERT, DELETE, DDL)
    AccessKind kind = AccessKind::read;
    std::string via;     // the view or trigger that reaches it; empty when the statement names it

    auto operator<=>(const TableAccess&) const = default;
};

enum class CheckStatus {
    ok,
    failed,
    already_applied,  // DDL that fails because its change is already there (table exists, column exists)
};

struct StatementCheck {
    CheckStatus status = CheckStatus::ok;
    std::string message;                      // the engine's words: "no such column: pain_stage"
    std::optional<std::size_t> error_offset;  // byte offset in the statement, when the engine gives one
    std::vector<TableAccess> accesses;        // sorted, unique; empty unless the statement prepared
};

class StatementChecker {
public:
    virtual ~StatementChecker() = default;

    virtual ParameterStyle parameter_style() const = 0;

    // Prepares one statement (placeholders already in this engine's style) and discards it.
    virtual StatementCheck check(std::string_view sql) = 0;

    // The schema statements are checked against: tables and views for the usage map.
    virtual const model::Catalog& catalog() const = 0;
};

// What a checker checks against: the live database, or the expected schema files.
struct CheckAgainst {
    const Target* live = nullptr;
    const std::vector<SchemaFile>* expected = nullptr;
};

}  // namespace dbaudit::engine
