#include "dbaudit/plan/planner.hpp"

#include <algorithm>
#include <concepts>
#include <map>
#include <set>
#include <type_traits>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/plan/change_messages.hpp"
#include "dbaudit/plan/in_place_planner.hpp"
#include "dbaudit/plan/topological_sort.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::plan {

namespace {

// A step that resolves `change`: what it changes, its one statement, and the change's message as
// the reason it is there. Callers add hazards and hold reasons.
Step resolving_step(StepKind kind, std::string object, std::string sql, const diff::Change& change) {
    Step step;
    step.kind = kind;
    step.object = std::move(object);
    step.sql = std::move(sql);
    step.changes.push_back(change);
    step.why = message_of(change);
    return step;
}

template <typename... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

// The changes that belong to one table present on both sides (what ALTER or a rebuild fixes).
template <typename T>
constexpr bool is_table_part =
    std::is_same_v<T, diff::AddColumn> || std::is_same_v<T, diff::DropColumn> || std::is_same_v<T, diff::ModifyColumn> ||
    std::is_same_v<T, diff::ReorderColumns> || std::is_same_v<T, diff::ModifyPrimaryKey> || std::is_same_v<T, diff::AddUnique> ||
    std::is_same_v<T, diff::DropUnique> || std::is_same_v<T, diff::AddForeignKey> || std::is_same_v<T, diff::DropForeignKey> ||
    std::is_same_v<T, diff::ModifyForeignKey> || std::is_same_v<T, diff::AddCheck> || std::is_same_v<T, diff::DropCheck> ||
    std::is_same_v<T, diff::ModifyTableOptions>;

// The work on one table present on both sides.
struct TableWork {
    const model::Table* expected = nullptr;
    const model::Table* live = nullptr;
    std::vector<diff::Change> changes;
};

class Planner {
public:
    Planner(const model::Catalog& expected, const model::Catalog& live, engine::LiveReader& reader,
            const engine::MigrationDialect& dialect, const PlanOptions& options)
        : m_expected(expected), m_original(live), m_reader(reader), m_dialect(dialect), m_options(options) {}

    MigrationPlan run();

private:
    std::string key(std::string_view name) const { return m_expected.name_key(name); }

    void plan_renames();
    void plan_tables(const std::map<std::string, TableWork>& work);
    void plan_table(const TableWork& work);
    void plan_rebuild(const TableWork& work, const std::vector<diff::Change>& changes);
    void plan_created_tables(const std::vector<const model::Table*>& tables, const std::vector<const model::Table*>& dropped);
    void plan_dropped_tables(const std::vector<const model::Table*>& tables);
    void plan_indexes(const std::vector<diff::Change>& changes);
    void plan_views(const std::vector<diff::Change>& changes);
    void plan_triggers(const std::vector<diff::Change>& changes);
    void plan_seeds();
    void collect_checked_tables();

    // The name a table of the post-rename live model has in the database now.
    std::string current_name(const std::string& name) const {
        const auto it = m_renamed_from.find(key(name));
        return it == m_renamed_from.end() ? name : it->second;
    }
    bool held_table(const std::string& name) const { return m_held_tables.count(key(name)) > 0; }
    // A name no table, index, view or trigger has (or gets from this plan).
    std::string unused_name(const std::string& base);
    std::set<std::string> m_taken_names;

    const model::Catalog& m_expected;
    const model::Catalog& m_original;
    engine::LiveReader& m_reader;
    const engine::MigrationDialect& m_dialect;
    PlanOptions m_options;

    model::Catalog m_live;  // the live schema after the planned renames
    std::size_t m_schema_objects = 0;  // tables, indexes, views and triggers of the live schema
    MigrationPlan m_plan;
    std::map<std::string, std::string> m_renamed_from;  // key of new table name -> current name
    std::set<std::string> m_rebuilt, m_created, m_dropped, m_held_tables, m_altered, m_index_dropped;

