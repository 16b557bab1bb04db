// A migration as data: ordered steps, each one statement with the change it resolves, why it is
// there, what could go wrong, and whether it was held back. Renderers and apply read only this.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "dbaudit/diff/change.hpp"

namespace dbaudit::plan {

enum class StepKind {
    rename_table,
    rename_column,
    create_table,
    add_column,
    drop_column,
    rebuild_table,
    drop_table,
    create_index,
    drop_index,
    create_view,
    drop_view,
    create_trigger,
    drop_trigger,
    insert_rows,
    // Engines that change objects in place (PostgreSQL):
    alter_column,         // type, NOT NULL, default, identity
    add_constraint,       // primary key, unique, check, foreign key, exclusion (maybe NOT VALID)
    validate_constraint,  // VALIDATE CONSTRAINT after NOT VALID
    drop_constraint,
    alter_table,          // row level security, persistence
    create_object,        // schema, extension, type, sequence, function, policy
    alter_object,         // ALTER TYPE ... ADD VALUE, ALTER SEQUENCE, CREATE OR REPLACE FUNCTION / VIEW
    drop_object,
    comment,
};

const char* to_string(StepKind kind);  // "create_table", ...

// Why a step is in the plan but not run.
enum class HoldReason {
    none,
    destructive,       // drops data or converts values: needs --allow-destructive
    suspected_rename,  // a column vanished while a same-typed one appeared: annotate or allow
    unsupported,       // the engine cannot do this automatically
    depends_on_held,   // needs something that is held back
};

struct Step {
    StepKind kind = StepKind::create_table;
    std::string object;  // what it changes: "leads", "leads.area", "idx_spy_leads_url"
    std::string sql;     // one statement, without the closing semicolon
    std::string why;     // one line: what it fixes or does
    std::vector<diff::Change> changes;  // the differences it resolves (empty for helper statements)
    std::vector<std::string> hazards;   // what could go wrong or be lost, in words
    // The same as words a program can test: access_exclusive_lock, blocks_writes, rewrites_table,
    // scans_table, deletes_data, outside_transaction (engine::HazardKind). Only engines that
    // change objects in place fill it.
    std::vector<std::string> hazard_kinds;
    bool destructive = false;
    // false: cannot run in a transaction block (CREATE INDEX CONCURRENTLY): the script puts it
    // after COMMIT, and apply runs it on its own after the transaction committed.
    bool in_transaction = true;
    // With in_transaction false: runs before BEGIN instead (ALTER TYPE ... ADD VALUE, whose new
    // value later steps may use only once it is committed). Additive and safe to keep if the
    // transaction then fails.
    bool before_transaction = false;
    HoldReason held = HoldReason::none;

    bool runs() const { return held == HoldReason::none; }
};

struct MigrationPlan {
    std::vector<Step> steps;                // in the order they run, held-back steps in place
    std::vector<diff::Change> unresolved;   // differences no running step resolves
    std::vector<std::string> notes;         // things a reviewer should know (ignored annotations, ...)
    // Child tables whose foreign keys apply checks before COMMIT: (name before, name after).
    // "before" is empty for a table the plan creates.
    std::vector<std::pair<std::string, std::string>> checked_tables;

    std::size_t running_count() const;
    std::size_t held_count() const;
    std::size_t held_destructive_count() const;  // held because destructive or a suspected rename
    bool empty() const { return running_count() == 0; }
};

const char* to_string(HoldReason reason);

}  // namespace dbaudit::plan
