#include "dbaudit/report/code_check_json.hpp"

#include <nlohmann/json.hpp>

#include <map>

#include "dbaudit/code_check/code_check_report.hpp"

namespace dbaudit::report {

namespace {

using Json = nlohmann::ordered_json;
using code_check::Classification;

Json place(const util::SourceLocation& location) {
    return {{"file", location.file}, {"line", location.line}, {"column", location.column}};
}

Json side(const std::optional<code_check::SideOutcome>& outcome) {
    if (!outcome) return nullptr;
    Json out;
    out["status"] = code_check::to_string(outcome->status);
    out["message"] = outcome->message.empty() ? Json(nullptr) : Json(outcome->message);
    out["error_at"] = outcome->error_location ? Json{{"line", outcome->error_location->line}, {"column", outcome->error_location->column}}
                                              : Json(nullptr);
    return out;
}

// Accesses grouped as {table, kind, columns, via}, in a stable order.
Json touches(const std::vector<engine::TableAccess>& accesses) {
    std::map<std::tuple<std::string, engine::AccessKind, std::string>, std::vector<std::string>> grouped;
    for (const engine::TableAccess& access : accesses) {
        auto& columns = grouped[{access.table, access.kind, access.via}];
        if (!access.column.empty()) columns.push_back(access.column);
    }
    Json out = Json::array();
    for (const auto& [key, columns] : grouped) {
        out.push_back({{"table", std::get<0>(key)},
                       {"kind", code_check::to_string(std::get<1>(key))},
                       {"columns", columns},
                       {"via", std::get<2>(key).empty() ? Json(nullptr) : Json(std::get<2>(key))}});
    }
    return out;
}

}  // namespace

std::string render_code_check_json(const code_check::CodeCheckReport& report) {
    const auto& inputs = report.inputs;
    Json root;
    root["schema_version"] = k_code_check_json_version;
    root["tool"] = "dbaudit";
    root["command"] = "check-code";
    root["engine"] = inputs.engine;
    root["against"] = code_check::to_string(inputs.against);
    root["live"] = inputs.target.empty() ? Json(nullptr) : Json(inputs.target);
    root["schema"] = inputs.schema;
    root["paths"] = inputs.paths;
    root["fail_on"] = diff::to_string(inputs.fail_on);
    root["passes"] = report.passes();
    root["exit_code"] = report.exit_code();

    std::map<Classification, std::size_t> by_class;
    for (const auto& statement : report.statements) ++by_class[statement.classification];
    Json summary;
    summary["files"] = report.stats.files;
    summary["skipped_files"] = report.stats.skipped_files;
    summary["bytes"] = report.stats.bytes;
    summary["statements"] = report.stats.statements;
    summary["checked"] = report.stats.checked;
    summary["dynamic"] = report.stats.dynamic;
    for (Classification c : {Classification::ok, Classification::fails_in_both, Classification::fails_only_live,
                             Classification::fails_only_expected, Classification::fails_live, Classification::fails_expected})
        summary[code_check::to_string(c)] = by_class[c];
    summary["imports"] = report.stats.imports;
    summary["stale_imports"] = report.stale_imports.size();
    root["summary"] = summary;

    Json severities = Json::object();
    for (auto s : {diff::Severity::critical, diff::Severity::high, diff::Severity::medium, diff::Severity::low, diff::Severity::info})
        severities[diff::to_string(s)] = report.severity_counts[static_cast<std::size_t>(s)];
    root["severity_counts"] = severities;

    Json statements = Json::array();
    for (const auto& statement : report.statements) {
        Json entry = place(statement.location);
        entry["keyword"] = statement.keyword;
        entry["excerpt"] = statement.excerpt;
        entry["classification"] = code_check::to_string(statement.classification);
        entry["severity"] = statement.failing() ? Json(diff::to_string(statement.severity)) : Json(nullptr);
        entry["live"] = side(statement.live);
        entry["expected"] = side(statement.expected);
        entry["touches"] = touches(statement.accesses);
        statements.push_back(std::move(entry));
    }
    root["statements"] = std::move(statements);

    Json dynamic = Json::array();
    for (const auto& statement : report.dynamic) {
        Json entry = place(statement.location);
        entry["keyword"] = statement.keyword;
        entry["excerpt"] = statement.excerpt;
        entry["reason"] = statement.reason;
        dynamic.push_back(std::move(entry));
    }
    root["dynamic"] = std::move(dynamic);

    Json stale = Json::array();
    for (const auto& import : report.stale_imports) {
        Json entry = place(import.location);
        entry["module"] = import.module;
        entry["reason"] = import.reason;
        entry["severity"] = diff::to_string(import.severity);
        stale.push_back(std::move(entry));
    }
    root["stale_imports"] = std::move(stale);

    const bool live_checked = !inputs.target.empty();
    const bool expected_checked = !inputs.schema.empty();
    Json tables = Json::array();
    Json unreferenced = Json::array();
    for (const auto& table : report.tables) {
        Json entry;
        entry["name"] = table.name;
        entry["kind"] = table.is_view ? "view" : "table";
        entry["in_live"] = live_checked ? Json(table.in_live) : Json(nullptr);
        entry["in_expected"] = expected_checked ? Json(table.in_expected) : Json(nullptr);
        Json references = Json::array();
        for (const auto& site : table.sites) {
            Json reference = place(site.location);
            reference["kind"] = code_check::to_string(site.kind);
            reference["columns"] = site.columns;
            reference["via"] = site.via.empty() ? Json(nullptr) : Json(site.via);
            references.push_back(std::move(reference));
        }
        entry["references"] = std::move(references);
        Json mentions = Json::array();
        for (const auto& mention : table.unchecked_mentions) mentions.push_back(place(mention));
        entry["unchecked_mentions"] = std::move(mentions);
        entry["no_code_references"] = table.unreferenced();
        if (table.unreferenced() && (table.in_live || !live_checked)) unreferenced.push_back(table.name);
        tables.push_back(std::move(entry));
    }
    root["tables"] = std::move(tables);
    root["no_code_references"] = std::move(unreferenced);
    return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace dbaudit::report