    // Steps by phase, concatenated in this order at the end.
    std::vector<Step> m_renames, m_drop_triggers, m_drop_views, m_drop_indexes, m_create_tables, m_alter_tables,
        m_drop_tables, m_create_indexes, m_create_views, m_create_triggers, m_seeds;
};

MigrationPlan Planner::run() {
    plan_renames();
    m_schema_objects = m_live.views.size() + m_live.triggers.size();
    for (const model::Table& table : m_live.tables) m_schema_objects += 1 + table.indexes.size();

    std::map<std::string, TableWork> work;
    std::vector<const model::Table*> created, dropped;
    std::vector<diff::Change> indexes, views, triggers, unsupported;
    const diff::ChangeSet changes = diff::diff_catalogs(m_expected, m_live);
    for (const diff::Change& change : changes) {
        std::visit(Overloaded{
                       [&](const diff::AddTable& c) { created.push_back(m_expected.find_table(c.table.qualified_name())); },
                       [&](const diff::DropTable& c) { dropped.push_back(m_live.find_table(c.table.qualified_name())); },
                       [&](const diff::AddIndex&) { indexes.push_back(change); },
                       [&](const diff::DropIndex&) { indexes.push_back(change); },
                       [&](const diff::ModifyIndex&) { indexes.push_back(change); },
                       [&](const diff::AddView&) { views.push_back(change); },
                       [&](const diff::DropView&) { views.push_back(change); },
                       [&](const diff::ModifyView&) { views.push_back(change); },
                       [&](const diff::AddTrigger&) { triggers.push_back(change); },
                       [&](const diff::DropTrigger&) { triggers.push_back(change); },
                       [&](const diff::ModifyTrigger&) { triggers.push_back(change); },
                       [&](const auto& c) {
                           using T = std::decay_t<decltype(c)>;
                           if constexpr (is_table_part<T>) {
                               TableWork& w = work[key(c.table)];
                               w.expected = m_expected.find_table(c.table);
                               w.live = m_live.find_table(c.table);
                               w.changes.push_back(change);
                           } else {
                               unsupported.push_back(change);
                           }
                       },
                   },
                   change);
    }
    plan_created_tables(created, dropped);
    plan_tables(work);
    plan_dropped_tables(dropped);
    plan_indexes(indexes);
    plan_views(views);
    plan_triggers(triggers);
    plan_seeds();
    collect_checked_tables();
    // Kinds this planner does not migrate yet (PostgreSQL's schemas, functions, policies ...):
    // in the plan as held-back steps, so they are seen and apply knows they remain.
    for (const diff::Change& change : unsupported) {
        Step step;
        step.kind = StepKind::create_table;
        step.why = "not planned yet: " + message_of(change);
        step.changes.push_back(change);
        step.held = HoldReason::unsupported;
        m_alter_tables.push_back(std::move(step));
    }

    for (auto* phase : {&m_renames, &m_drop_triggers, &m_drop_views, &m_drop_indexes, &m_create_tables, &m_alter_tables,
                        &m_drop_tables, &m_create_indexes, &m_create_views, &m_create_triggers, &m_seeds}) {
        for (Step& step : *phase) m_plan.steps.push_back(std::move(step));
    }
    for (const Step& step : m_plan.steps) {
        if (!step.runs()) m_plan.unresolved.insert(m_plan.unresolved.end(), step.changes.begin(), step.changes.end());
    }
    return std::move(m_plan);
}

std::string Planner::unused_name(const std::string& base) {
    if (m_taken_names.empty()) {
        for (const model::Catalog* catalog : {&m_original, &m_expected}) {
            for (const model::Table& table : catalog->tables) {
                m_taken_names.insert(key(table.name));
                for (const model::Index& index : table.indexes) m_taken_names.insert(key(index.name));
            }
            for (const model::View& view : catalog->views) m_taken_names.insert(key(view.name));
            for (const model::Trigger& trigger : catalog->triggers) m_taken_names.insert(key(trigger.name));
        }
    }
    std::string name = base;
    for (int n = 2; m_taken_names.count(key(name)); ++n) name = base + "_" + std::to_string(n);
    m_taken_names.insert(key(name));
    return name;
}

// ---------------------------------------------------------------------------------------------
// Renames: by annotation only. They run first, and the rest of the plan is computed against the
// live schema as the engine says it is after them.

void Planner::plan_renames() {
    std::vector<std::string> statements;
    std::set<std::string> renamed_old;
    for (const model::RenameAnnotation& a : m_expected.renames) {
        if (a.kind != model::RenameKind::table || key(a.table) == key(a.from)) continue;
        const model::Table* old_table = m_original.find_table(a.from);
        const model::Table* new_table = m_original.find_table(a.table);
        if (!old_table && !new_table && m_expected.find_table(a.table))
            m_plan.notes.push_back("rename annotation at " + a.location.to_string() + " ignored: the database has neither " + a.from + " nor " +
                                   a.table + " (a name with spaces needs quotes)");
        if (!old_table || !m_expected.find_table(a.table)) continue;  // done already, or nothing to rename
        if (new_table) {
            m_plan.notes.push_back("rename annotation at " + a.location.to_string() + " ignored: the database has both " + a.from +
                                   " and " + a.table);
            continue;
        }
        if (m_expected.find_table(a.from)) {
            m_plan.notes.push_back("rename annotation at " + a.location.to_string() + " ignored: the expected schema still has a table " + a.from);
            continue;
        }
        if (!renamed_old.insert(key(a.from)).second) continue;
        Step step;
        step.kind = StepKind::rename_table;
        step.object = a.table;
        step.sql = m_dialect.rename_table(old_table->name, a.table);
        step.why = "table " + old_table->name + " is renamed to " + a.table + " (dbaudit:renamed-from at " + a.location.to_string() + ")";
        statements.push_back(step.sql);
        m_renamed_from[key(a.table)] = old_table->name;
        m_renames.push_back(std::move(step));
    }
    std::set<std::pair<std::string, std::string>> renamed_columns;
    for (const model::RenameAnnotation& a : m_expected.renames) {
        if (a.kind != model::RenameKind::column || key(a.column) == key(a.from)) continue;
        const model::Table* expected = m_expected.find_table(a.table);
        const model::Table* live = m_original.find_table(current_name(a.table));
        if (!expected || !live || !expected->find_column(a.column, true) || expected->find_column(a.from, true)) continue;
        const model::Column* old_column = live->find_column(a.from, true);
        if (!old_column || live->find_column(a.column, true)) continue;
        if (!renamed_columns.insert({key(a.table), key(a.from)}).second) continue;
        const std::string table_now = m_renamed_from.count(key(a.table)) ? a.table : live->name;
        Step step;
        step.kind = StepKind::rename_column;
        step.object = a.table + "." + a.column;
        step.sql = m_dialect.rename_column(table_now, old_column->name, a.column);
        step.why = "column " + table_now + "." + old_column->name + " is renamed to " + a.column + " (dbaudit:renamed-from at " +
                   a.location.to_string() + ")";
        statements.push_back(step.sql);
        m_renames.push_back(std::move(step));
    }
    m_live = statements.empty() ? m_original : m_reader.inspect_after(statements);
}

// ---------------------------------------------------------------------------------------------
// Tables

void Planner::plan_created_tables(const std::vector<const model::Table*>& tables, const std::vector<const model::Table*>& dropped) {
    // Parents before children, otherwise by name.
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < tables.size(); ++i) position[key(tables[i]->name)] = i;
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        for (const auto& fk : tables[i]->foreign_keys) {
            const auto it = position.find(key(fk.referenced_table));
            if (it != position.end()) edges.emplace_back(it->second, i);
        }
    }
    std::vector<std::size_t> broken;
    for (std::size_t i : stable_topological_sort(tables.size(), edges, &broken)) {
        const model::Table& table = *tables[i];
        m_created.insert(key(table.name));
        Step step = resolving_step(StepKind::create_table, table.name, m_dialect.create_table(table), diff::AddTable{table});
        // A dropped table with the same columns is probably this one under its old name.
        for (const model::Table* old : dropped) {
            if (old->columns.size() != table.columns.size()) continue;
            bool same = true;
            for (const auto& column : table.columns) same = same && old->find_column(column.name, true);
            if (same)
                step.hazards.push_back("table " + old->name + " has the same columns and is dropped: if this is a rename, write "
                                       "-- dbaudit:renamed-from " + old->name + " above CREATE TABLE " + table.name + " to keep its rows");
        }
        m_create_tables.push_back(std::move(step));
    }
    for (std::size_t i : broken)
        m_plan.notes.push_back("foreign keys between new tables form a cycle at " + tables[i]->name + "; created in name order");
}

