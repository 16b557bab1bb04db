// The severity model: what breaks the application ranks above what only slows it down, and
// objects the code does not know about rank lowest.
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
    }
    return "table";
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
        if (key.descending) text += " DESC";
        keys.push_back(text);
    }
    std::string out = std::string(index.unique ? "UNIQUE " : "") + "ON " + index.table + columns_text(keys);
    if (!index.predicate.empty()) out += " WHERE " + index.predicate;
    return out;
}

std::string describe(const model::TableOptions& options) {
    std::vector<std::string> parts;
    if (options.without_rowid) parts.push_back("WITHOUT ROWID");
    if (options.strict) parts.push_back("STRICT");
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
    return {Severity::medium, FindingType::changed, ObjectKind::trigger, c.expected.table, c.expected.qualified_name(),
            c.expected.sql, c.live.sql, "trigger " + c.expected.qualified_name() + " has another definition"};
}

}  // namespace

std::vector<Finding> findings_for(const ChangeSet& changes) {
    std::vector<Finding> findings;
    findings.reserve(changes.size());
    for (const Change& change : changes) findings.push_back(std::visit([](const auto& c) { return finding_for(c); }, change));
    return findings;
}

}  // namespace dbaudit::diff
