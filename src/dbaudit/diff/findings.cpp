// The severity model: what breaks the application ranks above what only slows it down, and
// objects the code does not know about rank lowest.
#include <algorithm>
#include <type_traits>

#include "dbaudit/diff/finding.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::diff {

const char* to_string(Severity severity) {
    switch (severity) {
        case Severity::info: return "info";
        case Severity::low: return "low";
        case Severity::medium: return "medium";
        case Severity::high: return "high";
        case Severity::critical: return "critical";
    }
    return "info";
}

const char* to_string(FindingType type) {
    switch (type) {
        case FindingType::missing: return "missing";
        case FindingType::extra: return "extra";
        case FindingType::changed: return "changed";
        case FindingType::unsupported: return "unsupported";
        case FindingType::not_visible: return "not_visible";
    }
    return "changed";
}

const char* to_string(ObjectKind kind) {
    switch (kind) {
        case ObjectKind::table: return "table";
        case ObjectKind::column: return "column";
        case ObjectKind::primary_key: return "primary_key";
        case ObjectKind::unique: return "unique";
        case ObjectKind::foreign_key: return "foreign_key";
        case ObjectKind::check: return "check";
        case ObjectKind::table_option: return "table_option";
        case ObjectKind::index: return "index";
        case ObjectKind::view: return "view";
        case ObjectKind::trigger: return "trigger";
        case ObjectKind::schema: return "schema";
        case ObjectKind::extension: return "extension";
        case ObjectKind::type: return "type";
        case ObjectKind::sequence: return "sequence";
        case ObjectKind::function: return "function";
        case ObjectKind::procedure: return "procedure";
        case ObjectKind::materialized_view: return "materialized_view";
        case ObjectKind::policy: return "policy";
        case ObjectKind::exclusion: return "exclusion";
        case ObjectKind::row_security: return "row_security";
        case ObjectKind::comment: return "comment";
        case ObjectKind::server: return "server";
        case ObjectKind::collation: return "collation";
        case ObjectKind::operator_: return "operator";
        case ObjectKind::operator_class: return "operator_class";
        case ObjectKind::operator_family: return "operator_family";
        case ObjectKind::conversion: return "conversion";
        case ObjectKind::statistics: return "statistics";
        case ObjectKind::text_search_configuration: return "text_search_configuration";
        case ObjectKind::text_search_dictionary: return "text_search_dictionary";
        case ObjectKind::text_search_parser: return "text_search_parser";
        case ObjectKind::text_search_template: return "text_search_template";
        case ObjectKind::base_type: return "base_type";
        case ObjectKind::foreign_table: return "foreign_table";
        case ObjectKind::rule: return "rule";
        case ObjectKind::event_trigger: return "event_trigger";
        case ObjectKind::cast: return "cast";
        case ObjectKind::foreign_data_wrapper: return "foreign_data_wrapper";
        case ObjectKind::foreign_server: return "foreign_server";
        case ObjectKind::language: return "language";
        case ObjectKind::access_method: return "access_method";
        case ObjectKind::transform: return "transform";
        case ObjectKind::publication: return "publication";
        case ObjectKind::default_privileges: return "default_privileges";
        case ObjectKind::aggregate: return "aggregate";
        case ObjectKind::other: return "other";
    }
    return "table";
}

ObjectKind parse_object_kind(std::string_view word) {
    for (int k = 0; k <= static_cast<int>(ObjectKind::other); ++k) {
        if (word == to_string(static_cast<ObjectKind>(k))) return static_cast<ObjectKind>(k);
    }
    return ObjectKind::other;
}

std::optional<Severity> parse_severity(std::string_view text) {
    for (Severity s : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical}) {
        if (util::iequals(text, to_string(s))) return s;
    }
    return std::nullopt;
}