void Planner::plan_tables(const std::map<std::string, TableWork>& work) {
    for (const auto& [name, w] : work) {
        if (w.expected && w.live) plan_table(w);
    }
}

// Whether `simulated` (what cheap ALTERs produce) is the expected table, ignoring column order
// (never needs a migration) and indexes (created separately).
bool same_table(const model::Catalog& rules, const model::Table& expected, const model::Table& simulated) {
    model::Catalog a, b;
    a.name_matching = b.name_matching = rules.name_matching;
    a.tables.push_back(expected);
    b.tables.push_back(simulated);
    a.tables[0].indexes.clear();
    b.tables[0].indexes.clear();
    for (const diff::Change& change : diff::diff_catalogs(a, b)) {
        if (!std::holds_alternative<diff::ReorderColumns>(change)) return false;
    }
    return true;
}

void Planner::plan_table(const TableWork& work) {
    const model::Table& expected = *work.expected;
    const model::Table& live = *work.live;
    std::vector<const diff::AddColumn*> adds;
    std::vector<const diff::DropColumn*> drops;
    bool other = false;  // anything but column additions, removals and order
    for (const diff::Change& change : work.changes) {
        if (const auto* add = std::get_if<diff::AddColumn>(&change)) adds.push_back(add);
        else if (const auto* drop = std::get_if<diff::DropColumn>(&change)) drops.push_back(drop);
        else if (!std::holds_alternative<diff::ReorderColumns>(change)) other = true;
    }
    if (adds.empty() && drops.empty() && !other) return;  // column order only

    // A column that vanished while one of the same type family appeared looks like a rename.
    std::set<std::string> suspects;  // keys of the columns involved
    for (const auto* drop : drops) {
        for (const auto* add : adds) {
            if (!m_dialect.same_type_family(drop->column.type, add->column.type)) continue;
            suspects.insert(key(drop->column.name));
            suspects.insert(key(add->column.name));
            m_plan.notes.push_back("suspected rename: column " + live.name + "." + drop->column.name + " vanished while " + expected.name + "." +
                                   add->column.name + " (" + add->column.type + ") appeared; " +
                                   (m_options.allow_destructive ? "dropped and added, as --allow-destructive allows"
                                                                : "both held back until -- dbaudit:renamed-from " + drop->column.name +
                                                                      " on the column or --allow-destructive decides"));
        }
    }
    auto suspected = [&](const std::string& column) { return !m_options.allow_destructive && suspects.count(key(column)) > 0; };

    // A new NOT NULL column without a default cannot be filled on a table that has rows.
    for (const auto* add : adds) {
        const model::Column& column = add->column;
        if (!column.not_null || column.default_expr || column.generated != model::Generated::none || suspected(column.name)) continue;
        if (m_reader.has_rows(current_name(live.name)))
            throw util::InputError("cannot add column " + expected.name + "." + column.name + ": it is NOT NULL without a default and table " +
                                       current_name(live.name) + " has rows",
                                   "give " + expected.name + "." + column.name + " a DEFAULT in the expected schema, make it nullable, "
                                   "or fill the table another way first");
    }

    // The cheap forms first: ADD COLUMN / DROP COLUMN, if the engine takes them and they give
    // exactly the expected table (checked by running them on an empty copy). Other changes may
    // come with them (a column-level REFERENCES or CHECK of an added column); the check decides.
    bool rebuild = adds.empty() && drops.empty();
    std::vector<Step> cheap;
    if (!rebuild) {
        const bool has_rows = !adds.empty() && m_reader.has_rows(current_name(live.name));
        std::vector<std::string> statements;
        for (const model::Column& column : expected.columns) {  // in expected order
            const auto add = std::find_if(adds.begin(), adds.end(), [&](const auto* a) { return key(a->column.name) == key(column.name); });
            if (add == adds.end()) continue;
            const auto sql = m_dialect.add_column(expected, column, has_rows);
            if (!sql) {
                rebuild = true;
                break;
            }
            statements.push_back(*sql);
            Step step = resolving_step(StepKind::add_column, expected.name + "." + column.name, *sql, **add);
            if (suspected(column.name)) step.held = HoldReason::suspected_rename;
            cheap.push_back(std::move(step));
        }
        for (const auto* drop : drops) {
            if (rebuild) break;
            const auto sql = m_dialect.drop_column(m_live, live, drop->column);
            if (!sql) {
                rebuild = true;
                break;
            }
            statements.push_back(*sql);
            Step step = resolving_step(StepKind::drop_column, live.name + "." + drop->column.name, *sql, *drop);
            step.destructive = true;
            step.hazards.push_back("drops column " + live.name + "." + drop->column.name + " and every value in it");
            if (suspected(drop->column.name)) step.held = HoldReason::suspected_rename;
            else if (!m_options.allow_destructive) step.held = HoldReason::destructive;
            cheap.push_back(std::move(step));
        }
        if (!rebuild) {
            const auto simulated = m_dialect.simulate_alter(live, statements);
            rebuild = !simulated || !same_table(m_expected, expected, *simulated);
        }
    }
    if (!rebuild) {
        m_altered.insert(key(expected.name));
        for (Step& step : cheap) {
            if (!step.runs() && step.kind == StepKind::add_column) m_held_tables.insert(key(expected.name));
            m_alter_tables.push_back(std::move(step));
        }
        return;
    }
    plan_rebuild(work, work.changes);
}

