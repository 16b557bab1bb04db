#include "dbaudit/engine/postgres/postgres_alter_dialect.hpp"

#include <algorithm>

#include "dbaudit/engine/postgres/ddl_renderer.hpp"
#include "dbaudit/engine/postgres/type_changes.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

using H = HazardKind;

std::string table_name(const model::Table& table) { return qualified(table.schema, table.name); }

DdlStatement plain(std::string sql) { return DdlStatement{std::move(sql), {}, {}, {}, true}; }

// A statement that takes ACCESS EXCLUSIVE on `table` (every ALTER TABLE form but a few).
DdlStatement on_table(const model::Table& table, std::string sql, std::vector<HazardKind> more = {}) {
    DdlStatement out{std::move(sql), {H::access_exclusive_lock}, table.qualified_name(), {}, true};
    out.hazards.insert(out.hazards.end(), more.begin(), more.end());
    return out;
}

std::string alter(const model::Table& table) { return "ALTER TABLE " + table_name(table) + " "; }

// Functions a default may call whose value differs per row, so that ADD COLUMN ... DEFAULT must
// write every row (PostgreSQL 11 stores a non-volatile default once, in the catalog).
bool volatile_default(const std::string& expression, const model::Catalog& expected) {
    static const char* const volatile_functions[] = {"nextval(", "random(", "gen_random_uuid(", "uuid_generate_v1(", "uuid_generate_v4(",
                                                     "clock_timestamp(", "timeofday(", "txid_current(", "statement_timestamp(",
                                                     "setval(", "currval("};
    const std::string lowered = util::ascii_lower(expression);
    for (const char* name : volatile_functions)
        if (lowered.find(name) != std::string::npos) return true;
    // User functions are qualified ("public.f("): volatile unless the schema says otherwise.
    for (const model::Function& function : expected.functions) {
        if (function.volatility != "volatile") continue;
        if (expression.find(function.schema + "." + function.name + "(") != std::string::npos ||
            expression.find(quote_qualified(function.schema + "." + function.name, function.schema) + "(") != std::string::npos)
            return true;
    }
    return false;
}

std::string function_target(const model::Function& function) {
    return std::string(function.kind == "procedure" ? "PROCEDURE " : "FUNCTION ") + qualified(function.schema, function.name) + "(" +
           function.arguments + ")";
}

std::string type_word(const model::UserType& type) { return type.kind == model::TypeKind::domain ? "DOMAIN " : "TYPE "; }

}  // namespace


DdlStatement PostgresAlterDialect::create_schema(const model::Schema& schema) const { return plain(render_create_schema(schema)); }

DdlStatement PostgresAlterDialect::drop_schema(const model::Schema& schema, bool with_objects) const {
    return DdlStatement{"DROP SCHEMA " + quote_name(schema.name) + (with_objects ? " CASCADE" : ""), {H::deletes_data}, {}, {}, true};
}

util::InputError PostgresAlterDialect::extension_not_offered(const model::Extension& extension, const ServerFacts& server) const {
    return util::InputError("the expected schema needs extension " + extension.name + ", which the server of the database does not offer "
                            "(it is not in pg_available_extensions)",
                            "install the extension's package on the database server (for example postgresql-" +
                                std::to_string(server.version_num / 10000) + "-" + extension.name + " or the contrib package), then plan again");
}

DdlStatement PostgresAlterDialect::create_extension(const model::Extension& extension) const {
    model::Extension e = extension;
    e.version.clear();  // the server's default version unless the schema asks for another (ALTER ... UPDATE)
    return plain(render_create_extension(e));
}

DdlStatement PostgresAlterDialect::drop_extension(const model::Extension& extension) const {
    return DdlStatement{"DROP EXTENSION " + quote_name(extension.name), {H::deletes_data}, {}, {}, true};
}