std::string describe_column(const model::Column& column) {
    std::string out = column.type.empty() ? "(no type)" : column.type;
    if (column.not_null) out += " NOT NULL";
    if (column.default_expr) out += " DEFAULT " + *column.default_expr;
    if (!column.collation.empty()) out += " COLLATE " + column.collation;
    if (!column.identity.empty()) out += " GENERATED " + column.identity + " AS IDENTITY";
    if (column.generated != model::Generated::none)
        out += " AS (" + column.generation_expr + ")" + (column.generated == model::Generated::stored_column ? " STORED" : " VIRTUAL");
    return out;
}

namespace {

std::string columns_text(const std::vector<std::string>& columns) { return "(" + util::join(columns, ", ") + ")"; }

std::string describe(const model::PrimaryKey& key) {
    return "PRIMARY KEY " + columns_text(key.columns) + (key.autoincrement ? " AUTOINCREMENT" : "");
}

std::string describe(const model::ForeignKey& key) {
    std::string out = columns_text(key.columns) + " REFERENCES " + key.referenced_table;
    if (!key.referenced_columns.empty()) out += columns_text(key.referenced_columns);
    if (key.on_delete != model::ForeignKeyAction::no_action) out += std::string(" ON DELETE ") + model::to_sql(key.on_delete);
    if (key.on_update != model::ForeignKeyAction::no_action) out += std::string(" ON UPDATE ") + model::to_sql(key.on_update);
    if (key.deferrable) out += key.initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE";
    return out;
}

std::string describe(const model::Index& index) {
    std::vector<std::string> keys;
    for (const auto& key : index.keys) {
        std::string text = key.column.empty() ? key.expression : key.column;
        if (!key.collation.empty()) text += " COLLATE " + key.collation;
        if (!key.opclass.empty()) text += " " + key.opclass;
        if (key.descending) text += " DESC";
        if (key.nulls_first) text += key.descending ? " NULLS LAST" : " NULLS FIRST";
        keys.push_back(text);
    }
    std::string out = std::string(index.unique ? "UNIQUE " : "") + "ON " + index.table +
                      (index.method.empty() || index.method == "btree" ? "" : " USING " + index.method) + columns_text(keys);
    if (!index.include.empty()) out += " INCLUDE " + columns_text(index.include);
    if (index.nulls_not_distinct) out += " NULLS NOT DISTINCT";
    if (!index.predicate.empty()) out += " WHERE " + index.predicate;
    return out;
}

std::string describe(const model::TableOptions& options) {
    std::vector<std::string> parts;
    if (options.without_rowid) parts.push_back("WITHOUT ROWID");
    if (options.strict) parts.push_back("STRICT");
    if (options.unlogged) parts.push_back("UNLOGGED");
    if (!options.partition_key.empty()) parts.push_back("PARTITION BY " + options.partition_key);
    if (!options.partition_of.empty()) parts.push_back("PARTITION OF " + options.partition_of);
    return parts.empty() ? "(none)" : util::join(parts, ", ");
}

std::string constraint_name(const std::string& table, const std::string& name, const std::string& fallback) {
    return table + "." + (name.empty() ? fallback : name);
}

std::string column_changes(const ColumnDelta& delta) {
    std::vector<std::string> parts;
    if (delta.type) parts.push_back("type");
    if (delta.not_null) parts.push_back("nullability");
    if (delta.default_expr) parts.push_back("default");
    if (delta.collation) parts.push_back("collation");
    if (delta.generated) parts.push_back("generated expression");
    if (delta.identity) parts.push_back("identity");
    return util::join(parts, ", ");
}

Finding finding_for(const AddTable& c) {
    return {Severity::critical, FindingType::missing, ObjectKind::table, {}, c.table.qualified_name(),
            std::to_string(c.table.columns.size()) + " columns", {}, "table " + c.table.qualified_name() + " is missing"};
}
Finding finding_for(const DropTable& c) {
    return {Severity::low, FindingType::extra, ObjectKind::table, {}, c.table.qualified_name(), {},
            std::to_string(c.table.columns.size()) + " columns",
            "table " + c.table.qualified_name() + " is not in the expected schema (legacy?)"};
}
Finding finding_for(const AddColumn& c) {
    return {Severity::high, FindingType::missing, ObjectKind::column, c.table, c.table + "." + c.column.name,
            describe_column(c.column), {}, "column " + c.table + "." + c.column.name + " is missing"};
}
Finding finding_for(const DropColumn& c) {
    // An extra NOT NULL column without a default makes every INSERT the code writes fail.
    const bool blocks_inserts = c.column.not_null && !c.column.default_expr && c.column.generated == model::Generated::none;
    return {blocks_inserts ? Severity::medium : Severity::low, FindingType::extra, ObjectKind::column, c.table,
            c.table + "." + c.column.name, {}, describe_column(c.column),
            "column " + c.table + "." + c.column.name + " is not in the expected schema" +
                (blocks_inserts ? "; it is NOT NULL without a default, so inserts that omit it fail" : "")};
}
Finding finding_for(const ModifyColumn& c) {
    // A declared type that differs only in spelling within one storage class (INT vs INTEGER,
    // VARCHAR(50) vs TEXT in SQLite) changes no stored value: worth knowing, not urgent.
    const bool same_class = !c.expected.type_class.empty() && c.expected.type_class == c.live.type_class;
    Severity severity = (c.delta.type || c.delta.generated) ? Severity::high : Severity::medium;
    if (c.delta.type && same_class && !c.delta.generated) {
        ColumnDelta rest = c.delta;
        rest.type = false;
        severity = rest.any() ? Severity::medium : Severity::low;
    }
    std::string message = "column " + c.table + "." + c.expected.name + " differs in " + column_changes(c.delta);
    if (c.delta.type && same_class) message += " (same " + c.expected.type_class + " storage class)";
    return {severity, FindingType::changed, ObjectKind::column, c.table, c.table + "." + c.expected.name,
            describe_column(c.expected), describe_column(c.live), message};
}
Finding finding_for(const ReorderColumns& c) {
    return {Severity::info, FindingType::changed, ObjectKind::column, c.table, c.table, columns_text(c.expected),
            columns_text(c.live), "columns of " + c.table + " are in another order (no migration needed)"};
}
Finding finding_for(const ModifyPrimaryKey& c) {
    const std::string expected = c.expected ? describe(*c.expected) : "(none)";
    const std::string live = c.live ? describe(*c.live) : "(none)";
    const FindingType type = !c.live ? FindingType::missing : !c.expected ? FindingType::extra : FindingType::changed;
    const Severity severity = type == FindingType::extra ? Severity::low : Severity::high;
    return {severity, type, ObjectKind::primary_key, c.table, c.table + ".PRIMARY KEY", expected, live,
            "primary key of " + c.table + (type == FindingType::missing ? " is missing" : type == FindingType::extra ? " is not expected" : " differs")};
}
Finding finding_for(const AddUnique& c) {
    return {Severity::high, FindingType::missing, ObjectKind::unique, c.table,
            constraint_name(c.table, c.unique.name, "UNIQUE" + columns_text(c.unique.columns)),
            "UNIQUE " + columns_text(c.unique.columns), {}, "unique constraint on " + c.table + columns_text(c.unique.columns) + " is missing"};
}
Finding finding_for(const DropUnique& c) {
    return {Severity::low, FindingType::extra, ObjectKind::unique, c.table,
            constraint_name(c.table, c.unique.name, "UNIQUE" + columns_text(c.unique.columns)), {},
            "UNIQUE " + columns_text(c.unique.columns), "unique constraint on " + c.table + columns_text(c.unique.columns) + " is not expected"};
}
Finding finding_for(const AddForeignKey& c) {
    return {Severity::high, FindingType::missing, ObjectKind::foreign_key, c.table,
            constraint_name(c.table, c.key.name, "FOREIGN KEY" + columns_text(c.key.columns)), describe(c.key), {},
            "foreign key " + c.table + columns_text(c.key.columns) + " -> " + c.key.referenced_table + " is missing"};
}
Finding finding_for(const DropForeignKey& c) {
    return {Severity::low, FindingType::extra, ObjectKind::foreign_key, c.table,
            constraint_name(c.table, c.key.name, "FOREIGN KEY" + columns_text(c.key.columns)), {}, describe(c.key),
            "foreign key " + c.table + columns_text(c.key.columns) + " -> " + c.key.referenced_table + " is not expected"};
}
Finding finding_for(const ModifyForeignKey& c) {
    return {Severity::high, FindingType::changed, ObjectKind::foreign_key, c.table,
            constraint_name(c.table, c.expected.name, "FOREIGN KEY" + columns_text(c.expected.columns)), describe(c.expected),
            describe(c.live), "foreign key " + c.table + columns_text(c.expected.columns) + " differs"};
}
Finding finding_for(const AddCheck& c) {
    return {Severity::medium, FindingType::missing, ObjectKind::check, c.table,
            constraint_name(c.table, c.check.name, "CHECK"), "CHECK (" + c.check.expression + ")", {},
            "check constraint on " + c.table + " is missing: CHECK (" + c.check.expression + ")"};
}
Finding finding_for(const DropCheck& c) {
    return {Severity::low, FindingType::extra, ObjectKind::check, c.table, constraint_name(c.table, c.check.name, "CHECK"), {},
            "CHECK (" + c.check.expression + ")", "check constraint on " + c.table + " is not expected: CHECK (" + c.check.expression + ")"};
}
Finding finding_for(const ModifyTableOptions& c) {
    return {Severity::medium, FindingType::changed, ObjectKind::table_option, c.table, c.table, describe(c.expected),
            describe(c.live), "table options of " + c.table + " differ"};
}
Finding finding_for(const AddIndex& c) {
    return {Severity::medium, FindingType::missing, ObjectKind::index, c.index.table, c.index.qualified_name(), describe(c.index), {},
            "index " + c.index.qualified_name() + " is missing" + (c.table_missing ? " (its table is missing)" : "")};
}
Finding finding_for(const DropIndex& c) {
    return {Severity::low, FindingType::extra, ObjectKind::index, c.index.table, c.index.qualified_name(), {}, describe(c.index),
            "index " + c.index.qualified_name() + " is not in the expected schema"};
}
Finding finding_for(const ModifyIndex& c) {
    return {Severity::medium, FindingType::changed, ObjectKind::index, c.expected.table, c.expected.qualified_name(),
            describe(c.expected), describe(c.live), "index " + c.expected.qualified_name() + " differs"};
}
Finding finding_for(const AddView& c) {
    return {Severity::critical, FindingType::missing, ObjectKind::view, {}, c.view.qualified_name(), c.view.sql, {},
            "view " + c.view.qualified_name() + " is missing"};
}
Finding finding_for(const DropView& c) {
    return {Severity::low, FindingType::extra, ObjectKind::view, {}, c.view.qualified_name(), {}, c.view.sql,
            "view " + c.view.qualified_name() + " is not in the expected schema"};
}
Finding finding_for(const ModifyView& c) {
    return {Severity::medium, FindingType::changed, ObjectKind::view, {}, c.expected.qualified_name(), c.expected.sql,
            c.live.sql, "view " + c.expected.qualified_name() + " has another definition"};
}
Finding finding_for(const AddTrigger& c) {
    return {Severity::high, FindingType::missing, ObjectKind::trigger, c.trigger.table, c.trigger.qualified_name(), c.trigger.sql,
            {}, "trigger " + c.trigger.qualified_name() + " on " + c.trigger.table + " is missing" + (c.table_missing ? " (its table is missing)" : "")};
}
Finding finding_for(const DropTrigger& c) {
    return {Severity::low, FindingType::extra, ObjectKind::trigger, c.trigger.table, c.trigger.qualified_name(), {}, c.trigger.sql,
            "trigger " + c.trigger.qualified_name() + " is not in the expected schema"};
}
Finding finding_for(const ModifyTrigger& c) {
    if (c.expected.definition == c.live.definition) {
        // Same trigger, another firing state: a disabled trigger does not run, as if it were missing.
        const std::string live = c.live.enabled.empty() ? "ENABLED" : c.live.enabled;
        const std::string expected = c.expected.enabled.empty() ? "ENABLED" : c.expected.enabled;
        return {c.live.enabled == "DISABLED" ? Severity::high : Severity::medium, FindingType::changed, ObjectKind::trigger,
                c.expected.table, c.expected.qualified_name(), expected, live,
                "trigger " + c.expected.qualified_name() + " is " + live + " in the database, expected " + expected};
    }
    return {Severity::medium, FindingType::changed, ObjectKind::trigger, c.expected.table, c.expected.qualified_name(),
            c.expected.sql, c.live.sql, "trigger " + c.expected.qualified_name() + " has another definition"};
}

// --- PostgreSQL kinds -----------------------------------------------------------------------

std::string facts_text(const std::vector<std::string>& facts) { return util::join(facts, ", "); }

Finding finding_for(const AddSchema& c) {
    return {Severity::high, FindingType::missing, ObjectKind::schema, {}, c.object.name, "CREATE SCHEMA " + c.object.name, {},
            "schema " + c.object.name + " is missing"};
}
Finding finding_for(const DropSchema& c) {
    return {Severity::low, FindingType::extra, ObjectKind::schema, {}, c.schema.name, {},
            std::to_string(c.objects) + " tables, views, functions, types and sequences",
            "schema " + c.schema.name + " is not in the expected schema (" + std::to_string(c.objects) +
                " objects in it, not listed one by one)"};
}

std::string describe(const model::Extension& e) { return e.name + " " + e.version + " in schema " + e.schema; }

Finding finding_for(const AddExtension& c) {
    return {Severity::critical, FindingType::missing, ObjectKind::extension, {}, c.object.name, describe(c.object), {},
            "extension " + c.object.name + " is missing" +
                (c.available ? " (the server offers version " + c.available_version + ": CREATE EXTENSION \"" + c.object.name + "\")"
                             : " (the server does not offer it: it must be installed on the database server first)")};
}
Finding finding_for(const DropExtension& c) {
    return {Severity::low, FindingType::extra, ObjectKind::extension, {}, c.object.name, {}, describe(c.object),
            "extension " + c.object.name + " is not in the expected schema"};
}
Finding finding_for(const ModifyExtension& c) {
    return {Severity::medium, FindingType::changed, ObjectKind::extension, {}, c.expected.name, describe(c.expected),
            describe(c.live), "extension " + c.expected.name + " differs in " + facts_text(c.facts)};
}

std::string describe(const model::UserType& t) {
    switch (t.kind) {
        case model::TypeKind::enum_type: {
            std::vector<std::string> labels;
            for (const auto& label : t.labels) labels.push_back("'" + label + "'");
            return "ENUM (" + util::join(labels, ", ") + ")";
        }
        case model::TypeKind::domain: {
            std::string out = "DOMAIN " + t.base_type;
            if (!t.collation.empty()) out += " COLLATE " + t.collation;
            if (t.default_expr) out += " DEFAULT " + *t.default_expr;
            if (t.not_null) out += " NOT NULL";
            for (const auto& check : t.checks) out += " CONSTRAINT " + check;
            return out;
        }
        case model::TypeKind::composite: {
            std::vector<std::string> attributes;
            for (const auto& a : t.attributes) attributes.push_back(a.name + " " + a.type + (a.collation.empty() ? "" : " COLLATE " + a.collation));
            return "(" + util::join(attributes, ", ") + ")";
        }
        case model::TypeKind::range: return "RANGE (SUBTYPE = " + t.base_type + ")";
    }
    return "";
}

Finding finding_for(const AddType& c) {
    return {Severity::high, FindingType::missing, ObjectKind::type, {}, c.object.qualified_name(), describe(c.object), {},
            std::string(model::to_string(c.object.kind)) + " type " + c.object.qualified_name() + " is missing"};
}
Finding finding_for(const DropType& c) {
    return {Severity::low, FindingType::extra, ObjectKind::type, {}, c.object.qualified_name(), {}, describe(c.object),
            std::string(model::to_string(c.object.kind)) + " type " + c.object.qualified_name() + " is not in the expected schema"};
}
Finding finding_for(const ModifyType& c) {
    // An enum label the code writes but the database lacks makes those writes fail.
    bool labels_missing = false;
    for (const auto& label : c.expected.labels)
        if (std::find(c.live.labels.begin(), c.live.labels.end(), label) == c.live.labels.end()) labels_missing = true;
    return {labels_missing ? Severity::high : Severity::medium, FindingType::changed, ObjectKind::type, {},
            c.expected.qualified_name(), describe(c.expected), describe(c.live),
            "type " + c.expected.qualified_name() + " differs in " + facts_text(c.facts)};
}

std::string describe(const model::Sequence& s) {
    std::string out = "AS " + s.data_type + " INCREMENT " + std::to_string(s.increment) + " MINVALUE " +
                      std::to_string(s.min_value) + " MAXVALUE " + std::to_string(s.max_value) + (s.cycle ? " CYCLE" : "");
    if (!s.owned_by.empty()) out += " OWNED BY " + s.owned_by;
    return out;
}

Finding finding_for(const AddSequence& c) {
    return {Severity::high, FindingType::missing, ObjectKind::sequence, {}, c.object.qualified_name(), describe(c.object), {},
            "sequence " + c.object.qualified_name() + " is missing" + (c.parent_missing ? " (its table is missing)" : "")};
}
Finding finding_for(const DropSequence& c) {
    return {Severity::low, FindingType::extra, ObjectKind::sequence, {}, c.object.qualified_name(), {}, describe(c.object),
            "sequence " + c.object.qualified_name() + " is not in the expected schema"};
}
Finding finding_for(const ModifySequence& c) {
    return {Severity::medium, FindingType::changed, ObjectKind::sequence, {}, c.expected.qualified_name(), describe(c.expected),
            describe(c.live), "sequence " + c.expected.qualified_name() + " differs in " + facts_text(c.facts)};
}

ObjectKind function_kind(const model::Function& f) { return f.kind == "procedure" ? ObjectKind::procedure : ObjectKind::function; }

std::string describe(const model::Function& f) {
    std::string out = f.kind == "procedure" ? "PROCEDURE" : "RETURNS " + f.result;
    out += " LANGUAGE " + f.language;
    if (f.kind != "procedure") out += " " + util::ascii_upper(f.volatility);
    if (f.strict) out += " STRICT";
    if (f.security_definer) out += " SECURITY DEFINER";
    return out;
}

Finding finding_for(const AddFunction& c) {
    return {Severity::critical, FindingType::missing, function_kind(c.object), {}, c.object.qualified_name(), describe(c.object), {},
            c.object.kind + " " + c.object.qualified_name() + " is missing"};
}
Finding finding_for(const DropFunction& c) {
    return {Severity::low, FindingType::extra, function_kind(c.object), {}, c.object.qualified_name(), {}, describe(c.object),
            c.object.kind + " " + c.object.qualified_name() + " is not in the expected schema"};
}
Finding finding_for(const ModifyFunction& c) {
    const bool security = c.expected.security_definer != c.live.security_definer;
    std::string expected = describe(c.expected), live = describe(c.live);
    if (std::find(c.facts.begin(), c.facts.end(), "body") != c.facts.end()) {
        expected += " AS $$" + c.expected.body + "$$";
        live += " AS $$" + c.live.body + "$$";
    }
    return {security ? Severity::high : Severity::medium, FindingType::changed, function_kind(c.expected), {},
            c.expected.qualified_name(), expected, live,
            c.expected.kind + " " + c.expected.qualified_name() + " differs in " + facts_text(c.facts)};
}

std::string describe(const model::Policy& p) {
    std::string out = std::string(p.permissive ? "PERMISSIVE" : "RESTRICTIVE") + " FOR " + p.command + " TO " + util::join(p.roles, ", ");
    if (!p.using_expr.empty()) out += " USING (" + p.using_expr + ")";
    if (!p.with_check.empty()) out += " WITH CHECK (" + p.with_check + ")";
    return out;
}

Finding finding_for(const AddPolicy& c) {
    return {Severity::high, FindingType::missing, ObjectKind::policy, c.object.table, c.object.qualified_name(), describe(c.object), {},
            "policy " + c.object.name + " on " + c.object.table + " is missing" + (c.parent_missing ? " (its table is missing)" : "")};
}
Finding finding_for(const DropPolicy& c) {
    return {Severity::low, FindingType::extra, ObjectKind::policy, c.object.table, c.object.qualified_name(), {}, describe(c.object),
            "policy " + c.object.name + " on " + c.object.table + " is not in the expected schema"};
}
Finding finding_for(const ModifyPolicy& c) {
    return {Severity::high, FindingType::changed, ObjectKind::policy, c.expected.table, c.expected.qualified_name(),
            describe(c.expected), describe(c.live),
            "policy " + c.expected.name + " on " + c.expected.table + " differs in " + facts_text(c.facts)};
}

Finding finding_for(const AddMaterializedView& c) {
    return {Severity::critical, FindingType::missing, ObjectKind::materialized_view, {}, c.view.qualified_name(), c.view.sql, {},
            "materialized view " + c.view.qualified_name() + " is missing"};
}
Finding finding_for(const DropMaterializedView& c) {
    return {Severity::low, FindingType::extra, ObjectKind::materialized_view, {}, c.view.qualified_name(), {}, c.view.sql,
            "materialized view " + c.view.qualified_name() + " is not in the expected schema"};
}
Finding finding_for(const ModifyMaterializedView& c) {
    return {Severity::medium, FindingType::changed, ObjectKind::materialized_view, {}, c.expected.qualified_name(), c.expected.sql,
            c.live.sql, "materialized view " + c.expected.qualified_name() + " has another definition"};
}

Finding finding_for(const AddExclusion& c) {
    return {Severity::high, FindingType::missing, ObjectKind::exclusion, c.table, constraint_name(c.table, c.exclusion.name, "EXCLUDE"),
            c.exclusion.definition, {}, "exclusion constraint on " + c.table + " is missing: " + c.exclusion.definition};
}
Finding finding_for(const DropExclusion& c) {
    return {Severity::low, FindingType::extra, ObjectKind::exclusion, c.table, constraint_name(c.table, c.exclusion.name, "EXCLUDE"),
            {}, c.exclusion.definition, "exclusion constraint on " + c.table + " is not expected: " + c.exclusion.definition};
}
Finding finding_for(const ModifyConstraint& c) {
    const ObjectKind kind = parse_object_kind(c.kind);
    // A NOT VALID constraint was never checked against the existing rows.
    const bool unvalidated = c.live.rfind("NOT VALID", 0) == 0 && c.expected.rfind("NOT VALID", 0) != 0;
    return {unvalidated ? Severity::medium : Severity::low, FindingType::changed, kind, c.table,
            constraint_name(c.table, c.name, util::ascii_upper(c.kind)), c.expected, c.live,
            util::ascii_upper(c.kind.substr(0, 1)) + c.kind.substr(1) + " constraint " + constraint_name(c.table, c.name, c.kind) +
                " is " + c.live + " in the database, expected " + c.expected};
}

Finding finding_for(const ModifyRowSecurity& c) {
    auto describe_rls = [](bool enabled, bool forced) {
        return std::string(enabled ? "ENABLE" : "DISABLE") + " ROW LEVEL SECURITY" + (forced ? ", FORCE" : "");
    };
    const bool disabled_where_expected = c.expected_enabled && !c.live_enabled;
    std::string message = "row level security on " + c.table;
    if (disabled_where_expected) {
        message += " is disabled, but the expected schema enables it (its policies do not apply)";
    } else if (c.expected_enabled != c.live_enabled) {
        message += " is enabled, but the expected schema does not enable it";
    } else {
        message += c.live_forced ? " is forced for the table owner, not expected" : " is not forced for the table owner, expected";
    }
    return {disabled_where_expected ? Severity::high : Severity::medium, FindingType::changed, ObjectKind::row_security, c.table,
            c.table, describe_rls(c.expected_enabled, c.expected_forced), describe_rls(c.live_enabled, c.live_forced), message};
}

Finding finding_for(const ModifyComment& c) {
    return {Severity::info, FindingType::changed, ObjectKind::comment, c.table, c.object, c.expected, c.live,
            "comment on " + c.kind + " " + c.object + " differs"};
}

Finding finding_for(const UnsupportedChange& c) {
    const std::string where = c.in_expected && c.in_live ? "in the expected schema and the database"
                              : c.in_expected        ? "only in the expected schema (it may be missing)"
                                                     : "only in the database";
    const std::string kind_words = [&] {
        std::string out = c.object.kind;
        std::replace(out.begin(), out.end(), '_', ' ');
        return out;
    }();
    const Severity severity = c.in_expected && !c.in_live ? Severity::medium : c.in_live && !c.in_expected ? Severity::low : Severity::info;
    return {severity, FindingType::unsupported, parse_object_kind(c.object.kind), {}, c.object.name,
            c.in_expected ? c.object.name : std::string(), c.in_live ? c.object.name : std::string(),
            kind_words + " " + c.object.name + " is " + where + "; dbaudit does not compare " + kind_words + "s yet"};
}

Finding finding_for(const NotVisible& c) {
    const ObjectKind kind = parse_object_kind(c.kind);
    return {c.expected_count > 0 ? Severity::high : Severity::info, FindingType::not_visible, kind, {}, c.kind, {}, {},
            std::string(c.live_side ? "the database" : "the shadow database") + "'s " + c.kind +
                " catalog could not be read by the auditing role (" + c.reason + "); " +
                (c.expected_count > 0 ? std::to_string(c.expected_count) + " expected " + c.kind + " object(s) were not checked"
                                      : c.kind + " objects were not compared")};
}

Finding finding_for(const ServerVersionMismatch& c) {
    return {Severity::low, FindingType::changed, ObjectKind::server, {}, "server_version", c.expected, c.live,
            "the shadow server runs PostgreSQL " + c.expected + " and the database " + c.live +
                ": definitions are compared in each server's own rendering and may differ in spelling"};
}

}  // namespace

std::vector<Finding> findings_for(const ChangeSet& changes) {
    std::vector<Finding> findings;
    findings.reserve(changes.size());
    for (const Change& change : changes) findings.push_back(std::visit([](const auto& c) { return finding_for(c); }, change));
    return findings;
}

std::string severity_key(const Finding& finding) {
    if (finding.type == FindingType::unsupported || finding.type == FindingType::not_visible) return to_string(finding.type);
    return std::string(to_string(finding.type)) + "_" + to_string(finding.kind);
}

bool valid_severity_key(std::string_view key) {
    if (key == "unsupported" || key == "not_visible") return true;
    for (std::string_view type : {"missing_", "extra_", "changed_"}) {
        if (key.substr(0, type.size()) != type) continue;
        const std::string_view kind = key.substr(type.size());
        const ObjectKind parsed = parse_object_kind(kind);
        // Only the kinds the differ compares; the rest are reported as unsupported.
        return parsed != ObjectKind::other && parsed <= ObjectKind::server && to_string(parsed) == kind;
    }
    return false;
}

}  // namespace dbaudit::diff
