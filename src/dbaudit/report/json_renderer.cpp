#include "dbaudit/report/json_renderer.hpp"

#include <nlohmann/json.hpp>

#include "dbaudit/report/audit_report.hpp"

namespace dbaudit::report {

// nlohmann::ordered_json keeps keys in insertion order: the documented order, stable for diffs.
using Json = nlohmann::ordered_json;

namespace {

Json severity_counts_json(const std::array<std::size_t, 5>& counts) {
    Json out = Json::object();
    for (auto s : {diff::Severity::critical, diff::Severity::high, diff::Severity::medium, diff::Severity::low, diff::Severity::info})
        out[diff::to_string(s)] = counts[static_cast<std::size_t>(s)];
    return out;
}

}  // namespace

std::string render_json(const AuditReport& report) {
    Json root;
    root["schema_version"] = k_json_report_version;
    root["tool"] = "dbaudit";
    root["engine"] = report.inputs.engine;
    root["target"] = report.inputs.target;
    root["schema"] = report.inputs.schema_files;
    root["fail_on"] = diff::to_string(report.inputs.fail_on);
    root["in_sync"] = report.findings.empty();
    root["passes"] = report.passes();
    root["exit_code"] = report.exit_code();
    root["server_version"] = report.live_server_version.empty()
                                 ? Json(nullptr)
                                 : Json{{"live", report.live_server_version}, {"expected", report.expected_server_version}};

    Json summary = Json::object();
    for (const KindSummary& kind : report.summary) {
        summary[kind.kind] = {{"expected", kind.expected}, {"present", kind.present}, {"missing", kind.missing},
                              {"extra", kind.extra}, {"changed", kind.changed}, {"unknown", kind.unknown}};
    }
    root["summary"] = summary;

    root["severity_counts"] = severity_counts_json(report.severity_counts);

    Json missing_tables = Json::array();
    for (const auto& t : report.missing_tables) {
        missing_tables.push_back({{"name", t.name}, {"columns", t.columns}, {"purpose", t.purpose.empty() ? Json(nullptr) : Json(t.purpose)}});
    }
    Json missing_columns = Json::array();
    for (const auto& c : report.missing_columns) {
        missing_columns.push_back({{"table", c.table},
                                   {"column", c.column},
                                   {"type", c.type},
                                   {"not_null", c.not_null},
                                   {"default", c.has_default ? Json(c.default_expr) : Json(nullptr)}});
    }
    Json missing = {{"tables", missing_tables}, {"columns", missing_columns}};
    for (const char* kind : {"views", "triggers", "materialized_views", "functions", "sequences", "types", "extensions", "policies"}) {
        Json list = Json::array();
        for (const auto& object : report.missing_objects) {
            if (object.kind != kind) continue;
            if (object.kind == "extensions") {
                list.push_back({{"name", object.name}, {"version", object.version}, {"available", object.available}});
            } else {
                list.push_back(object.name);
            }
        }
        missing[kind] = list;
    }
    root["missing"] = missing;
    Json extra_tables = Json::array();
    for (const auto& t : report.extra_tables) extra_tables.push_back({{"name", t.name}, {"columns", t.columns}});
    root["extra"] = {{"tables", extra_tables}};

    Json findings = Json::array();
    for (const auto& f : report.findings) {
        findings.push_back({{"severity", diff::to_string(f.severity)},
                            {"type", diff::to_string(f.type)},
                            {"kind", diff::to_string(f.kind)},
                            {"table", f.table.empty() ? Json(nullptr) : Json(f.table)},
                            {"object", f.object},
                            {"expected", f.expected.empty() ? Json(nullptr) : Json(f.expected)},
                            {"live", f.live.empty() ? Json(nullptr) : Json(f.live)},
                            {"message", f.message},
                            {"feature", f.feature.empty() ? Json(nullptr) : Json(f.feature)}});
    }
    root["findings"] = findings;

    Json features = Json::array();
    for (const FeatureSummary& feature : report.features) {
        features.push_back({{"name", feature.name.empty() ? Json(nullptr) : Json(feature.name)},
                            {"findings", feature.findings},
                            {"severity_counts", severity_counts_json(feature.severity_counts)},
                            {"passes", feature.passes}});
    }
    root["features"] = features;
    const AuditScope& scope = report.inputs.scope;
    Json included = Json::array();
    for (const IncludedObject& object : scope.included) {
        included.push_back({{"kind", object.kind},
                            {"name", object.name},
                            {"feature", object.feature.empty() ? Json(nullptr) : Json(object.feature)},
                            {"reason", object.reason}});
    }
    root["scope"] = {{"features", scope.features}, {"included", included}, {"ignore", scope.ignore}};
    // Schema text is not always valid UTF-8 (a Latin-1 default, say): replace bad bytes, never fail.
    return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace dbaudit::report