std::vector<DdlStatement> PostgresAlterDialect::alter_extension(const model::Extension& expected, const model::Extension& live) const {
    std::vector<DdlStatement> out;
    if (expected.schema != live.schema)
        out.push_back(plain("ALTER EXTENSION " + quote_name(expected.name) + " SET SCHEMA " + quote_name(expected.schema)));
    if (expected.version != live.version)
        out.push_back(plain("ALTER EXTENSION " + quote_name(expected.name) + " UPDATE TO " + quote_string(expected.version)));
    return out;
}

DdlStatement PostgresAlterDialect::create_type(const model::UserType& type) const { return plain(render_create_type(type)); }

DdlStatement PostgresAlterDialect::drop_type(const model::UserType& type) const {
    return DdlStatement{"DROP " + type_word(type) + qualified(type.schema, type.name), {}, {}, {}, true};
}

std::optional<std::vector<DdlStatement>> PostgresAlterDialect::alter_type(const model::UserType& expected, const model::UserType& live) const {
    if (expected.kind != live.kind) return std::nullopt;
    const std::string name = qualified(expected.schema, expected.name);
    std::vector<DdlStatement> out;
    switch (expected.kind) {
        case model::TypeKind::enum_type: {
            // The same number of labels, some replaced in place: RENAME VALUE keeps the rows.
            if (expected.labels.size() == live.labels.size()) {
                bool renames_only = true;
                for (std::size_t i = 0; i < expected.labels.size() && renames_only; ++i) {
                    if (expected.labels[i] == live.labels[i]) continue;
                    renames_only = std::find(live.labels.begin(), live.labels.end(), expected.labels[i]) == live.labels.end() &&
                                   std::find(expected.labels.begin(), expected.labels.end(), live.labels[i]) == expected.labels.end();
                }
                if (renames_only) {
                    for (std::size_t i = 0; i < expected.labels.size(); ++i)
                        if (expected.labels[i] != live.labels[i])
                            out.push_back(plain("ALTER TYPE " + name + " RENAME VALUE " + quote_string(live.labels[i]) + " TO " +
                                                quote_string(expected.labels[i])));
                    return out;
                }
            }
            // Labels can only be added: the live labels must appear in the expected order.
            std::size_t next = 0;
            for (const std::string& label : expected.labels)
                if (next < live.labels.size() && label == live.labels[next]) ++next;
            if (next != live.labels.size()) return std::nullopt;
            for (std::size_t i = 0; i < expected.labels.size(); ++i) {
                const std::string& label = expected.labels[i];
                if (std::find(live.labels.begin(), live.labels.end(), label) != live.labels.end()) continue;
                std::string sql = "ALTER TYPE " + name + " ADD VALUE " + quote_string(label);
                // Place it before the next label the live type already has, else at the end.
                for (std::size_t j = i + 1; j < expected.labels.size(); ++j) {
                    if (std::find(live.labels.begin(), live.labels.end(), expected.labels[j]) != live.labels.end()) {
                        sql += " BEFORE " + quote_string(expected.labels[j]);
                        break;
                    }
                }
                DdlStatement statement = plain(std::move(sql));
                statement.note = "a new enum value can be used only after COMMIT";
                out.push_back(std::move(statement));
            }
            return out;
        }
        case model::TypeKind::domain: {
            if (expected.base_type != live.base_type || expected.collation != live.collation) return std::nullopt;
            if (expected.default_expr != live.default_expr)
                out.push_back(plain("ALTER DOMAIN " + name + (expected.default_expr ? " SET DEFAULT " + *expected.default_expr : " DROP DEFAULT")));
            if (expected.not_null != live.not_null) {
                DdlStatement statement = plain("ALTER DOMAIN " + name + (expected.not_null ? " SET NOT NULL" : " DROP NOT NULL"));
                if (expected.not_null) statement.hazards.push_back(H::scans_table);
                out.push_back(std::move(statement));
            }
            auto check_name = [](const std::string& check) { return check.substr(0, check.find(": ")); };
            for (const std::string& check : live.checks)
                if (std::find(expected.checks.begin(), expected.checks.end(), check) == expected.checks.end())
                    out.push_back(plain("ALTER DOMAIN " + name + " DROP CONSTRAINT " + quote_name(check_name(check))));
            for (const std::string& check : expected.checks) {
                if (std::find(live.checks.begin(), live.checks.end(), check) != live.checks.end()) continue;
                const std::size_t colon = check.find(": ");
                DdlStatement statement = plain("ALTER DOMAIN " + name + " ADD CONSTRAINT " + quote_name(check_name(check)) + " " +
                                               (colon == std::string::npos ? check : check.substr(colon + 2)));
                statement.hazards.push_back(H::scans_table);
                out.push_back(std::move(statement));
            }
            return out;
        }
        case model::TypeKind::composite:
        case model::TypeKind::range: return std::nullopt;
    }
    return std::nullopt;
}