void Planner::plan_rebuild(const TableWork& work, const std::vector<diff::Change>& changes) {
    const model::Table& expected = *work.expected;
    const model::Table& live = *work.live;

    // Columns that vanished while same-family ones appeared: suspected renames.
    std::set<std::string> suspects;
    for (const diff::Change& a : changes)
        for (const diff::Change& b : changes) {
            const auto* drop = std::get_if<diff::DropColumn>(&a);
            const auto* add = std::get_if<diff::AddColumn>(&b);
            if (drop && add && m_dialect.same_type_family(drop->column.type, add->column.type)) {
                suspects.insert(key(drop->column.name));
                suspects.insert(key(add->column.name));
            }
        }

    // What the rebuild does, and what it leaves undone unless --allow-destructive: those parts
    // keep their live form in the rebuilt table and appear as held-back steps.
    std::vector<diff::Change> resolved;
    std::vector<Step> held_steps;
    std::vector<std::string> keep_live, as_live, omit, hazards;
    bool destructive = false;
    auto held_step = [&](StepKind kind, const std::string& object, std::optional<std::string> sql, const diff::Change& change,
                         HoldReason reason, std::string extra) {
        Step step;
        step.kind = kind;
        step.object = object;
        step.sql = sql.value_or("");
        step.changes.push_back(change);
        step.why = message_of(change) + extra;
        step.destructive = reason == HoldReason::destructive;
        step.held = reason;
        held_steps.push_back(std::move(step));
    };
    for (const diff::Change& change : changes) {
        if (std::holds_alternative<diff::ReorderColumns>(change)) continue;
        if (const auto* drop = std::get_if<diff::DropColumn>(&change)) {
            const std::string hazard = "drops column " + live.name + "." + drop->column.name + " and every value in it";
            if (m_options.allow_destructive) {
                destructive = true;
                hazards.push_back(hazard);
                resolved.push_back(change);
            } else {
                keep_live.push_back(drop->column.name);
                held_step(StepKind::drop_column, live.name + "." + drop->column.name, m_dialect.drop_column(m_live, live, drop->column), change,
                          suspects.count(key(drop->column.name)) ? HoldReason::suspected_rename : HoldReason::destructive,
                          " (kept by the rebuild of " + expected.name + ")");
                held_steps.back().hazards.push_back(hazard);
            }
        } else if (const auto* add = std::get_if<diff::AddColumn>(&change)) {
            if (!m_options.allow_destructive && suspects.count(key(add->column.name))) {
                omit.push_back(add->column.name);
                held_step(StepKind::add_column, expected.name + "." + add->column.name, m_dialect.add_column(expected, add->column, false), change,
                          HoldReason::suspected_rename, "");
            } else {
                resolved.push_back(change);
            }
        } else if (const auto* modify = std::get_if<diff::ModifyColumn>(&change)) {
            const auto risk = modify->delta.type ? m_dialect.type_change_risk(modify->live.type, modify->expected.type) : engine::TypeChangeRisk{};
            const std::string column = expected.name + "." + modify->expected.name;
            if (risk.narrowing && !m_options.allow_destructive) {
                as_live.push_back(modify->expected.name);
                held_step(StepKind::rebuild_table, column, std::nullopt, change, HoldReason::destructive,
                          " (kept as it is by the rebuild of " + expected.name + ")");
                held_steps.back().hazards.push_back("column " + column + ": " + risk.explanation);
                continue;
            }
            if (risk.narrowing) {
                destructive = true;
                hazards.push_back("column " + column + ": " + risk.explanation);
            }
            if (modify->delta.not_null && modify->expected.not_null)
                hazards.push_back("fails (and rolls back) if any row has NULL in " + column);
            resolved.push_back(change);
        } else {
            resolved.push_back(change);
        }
    }

    // The table to rebuild into: as expected, or with the held-back columns in their live form.
    model::Table target = expected;
    bool partial_ok = true;
    if (!keep_live.empty() || !as_live.empty() || !omit.empty()) {
        partial_ok = false;
        if (const auto merged = m_dialect.merge_table_definition(expected, live, keep_live, as_live, omit)) {
            model::Table probe = expected;
            probe.sql = *merged;
            if (auto simulated = m_dialect.simulate_alter(probe, {})) {
                target = std::move(*simulated);
                target.name = expected.name;
                target.sql = *merged;
                target.indexes = expected.indexes;
                partial_ok = true;
            }
        }
    }
    if (!omit.empty()) m_held_tables.insert(key(expected.name));  // seeds and views may need those columns
    if (!partial_ok) {
        // The held-back parts cannot be separated from the rest: the whole table waits.
        m_held_tables.insert(key(expected.name));
        for (const diff::Change& change : resolved) {
            Step step;
            step.kind = StepKind::rebuild_table;
            step.object = expected.name;
            step.why = message_of(change) + " (waits with the held-back changes of " + expected.name + ")";
            step.changes = {change};
            step.held = HoldReason::depends_on_held;
            held_steps.push_back(std::move(step));
        }
        for (Step& step : held_steps) m_alter_tables.push_back(std::move(step));
        return;
    }
    if (resolved.empty()) {
        for (Step& step : held_steps) m_alter_tables.push_back(std::move(step));
        return;
    }

    engine::TableRebuild rebuild;
    rebuild.live = &live;
    rebuild.target = &target;
    for (const model::Column& column : target.columns) {
        if (column.generated != model::Generated::none || column.hidden) continue;
        if (const model::Column* source = live.find_column(column.name, true)) rebuild.copies.push_back({column.name, source->name});
    }
    rebuild.temporary_name = unused_name(live.name + "__dbaudit_new");
    rebuild.estimated_rows = m_reader.estimated_rows(current_name(live.name));
    rebuild.schema_objects = m_schema_objects;
    const std::vector<engine::RenderedStatement> statements = m_dialect.rebuild_table(rebuild);
    if (statements.empty()) {
        m_held_tables.insert(key(expected.name));
        Step step;
        step.kind = StepKind::rebuild_table;
        step.object = expected.name;
        step.why = "rebuild " + expected.name + ": this engine cannot rebuild it automatically; " + messages_of(resolved);
        step.changes = resolved;
        step.held = HoldReason::unsupported;
        m_alter_tables.push_back(std::move(step));
        return;
    }
    m_rebuilt.insert(key(expected.name));
    const std::size_t total = statements.size();
    for (std::size_t i = 0; i < total; ++i) {
        Step step;
        step.kind = StepKind::rebuild_table;
        step.object = expected.name;
        step.sql = statements[i].sql;
        step.why = "rebuild " + expected.name + " (" + std::to_string(i + 1) + "/" + std::to_string(total) + "): " + statements[i].purpose;
        if (i == 0) {
            step.why += " -- fixes: " + messages_of(resolved);
            if (!held_steps.empty()) step.why += "; keeps what is held back below";
            step.changes = resolved;
            step.hazards = hazards;
        }
        step.destructive = destructive;
        m_alter_tables.push_back(std::move(step));
    }
    for (Step& step : held_steps) m_alter_tables.push_back(std::move(step));
    // DROP TABLE took the table's indexes and triggers with it: create the expected ones again.
    for (const model::Index& index : expected.indexes) {
        Step step;
        step.kind = StepKind::create_index;
        step.object = index.name;
        step.sql = m_dialect.create_index(index);
        step.why = "rebuild " + expected.name + ": index " + index.name + " again";
        for (const std::string& name : m_dialect.mentioned_names(index.sql))
            if (std::any_of(omit.begin(), omit.end(), [&](const std::string& o) { return key(o) == key(name); })) step.held = HoldReason::depends_on_held;
        m_alter_tables.push_back(std::move(step));
    }
    for (const model::Trigger& trigger : m_expected.triggers) {
        if (key(trigger.table) != key(expected.name)) continue;
        Step step;
        step.kind = StepKind::create_trigger;
        step.object = trigger.name;
        step.sql = m_dialect.create_trigger(trigger);
        step.why = "rebuild " + expected.name + ": trigger " + trigger.name + " again";
        m_alter_tables.push_back(std::move(step));
    }
}

