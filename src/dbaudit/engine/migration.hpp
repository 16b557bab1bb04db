// What plan/ and apply/ need from an engine, and nothing else: how to write each kind of schema
// change as SQL (MigrationDialect), facts about the live data a plan depends on (LiveReader), and
// one guarded write transaction (ApplySession). Engine-neutral: only model types appear here.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/model/catalog.hpp"

namespace dbaudit::engine {

struct Target;

// One statement of a multi-statement operation (a table rebuild) and what it does, in words.
struct RenderedStatement {
    std::string sql;
    std::string purpose;  // "copy every row of the shared columns", ...
};

// What a table rebuild copies: every target column that has a source in the live table.
struct ColumnCopy {
    std::string target;  // column name in the rebuilt table
    std::string source;  // column name in the live table
};

struct TableRebuild {
    const model::Table* live = nullptr;    // the table as it is
    const model::Table* target = nullptr;  // the table as it must become; its `sql` is used as written
    std::vector<ColumnCopy> copies;
    std::string temporary_name;  // a name no object has, for the table's rows during the rebuild
    // What the engine weighs when it chooses how to rebuild (a rename can cost more than copying
    // a small table twice when the schema is large).
    std::int64_t estimated_rows = 0;
    std::size_t schema_objects = 0;
};

// A change of declared type that may alter stored values (in SQLite: another type affinity that
// converts values on the copy). Empty when the change is lossless.
struct TypeChangeRisk {
    bool narrowing = false;
    std::string explanation;
};

class InPlaceDialect;

class MigrationDialect {
public:
    virtual ~MigrationDialect() = default;

    // Engines whose DDL changes every kind of object in place (PostgreSQL: ALTER TABLE for
    // columns and constraints, CREATE OR REPLACE, transactional DDL) implement InPlaceDialect
    // (in_place_dialect.hpp) too, and the planner uses it instead of table rebuilds.
    virtual const InPlaceDialect* in_place() const { return nullptr; }

    virtual std::string quote_identifier(std::string_view name) const = 0;

    virtual std::string create_table(const model::Table& table) const = 0;
    virtual std::string drop_table(std::string_view table) const = 0;
    virtual std::string rename_table(std::string_view from, std::string_view to) const = 0;
    virtual std::string rename_column(std::string_view table, std::string_view from, std::string_view to) const = 0;
    // ALTER TABLE ... ADD COLUMN with the column's definition as the expected schema wrote it, or
    // nothing when this engine cannot add it in place to a table with (or without) rows.
    virtual std::optional<std::string> add_column(const model::Table& expected, const model::Column& column,
                                                  bool table_has_rows) const = 0;
    // ALTER TABLE ... DROP COLUMN, or nothing when this engine cannot drop it in place (version,
    // or another object of `live` names the column).
    virtual std::optional<std::string> drop_column(const model::Catalog& live, const model::Table& table,
                                                   const model::Column& column) const = 0;
    // The table `live` would become after `statements` (ALTER TABLE ... on that table alone), read
    // back by the engine itself; nothing when a statement fails. Runs on an empty scratch copy.
    virtual std::optional<model::Table> simulate_alter(const model::Table& live,
                                                       const std::vector<std::string>& statements) const = 0;
    // The expected CREATE TABLE with some columns as the live table has them, for a rebuild that
    // leaves held-back changes undone: `keep_live` live columns kept (after the expected ones),
    // `as_live` expected columns given their live definition, `omit` expected columns left out.
    // Nothing when the text cannot be edited that way.
    virtual std::optional<std::string> merge_table_definition(const model::Table& expected, const model::Table& live,
                                                              const std::vector<std::string>& keep_live,
                                                              const std::vector<std::string>& as_live,
                                                              const std::vector<std::string>& omit) const = 0;
    // Rebuild the table as `target` keeping every row: the 12 steps SQLite documents, or a variant
    // the engine finds cheaper for this table. Indexes and triggers of the table are recreated by
    // the caller. Empty when the engine cannot rebuild the table.
    virtual std::vector<RenderedStatement> rebuild_table(const TableRebuild& rebuild) const = 0;

    virtual std::string create_index(const model::Index& index) const = 0;
    virtual std::string drop_index(const model::Index& index) const = 0;
    virtual std::string create_view(const model::View& view) const = 0;
    virtual std::string drop_view(const model::View& view) const = 0;
    virtual std::string create_trigger(const model::Trigger& trigger) const = 0;
    virtual std::string drop_trigger(const model::Trigger& trigger) const = 0;

    // Every name a statement mentions (for ordering views after what they read).
    virtual std::vector<std::string> mentioned_names(std::string_view sql) const = 0;
    // Two declared types close enough that a column which vanished while one of the other type
    // appeared looks like a rename.
    virtual bool same_type_family(std::string_view a, std::string_view b) const = 0;
    virtual TypeChangeRisk type_change_risk(std::string_view from, std::string_view to) const = 0;