DdlStatement PostgresAlterDialect::create_sequence(const model::Sequence& sequence) const { return plain(render_create_sequence(sequence)); }

DdlStatement PostgresAlterDialect::drop_sequence(const model::Sequence& sequence) const {
    return DdlStatement{"DROP SEQUENCE " + qualified(sequence.schema, sequence.name), {H::deletes_data}, {}, {}, true};
}

std::optional<DdlStatement> PostgresAlterDialect::sequence_owner(const model::Sequence& sequence) const {
    if (sequence.owned_by.empty()) return std::nullopt;
    return plain(render_sequence_owner(sequence));
}

std::vector<DdlStatement> PostgresAlterDialect::alter_sequence(const model::Sequence& expected, const model::Sequence& live) const {
    std::string changes;
    if (expected.data_type != live.data_type) changes += " AS " + expected.data_type;
    if (expected.increment != live.increment) changes += " INCREMENT BY " + std::to_string(expected.increment);
    if (expected.min_value != live.min_value) changes += " MINVALUE " + std::to_string(expected.min_value);
    if (expected.max_value != live.max_value) changes += " MAXVALUE " + std::to_string(expected.max_value);
    if (expected.cycle != live.cycle) changes += expected.cycle ? " CYCLE" : " NO CYCLE";
    std::vector<DdlStatement> out;
    if (!changes.empty()) out.push_back(plain("ALTER SEQUENCE " + qualified(expected.schema, expected.name) + changes));
    if (expected.owned_by != live.owned_by)
        out.push_back(plain(expected.owned_by.empty() ? "ALTER SEQUENCE " + qualified(expected.schema, expected.name) + " OWNED BY NONE"
                                                      : render_sequence_owner(expected)));
    return out;
}

DdlStatement PostgresAlterDialect::create_function(const model::Function& function) const { return plain(render_create_function(function)); }

DdlStatement PostgresAlterDialect::drop_function(const model::Function& function) const {
    return plain("DROP " + function_target(function));
}

bool PostgresAlterDialect::function_replaceable(const model::Function& expected, const model::Function& live) const {
    // CREATE OR REPLACE cannot change the kind, the result type or the argument names and defaults
    // (the identity arguments are the same, or it would be another function).
    return expected.kind == live.kind && expected.result == live.result;
}

bool PostgresAlterDialect::function_needs_objects(const model::Function& function) const { return body_resolved_at_create(function); }

DdlStatement PostgresAlterDialect::create_table(const model::Table& table) const { return plain(render_create_table(table)); }

DdlStatement PostgresAlterDialect::drop_table(const model::Table& table) const {
    return on_table(table, "DROP TABLE " + table_name(table), {H::deletes_data});
}

DdlStatement PostgresAlterDialect::add_column(const model::Table& table, const model::Column& column, const model::Catalog& expected,
                                              const ServerFacts& server) const {
    DdlStatement out = on_table(table, alter(table) + "ADD COLUMN " + render_column(column));
    // Since PostgreSQL 11 a non-volatile default is stored once; a volatile one (or a stored
    // generated column, or an identity) fills every row.
    const bool fast_default = server.version_num == 0 || server.version_num >= 110000;
    const bool fills_rows = column.generated != model::Generated::none || !column.identity.empty() ||
                            (column.default_expr && (!fast_default || volatile_default(*column.default_expr, expected)));
    if (fills_rows) {
        out.hazards.push_back(H::rewrites_table);
        out.note = "the new column's value is computed for every row";
    }
    return out;
}