void Planner::plan_dropped_tables(const std::vector<const model::Table*>& tables) {
    // Children before parents, otherwise by name.
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < tables.size(); ++i) position[key(tables[i]->name)] = i;
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t i = 0; i < tables.size(); ++i) {
        for (const auto& fk : tables[i]->foreign_keys) {
            const auto it = position.find(key(fk.referenced_table));
            if (it != position.end()) edges.emplace_back(i, it->second);
        }
    }
    for (std::size_t i : stable_topological_sort(tables.size(), edges)) {
        const model::Table& table = *tables[i];
        Step step = resolving_step(StepKind::drop_table, table.name, m_dialect.drop_table(table.name), diff::DropTable{table});
        step.destructive = true;
        const auto rows = m_reader.row_count(current_name(table.name));
        step.hazards.push_back("drops table " + table.name + " and its " + std::to_string(rows) + (rows == 1 ? " row" : " rows"));
        for (const model::Table& other : m_live.tables) {
            if (key(other.name) == key(table.name)) continue;
            for (const auto& fk : other.foreign_keys)
                if (key(fk.referenced_table) == key(table.name))
                    step.hazards.push_back("table " + other.name + " has a foreign key to it");
        }
        if (!m_options.allow_destructive) {
            step.held = HoldReason::destructive;
            m_held_tables.insert(key(table.name));
        } else {
            m_dropped.insert(key(table.name));
        }
        m_drop_tables.push_back(std::move(step));
    }
}

