// What the planner needs from an engine that changes every kind of object in place (PostgreSQL):
// one statement (or a few) per change, each with the hazards the engine knows it has. The
// planner decides order, holds and which live facts (table size, created in this plan) make a
// hazard matter; the engine writes the SQL. Engine-neutral: only model types appear here.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::engine {

// What running a statement may do to the database and its users.
enum class HazardKind {
    access_exclusive_lock,  // blocks reads and writes of the table while it runs
    blocks_writes,          // SHARE lock: reads go on, writes wait (CREATE INDEX)
    rewrites_table,         // copies every row (and rebuilds the indexes): time and disk ~ table size
    scans_table,            // reads every row (validation, NOT NULL check)
    deletes_data,           // drops rows, columns or objects holding data
    outside_transaction,    // cannot run in a transaction block: runs after COMMIT, on its own
};

const char* to_string(HazardKind kind);  // "access_exclusive_lock", ...

struct DdlStatement {
    std::string sql;
    std::vector<HazardKind> hazards;
    std::string table;     // the (qualified) table whose lock or size the hazards concern; empty = none
    std::string note;      // what the engine adds in words ("no implicit cast from text to integer: USING ...")
    bool in_transaction = true;
};

// Facts about the server the statements are for.
struct ServerFacts {
    int version_num = 0;  // e.g. 150004; 0 = unknown
};

class InPlaceDialect {
public:
    virtual ~InPlaceDialect() = default;

    // Schemas, extensions, types, sequences.
    virtual DdlStatement create_schema(const model::Schema& schema) const = 0;
    // `with_objects`: CASCADE, the schema's objects go with it (they are not listed one by one).
    virtual DdlStatement drop_schema(const model::Schema& schema, bool with_objects) const = 0;
    virtual DdlStatement create_extension(const model::Extension& extension) const = 0;
    // Why the plan stops when the live server does not offer an extension the expected schema
    // needs, and what to install: in the engine's own words (its catalog, its packages).
    virtual util::InputError extension_not_offered(const model::Extension& extension, const ServerFacts& server) const = 0;
    virtual DdlStatement drop_extension(const model::Extension& extension) const = 0;
    // ALTER EXTENSION ... UPDATE / SET SCHEMA; nothing when it cannot be done in place.
    virtual std::vector<DdlStatement> alter_extension(const model::Extension& expected, const model::Extension& live) const = 0;
    virtual DdlStatement create_type(const model::UserType& type) const = 0;
    virtual DdlStatement drop_type(const model::UserType& type) const = 0;
    // The statements that turn `live` into `expected` in place (enum labels added, domain default,
    // NOT NULL and checks); nothing when they cannot (a label removed or reordered, another kind,
    // composite attributes): then the type must be dropped and created.
    virtual std::optional<std::vector<DdlStatement>> alter_type(const model::UserType& expected, const model::UserType& live) const = 0;
    virtual DdlStatement create_sequence(const model::Sequence& sequence) const = 0;
    virtual DdlStatement drop_sequence(const model::Sequence& sequence) const = 0;
    virtual std::optional<DdlStatement> sequence_owner(const model::Sequence& sequence) const = 0;  // OWNED BY
    virtual std::vector<DdlStatement> alter_sequence(const model::Sequence& expected, const model::Sequence& live) const = 0;

    // Functions: CREATE OR REPLACE when `replaceable` says the live one can be replaced in place
    // (same kind and result), else dropped and created.
    virtual DdlStatement create_function(const model::Function& function) const = 0;
    virtual DdlStatement drop_function(const model::Function& function) const = 0;
    virtual bool function_replaceable(const model::Function& expected, const model::Function& live) const = 0;
    // A function whose body is checked against the schema when it is created must come after
    // the tables and views it names.
    virtual bool function_needs_objects(const model::Function& function) const = 0;