DdlStatement PostgresAlterDialect::drop_column(const model::Table& table, const model::Column& column) const {
    return on_table(table, alter(table) + "DROP COLUMN " + quote_name(column.name), {H::deletes_data});
}

std::optional<std::vector<DdlStatement>> PostgresAlterDialect::alter_column(const model::Table& table, const model::Column& expected,
                                                                            const model::Column& live) const {
    if (expected.generated != live.generated || expected.generation_expr != live.generation_expr) return std::nullopt;
    const std::string column = alter(table) + "ALTER COLUMN " + quote_name(expected.name) + " ";
    std::vector<DdlStatement> out;
    const bool type_changes = expected.type != live.type || !util::iequals(expected.collation, live.collation);
    const bool default_changes = expected.default_expr != live.default_expr;
    // The old default may not cast to the new type: dropped first, set again after.
    if (live.default_expr && (default_changes || type_changes)) out.push_back(on_table(table, column + "DROP DEFAULT"));
    if (!live.identity.empty() && live.identity != expected.identity && expected.identity.empty())
        out.push_back(on_table(table, column + "DROP IDENTITY"));
    if (type_changes) {
        std::string sql = column + "TYPE " + expected.type;
        if (!expected.collation.empty()) sql += " COLLATE " + quote_name(expected.collation);
        DdlStatement statement = on_table(table, "");
        if (!assignment_castable(live.type, expected.type)) {
            // No assignment cast: convert through text when the target is a user type (an enum),
            // directly otherwise; either fails (and rolls back) on a value that does not convert.
            const bool through_text = expected.type.find('.') != std::string::npos && type_family(live.type) != "string";
            sql += " USING " + quote_name(expected.name) + (through_text ? "::text" : "") + "::" + expected.type;
            statement.note = "no implicit cast from " + live.type + " to " + expected.type + ": converted with USING";
        }
        if (!keeps_storage(live.type, expected.type)) statement.hazards.push_back(H::rewrites_table);
        statement.sql = std::move(sql);
        out.push_back(std::move(statement));
    }
    if (expected.not_null != live.not_null) {
        if (expected.not_null) out.push_back(on_table(table, column + "SET NOT NULL", {H::scans_table}));
        else out.push_back(on_table(table, column + "DROP NOT NULL"));
    }
    if (expected.default_expr && (default_changes || type_changes)) out.push_back(on_table(table, column + "SET DEFAULT " + *expected.default_expr));
    if (!expected.identity.empty() && expected.identity != live.identity) {
        if (live.identity.empty()) out.push_back(on_table(table, column + "ADD GENERATED " + expected.identity + " AS IDENTITY"));
        else out.push_back(on_table(table, column + "SET GENERATED " + expected.identity));
    }
    return out;
}

bool PostgresAlterDialect::widens(std::string_view from, std::string_view to) const { return postgres::widens(from, to); }

DdlStatement PostgresAlterDialect::rename_table(const model::Table& live, std::string_view new_name) const {
    return on_table(live, alter(live) + "RENAME TO " + quote_name(new_name));
}

DdlStatement PostgresAlterDialect::rename_column(const model::Table& table, std::string_view from, std::string_view to) const {
    return on_table(table, alter(table) + "RENAME COLUMN " + quote_name(from) + " TO " + quote_name(to));
}

std::vector<DdlStatement> PostgresAlterDialect::row_security(const model::Table& table, bool enable, bool force) const {
    std::vector<DdlStatement> out;
    if (enable != table.row_security) out.push_back(on_table(table, alter(table) + (enable ? "ENABLE" : "DISABLE") + " ROW LEVEL SECURITY"));
    if (force != table.force_row_security)
        out.push_back(on_table(table, alter(table) + (force ? "FORCE" : "NO FORCE") + " ROW LEVEL SECURITY"));
    return out;
}