// ---------------------------------------------------------------------------------------------
// Indexes, views, triggers

void Planner::plan_indexes(const std::vector<diff::Change>& changes) {
    auto referenced_by_foreign_key = [&](const model::Index& index) {
        if (!index.unique) return std::string();
        for (const model::Catalog* catalog : {static_cast<const model::Catalog*>(&m_live), &m_expected}) {
            for (const model::Table& table : catalog->tables) {
                for (const auto& fk : table.foreign_keys) {
                    if (key(fk.referenced_table) != key(index.table) || fk.referenced_columns.size() != index.keys.size()) continue;
                    bool same = true;
                    for (std::size_t i = 0; i < index.keys.size(); ++i) same = same && key(fk.referenced_columns[i]) == key(index.keys[i].column);
                    if (same) return table.name;
                }
            }
        }
        return std::string();
    };
    auto make_drop = [&](const model::Index& index, const diff::Change& change, bool replaced) {
        Step step;
        step.kind = StepKind::drop_index;
        step.object = index.name;
        step.sql = m_dialect.drop_index(index);
        step.why = replaced ? message_of(change) + " (dropped, then created as expected)" : message_of(change);
        if (!replaced) step.changes.push_back(change);
        const std::string child = referenced_by_foreign_key(index);
        if (!child.empty() && !replaced) {
            step.destructive = true;
            step.hazards.push_back("it is the unique key a foreign key of " + child + " refers to");
            if (!m_options.allow_destructive) step.held = HoldReason::destructive;
        }
        if (held_table(index.table)) step.held = HoldReason::depends_on_held;
        if (step.runs()) m_index_dropped.insert(key(index.table));
        return step;
    };
    auto make_create = [&](const model::Index& index, const diff::Change& change) {
        Step step = resolving_step(StepKind::create_index, index.name, m_dialect.create_index(index), change);
        if (held_table(index.table)) step.held = HoldReason::depends_on_held;
        return step;
    };
    for (const diff::Change& change : changes) {
        if (const auto* add = std::get_if<diff::AddIndex>(&change)) {
            if (!m_rebuilt.count(key(add->index.table))) m_create_indexes.push_back(make_create(add->index, change));
        } else if (const auto* drop = std::get_if<diff::DropIndex>(&change)) {
            if (!m_rebuilt.count(key(drop->index.table))) m_drop_indexes.push_back(make_drop(drop->index, change, false));
        } else if (const auto* modify = std::get_if<diff::ModifyIndex>(&change)) {
            if (m_rebuilt.count(key(modify->expected.table))) continue;
            m_drop_indexes.push_back(make_drop(modify->live, change, true));
            m_create_indexes.push_back(make_create(modify->expected, change));
        }
    }
}

