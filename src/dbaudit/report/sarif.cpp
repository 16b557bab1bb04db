#include "dbaudit/report/sarif.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <cstdio>

#include "dbaudit/code_check/code_check_report.hpp"

namespace dbaudit::report {

namespace {

using Json = nlohmann::ordered_json;
using code_check::Classification;

struct Rule {
    const char* id;
    const char* name;
    const char* short_description;
    const char* full_description;
    const char* level;
};

// One rule per failing class, and one for stale imports; indexes are stable (ruleIndex).
constexpr std::array<Rule, 6> k_rules{{
    {"DBA1001", "SqlFailsOnlyLive", "SQL statement fails against the live database only",
     "The statement prepares against the expected schema but not against the live database: the database lags the code "
     "(a migration has not run).",
     "error"},
    {"DBA1002", "SqlFailsInBoth", "SQL statement fails against the live database and the expected schema",
     "No schema has what the statement needs: a bug in the code (a misspelt table or column, a syntax error).", "error"},
    {"DBA1003", "SqlFailsOnlyExpected", "SQL statement fails against the expected schema only",
     "The statement works against the live database but not against the expected schema: the schema files lag the code "
     "or the database.",
     "warning"},
    {"DBA1004", "SqlFailsLive", "SQL statement fails against the live database",
     "The engine cannot prepare the statement against the live database.", "error"},
    {"DBA1005", "SqlFailsExpected", "SQL statement fails against the expected schema",
     "The engine cannot prepare the statement against the expected schema.", "error"},
    {"DBA2001", "StaleImport", "Import of a module that is no longer in the repository",
     "The import names a module path inside the repository that does not exist: it raises when the module loads.", "error"},
}};

std::size_t rule_index(Classification classification) {
    switch (classification) {
        case Classification::fails_only_live: return 0;
        case Classification::fails_in_both: return 1;
        case Classification::fails_only_expected: return 2;
        case Classification::fails_live: return 3;
        case Classification::fails_expected: return 4;
        case Classification::ok: break;
    }
    return 0;
}

const char* level_of(diff::Severity severity) {
    if (severity >= diff::Severity::high) return "error";
    if (severity == diff::Severity::medium) return "warning";
    return "note";
}

// RFC 3986 percent-encoding of a relative path; '/' stays.
std::string uri_of(const std::string& path) {
    std::string out;
    for (unsigned char c : path) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", c);
            out += buffer;
        }
    }
    if (!path.empty() && path[0] == '/') return "file://" + out;
    return out;
}

// FNV-1a: stable across runs and platforms, so code-scanning UIs can follow a result as lines move.
std::string fingerprint(const std::string& text) {
    std::uint64_t hash = 14695981039346656037ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
    return buffer;
}

Json location_json(const util::SourceLocation& location, const std::string& snippet) {
    Json region;
    region["startLine"] = location.line;
    region["startColumn"] = location.column;
    if (!snippet.empty()) region["snippet"] = {{"text", snippet}};
    Json artifact{{"uri", uri_of(location.file)}};
    if (location.file.empty() || location.file[0] != '/') artifact["uriBaseId"] = "%SRCROOT%";
    return {{"physicalLocation", {{"artifactLocation", artifact}, {"region", region}}}};
}

std::string side_message(const char* side, const std::optional<code_check::SideOutcome>& outcome) {
    if (!outcome || outcome->status != engine::CheckStatus::failed) return {};
    return std::string(side) + ": " + outcome->message;
}

}  // namespace

std::string render_sarif(const code_check::CodeCheckReport& report) {
    Json rules = Json::array();
    for (const Rule& rule : k_rules) {
        rules.push_back({{"id", rule.id},
                         {"name", rule.name},
                         {"shortDescription", {{"text", rule.short_description}}},
                         {"fullDescription", {{"text", rule.full_description}}},
                         {"defaultConfiguration", {{"level", rule.level}}}});
    }

    Json results = Json::array();
    for (const auto& statement : report.statements) {
        if (!statement.failing()) continue;
        const std::size_t index = rule_index(statement.classification);
        std::string message = statement.keyword + " statement: ";
        std::string details;
        for (const std::string& part : {side_message("live", statement.live), side_message("expected", statement.expected)}) {
            if (part.empty()) continue;
            details += (details.empty() ? "" : "; ") + part;
        }
        message += details + " (" + code_check::describe(statement.classification) + ")";
        Json result;
        result["ruleId"] = k_rules[index].id;
        result["ruleIndex"] = index;
        result["level"] = level_of(statement.severity);
        result["message"] = {{"text", message}};
        result["locations"] = Json::array({location_json(statement.location, statement.excerpt)});
        Json related = Json::array();
        int related_id = 1;
        for (const auto* outcome : {&statement.live, &statement.expected}) {
            if (!*outcome || !(*outcome)->error_location || (*outcome)->status != engine::CheckStatus::failed) continue;
            Json place = location_json(*(*outcome)->error_location, {});
            place["id"] = related_id++;
            place["message"] = {{"text", std::string(outcome == &statement.live ? "live" : "expected") + ": " + (*outcome)->message}};
            related.push_back(std::move(place));
        }
        if (!related.empty()) result["relatedLocations"] = std::move(related);
        result["partialFingerprints"] = {
            {"dbauditStatement/v1", fingerprint(std::string(k_rules[index].id) + "\n" + statement.location.file + "\n" + statement.excerpt)}};
        results.push_back(std::move(result));
    }
    for (const auto& stale : report.stale_imports) {
        const std::size_t index = k_rules.size() - 1;
        Json result;
        result["ruleId"] = k_rules[index].id;
        result["ruleIndex"] = index;
        result["level"] = level_of(stale.severity);
        result["message"] = {{"text", "Stale import " + stale.module + ": " + stale.reason}};
        result["locations"] = Json::array({location_json(stale.location, {})});
        result["partialFingerprints"] = {
            {"dbauditImport/v1", fingerprint(std::string(k_rules[index].id) + "\n" + stale.location.file + "\n" + stale.module)}};
        results.push_back(std::move(result));
    }

    Json run;
    run["tool"] = {{"driver",
                    {{"name", "dbaudit"},
                     {"version", "0.1.0"},
                     {"rules", std::move(rules)}}}};
    run["columnKind"] = "unicodeCodePoints";
    run["results"] = std::move(results);

    Json root;
    root["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
    root["version"] = "2.1.0";
    root["runs"] = Json::array({std::move(run)});
    return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace dbaudit::report
