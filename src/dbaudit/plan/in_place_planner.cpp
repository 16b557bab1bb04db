#include "dbaudit/plan/in_place_planner.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/plan/change_messages.hpp"
#include "dbaudit/plan/planner.hpp"
#include "dbaudit/plan/topological_sort.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::plan {

namespace {

using engine::DdlStatement;
using engine::HazardKind;

template <typename... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

// "15.4" -> 150004; "" -> 0.
int version_number(const std::string& version) {
    int major = 0, minor = 0;
    if (std::sscanf(version.c_str(), "%d.%d", &major, &minor) < 1) return 0;
    return major * 10000 + minor;
}

std::string human_size(std::int64_t bytes) {
    char buffer[32];
    if (bytes >= (1LL << 30)) std::snprintf(buffer, sizeof buffer, "%.1f GB", static_cast<double>(bytes) / (1LL << 30));
    else if (bytes >= (1LL << 20)) std::snprintf(buffer, sizeof buffer, "%.1f MB", static_cast<double>(bytes) / (1LL << 20));
    else std::snprintf(buffer, sizeof buffer, "%lld kB", static_cast<long long>((bytes + 1023) / 1024));
    return buffer;
}

// The schema part of "schema.name" and of "schema.name(args)".
std::string schema_of(const std::string& qualified) { return qualified.substr(0, qualified.find('.')); }

// "schema.name" of a function, without its arguments: what a view or a default mentions.
std::string function_key(const model::Function& function) { return function.schema + "." + function.name; }

bool mentions(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

class InPlacePlanner {
public:
    InPlacePlanner(const model::Catalog& expected, const model::Catalog& live, engine::LiveReader& reader,
                   const engine::InPlaceDialect& dialect, const PlanOptions& options)
        : m_expected(expected), m_original(live), m_reader(reader), m_ddl(dialect), m_options(options) {
        m_server.version_num = version_number(live.server_version);
    }

    MigrationPlan run();

private:
    // Phases, concatenated in this order.
    enum Phase {
        before_transaction,
        renames,
        drop_foreign_keys,  // first: they need the keys and columns dropped after them
        drop_dependents,  // policies, triggers, views, checks, keys, indexes that are replaced or go
        schemas,     // before extensions: an extension may go into a new schema
        extensions,
        types,
        sequences,
        functions,
        tables,
        sequence_owners,
        columns,
        constraints,
        foreign_keys,  // after the primary and unique keys they refer to
        validations,
        indexes,
        views,
        view_indexes,  // of materialized views
        triggers,
        row_security,
        policies,
        comments,
        drops,  // what the expected schema lacks, dependents first
        phase_count
    };

    Step& add(Phase phase, StepKind kind, std::string object, const DdlStatement& ddl, std::string why,
              std::vector<diff::Change> changes = {});
    void hold(Step& step, HoldReason reason) {
        if (step.held == HoldReason::none) step.held = reason;
    }
    void unsupported(const diff::Change& change, const std::string& reason);
    std::vector<std::string> describe(const DdlStatement& ddl, std::vector<std::string>& kinds);
    std::string size_of(const std::string& table);

    void plan_renames();
    void sort_changes(const diff::ChangeSet& changes);
    void plan_tables();
    void plan_table_changes();
    void plan_column(const diff::ModifyColumn& change, const model::Table& expected, const model::Table& live, bool suspected);
    void add_constraint_steps(const model::Table& table, const std::string& name, const DdlStatement& add_not_valid,
                              const DdlStatement& add_valid, bool expected_not_valid, const diff::Change& change, const std::string& why,
                              Phase phase = constraints);
    void plan_indexes();
    void plan_views_and_late_functions();
    void plan_objects();
    void plan_triggers_and_policies();
    void plan_comments();
    void plan_drops();
    void recreate_dependent_views(const std::string& name, const std::string& reason);
    // Live foreign keys that refer to `columns` of `table` (whose key is dropped): dropped first
    // and added again (as the expected schema has them) after the new key exists.
    void recreate_referencing_foreign_keys(const std::string& table, const std::vector<std::string>& columns);

    bool created(const std::string& table) const { return m_created.count(table) > 0; }
    const model::Table* expected_table(const std::string& name) const { return m_expected.find_table(name); }
    const model::Table* live_table(const std::string& name) const { return m_live.find_table(name); }

    const model::Catalog& m_expected;
    const model::Catalog& m_original;
    engine::LiveReader& m_reader;
    const engine::InPlaceDialect& m_ddl;
    const PlanOptions& m_options;
    engine::ServerFacts m_server;

    model::Catalog m_live;  // after the planned renames
    MigrationPlan m_plan;
    std::vector<Step> m_phases[phase_count];
    std::set<std::string> m_created;         // tables created by this plan
    std::set<std::string> m_held_tables;     // tables whose creation is held back
    std::set<std::string> m_views_dropped;   // live views (and materialized views) this plan drops
    std::set<std::string> m_views_created;   // views this plan creates (or replaces)
    std::set<std::string> m_functions_dropped;
    std::set<std::string> m_foreign_keys_dropped;  // "schema.table.name"
    // Indexes built once, so that each lookup costs a map search rather than a scan of the schema.
    bool m_view_readers_built = false;
    std::map<std::string, std::vector<const model::View*>> m_view_readers;  // name -> live views that mention it
    bool m_referencing_built = false;
    std::map<std::string, std::vector<std::pair<const model::Table*, const model::ForeignKey*>>> m_referencing;  // parent -> keys
    std::map<std::string, std::string> m_renamed_from;  // new table name -> its name in the database now

    // Changes sorted by what they are about.
    std::vector<const diff::Change*> m_table_changes;  // parts of tables present on both sides
    std::vector<const diff::AddTable*> m_added_tables;
    std::vector<const diff::DropTable*> m_dropped_tables;
    std::vector<const diff::Change*> m_index_changes, m_view_changes, m_function_changes, m_trigger_changes, m_policy_changes,
        m_object_changes, m_comment_changes;
    std::vector<std::pair<const diff::Change*, std::string>> m_unsupported;
};

// ---------------------------------------------------------------------------------------------
// Steps and their hazards

std::string InPlacePlanner::size_of(const std::string& name) {
    const auto renamed = m_renamed_from.find(name);
    const std::string& table = renamed == m_renamed_from.end() ? name : renamed->second;
    const std::int64_t rows = m_reader.estimated_rows(table);
    const std::int64_t bytes = m_reader.table_bytes(table);
    std::vector<std::string> parts;
    if (rows >= 0) parts.push_back("~" + std::to_string(rows) + (rows == 1 ? " row" : " rows"));
    if (bytes >= 0) parts.push_back(human_size(bytes));
    return parts.empty() ? std::string() : " (" + util::join(parts, ", ") + ")";
}

std::vector<std::string> InPlacePlanner::describe(const DdlStatement& ddl, std::vector<std::string>& kinds) {
    std::vector<std::string> out;
    // A table this plan creates is empty and nobody else sees it before COMMIT: its locks,
    // scans and rewrites cost nothing.
    const bool fresh = !ddl.table.empty() && created(ddl.table);
    const bool is_table = !ddl.table.empty() && m_live.find_table(ddl.table);
    for (const HazardKind kind : ddl.hazards) {
        if (fresh && kind != HazardKind::deletes_data && kind != HazardKind::outside_transaction) continue;
        const std::string size = is_table ? size_of(ddl.table) : std::string();
        std::string text;
        switch (kind) {
            case HazardKind::access_exclusive_lock:
                text = "takes an ACCESS EXCLUSIVE lock on " + (ddl.table.empty() ? std::string("the object") : ddl.table) + size +
                       ": its reads and writes wait until COMMIT";
                break;
            case HazardKind::blocks_writes:
                text = "blocks writes to " + (ddl.table.empty() ? std::string("the table") : ddl.table) + size + " until COMMIT";
                break;
            case HazardKind::rewrites_table: text = "rewrites " + ddl.table + size + " and its indexes"; break;
            case HazardKind::scans_table: text = "scans " + (ddl.table.empty() ? std::string("the data") : ddl.table) + size; break;
            case HazardKind::deletes_data: text = "deletes data"; break;
            case HazardKind::outside_transaction: text = "cannot run in a transaction block: runs on its own after COMMIT"; break;
        }
        kinds.emplace_back(engine::to_string(kind));
        out.push_back(std::move(text));
    }
    if (!ddl.note.empty()) out.push_back(ddl.note);
    return out;
}

Step& InPlacePlanner::add(Phase phase, StepKind kind, std::string object, const DdlStatement& ddl, std::string why,
                          std::vector<diff::Change> changes) {
    Step step;
    step.kind = kind;
    step.object = std::move(object);
    step.sql = ddl.sql;
    step.why = std::move(why);
    step.changes = std::move(changes);
    step.in_transaction = ddl.in_transaction;
    step.hazards = describe(ddl, step.hazard_kinds);
    step.destructive = std::find(ddl.hazards.begin(), ddl.hazards.end(), HazardKind::deletes_data) != ddl.hazards.end();
    m_phases[phase].push_back(std::move(step));
    return m_phases[phase].back();
}

void InPlacePlanner::unsupported(const diff::Change& change, const std::string& reason) {
    Step step;
    step.kind = StepKind::alter_object;
    step.why = reason.empty() ? "not planned: " + message_of(change) : message_of(change) + ": " + reason;
    step.changes.push_back(change);
    step.held = HoldReason::unsupported;
    m_phases[drops].push_back(std::move(step));
}

// ---------------------------------------------------------------------------------------------

MigrationPlan InPlacePlanner::run() {
    util::PhaseTimer timer("planner");
    plan_renames();
    timer.mark("renames");
    const diff::ChangeSet changes = diff::diff_catalogs(m_expected, m_live);
    timer.mark("diff");
    sort_changes(changes);
    plan_tables();
    plan_table_changes();
    plan_indexes();
    plan_objects();
    plan_views_and_late_functions();
    plan_triggers_and_policies();
    plan_comments();
    plan_drops();
    for (const auto& [change, reason] : m_unsupported) unsupported(*change, reason);

    for (auto& phase : m_phases)
        for (Step& step : phase) m_plan.steps.push_back(std::move(step));
    for (const Step& step : m_plan.steps)
        if (!step.runs()) m_plan.unresolved.insert(m_plan.unresolved.end(), step.changes.begin(), step.changes.end());
    timer.mark("plan");
    timer.count("changes", static_cast<long long>(changes.size()));
    timer.count("steps", static_cast<long long>(m_plan.steps.size()));
    return std::move(m_plan);
}

// ---------------------------------------------------------------------------------------------
// Renames: by annotation only; simulated on the model, and the rest is planned against that.

void InPlacePlanner::plan_renames() {
    std::vector<std::pair<std::string, std::string>> table_renames;
    std::vector<std::tuple<std::string, std::string, std::string>> column_renames;
    for (const model::RenameAnnotation& a : m_expected.renames) {
        if (a.kind != model::RenameKind::table || a.table == a.from) continue;
        // The old name is in the table's schema unless it says otherwise.
        std::string from = a.from.find('.') == std::string::npos ? schema_of(a.table) + "." + a.from : a.from;
        if (!m_original.find_table(from)) from = util::ascii_lower(from);
        const model::Table* old_table = m_original.find_table(from);
        const model::Table* new_table = m_original.find_table(a.table);
        if (!old_table || !m_expected.find_table(a.table)) continue;  // done already, or nothing to rename
        if (new_table) {
            m_plan.notes.push_back("rename annotation at " + a.location.to_string() + " ignored: the database has both " + from + " and " + a.table);
            continue;
        }
        if (m_expected.find_table(from)) {
            m_plan.notes.push_back("rename annotation at " + a.location.to_string() + " ignored: the expected schema still has a table " + from);
            continue;
        }
        if (schema_of(from) != schema_of(a.table)) {
            m_plan.notes.push_back("rename annotation at " + a.location.to_string() + " ignored: " + from + " is in another schema");
            continue;
        }
        const std::string new_name = a.table.substr(a.table.find('.') + 1);
        add(renames, StepKind::rename_table, a.table, m_ddl.rename_table(*old_table, new_name),
            "table " + from + " is renamed to " + a.table + " (dbaudit:renamed-from at " + a.location.to_string() + ")");
        table_renames.emplace_back(from, a.table);
        m_renamed_from[a.table] = from;
    }
    model::Catalog renamed = table_renames.empty() ? m_original : apply_renames(m_original, table_renames, {});
    for (model::RenameAnnotation a : m_expected.renames) {
        if (a.kind != model::RenameKind::column) continue;
        const model::Table* expected = m_expected.find_table(a.table);
        const model::Table* live = renamed.find_table(a.table);
        if (!expected || !live) continue;
        // Annotations give names as written: an unquoted one is folded to lower case by the engine.
        if (!expected->find_column(a.column, false)) a.column = util::ascii_lower(a.column);
        if (!live->find_column(a.from, false)) a.from = util::ascii_lower(a.from);
        if (a.column == a.from || !expected->find_column(a.column, false) || expected->find_column(a.from, false)) continue;
        if (!live->find_column(a.from, false) || live->find_column(a.column, false)) continue;
        add(renames, StepKind::rename_column, a.table + "." + a.column, m_ddl.rename_column(*live, a.from, a.column),
            "column " + a.table + "." + a.from + " is renamed to " + a.column + " (dbaudit:renamed-from at " + a.location.to_string() + ")");
        column_renames.emplace_back(a.table, a.from, a.column);
    }
    m_live = column_renames.empty() ? std::move(renamed) : apply_renames(renamed, {}, column_renames);
}

void InPlacePlanner::sort_changes(const diff::ChangeSet& changes) {
    for (const diff::Change& change : changes) {
        std::visit(Overloaded{
                       [&](const diff::AddTable& c) { m_added_tables.push_back(&c); },
                       [&](const diff::DropTable& c) { m_dropped_tables.push_back(&c); },
                       [&](const diff::AddIndex&) { m_index_changes.push_back(&change); },
                       [&](const diff::DropIndex&) { m_index_changes.push_back(&change); },
                       [&](const diff::ModifyIndex&) { m_index_changes.push_back(&change); },
                       [&](const diff::AddView&) { m_view_changes.push_back(&change); },
                       [&](const diff::DropView&) { m_view_changes.push_back(&change); },
                       [&](const diff::ModifyView&) { m_view_changes.push_back(&change); },
                       [&](const diff::AddMaterializedView&) { m_view_changes.push_back(&change); },
                       [&](const diff::DropMaterializedView&) { m_view_changes.push_back(&change); },
                       [&](const diff::ModifyMaterializedView&) { m_view_changes.push_back(&change); },
                       [&](const diff::AddFunction&) { m_function_changes.push_back(&change); },
                       [&](const diff::DropFunction&) { m_function_changes.push_back(&change); },
                       [&](const diff::ModifyFunction&) { m_function_changes.push_back(&change); },
                       [&](const diff::AddTrigger&) { m_trigger_changes.push_back(&change); },
                       [&](const diff::DropTrigger&) { m_trigger_changes.push_back(&change); },
                       [&](const diff::ModifyTrigger&) { m_trigger_changes.push_back(&change); },
                       [&](const diff::AddPolicy&) { m_policy_changes.push_back(&change); },
                       [&](const diff::DropPolicy&) { m_policy_changes.push_back(&change); },
                       [&](const diff::ModifyPolicy&) { m_policy_changes.push_back(&change); },
                       [&](const diff::ModifyComment&) { m_comment_changes.push_back(&change); },
                       [&](const diff::ReorderColumns&) {},  // never needs a migration
                       [&](const diff::UnsupportedChange& c) {
                           m_unsupported.emplace_back(&change, c.in_expected && c.in_live ? "dbaudit does not compare or migrate this kind"
                                                                                          : "dbaudit does not migrate this kind; do it by hand");
                       },
                       [&](const diff::NotVisible&) { m_unsupported.emplace_back(&change, "the role cannot read this kind"); },
                       [&](const diff::ServerVersionMismatch&) {
                           m_plan.notes.push_back("the shadow server and the live server run different major versions: " +
                                                  message_of(change));
                       },
                       [&](const auto& c) {
                           using T = std::decay_t<decltype(c)>;
                           if constexpr (std::is_same_v<T, diff::AddColumn> || std::is_same_v<T, diff::DropColumn> ||
                                         std::is_same_v<T, diff::ModifyColumn> || std::is_same_v<T, diff::ModifyPrimaryKey> ||
                                         std::is_same_v<T, diff::AddUnique> || std::is_same_v<T, diff::DropUnique> ||
                                         std::is_same_v<T, diff::AddForeignKey> || std::is_same_v<T, diff::DropForeignKey> ||
                                         std::is_same_v<T, diff::ModifyForeignKey> || std::is_same_v<T, diff::AddCheck> ||
                                         std::is_same_v<T, diff::DropCheck> || std::is_same_v<T, diff::ModifyTableOptions> ||
                                         std::is_same_v<T, diff::AddExclusion> || std::is_same_v<T, diff::DropExclusion> ||
                                         std::is_same_v<T, diff::ModifyConstraint> || std::is_same_v<T, diff::ModifyRowSecurity>) {
                               m_table_changes.push_back(&change);
                           } else {
                               m_object_changes.push_back(&change);
                           }
                       },
                   },
                   change);
    }
}

// ---------------------------------------------------------------------------------------------
// New tables: created without foreign keys (added once every table exists, so cycles need no
// special order), partitioned tables before their partitions; SERIAL sequences first.

void InPlacePlanner::plan_tables() {
    for (const diff::AddTable* add : m_added_tables) m_created.insert(add->table.qualified_name());
    std::vector<const model::Table*> ordered;
    for (int pass = 0; pass < 2; ++pass)
        for (const diff::AddTable* add : m_added_tables)
            if (add->table.options.partition_of.empty() == (pass == 0)) ordered.push_back(&add->table);
    std::map<std::string, std::vector<const model::Sequence*>> sequences_by_table;  // "schema.table" -> its SERIAL sequences
    for (const model::Sequence& sequence : m_expected.sequences)
        if (!sequence.owned_by.empty()) sequences_by_table[sequence.owned_by.substr(0, sequence.owned_by.rfind('.'))].push_back(&sequence);
    std::vector<std::string> live_sequences;
    for (const model::Sequence& sequence : m_live.sequences) live_sequences.push_back(sequence.qualified_name());
    std::sort(live_sequences.begin(), live_sequences.end());
    for (const model::Table* table : ordered) {
        const std::string name = table->qualified_name();
        // The sequences its SERIAL columns use: the differ leaves them to the table.
        const auto owned = sequences_by_table.find(name);
        for (const model::Sequence* pointer : owned == sequences_by_table.end() ? std::vector<const model::Sequence*>{} : owned->second) {
            const model::Sequence& sequence = *pointer;
            if (std::binary_search(live_sequences.begin(), live_sequences.end(), sequence.qualified_name())) continue;
            add(sequences, StepKind::create_object, sequence.qualified_name(), m_ddl.create_sequence(sequence),
                "sequence " + sequence.qualified_name() + " of " + sequence.owned_by + " (with its table)");
            if (auto owner = m_ddl.sequence_owner(sequence))
                add(sequence_owners, StepKind::alter_object, sequence.qualified_name(), *owner, "sequence " + sequence.qualified_name() + " belongs to " + sequence.owned_by);
        }
        add(tables, StepKind::create_table, name, m_ddl.create_table(*table), message_of(diff::AddTable{*table}), {diff::AddTable{*table}});
        for (const auto& check : table->checks)
            if (check.not_valid)
                add(constraints, StepKind::add_constraint, name + "." + check.name, m_ddl.add_check(*table, check, true),
                    "check " + check.name + " of new table " + name + " (NOT VALID as expected)");
        for (const auto& key : table->foreign_keys)
            add(foreign_keys, StepKind::add_constraint, name + "." + key.name, m_ddl.add_foreign_key(*table, key, key.not_valid),
                "foreign key " + key.name + " of new table " + name + " (after every table exists)");
        model::Table off = *table;
        off.row_security = off.force_row_security = false;
        for (const DdlStatement& statement : m_ddl.row_security(off, table->row_security, table->force_row_security))
            add(row_security, StepKind::alter_table, name, statement, "row level security of new table " + name);
        if (!table->comment.empty())
            add(comments, StepKind::comment, name, m_ddl.comment("table", name, table->comment), "comment on new table " + name);
        for (const model::Column& column : table->columns)
            if (!column.comment.empty())
                add(comments, StepKind::comment, name + "." + column.name, m_ddl.comment("column", name + "." + column.name, column.comment),
                    "comment on column " + name + "." + column.name);
    }
}

// ---------------------------------------------------------------------------------------------
// Parts of tables present on both sides.

void InPlacePlanner::add_constraint_steps(const model::Table& table, const std::string& name, const DdlStatement& add_not_valid,
                                          const DdlStatement& add_valid, bool expected_not_valid, const diff::Change& change,
                                          const std::string& why, Phase phase) {
    const std::string object = table.qualified_name() + "." + name;
    if (expected_not_valid) {
        add(phase, StepKind::add_constraint, object, add_not_valid, why + " (NOT VALID, as expected)", {change});
    } else if (created(table.qualified_name())) {
        add(phase, StepKind::add_constraint, object, add_valid, why, {change});
    } else {
        // A brief lock to add it, then a scan that lets reads and writes go on.
        add(phase, StepKind::add_constraint, object, add_not_valid, why + " (NOT VALID first: existing rows are checked next)", {change});
        add(validations, StepKind::validate_constraint, object, m_ddl.validate_constraint(table, name),
            "validate " + name + " on " + table.qualified_name() + ": fails (and rolls back) if an existing row violates it");
    }
}

void InPlacePlanner::plan_table_changes() {
    // Columns that vanished while same-family ones appeared on one table: suspected renames.
    std::map<std::string, std::set<std::string>> suspects;  // table -> column names
    {
        std::map<std::string, std::vector<const diff::DropColumn*>> drops;
        std::map<std::string, std::vector<const diff::AddColumn*>> adds;
        for (const diff::Change* change : m_table_changes) {
            if (const auto* d = std::get_if<diff::DropColumn>(change)) drops[d->table].push_back(d);
            if (const auto* a = std::get_if<diff::AddColumn>(change)) adds[a->table].push_back(a);
        }
        for (const auto& [table, list] : drops)
            for (const auto* d : list)
                for (const auto* a : adds[table])
                    if (d->column.type == a->column.type) {
                        suspects[table].insert(d->column.name);
                        suspects[table].insert(a->column.name);
                        m_plan.notes.push_back("suspected rename: column " + table + "." + d->column.name + " vanished while " + table + "." +
                                               a->column.name + " (" + a->column.type + ") appeared; " +
                                               (m_options.allow_destructive ? "dropped and added, as --allow-destructive allows"
                                                                            : "both held back until -- dbaudit:renamed-from " + d->column.name +
                                                                                  " on the column or --allow-destructive decides"));
                    }
    }
    // Foreign keys this plan drops or replaces anyway: a key they refer to that is replaced does
    // not drop them a second time.
    for (const diff::Change* change : m_table_changes) {
        if (const auto* d = std::get_if<diff::DropForeignKey>(change)) m_foreign_keys_dropped.insert(d->table + "." + d->key.name);
        if (const auto* m = std::get_if<diff::ModifyForeignKey>(change)) m_foreign_keys_dropped.insert(m->table + "." + m->live.name);
    }
    auto suspected = [&](const std::string& table, const std::string& column) {
        const auto it = suspects.find(table);
        return !m_options.allow_destructive && it != suspects.end() && it->second.count(column);
    };

    for (const diff::Change* change : m_table_changes) {
        const std::string& table_name = std::visit([](const auto& c) -> const std::string& {
            static const std::string none;
            if constexpr (requires { c.table; }) {
                if constexpr (std::is_same_v<std::decay_t<decltype(c.table)>, std::string>) return c.table;
                else return none;
            } else {
                return none;
            }
        }, *change);
        const model::Table* expected = expected_table(table_name);
        const model::Table* live = live_table(table_name);
        if (!expected || !live) continue;
        const std::string why = message_of(*change);
        std::visit(
            Overloaded{
                [&](const diff::AddColumn& c) {
                    const model::Column& column = c.column;
                    if (column.not_null && !column.default_expr && column.generated == model::Generated::none && column.identity.empty() &&
                        !suspected(table_name, column.name) && m_reader.has_rows(table_name))
                        throw util::InputError("cannot add column " + table_name + "." + column.name + ": it is NOT NULL without a default and table " +
                                                   table_name + " has rows",
                                               "give " + table_name + "." + column.name + " a DEFAULT in the expected schema, make it nullable, "
                                               "or fill the table another way first");
                    Step& step = add(columns, StepKind::add_column, table_name + "." + column.name, m_ddl.add_column(*expected, column, m_expected, m_server),
                                     why, {*change});
                    if (suspected(table_name, column.name)) hold(step, HoldReason::suspected_rename);
                    if (!column.comment.empty())
                        add(comments, StepKind::comment, table_name + "." + column.name, m_ddl.comment("column", table_name + "." + column.name, column.comment),
                            "comment on column " + table_name + "." + column.name);
                },
                [&](const diff::DropColumn& c) {
                    Step& step = add(drops, StepKind::drop_column, table_name + "." + c.column.name, m_ddl.drop_column(*live, c.column), why, {*change});
                    step.hazards.push_back("drops column " + table_name + "." + c.column.name + " and every value in it");
                    if (suspected(table_name, c.column.name)) hold(step, HoldReason::suspected_rename);
                    else if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
                },
                [&](const diff::ModifyColumn& c) { plan_column(c, *expected, *live, false); },
                [&](const diff::ModifyPrimaryKey& c) {
                    if (c.live && c.expected && c.live->columns == c.expected->columns && c.live->name != c.expected->name) {
                        add(constraints, StepKind::alter_table, table_name + "." + c.expected->name,
                            m_ddl.rename_constraint(*live, c.live->name, c.expected->name), why + " (only its name)", {*change});
                        return;
                    }
                    if (c.live) recreate_referencing_foreign_keys(table_name, c.live->columns);
                    if (c.live)
                        add(drop_dependents, StepKind::drop_constraint, table_name + "." + c.live->name, m_ddl.drop_constraint(*live, c.live->name),
                            why + " (the old key goes first)", c.expected ? std::vector<diff::Change>{} : std::vector<diff::Change>{*change});
                    if (c.expected) add(constraints, StepKind::add_constraint, table_name, m_ddl.add_primary_key(*expected, *c.expected), why, {*change});
                },
                [&](const diff::AddUnique& c) {
                    add(constraints, StepKind::add_constraint, table_name + "." + c.unique.name, m_ddl.add_unique(*expected, c.unique), why, {*change});
                },
                [&](const diff::DropUnique& c) {
                    if (m_options.allow_destructive) recreate_referencing_foreign_keys(table_name, c.unique.columns);
                    Step& step = add(drop_dependents, StepKind::drop_constraint, table_name + "." + c.unique.name,
                                     m_ddl.drop_constraint(*live, c.unique.name), why, {*change});
                    if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
                },
                [&](const diff::AddForeignKey& c) {
                    add_constraint_steps(*expected, c.key.name, m_ddl.add_foreign_key(*expected, c.key, true), m_ddl.add_foreign_key(*expected, c.key, false),
                                         c.key.not_valid, *change, why, foreign_keys);
                },
                [&](const diff::DropForeignKey& c) {
                    m_foreign_keys_dropped.insert(table_name + "." + c.key.name);
                    Step& step = add(drop_foreign_keys, StepKind::drop_constraint, table_name + "." + c.key.name, m_ddl.drop_constraint(*live, c.key.name),
                                     why, {*change});
                    if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
                },
                [&](const diff::ModifyForeignKey& c) {
                    model::ForeignKey same = c.live;
                    same.name = c.expected.name;
                    if (same == c.expected) {
                        add(constraints, StepKind::alter_table, table_name + "." + c.expected.name,
                            m_ddl.rename_constraint(*live, c.live.name, c.expected.name), why + " (only its name)", {*change});
                        return;
                    }
                    same.not_valid = c.expected.not_valid;
                    if (same == c.expected && c.live.not_valid && !c.expected.not_valid && c.live.name == c.expected.name) {
                        add(validations, StepKind::validate_constraint, table_name + "." + c.expected.name,
                            m_ddl.validate_constraint(*live, c.expected.name), why, {*change});
                        return;
                    }
                    m_foreign_keys_dropped.insert(table_name + "." + c.live.name);
                    add(drop_foreign_keys, StepKind::drop_constraint, table_name + "." + c.live.name, m_ddl.drop_constraint(*live, c.live.name),
                        why + " (dropped, then added as expected)");
                    add_constraint_steps(*expected, c.expected.name, m_ddl.add_foreign_key(*expected, c.expected, true),
                                         m_ddl.add_foreign_key(*expected, c.expected, false), c.expected.not_valid, *change, why, foreign_keys);
                },
                [&](const diff::AddCheck& c) {
                    add_constraint_steps(*expected, c.check.name, m_ddl.add_check(*expected, c.check, true), m_ddl.add_check(*expected, c.check, false),
                                         c.check.not_valid, *change, why);
                },
                [&](const diff::DropCheck& c) {
                    add(drop_dependents, StepKind::drop_constraint, table_name + "." + c.check.name, m_ddl.drop_constraint(*live, c.check.name), why,
                        {*change});
                },
                [&](const diff::AddExclusion& c) {
                    add(constraints, StepKind::add_constraint, table_name + "." + c.exclusion.name, m_ddl.add_exclusion(*expected, c.exclusion), why,
                        {*change});
                },
                [&](const diff::DropExclusion& c) {
                    add(drop_dependents, StepKind::drop_constraint, table_name + "." + c.exclusion.name,
                        m_ddl.drop_constraint(*live, c.exclusion.name), why, {*change});
                },
                [&](const diff::ModifyConstraint& c) {
                    if (c.kind == "check") {
                        const auto it = std::find_if(expected->checks.begin(), expected->checks.end(), [&](const auto& x) { return x.name == c.name; });
                        if (it == expected->checks.end()) return unsupported(*change, "");
                        if (!it->not_valid && c.live.rfind("NOT VALID", 0) == 0 && c.expected.find("NO INHERIT") == c.live.find("NO INHERIT")) {
                            add(validations, StepKind::validate_constraint, table_name + "." + c.name, m_ddl.validate_constraint(*live, c.name), why, {*change});
                            return;
                        }
                        add(drop_dependents, StepKind::drop_constraint, table_name + "." + c.name, m_ddl.drop_constraint(*live, c.name),
                            why + " (dropped, then added as expected)");
                        add_constraint_steps(*expected, c.name, m_ddl.add_check(*expected, *it, true), m_ddl.add_check(*expected, *it, false),
                                             it->not_valid, *change, why);
                    } else if (c.kind == "unique") {
                        const auto it = std::find_if(expected->uniques.begin(), expected->uniques.end(), [&](const auto& x) { return x.name == c.name; });
                        const auto old = std::find_if(live->uniques.begin(), live->uniques.end(), [&](const auto& x) { return x.columns == (it == expected->uniques.end() ? x.columns : it->columns); });
                        if (it == expected->uniques.end() || old == live->uniques.end()) return unsupported(*change, "");
                        recreate_referencing_foreign_keys(table_name, old->columns);
                        add(drop_dependents, StepKind::drop_constraint, table_name + "." + old->name, m_ddl.drop_constraint(*live, old->name),
                            why + " (dropped, then added as expected)");
                        add(constraints, StepKind::add_constraint, table_name + "." + c.name, m_ddl.add_unique(*expected, *it), why, {*change});
                    } else if (c.kind == "primary_key" && expected->primary_key && live->primary_key) {
                        recreate_referencing_foreign_keys(table_name, live->primary_key->columns);
                        add(drop_dependents, StepKind::drop_constraint, table_name + "." + live->primary_key->name,
                            m_ddl.drop_constraint(*live, live->primary_key->name), why + " (dropped, then added as expected)");
                        add(constraints, StepKind::add_constraint, table_name, m_ddl.add_primary_key(*expected, *expected->primary_key), why, {*change});
                    } else {
                        unsupported(*change, "");
                    }
                },
                [&](const diff::ModifyRowSecurity& c) {
                    for (const DdlStatement& statement : m_ddl.row_security(*live, c.expected_enabled, c.expected_forced))
                        add(row_security, StepKind::alter_table, table_name, statement, why, {*change});
                },
                [&](const diff::ModifyTableOptions& c) {
                    if (auto statement = m_ddl.set_table_options(*expected, *live)) add(columns, StepKind::alter_table, table_name, *statement, why, {*change});
                    else unsupported(*change, "partitioning cannot be changed in place: create a new table and move the rows by hand");
                    (void)c;
                },
                [&](const auto&) { unsupported(*change, ""); },
            },
            *change);
    }
}

void InPlacePlanner::plan_column(const diff::ModifyColumn& c, const model::Table& expected, const model::Table& live, bool) {
    (void)live;
    const std::string column = c.table + "." + c.expected.name;
    const std::string why = message_of(c);
    const auto statements = m_ddl.alter_column(expected, c.expected, c.live);
    if (!statements) return unsupported(c, "a generated column's expression cannot be changed in place: drop and add the column");
    // A type change that can lose or reject values waits for --allow-destructive.
    const bool narrowing = c.delta.type && !m_ddl.widens(c.live.type, c.expected.type);
    // A column a view reads cannot change type: the views are dropped and created again.
    if ((c.delta.type || c.delta.collation) && (!narrowing || m_options.allow_destructive))
        recreate_dependent_views(c.table, "column " + column + " changes type");
    bool first = true;
    for (const DdlStatement& statement : *statements) {
        Step& step = add(columns, StepKind::alter_column, column, statement, why, first ? std::vector<diff::Change>{c} : std::vector<diff::Change>{});
        first = false;
        if (statement.sql.find(" SET NOT NULL") != std::string::npos)
            step.hazards.push_back("fails (and rolls back) if any row has NULL in " + column);
        if (narrowing) {
            step.destructive = true;
            if (statement.sql.find(" TYPE ") != std::string::npos)
                step.hazards.push_back("converts every value of " + column + " from " + c.live.type + " to " + c.expected.type +
                                       ": fails (and rolls back) if one does not convert, and may lose precision");
            if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Indexes: of tables (after the constraints) and of materialized views (after the views).

void InPlacePlanner::plan_indexes() {
    for (const diff::Change* change : m_index_changes) {
        const std::string why = message_of(*change);
        auto make_create = [&](const model::Index& index, std::vector<diff::Change> changes) {
            const bool on_view = m_expected.find_materialized_view(index.table) != nullptr;
            const bool concurrently = m_options.concurrently && !created(index.table) && !on_view && m_live.find_table(index.table);
            Step& step = add(on_view ? view_indexes : indexes, StepKind::create_index, index.qualified_name(), m_ddl.create_index(index, concurrently), why,
                             std::move(changes));
            if (m_held_tables.count(index.table)) hold(step, HoldReason::depends_on_held);
        };
        if (const auto* a = std::get_if<diff::AddIndex>(change)) {
            make_create(a->index, {*change});
        } else if (const auto* d = std::get_if<diff::DropIndex>(change)) {
            if (m_expected.find_materialized_view(d->index.table) == nullptr && !m_expected.find_table(d->index.table)) continue;  // goes with its table
            Step& step = add(drop_dependents, StepKind::drop_index, d->index.qualified_name(), m_ddl.drop_index(d->index, false), why, {*change});
            if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
        } else if (const auto* m = std::get_if<diff::ModifyIndex>(change)) {
            add(drop_dependents, StepKind::drop_index, m->live.qualified_name(), m_ddl.drop_index(m->live, false), why + " (dropped, then created as expected)");
            make_create(m->expected, {*change});
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Schemas, extensions, types, sequences, functions.

void InPlacePlanner::plan_objects() {
    for (const diff::Change* change : m_object_changes) {
        const std::string why = message_of(*change);
        std::visit(
            Overloaded{
                [&](const diff::AddSchema& c) {
                    add(schemas, StepKind::create_object, c.object.name, m_ddl.create_schema(c.object), why, {*change});
                    if (!c.object.comment.empty())
                        add(comments, StepKind::comment, c.object.name, m_ddl.comment("schema", c.object.name, c.object.comment), "comment on schema " + c.object.name);
                },
                [&](const diff::AddExtension& c) {
                    if (!c.available) throw m_ddl.extension_not_offered(c.object, m_server);
                    add(extensions, StepKind::create_object, c.object.name, m_ddl.create_extension(c.object), why, {*change});
                },
                [&](const diff::ModifyExtension& c) {
                    for (const DdlStatement& statement : m_ddl.alter_extension(c.expected, c.live))
                        add(extensions, StepKind::alter_object, c.expected.name, statement, why, {*change});
                },
                [&](const diff::AddType& c) {
                    add(types, StepKind::create_object, c.object.qualified_name(), m_ddl.create_type(c.object), why, {*change});
                    if (!c.object.comment.empty())
                        add(comments, StepKind::comment, c.object.qualified_name(), m_ddl.comment("type", c.object.qualified_name(), c.object.comment),
                            "comment on type " + c.object.qualified_name());
                },
                [&](const diff::ModifyType& c) {
                    const auto statements = m_ddl.alter_type(c.expected, c.live);
                    if (!statements) {
                        return unsupported(*change, "ALTER TYPE cannot do this in place (a label removed or reordered, or attributes changed); "
                                                    "it needs a new type and a column conversion by hand");
                    }
                    bool first = true;
                    for (const DdlStatement& statement : *statements) {
                        // New enum values: before the transaction, so that steps in it may use them.
                        const bool enum_value = c.expected.kind == model::TypeKind::enum_type;
                        Step& step = add(enum_value ? before_transaction : types, StepKind::alter_object, c.expected.qualified_name(), statement, why,
                                         first ? std::vector<diff::Change>{*change} : std::vector<diff::Change>{});
                        if (enum_value) {
                            step.in_transaction = false;
                            step.before_transaction = true;
                        }
                        first = false;
                    }
                },
                [&](const diff::AddSequence& c) {
                    add(sequences, StepKind::create_object, c.object.qualified_name(), m_ddl.create_sequence(c.object), why, {*change});
                    if (auto owner = m_ddl.sequence_owner(c.object))
                        add(sequence_owners, StepKind::alter_object, c.object.qualified_name(), *owner, "sequence " + c.object.qualified_name() + " belongs to " + c.object.owned_by);
                },
                [&](const diff::ModifySequence& c) {
                    bool first = true;
                    for (const DdlStatement& statement : m_ddl.alter_sequence(c.expected, c.live)) {
                        add(c.expected.owned_by != c.live.owned_by && statement.sql.find(" OWNED BY ") != std::string::npos ? sequence_owners : sequences,
                            StepKind::alter_object, c.expected.qualified_name(), statement, why, first ? std::vector<diff::Change>{*change} : std::vector<diff::Change>{});
                        first = false;
                    }
                },
                [&](const auto&) { m_unsupported.emplace_back(change, ""); },
            },
            *change);
    }
    // Functions whose bodies are not resolved when created go before the tables (defaults and
    // checks may call them); the others are ordered with the views.
    for (const diff::Change* change : m_function_changes) {
        const std::string why = message_of(*change);
        if (const auto* a = std::get_if<diff::AddFunction>(change)) {
            if (m_ddl.function_needs_objects(a->object)) continue;
            add(functions, StepKind::create_object, a->object.qualified_name(), m_ddl.create_function(a->object), why, {*change});
        } else if (const auto* m = std::get_if<diff::ModifyFunction>(change)) {
            if (!m_ddl.function_replaceable(m->expected, m->live)) {
                recreate_dependent_views(function_key(m->live), "function " + m->live.qualified_name() + " is dropped and created again");
                add(drop_dependents, StepKind::drop_object, m->live.qualified_name(), m_ddl.drop_function(m->live),
                    why + " (its result or kind changes: dropped, then created as expected)");
                m_functions_dropped.insert(function_key(m->live));
            }
            if (m_ddl.function_needs_objects(m->expected)) continue;
            add(functions, StepKind::alter_object, m->expected.qualified_name(), m_ddl.create_function(m->expected), why, {*change});
        }
    }
}

void InPlacePlanner::recreate_referencing_foreign_keys(const std::string& table, const std::vector<std::string>& columns) {
    if (!m_referencing_built) {
        m_referencing_built = true;
        for (const model::Table& child : m_live.tables)
            for (const model::ForeignKey& key : child.foreign_keys)
                m_referencing[(key.referenced_schema.empty() ? child.schema : key.referenced_schema) + "." + key.referenced_table].emplace_back(&child, &key);
    }
    const auto referencing = m_referencing.find(table);
    if (referencing == m_referencing.end()) return;
    for (const auto& [child_pointer, key_pointer] : referencing->second) {
        const model::Table& child = *child_pointer;
        const model::ForeignKey& key = *key_pointer;
        const std::string id = child.qualified_name() + "." + key.name;
        if (m_foreign_keys_dropped.count(id)) continue;
        const std::vector<std::string>& referenced = key.referenced_columns.empty() ? columns : key.referenced_columns;
        if (referenced != columns) continue;
        m_foreign_keys_dropped.insert(id);
        add(drop_foreign_keys, StepKind::drop_constraint, id, m_ddl.drop_constraint(child, key.name),
            "foreign key " + id + " is dropped and added again: the key of " + table + " it refers to is replaced");
        const model::Table* expected_child = m_expected.find_table(child.qualified_name());
        if (!expected_child) continue;
        for (const model::ForeignKey& again : expected_child->foreign_keys)
            if (again.name == key.name)
                add_constraint_steps(*expected_child, again.name, m_ddl.add_foreign_key(*expected_child, again, true),
                                     m_ddl.add_foreign_key(*expected_child, again, false), again.not_valid, diff::AddForeignKey{child.qualified_name(), again},
                                     "foreign key " + id + " again", foreign_keys);
    }
}

// Live views that read `name` (a relation or a function, "schema.name"), with the views that read
// those, are dropped before and created again (from the expected schema) after.
void InPlacePlanner::recreate_dependent_views(const std::string& name, const std::string& reason) {
    if (!m_view_readers_built) {
        // Built once: which live views mention each name (a view, a table, a function).
        m_view_readers_built = true;
        for (const auto* list : {&m_live.views, &m_live.materialized_views})
            for (const model::View& view : *list)
                for (const std::string& mentioned : m_ddl.mentioned_objects(view.definition))
                    if (mentioned != view.qualified_name()) m_view_readers[mentioned].push_back(&view);
    }
    std::vector<std::string> pending{name};
    std::vector<const model::View*> found;
    while (!pending.empty()) {
        const std::string current = pending.back();
        pending.pop_back();
        const auto readers = m_view_readers.find(current);
        if (readers == m_view_readers.end()) continue;
        for (const model::View* view : readers->second) {
            const std::string view_name = view->qualified_name();
            if (m_views_dropped.count(view_name)) continue;
            m_views_dropped.insert(view_name);
            found.push_back(view);
            pending.push_back(view_name);
        }
    }
    // Dependents first: the order found is readers after what they read, so reversed.
    for (auto it = found.rbegin(); it != found.rend(); ++it) {
        const model::View& view = **it;
        add(drop_dependents, StepKind::drop_view, view.qualified_name(), m_ddl.drop_view(view),
            "view " + view.qualified_name() + " is dropped and created again: " + reason);
    }
}

// ---------------------------------------------------------------------------------------------
// Views, materialized views and the functions whose bodies name objects, in one topological
// order (a view after the views and functions it names, a function after the views it names).

void InPlacePlanner::plan_views_and_late_functions() {
    struct Item {
        std::string name;     // "schema.name"
        std::string text;     // what it mentions
        const model::View* view = nullptr;
        const model::Function* function = nullptr;
        std::vector<diff::Change> changes;
        bool replace = false;  // CREATE OR REPLACE
        std::string why;
    };
    std::vector<Item> items;
    std::set<std::string> listed;
    for (const diff::Change* change : m_view_changes) {
        const std::string why = message_of(*change);
        std::visit(Overloaded{
                       [&](const diff::AddView& c) { items.push_back({c.view.qualified_name(), c.view.definition, &c.view, nullptr, {*change}, false, why}); },
                       [&](const diff::AddMaterializedView& c) {
                           items.push_back({c.view.qualified_name(), c.view.definition, &c.view, nullptr, {*change}, false, why});
                       },
                       [&](const diff::ModifyView& c) {
                           const bool replace = m_ddl.view_replaceable(c.expected, c.live) && !m_views_dropped.count(c.live.qualified_name());
                           if (!replace && !m_views_dropped.count(c.live.qualified_name())) {
                               recreate_dependent_views(c.live.qualified_name(), "it reads " + c.live.qualified_name() + ", which is replaced");
                               m_views_dropped.insert(c.live.qualified_name());
                               add(drop_dependents, StepKind::drop_view, c.live.qualified_name(), m_ddl.drop_view(c.live),
                                   why + " (its columns change: dropped, then created as expected)");
                           }
                           items.push_back({c.expected.qualified_name(), c.expected.definition, &c.expected, nullptr, {*change}, replace, why});
                       },
                       [&](const diff::ModifyMaterializedView& c) {
                           if (!m_views_dropped.count(c.live.qualified_name())) {
                               recreate_dependent_views(c.live.qualified_name(), "it reads " + c.live.qualified_name() + ", which is replaced");
                               m_views_dropped.insert(c.live.qualified_name());
                               add(drop_dependents, StepKind::drop_view, c.live.qualified_name(), m_ddl.drop_view(c.live),
                                   why + " (dropped, then created as expected)");
                           }
                           items.push_back({c.expected.qualified_name(), c.expected.definition, &c.expected, nullptr, {*change}, false, why});
                       },
                       [&](const diff::DropView& c) {
                           if (m_views_dropped.count(c.view.qualified_name())) return;
                           Step& step = add(drop_dependents, StepKind::drop_view, c.view.qualified_name(), m_ddl.drop_view(c.view), why, {*change});
                           if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
                           else m_views_dropped.insert(c.view.qualified_name());
                       },
                       [&](const diff::DropMaterializedView& c) {
                           if (m_views_dropped.count(c.view.qualified_name())) return;
                           Step& step = add(drop_dependents, StepKind::drop_view, c.view.qualified_name(), m_ddl.drop_view(c.view), why, {*change});
                           step.destructive = true;
                           if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
                           else m_views_dropped.insert(c.view.qualified_name());
                       },
                       [&](const auto&) {},
                   },
                   *change);
    }
    for (const auto& item : items) {
        listed.insert(item.name);
        if (item.view && item.view->materialized) m_created.insert(item.name);  // nobody reads it before COMMIT
    }
    // Views dropped only because something they read changes: created again as expected.
    for (const std::string& name : m_views_dropped) {
        if (listed.count(name)) continue;
        const model::View* view = m_expected.find_view(name);
        if (!view) view = m_expected.find_materialized_view(name);
        if (!view) continue;  // the expected schema does not have it: it stays dropped
        items.push_back({name, view->definition, view, nullptr, {}, false, "view " + name + " again, as expected"});
        listed.insert(name);
    }
    for (const diff::Change* change : m_function_changes) {
        const model::Function* function = nullptr;
        if (const auto* a = std::get_if<diff::AddFunction>(change)) function = &a->object;
        if (const auto* m = std::get_if<diff::ModifyFunction>(change)) function = &m->expected;
        if (!function || !m_ddl.function_needs_objects(*function)) continue;
        items.push_back({function_key(*function), function->body, nullptr, function, {*change}, false, message_of(*change)});
    }

    std::map<std::string, std::vector<std::size_t>> by_name;
    for (std::size_t i = 0; i < items.size(); ++i) by_name[items[i].name].push_back(i);
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t i = 0; i < items.size(); ++i) {
        for (const std::string& name : m_ddl.mentioned_objects(items[i].text)) {
            const auto it = by_name.find(name);
            if (it == by_name.end()) continue;
            for (std::size_t j : it->second)
                if (j != i) edges.emplace_back(j, i);
        }
    }
    std::vector<std::size_t> broken;
    for (std::size_t i : stable_topological_sort(items.size(), edges, &broken)) {
        Item& item = items[i];
        if (item.function) {
            add(views, StepKind::create_object, item.function->qualified_name(), m_ddl.create_function(*item.function), item.why, item.changes);
            continue;
        }
        Step& step = add(views, item.replace ? StepKind::alter_object : StepKind::create_view, item.name, m_ddl.create_view(*item.view, item.replace),
                         item.why, item.changes);
        for (const std::string& name : m_ddl.mentioned_objects(item.text))
            if (m_held_tables.count(name)) hold(step, HoldReason::depends_on_held);
        m_views_created.insert(item.name);
        // A materialized view created again gets its indexes again (new ones come as AddIndex).
        if (item.view->materialized && item.changes.empty() == false && std::holds_alternative<diff::ModifyMaterializedView>(item.changes.front())) {
            for (const model::Index& index : item.view->indexes) add(views, StepKind::create_index, index.qualified_name(), m_ddl.create_index(index, false), "index of " + item.name + " again");
        } else if (item.view->materialized && item.changes.empty()) {
            for (const model::Index& index : item.view->indexes) add(views, StepKind::create_index, index.qualified_name(), m_ddl.create_index(index, false), "index of " + item.name + " again");
        }
        if (!item.view->comment.empty() && item.changes.size() == 1 &&
            (std::holds_alternative<diff::AddView>(item.changes.front()) || std::holds_alternative<diff::AddMaterializedView>(item.changes.front())))
            add(comments, StepKind::comment, item.name, m_ddl.comment(item.view->materialized ? "materialized_view" : "view", item.name, item.view->comment),
                "comment on " + item.name);
    }
    for (std::size_t i : broken) m_plan.notes.push_back("views and functions depend on each other in a cycle at " + items[i].name);
}

// ---------------------------------------------------------------------------------------------

void InPlacePlanner::plan_triggers_and_policies() {
    for (const diff::Change* change : m_trigger_changes) {
        const std::string why = message_of(*change);
        if (const auto* a = std::get_if<diff::AddTrigger>(change)) {
            Step& step = add(triggers, StepKind::create_trigger, a->trigger.qualified_name(), m_ddl.create_trigger(a->trigger), why, {*change});
            const bool held = m_held_tables.count(a->trigger.table) > 0;
            if (held) hold(step, HoldReason::depends_on_held);
            if (!a->trigger.enabled.empty()) {
                Step& state = add(triggers, StepKind::alter_table, a->trigger.qualified_name(), m_ddl.trigger_state(a->trigger), "trigger " + a->trigger.qualified_name() + " is " + a->trigger.enabled);
                if (held) hold(state, HoldReason::depends_on_held);
            }
        } else if (const auto* m = std::get_if<diff::ModifyTrigger>(change)) {
            if (m->expected.definition == m->live.definition) {  // only ENABLE / DISABLE differs
                add(triggers, StepKind::alter_table, m->expected.qualified_name(), m_ddl.trigger_state(m->expected), why, {*change});
                continue;
            }
            add(drop_dependents, StepKind::drop_trigger, m->live.qualified_name(), m_ddl.drop_trigger(m->live), why + " (dropped, then created as expected)");
            add(triggers, StepKind::create_trigger, m->expected.qualified_name(), m_ddl.create_trigger(m->expected), why, {*change});
            if (!m->expected.enabled.empty())
                add(triggers, StepKind::alter_table, m->expected.qualified_name(), m_ddl.trigger_state(m->expected), "trigger " + m->expected.qualified_name() + " is " + m->expected.enabled);
        } else if (const auto* d = std::get_if<diff::DropTrigger>(change)) {
            if (!m_expected.find_table(d->trigger.table) && !m_expected.find_view(d->trigger.table)) {
                if (m_views_dropped.count(d->trigger.table)) continue;  // went with its view
            }
            Step& step = add(drop_dependents, StepKind::drop_trigger, d->trigger.qualified_name(), m_ddl.drop_trigger(d->trigger), why, {*change});
            if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
        }
    }
    for (const diff::Change* change : m_policy_changes) {
        const std::string why = message_of(*change);
        if (const auto* a = std::get_if<diff::AddPolicy>(change)) {
            add(policies, StepKind::create_object, a->object.qualified_name(), m_ddl.create_policy(a->object), why, {*change});
        } else if (const auto* m = std::get_if<diff::ModifyPolicy>(change)) {
            add(drop_dependents, StepKind::drop_object, m->live.qualified_name(), m_ddl.drop_policy(m->live), why + " (dropped, then created as expected)");
            add(policies, StepKind::create_object, m->expected.qualified_name(), m_ddl.create_policy(m->expected), why, {*change});
        } else if (const auto* d = std::get_if<diff::DropPolicy>(change)) {
            if (!m_expected.find_table(d->object.table)) continue;  // goes with its table
            Step& step = add(drop_dependents, StepKind::drop_object, d->object.qualified_name(), m_ddl.drop_policy(d->object), why, {*change});
            if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
        }
    }
}

void InPlacePlanner::plan_comments() {
    for (const diff::Change* change : m_comment_changes) {
        const auto& c = std::get<diff::ModifyComment>(*change);
        add(comments, StepKind::comment, c.object, m_ddl.comment(c.kind, c.object, c.expected), message_of(*change), {*change});
    }
}

// ---------------------------------------------------------------------------------------------
// What the expected schema lacks: dependents first (tables children first, then functions,
// sequences, types, extensions, schemas), only with --allow-destructive.

void InPlacePlanner::plan_drops() {
    auto destructive = [&](Step& step) {
        step.destructive = true;
        if (!m_options.allow_destructive) hold(step, HoldReason::destructive);
    };
    // Tables: children before parents.
    std::vector<const model::Table*> tables;
    for (const diff::DropTable* d : m_dropped_tables)
        if (const model::Table* t = live_table(d->table.qualified_name())) tables.push_back(t);
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < tables.size(); ++i) position[tables[i]->qualified_name()] = i;
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t i = 0; i < tables.size(); ++i)
        for (const auto& fk : tables[i]->foreign_keys) {
            const auto it = position.find((fk.referenced_schema.empty() ? tables[i]->schema : fk.referenced_schema) + "." + fk.referenced_table);
            if (it != position.end() && it->second != i) edges.emplace_back(i, it->second);
        }
    for (std::size_t i : stable_topological_sort(tables.size(), edges)) {
        const model::Table& table = *tables[i];
        const std::string name = table.qualified_name();
        Step& step = add(drops, StepKind::drop_table, name, m_ddl.drop_table(table), message_of(diff::DropTable{table}), {diff::DropTable{table}});
        const std::int64_t rows = m_reader.row_count(name);
        step.hazards.push_back("drops table " + name + " and its " + std::to_string(rows) + (rows == 1 ? " row" : " rows"));
        destructive(step);
    }
    // Then the other kinds, in reverse dependency order.
    std::vector<const diff::Change*> ordered;
    for (const diff::Change* change : m_function_changes)
        if (std::holds_alternative<diff::DropFunction>(*change)) ordered.push_back(change);
    for (const auto* kind_list : {&m_object_changes}) {
        for (int pass = 0; pass < 4; ++pass)
            for (const diff::Change* change : *kind_list) {
                const bool match = (pass == 0 && std::holds_alternative<diff::DropSequence>(*change)) ||
                                   (pass == 1 && std::holds_alternative<diff::DropType>(*change)) ||
                                   (pass == 2 && std::holds_alternative<diff::DropExtension>(*change)) ||
                                   (pass == 3 && std::holds_alternative<diff::DropSchema>(*change));
                if (match) ordered.push_back(change);
            }
    }
    for (const diff::Change* change : ordered) {
        const std::string why = message_of(*change);
        std::visit(Overloaded{
                       [&](const diff::DropFunction& c) {
                           Step& step = add(drops, StepKind::drop_object, c.object.qualified_name(), m_ddl.drop_function(c.object), why, {*change});
                           destructive(step);
                       },
                       [&](const diff::DropSequence& c) {
                           Step& step = add(drops, StepKind::drop_object, c.object.qualified_name(), m_ddl.drop_sequence(c.object), why, {*change});
                           destructive(step);
                       },
                       [&](const diff::DropType& c) {
                           Step& step = add(drops, StepKind::drop_object, c.object.qualified_name(), m_ddl.drop_type(c.object), why, {*change});
                           destructive(step);
                       },
                       [&](const diff::DropExtension& c) {
                           Step& step = add(drops, StepKind::drop_object, c.object.name, m_ddl.drop_extension(c.object), why, {*change});
                           destructive(step);
                       },
                       [&](const diff::DropSchema& c) {
                           Step& step = add(drops, StepKind::drop_object, c.schema.name, m_ddl.drop_schema(c.schema, c.objects > 0), why, {*change});
                           if (c.objects > 0) step.hazards.push_back("drops the " + std::to_string(c.objects) + " objects in schema " + c.schema.name + " with it, and their data");
                           destructive(step);
                       },
                       [&](const auto&) {},
                   },
                   *change);
    }
}

}  // namespace

model::Catalog apply_renames(const model::Catalog& live, const std::vector<std::pair<std::string, std::string>>& tables,
                             const std::vector<std::tuple<std::string, std::string, std::string>>& columns) {
    model::Catalog out = live;
    for (const auto& [from, to] : tables) {
        const std::string new_name = to.substr(to.find('.') + 1);
        const std::string schema = schema_of(from);
        const std::string old_name = from.substr(from.find('.') + 1);
        for (model::Table& table : out.tables) {
            if (table.qualified_name() == from) table.name = new_name;
            for (auto& fk : table.foreign_keys)
                if ((fk.referenced_schema.empty() ? table.schema : fk.referenced_schema) == schema && fk.referenced_table == old_name)
                    fk.referenced_table = new_name;
            for (auto& index : table.indexes)
                if (index.table == from) index.table = to;
        }
        for (auto& view : out.materialized_views)
            for (auto& index : view.indexes)
                if (index.table == from) index.table = to;
        for (auto& trigger : out.triggers)
            if (trigger.table == from) trigger.table = trigger.schema = to;
        for (auto& policy : out.policies)
            if (policy.table == from) policy.table = to;
        for (auto& sequence : out.sequences)
            if (sequence.owned_by.compare(0, from.size() + 1, from + ".") == 0) sequence.owned_by = to + sequence.owned_by.substr(from.size());
    }
    auto rename_in = [](std::vector<std::string>& names, const std::string& from, const std::string& to) {
        for (auto& name : names)
            if (name == from) name = to;
    };
    for (const auto& [table_name, from, to] : columns) {
        for (model::Table& table : out.tables) {
            if (table.qualified_name() == table_name) {
                for (auto& column : table.columns)
                    if (column.name == from) column.name = to;
                if (table.primary_key) rename_in(table.primary_key->columns, from, to);
                for (auto& unique : table.uniques) rename_in(unique.columns, from, to);
                for (auto& fk : table.foreign_keys) rename_in(fk.columns, from, to);
                for (auto& index : table.indexes) {
                    for (auto& key : index.keys)
                        if (key.column == from) key.column = to;
                    rename_in(index.include, from, to);
                }
            }
            for (auto& fk : table.foreign_keys)
                if ((fk.referenced_schema.empty() ? table.schema : fk.referenced_schema) + "." + fk.referenced_table == table_name)
                    rename_in(fk.referenced_columns, from, to);
        }
        for (auto& sequence : out.sequences)
            if (sequence.owned_by == table_name + "." + from) sequence.owned_by = table_name + "." + to;
    }
    out.sort();
    return out;
}

MigrationPlan make_in_place_plan(const model::Catalog& expected, const model::Catalog& live, engine::LiveReader& reader,
                                 const engine::InPlaceDialect& dialect, const PlanOptions& options) {
    return InPlacePlanner(expected, live, reader, dialect, options).run();
}

}  // namespace dbaudit::plan