    // Tables and columns.
    virtual DdlStatement create_table(const model::Table& table) const = 0;  // without foreign keys and indexes
    virtual DdlStatement drop_table(const model::Table& table) const = 0;
    virtual DdlStatement add_column(const model::Table& table, const model::Column& column, const model::Catalog& expected,
                                    const ServerFacts& server) const = 0;
    virtual DdlStatement drop_column(const model::Table& table, const model::Column& column) const = 0;
    // Type, NOT NULL, default, identity, collation changes of one column, in the order they must
    // run; nothing when one cannot be done in place (a generated column's expression).
    virtual std::optional<std::vector<DdlStatement>> alter_column(const model::Table& table, const model::Column& expected,
                                                                  const model::Column& live) const = 0;
    // Every value of type `from` converts to an equal value of `to` (integer -> bigint,
    // varchar(20) -> text): the change loses nothing and cannot fail.
    virtual bool widens(std::string_view from, std::string_view to) const = 0;
    virtual DdlStatement rename_table(const model::Table& live, std::string_view new_name) const = 0;
    virtual DdlStatement rename_column(const model::Table& table, std::string_view from, std::string_view to) const = 0;
    virtual std::vector<DdlStatement> row_security(const model::Table& table, bool enable, bool force) const = 0;
    virtual std::optional<DdlStatement> set_table_options(const model::Table& expected, const model::Table& live) const = 0;

    // Constraints. A foreign key or check on a table with rows is added NOT VALID (a brief lock)
    // and validated by a second statement (which only scans).
    virtual DdlStatement add_primary_key(const model::Table& table, const model::PrimaryKey& key) const = 0;
    virtual DdlStatement add_unique(const model::Table& table, const model::UniqueConstraint& unique) const = 0;
    virtual DdlStatement add_check(const model::Table& table, const model::CheckConstraint& check, bool not_valid) const = 0;
    virtual DdlStatement add_foreign_key(const model::Table& table, const model::ForeignKey& key, bool not_valid) const = 0;
    virtual DdlStatement add_exclusion(const model::Table& table, const model::ExclusionConstraint& exclusion) const = 0;
    virtual DdlStatement validate_constraint(const model::Table& table, std::string_view name) const = 0;
    virtual DdlStatement drop_constraint(const model::Table& table, std::string_view name) const = 0;
    virtual DdlStatement rename_constraint(const model::Table& table, std::string_view from, std::string_view to) const = 0;
    // The name the engine gives an unnamed constraint, so it can be validated or dropped later.
    virtual std::string default_constraint_name(const model::Table& table, std::string_view kind,
                                                const std::vector<std::string>& columns) const = 0;

    virtual DdlStatement create_index(const model::Index& index, bool concurrently) const = 0;
    virtual DdlStatement drop_index(const model::Index& index, bool concurrently) const = 0;

    // Views: CREATE OR REPLACE when `view_replaceable` (the new column list starts with the old
    // one), otherwise dropped and created with the views that depend on it.
    virtual DdlStatement create_view(const model::View& view, bool or_replace) const = 0;  // also materialized
    virtual DdlStatement drop_view(const model::View& view) const = 0;
    virtual bool view_replaceable(const model::View& expected, const model::View& live) const = 0;
    // Qualified names a view definition (or a function body) mentions, for ordering.
    virtual std::vector<std::string> mentioned_objects(std::string_view sql) const = 0;

    virtual DdlStatement create_trigger(const model::Trigger& trigger) const = 0;
    virtual DdlStatement drop_trigger(const model::Trigger& trigger) const = 0;
    // ENABLE / DISABLE the trigger as `trigger.enabled` says (also back to the default).
    virtual DdlStatement trigger_state(const model::Trigger& trigger) const = 0;
    virtual DdlStatement create_policy(const model::Policy& policy) const = 0;
    virtual DdlStatement drop_policy(const model::Policy& policy) const = 0;
    // COMMENT ON (kind and object as diff::ModifyComment names them); empty text removes it.
    virtual DdlStatement comment(std::string_view kind, std::string_view object, std::string_view text) const = 0;

    // Session settings at the top of a plan script (lock_timeout, statement_timeout ...).
    virtual std::vector<std::string> session_settings(int lock_timeout_ms, int statement_timeout_ms) const = 0;
};

}  // namespace dbaudit::engine
