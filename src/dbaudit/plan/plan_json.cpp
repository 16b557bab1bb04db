#include "dbaudit/plan/plan_json.hpp"

#include <cstdio>

#include "dbaudit/plan/change_messages.hpp"

namespace dbaudit::plan {

namespace {

std::string quoted(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buffer[8];
                    std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
                    out += buffer;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + quoted(items[i]);
    return out + "]";
}

const char* placement(const Step& step) {
    if (step.in_transaction) return "transaction";
    return step.before_transaction ? "before_transaction" : "after_transaction";
}

}  // namespace

std::string render_plan_json(const MigrationPlan& plan, const ScriptHeader& header) {
    std::size_t outside = 0;
    for (const Step& step : plan.steps)
        if (step.runs() && !step.in_transaction) ++outside;
    std::string out = "{\n";
    out += "  \"format\": " + std::to_string(k_plan_json_format) + ",\n";
    out += "  \"engine\": " + quoted(header.engine) + ",\n";
    out += "  \"target\": " + quoted(header.target) + ",\n";
    out += "  \"schema\": " + list(header.schema) + ",\n";
    out += std::string("  \"allow_destructive\": ") + (header.allow_destructive ? "true" : "false") + ",\n";
    out += "  \"live_fingerprint\": " + quoted(header.live.overall) + ",\n";
    out += "  \"expected_fingerprint\": " + quoted(header.expected_fingerprint) + ",\n";
    out += "  \"session_settings\": " + list(header.session_settings) + ",\n";
    out += "  \"summary\": {\"steps\": " + std::to_string(plan.steps.size()) + ", \"running\": " + std::to_string(plan.running_count()) +
           ", \"held\": " + std::to_string(plan.held_count()) + ", \"held_destructive\": " + std::to_string(plan.held_destructive_count()) +
           ", \"outside_transaction\": " + std::to_string(outside) + "},\n";
    out += "  \"notes\": " + list(plan.notes) + ",\n";
    out += "  \"steps\": [";
    std::size_t number = 0;
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
        const Step& step = plan.steps[i];
        out += i ? ",\n" : "\n";
        out += "    {";
        out += "\"number\": " + (step.runs() ? std::to_string(++number) : std::string("null"));
        out += ", \"kind\": " + quoted(to_string(step.kind));
        out += ", \"object\": " + quoted(step.object);
        out += std::string(", \"runs\": ") + (step.runs() ? "true" : "false");
        out += ", \"held\": " + (step.runs() ? std::string("null") : quoted(to_string(step.held)));
        out += std::string(", \"destructive\": ") + (step.destructive ? "true" : "false");
        out += ", \"placement\": " + quoted(placement(step));
        out += ", \"why\": " + quoted(step.why);
        out += ", \"hazard_kinds\": " + list(step.hazard_kinds);
        out += ", \"hazards\": " + list(step.hazards);
        out += ", \"sql\": " + (step.sql.empty() ? std::string("null") : quoted(step.sql));
        out += "}";
    }
    out += plan.steps.empty() ? "],\n" : "\n  ],\n";
    std::vector<std::string> unresolved;
    for (const diff::Change& change : plan.unresolved) unresolved.push_back(message_of(change));
    out += "  \"unresolved\": " + list(unresolved) + "\n";
    out += "}\n";
    return out;
}

}  // namespace dbaudit::plan
