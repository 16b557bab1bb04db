#include "dbaudit/report/er_diagram.hpp"

#include <algorithm>
#include <set>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/report/audit_report.hpp"

namespace dbaudit::report {

namespace {

std::string referenced_name(const model::Table& table, const model::ForeignKey& key) {
    const std::string& schema = key.referenced_schema.empty() ? table.schema : key.referenced_schema;
    return schema.empty() ? key.referenced_table : schema + "." + key.referenced_table;
}

bool contains_all(const std::vector<std::string>& haystack, const std::vector<std::string>& needles) {
    if (haystack.size() != needles.size()) return false;
    for (const auto& n : needles)
        if (std::find(haystack.begin(), haystack.end(), n) == haystack.end()) return false;
    return true;
}

// Which expected tables to draw: all of a small schema; otherwise those with findings, then
// their foreign-key neighbours, up to the cut limit.
std::set<std::string> chosen_tables(const model::Catalog& expected, const AuditReport& report, const ErDiagramLimits& limits) {
    std::set<std::string> all;
    for (const auto& table : expected.tables) all.insert(expected.name_key(table.qualified_name()));
    if (expected.tables.size() <= limits.full_limit) return all;

    std::set<std::string> with_findings;
    auto note = [&](const std::string& name) {
        const std::string key = expected.name_key(name);
        if (all.count(key)) with_findings.insert(key);
    };
    for (const auto& t : report.missing_tables) note(t.name);
    for (const auto& c : report.missing_columns) note(c.table);
    for (const auto& c : report.changed_columns) note(c.table);
    for (const auto& f : report.findings)
        if (!f.table.empty()) note(f.table);

    std::set<std::string> chosen;
    for (const auto& key : with_findings) {
        if (chosen.size() == limits.cut_limit) return chosen;
        chosen.insert(key);
    }
    std::set<std::string> neighbours;
    for (const auto& table : expected.tables) {
        const std::string child = expected.name_key(table.qualified_name());
        for (const auto& key : table.foreign_keys) {
            const std::string parent = expected.name_key(referenced_name(table, key));
            if (!all.count(parent)) continue;
            if (with_findings.count(child)) neighbours.insert(parent);
            if (with_findings.count(parent)) neighbours.insert(child);
        }
    }
    for (const auto& key : neighbours) {
        if (chosen.size() == limits.cut_limit) break;
        chosen.insert(key);
    }
    return chosen;
}

}  // namespace

ErDiagram build_er_diagram(const model::Catalog& expected, const AuditReport& report, const ErDiagramLimits& limits) {
    ErDiagram diagram;
    diagram.expected_tables = expected.tables.size();
    diagram.full_limit = limits.full_limit;
    diagram.cut_limit = limits.cut_limit;
    const std::set<std::string> chosen = chosen_tables(expected, report, limits);

    std::set<std::string> missing_tables, missing_columns, changed_columns;
    for (const auto& t : report.missing_tables) missing_tables.insert(expected.name_key(t.name));
    for (const auto& c : report.missing_columns) missing_columns.insert(expected.name_key(c.table) + "\n" + expected.name_key(c.column));
    for (const auto& c : report.changed_columns) changed_columns.insert(expected.name_key(c.table) + "\n" + expected.name_key(c.column));

    for (const model::Table& table : expected.tables) {
        const std::string key = expected.name_key(table.qualified_name());
        if (!chosen.count(key)) {
            diagram.omitted.push_back(table.qualified_name());
            continue;
        }
        ErEntity entity{table.qualified_name(), missing_tables.count(key) > 0, {}};
        for (const model::Column& column : table.columns) {
            if (column.hidden) continue;
            ErAttribute attribute{column.type, column.name};
            auto in = [&](const std::vector<std::string>& columns) {
                return std::find(columns.begin(), columns.end(), column.name) != columns.end();
            };
            attribute.primary_key = table.primary_key && in(table.primary_key->columns);
            for (const auto& fk : table.foreign_keys) attribute.foreign_key = attribute.foreign_key || in(fk.columns);
            for (const auto& u : table.uniques)
                attribute.unique = attribute.unique || (u.columns.size() == 1 && u.columns[0] == column.name);
            const std::string column_key = key + "\n" + expected.name_key(column.name);
            if (entity.missing || missing_columns.count(column_key)) attribute.mark = ErMark::missing;
            else if (changed_columns.count(column_key)) attribute.mark = ErMark::changed;
            entity.attributes.push_back(std::move(attribute));
        }
        diagram.entities.push_back(std::move(entity));

        for (const model::ForeignKey& fk : table.foreign_keys) {
            const std::string parent = referenced_name(table, fk);
            if (!chosen.count(expected.name_key(parent))) continue;
            ErRelationship relationship{parent, table.qualified_name(), fk.columns};
            for (const auto& name : fk.columns)
                if (const model::Column* column = table.find_column(name, false)) relationship.optional |= !column->not_null;
            relationship.one_to_one = table.primary_key && contains_all(table.primary_key->columns, fk.columns);
            for (const auto& u : table.uniques) relationship.one_to_one |= contains_all(u.columns, fk.columns);
            diagram.relationships.push_back(std::move(relationship));
        }
    }
    std::sort(diagram.omitted.begin(), diagram.omitted.end());
    return diagram;
}

}  // namespace dbaudit::report