std::optional<DdlStatement> PostgresAlterDialect::set_table_options(const model::Table& expected, const model::Table& live) const {
    // Only the persistence can change in place; partitioning cannot.
    if (expected.options.partition_key != live.options.partition_key || expected.options.partition_of != live.options.partition_of)
        return std::nullopt;
    if (expected.options.unlogged == live.options.unlogged) return std::nullopt;
    return on_table(live, alter(live) + (expected.options.unlogged ? "SET UNLOGGED" : "SET LOGGED"), {H::rewrites_table});
}

DdlStatement PostgresAlterDialect::add_primary_key(const model::Table& table, const model::PrimaryKey& key) const {
    return on_table(table, render_add_constraint(table, render_primary_key(key)), {H::scans_table});
}

DdlStatement PostgresAlterDialect::add_unique(const model::Table& table, const model::UniqueConstraint& unique) const {
    return on_table(table, render_add_constraint(table, render_unique(unique)), {H::scans_table});
}

DdlStatement PostgresAlterDialect::add_check(const model::Table& table, const model::CheckConstraint& check, bool not_valid) const {
    return on_table(table, render_add_constraint(table, render_check(check), not_valid), not_valid ? std::vector<H>{} : std::vector<H>{H::scans_table});
}

DdlStatement PostgresAlterDialect::add_foreign_key(const model::Table& table, const model::ForeignKey& key, bool not_valid) const {
    // SHARE ROW EXCLUSIVE on both tables: writes wait, reads go on.
    DdlStatement out{render_add_foreign_key(table, key, not_valid), {H::blocks_writes}, table.qualified_name(), {}, true};
    if (!not_valid) out.hazards.push_back(H::scans_table);
    return out;
}

DdlStatement PostgresAlterDialect::add_exclusion(const model::Table& table, const model::ExclusionConstraint& exclusion) const {
    return on_table(table, render_add_constraint(table, render_exclusion(exclusion)), {H::scans_table});
}

DdlStatement PostgresAlterDialect::validate_constraint(const model::Table& table, std::string_view name) const {
    // SHARE UPDATE EXCLUSIVE: reads and writes go on while it scans.
    return DdlStatement{alter(table) + "VALIDATE CONSTRAINT " + quote_name(name), {H::scans_table}, table.qualified_name(), {}, true};
}

DdlStatement PostgresAlterDialect::drop_constraint(const model::Table& table, std::string_view name) const {
    return on_table(table, alter(table) + "DROP CONSTRAINT " + quote_name(name));
}

DdlStatement PostgresAlterDialect::rename_constraint(const model::Table& table, std::string_view from, std::string_view to) const {
    return on_table(table, alter(table) + "RENAME CONSTRAINT " + quote_name(from) + " TO " + quote_name(to));
}

std::string PostgresAlterDialect::default_constraint_name(const model::Table& table, std::string_view kind,
                                                          const std::vector<std::string>& columns) const {
    // PostgreSQL's ChooseConstraintName: table_col1_col2_suffix, cut to 63 bytes.
    std::string name = table.name;
    for (const std::string& column : columns) name += "_" + column;
    if (kind == "check" && columns.empty()) name = table.name;
    const std::string suffix = kind == "foreign_key" ? "fkey" : kind == "unique" ? "key" : kind == "primary_key" ? "pkey" : "check";
    if (name.size() + 1 + suffix.size() > 63) name.resize(63 - 1 - suffix.size());
    return name + "_" + suffix;
}

DdlStatement PostgresAlterDialect::create_index(const model::Index& index, bool concurrently) const {
    const std::string table = index.table;
    if (concurrently) return DdlStatement{render_create_index(index, true), {H::scans_table, H::outside_transaction}, table, {}, false};
    return DdlStatement{render_create_index(index, false), {H::blocks_writes, H::scans_table}, table, {}, true};
}