    // The statements that frame a plan script (foreign keys off outside the transaction, begin;
    // check, commit, restore). `apply` does this itself and skips them when reading a plan file.
    virtual std::vector<std::string> script_prologue() const = 0;
    virtual std::vector<std::string> script_epilogue() const = 0;
    // A comment the script puts after one framing statement ("outside the transaction, where it
    // takes effect"); empty for none.
    virtual std::string framing_comment(std::string_view statement) const {
        (void)statement;
        return {};
    }
    // Splits a plan file into statements, comments dropped.
    virtual std::vector<std::string> split_script(std::string_view script) const = 0;
    // True when two statements are the same once case, spacing and comments are ignored.
    virtual bool same_statement(std::string_view a, std::string_view b) const = 0;
};

// What a plan does with one seed statement of the expected schema.
struct SeedDecision {
    enum class State { present, missing, unknown };
    State state = State::unknown;
    std::vector<std::string> statements;  // adds only the missing rows; never overwrites
    std::size_t rows = 0;                 // rows the statement produces
    std::size_t missing = 0;              // of those, rows the live table lacks
    std::string note;                     // why the state is unknown
    std::string matched_by;               // how rows were matched: "primary or unique key", ...
};

// How many rows a table holds, for a report: exact, the engine's estimate, or "more than" a bound
// where counting further would scan a large table.
struct RowCount {
    enum class Precision { exact, estimated, at_least };
    std::string table;
    std::int64_t rows = 0;
    Precision precision = Precision::exact;
};

// Read-only access to the live database for planning: one consistent snapshot.
class LiveReader {
public:
    virtual ~LiveReader() = default;
    virtual model::Catalog inspect() = 0;
    virtual bool has_rows(std::string_view table) = 0;
    virtual std::int64_t row_count(std::string_view table) = 0;
    // A cheap estimate of the row count (no full scan where the engine can avoid one).
    virtual std::int64_t estimated_rows(std::string_view table) = 0;
    // The table's size on disk with its indexes and TOAST, in bytes; -1 when unknown.
    virtual std::int64_t table_bytes(std::string_view table) {
        (void)table;
        return -1;
    }
    // Row counts of a few tables (legacy tables in a report), never reading much more than
    // `exact_limit` rows of any. The default counts exactly what estimated_rows puts at or below
    // the limit, one table at a time; an engine that can estimate every table in one catalog query
    // should override it (PostgreSQL: engine/postgres/row_counts.hpp does it in two queries).
    virtual std::vector<RowCount> count_rows(const std::vector<std::string>& tables, std::int64_t exact_limit) {
        std::vector<RowCount> counts;
        for (const std::string& table : tables) {
            const std::int64_t estimate = estimated_rows(table);
            if (estimate <= exact_limit) counts.push_back({table, row_count(table), RowCount::Precision::exact});
            else counts.push_back({table, estimate, RowCount::Precision::estimated});
        }
        return counts;
    }
    // The live schema as it would be after `statements` (renames), simulated without data.
    // Throws util::InputError naming the statement when the engine rejects one.
    virtual model::Catalog inspect_after(const std::vector<std::string>& statements) = 0;
    // Which rows of `seed` the live table lacks. `live_table` is the table's current name in the
    // live database, or empty when the plan creates it.
    virtual SeedDecision decide_seed(const model::Table& expected_table, std::string_view live_table,
                                     const model::SeedStatement& seed) = 0;
};

// Foreign-key violations by child table: the number of rows whose parent is missing, or -1 when
// the engine could not check the table (for example a foreign key that names no unique key).
using ForeignKeyViolations = std::map<std::string, std::int64_t>;

// One write transaction on the live database. Destroying it rolls back whatever is not committed
// and restores the connection settings it changed.
class ApplySession {
public:
    virtual ~ApplySession() = default;
    // Switches foreign keys off (outside any transaction) and takes the write lock. Waits at
    // most the busy timeout, then throws util::ConnectionError.
    virtual void begin() = 0;
    virtual model::Catalog inspect() = 0;  // inside the transaction
    // Copies the database as it is now (nothing written yet) to `path` with the engine's online
    // backup. Throws util::Error on failure.
    virtual void backup_to(const std::string& path) = 0;
    // Runs one statement; returns the engine's message when it fails.
    virtual std::optional<std::string> execute(std::string_view sql) = 0;
    virtual ForeignKeyViolations foreign_key_violations(const std::vector<std::string>& tables) = 0;
    virtual std::optional<std::string> commit() = 0;
    virtual void rollback() = 0;
};

class Migrator {
public:
    virtual ~Migrator() = default;
    virtual const MigrationDialect& dialect() const = 0;
    virtual std::unique_ptr<LiveReader> open_reader(const Target& target) = 0;
    // Before a write: finishes what an interrupted write left behind (SQLite: rolls a hot journal
    // back, which read-only connections cannot do). Nothing when there is nothing to recover.
    virtual void recover(const Target& target) = 0;
    // Opens the live database for writing; throws util::ConnectionError when it cannot.
    virtual std::unique_ptr<ApplySession> open_session(const Target& target) = 0;
    // Where a backup goes by default: beside the database, named with the UTC time.
    virtual std::string default_backup_path(const Target& target, std::string_view utc_stamp) const = 0;
};

}  // namespace dbaudit::engine