void Planner::plan_views(const std::vector<diff::Change>& changes) {
    std::vector<const model::View*> created;
    std::vector<diff::Change> created_changes;
    for (const diff::Change& change : changes) {
        if (const auto* drop = std::get_if<diff::DropView>(&change)) {
            m_drop_views.push_back(resolving_step(StepKind::drop_view, drop->view.name, m_dialect.drop_view(drop->view), change));
        } else if (const auto* modify = std::get_if<diff::ModifyView>(&change)) {
            Step step;
            step.kind = StepKind::drop_view;
            step.object = modify->live.name;
            step.sql = m_dialect.drop_view(modify->live);
            step.why = message_of(change) + " (dropped, then created as expected)";
            m_drop_views.push_back(std::move(step));
            created.push_back(&modify->expected);
            created_changes.push_back(change);
        } else if (const auto* add = std::get_if<diff::AddView>(&change)) {
            created.push_back(&add->view);
            created_changes.push_back(change);
        }
    }
    // A view after the views it reads.
    std::map<std::string, std::size_t> position;
    for (std::size_t i = 0; i < created.size(); ++i) position[key(created[i]->name)] = i;
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    for (std::size_t i = 0; i < created.size(); ++i) {
        for (const std::string& name : m_dialect.mentioned_names(created[i]->sql)) {
            const auto it = position.find(key(name));
            if (it != position.end() && it->second != i) edges.emplace_back(it->second, i);
        }
    }
    std::vector<std::size_t> broken;
    for (std::size_t i : stable_topological_sort(created.size(), edges, &broken)) {
        Step step = resolving_step(StepKind::create_view, created[i]->name, m_dialect.create_view(*created[i]), created_changes[i]);
        for (const std::string& name : m_dialect.mentioned_names(created[i]->sql))
            if (held_table(name)) step.held = HoldReason::depends_on_held;
        m_create_views.push_back(std::move(step));
    }
    for (std::size_t i : broken) m_plan.notes.push_back("views depend on each other in a cycle at " + created[i]->name);
}