DdlStatement PostgresAlterDialect::drop_index(const model::Index& index, bool concurrently) const {
    if (concurrently)
        return DdlStatement{"DROP INDEX CONCURRENTLY " + qualified(index.schema, index.name), {H::outside_transaction}, index.table, {}, false};
    return DdlStatement{"DROP INDEX " + qualified(index.schema, index.name), {H::access_exclusive_lock}, index.table, {}, true};
}

DdlStatement PostgresAlterDialect::create_view(const model::View& view, bool or_replace) const {
    DdlStatement out = plain(render_create_view(view, or_replace && !view.materialized));
    if (view.materialized) out.hazards.push_back(H::scans_table);  // it runs its query to fill itself
    return out;
}

DdlStatement PostgresAlterDialect::drop_view(const model::View& view) const {
    DdlStatement out = plain(std::string(view.materialized ? "DROP MATERIALIZED VIEW " : "DROP VIEW ") + qualified(view.schema, view.name));
    out.hazards.push_back(H::access_exclusive_lock);
    out.table = view.qualified_name();
    return out;
}

bool PostgresAlterDialect::view_replaceable(const model::View& expected, const model::View& live) const {
    if (expected.materialized || live.materialized) return false;
    if (expected.columns.size() < live.columns.size()) return false;
    for (std::size_t i = 0; i < live.columns.size(); ++i)
        if (expected.columns[i].name != live.columns[i].name || expected.columns[i].type != live.columns[i].type) return false;
    return !live.columns.empty();
}

std::vector<std::string> PostgresAlterDialect::mentioned_objects(std::string_view sql) const { return mentioned_qualified_names(sql); }

DdlStatement PostgresAlterDialect::create_trigger(const model::Trigger& trigger) const {
    DdlStatement out{render_create_trigger(trigger), {}, {}, {}, true};
    // SHARE ROW EXCLUSIVE: writes wait while it is created (briefly).
    out.hazards.push_back(H::blocks_writes);
    out.table = trigger.table;
    return out;
}

DdlStatement PostgresAlterDialect::drop_trigger(const model::Trigger& trigger) const {
    return DdlStatement{"DROP TRIGGER " + quote_name(trigger.name) + " ON " + quote_qualified(trigger.table), {H::access_exclusive_lock},
                        trigger.table, {}, true};
}

DdlStatement PostgresAlterDialect::trigger_state(const model::Trigger& trigger) const {
    const std::string mode = trigger.enabled.empty() ? "ENABLE" : trigger.enabled == "DISABLED" ? "DISABLE" : "ENABLE " + trigger.enabled;
    return DdlStatement{"ALTER TABLE " + quote_qualified(trigger.table) + " " + mode + " TRIGGER " + quote_name(trigger.name),
                        {H::access_exclusive_lock}, trigger.table, {}, true};
}

DdlStatement PostgresAlterDialect::create_policy(const model::Policy& policy) const {
    return DdlStatement{render_create_policy(policy), {H::access_exclusive_lock}, policy.table, {}, true};
}

DdlStatement PostgresAlterDialect::drop_policy(const model::Policy& policy) const {
    return DdlStatement{"DROP POLICY " + quote_name(policy.name) + " ON " + quote_qualified(policy.table, policy.schema),
                        {H::access_exclusive_lock}, policy.table, {}, true};
}

DdlStatement PostgresAlterDialect::comment(std::string_view kind, std::string_view object, std::string_view text) const {
    return plain(render_comment(kind, object, text));
}

std::vector<std::string> PostgresAlterDialect::session_settings(int lock_timeout_ms, int statement_timeout_ms) const {
    auto duration = [](int ms) { return ms % 1000 == 0 ? std::to_string(ms / 1000) + "s" : std::to_string(ms) + "ms"; };
    return {"SET lock_timeout = '" + duration(lock_timeout_ms) + "'", "SET statement_timeout = '" + duration(statement_timeout_ms) + "'",
            // Function bodies are checked when they run, as pg_dump's scripts do: a function may
            // name a table created later in the plan.
            "SET check_function_bodies = false"};
}

}  // namespace dbaudit::engine::postgres