void Planner::plan_triggers(const std::vector<diff::Change>& changes) {
    for (const diff::Change& change : changes) {
        if (const auto* drop = std::get_if<diff::DropTrigger>(&change)) {
            const std::string table = key(drop->trigger.table);
            if (m_rebuilt.count(table) || m_dropped.count(table)) continue;  // went with its table
            Step step = resolving_step(StepKind::drop_trigger, drop->trigger.name, m_dialect.drop_trigger(drop->trigger), change);
            if (held_table(drop->trigger.table)) step.held = HoldReason::depends_on_held;
            m_drop_triggers.push_back(std::move(step));
        } else if (const auto* modify = std::get_if<diff::ModifyTrigger>(&change)) {
            if (m_rebuilt.count(key(modify->expected.table))) continue;
            Step drop;
            drop.kind = StepKind::drop_trigger;
            drop.object = modify->live.name;
            drop.sql = m_dialect.drop_trigger(modify->live);
            drop.why = message_of(change) + " (dropped, then created as expected)";
            m_drop_triggers.push_back(std::move(drop));
            m_create_triggers.push_back(
                resolving_step(StepKind::create_trigger, modify->expected.name, m_dialect.create_trigger(modify->expected), change));
        } else if (const auto* add = std::get_if<diff::AddTrigger>(&change)) {
            if (m_rebuilt.count(key(add->trigger.table))) continue;
            Step step = resolving_step(StepKind::create_trigger, add->trigger.name, m_dialect.create_trigger(add->trigger), change);
            if (held_table(add->trigger.table)) step.held = HoldReason::depends_on_held;
            m_create_triggers.push_back(std::move(step));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Seed rows: only the missing ones, never overwriting.

void Planner::plan_seeds() {
    for (const model::SeedStatement& seed : m_expected.seeds) {
        const std::string where = seed.location.to_string();
        const std::string_view text = util::trim(seed.sql);
        if (!util::starts_with_icase(text, "INSERT") && !util::starts_with_icase(text, "REPLACE")) {
            m_plan.notes.push_back("data statement at " + where + " is not an INSERT; plan does not replay it");
            continue;
        }
        const model::Table* table = m_expected.find_table(seed.table);
        if (!table) {
            m_plan.notes.push_back("seed rows at " + where + " write to " + seed.table + ", which is not a table of the expected schema");
            continue;
        }
        std::string live_name;
        if (!m_created.count(key(table->name))) {
            if (const model::Table* live = m_live.find_table(table->name)) live_name = current_name(live->name);
        }
        const engine::SeedDecision decision = m_reader.decide_seed(*table, live_name, seed);
        if (decision.state == engine::SeedDecision::State::present) continue;
        for (std::size_t i = 0; i < decision.statements.size(); ++i) {
            Step step;
            step.kind = StepKind::insert_rows;
            step.object = table->name;
            step.sql = decision.statements[i];
            if (decision.state == engine::SeedDecision::State::missing) {
                step.why = "seed rows from " + where + ": " + std::to_string(decision.missing) + " of " + std::to_string(decision.rows) + " rows missing in " +
                           table->name + " (matched by " + decision.matched_by + ")";
            } else {
                step.why = "seed rows from " + where + " for " + table->name + ": " + decision.note + "; existing rows are kept";
            }
            if (decision.statements.size() > 1) step.why += " (" + std::to_string(i + 1) + "/" + std::to_string(decision.statements.size()) + ")";
            if (held_table(table->name)) step.held = HoldReason::depends_on_held;
            m_seeds.push_back(std::move(step));
        }
    }
}

void Planner::collect_checked_tables() {
    std::set<std::string> touched = m_rebuilt;
    touched.insert(m_created.begin(), m_created.end());
    touched.insert(m_altered.begin(), m_altered.end());
    for (const auto& [name, old] : m_renamed_from) touched.insert(name);
    for (const Step& step : m_seeds)
        if (step.runs()) touched.insert(key(step.object));
    // Children of a parent that was rebuilt, renamed, altered or lost an index: their references
    // must still resolve (to rows, and to a primary or unique key).
    std::set<std::string> parents = m_rebuilt;
    parents.insert(m_altered.begin(), m_altered.end());
    parents.insert(m_index_dropped.begin(), m_index_dropped.end());
    for (const auto& [name, old] : m_renamed_from) parents.insert(name);
    for (const model::Table& table : m_expected.tables) {
        for (const auto& fk : table.foreign_keys)
            if (parents.count(key(fk.referenced_table))) touched.insert(key(table.name));
    }
    for (const model::Table& table : m_expected.tables) {
        const std::string k = key(table.name);
        if (!touched.count(k) || table.foreign_keys.empty()) continue;
        std::string before;
        if (!m_created.count(k)) {
            if (const model::Table* live = m_live.find_table(table.name)) before = current_name(live->name);
        }
        m_plan.checked_tables.emplace_back(before, table.name);
    }
}

}  // namespace

MigrationPlan make_plan(const model::Catalog& expected, const model::Catalog& live, engine::LiveReader& reader,
                        const engine::MigrationDialect& dialect, const PlanOptions& options) {
    if (const engine::InPlaceDialect* in_place = dialect.in_place()) return make_in_place_plan(expected, live, reader, *in_place, options);
    return Planner(expected, live, reader, dialect, options).run();
}

}  // namespace dbaudit::plan
