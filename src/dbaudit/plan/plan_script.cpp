#include "dbaudit/plan/plan_script.hpp"

#include <algorithm>
#include <cstdio>

#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::plan {

namespace {

// A comment line can hold any name: control characters and '%' are written as %XX.
std::string escape(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (c < 0x20 || c == '%' || c == 0x7f) {
            char buffer[4];
            std::snprintf(buffer, sizeof buffer, "%%%02X", c);
            out += buffer;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

std::string unescape(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const std::string hex(text.substr(i + 1, 2));
            char* end = nullptr;
            const long value = std::strtol(hex.c_str(), &end, 16);
            if (end == hex.c_str() + 2) {
                out += static_cast<char>(value);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

// One line of comment text: newlines inside a message would end the comment early.
std::string one_line(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

std::string commented(std::string_view sql) {
    std::string out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = sql.find('\n', start);
        out += "-- " + std::string(sql.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start)) + "\n";
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

std::string plural(std::size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); }

}  // namespace

std::string render_plan_script(const MigrationPlan& plan, const engine::MigrationDialect& dialect, const ScriptHeader& header) {
    std::string out;
    const std::size_t running = plan.running_count();
    const std::size_t held = plan.held_count();
    const std::size_t held_destructive = plan.held_destructive_count();
    out += "-- dbaudit plan for " + one_line(header.target) + " (" + header.engine + ") against " + one_line(util::join(header.schema, ", ")) + "\n";
    if (running == 0) {
        out += "-- nothing to run: " + (held == 0 ? std::string("the database matches the expected schema")
                                                  : plural(held, "step") + " held back, see below") + "\n";
    } else {
        out += "-- " + plural(running, "step") + " to run in one transaction";
        if (held) out += "; " + std::to_string(held) + " held back";
        out += "\n";
    }
    if (held_destructive)
        out += "-- " + plural(held_destructive, "destructive step") + " held back (commented out below): pass --allow-destructive to include "
               + (held_destructive == 1 ? "it" : "them") + "\n";
    out += "-- dbaudit:plan-format " + std::to_string(k_plan_format) + "\n";
    out += "-- dbaudit:engine " + header.engine + "\n";
    out += std::string("-- dbaudit:allow-destructive ") + (header.allow_destructive ? "yes" : "no") + "\n";
    if (running > 0) {
        out += "-- dbaudit:live-fingerprint " + header.live.overall + "\n";
        out += "-- dbaudit:expected-fingerprint " + header.expected_fingerprint + "\n";
        out += "-- Apply exactly this file with: dbaudit apply --plan FILE (same --db and --schema); it refuses when the\n"
               "-- live schema no longer matches the fingerprint.\n";
    }
    for (const std::string& note : plan.notes) out += "-- note: " + one_line(note) + "\n";

    auto render_step = [&](const Step& step, std::size_t& number) {
        out += "\n";
        if (step.runs()) {
            ++number;
            out += "-- [" + std::to_string(number) + "/" + std::to_string(running) + "] " + one_line(step.why) + "\n";
        } else {
            out += std::string("-- [held back: ") + to_string(step.held) + "] " + one_line(step.why) + "\n";
        }
        for (const std::string& hazard : step.hazards) out += "--   hazard: " + one_line(hazard) + "\n";
        if (step.sql.empty()) return;
        if (step.runs()) out += step.sql + ";\n";
        else out += commented(step.sql + ";");
    };
    auto render_framing = [&](const std::vector<std::string>& statements) {
        for (const std::string& statement : statements) {
            const std::string comment = dialect.framing_comment(statement);
            out += statement + ";" + (comment.empty() ? "" : "  -- " + comment) + "\n";
        }
    };
    std::size_t number = 0;
    if (running > 0) {
        if (!header.session_settings.empty()) {
            out += "\n";
            render_framing(header.session_settings);
        }
        for (const Step& step : plan.steps)
            if (step.before_transaction) render_step(step, number);
        out += "\n";
        render_framing(dialect.script_prologue());
    }
    for (const Step& step : plan.steps)
        if (step.in_transaction && !step.before_transaction) render_step(step, number);
    if (running > 0) {
        out += "\n";
        render_framing(dialect.script_epilogue());
        bool first = true;
        for (const Step& step : plan.steps) {
            if (step.in_transaction || step.before_transaction) continue;
            if (first) out += "\n-- after COMMIT: each of these runs on its own (they cannot run in a transaction block)\n";
            first = false;
            render_step(step, number);
        }
        out += "\n-- dbaudit:live-objects the schema this plan was computed from\n";
        for (const ObjectFingerprint& object : header.live.objects)
            out += "-- dbaudit:object " + object.kind + " " + object.hash + " " + escape(object.name) + "\n";
    }
    return out;
}

PlanFile read_plan_header(std::string_view text, const std::string& path) {
    PlanFile file;
    bool format_seen = false;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view line = util::trim(text.substr(start, end - start));
        start = end + 1;
        if (!line.starts_with("-- dbaudit:")) continue;
        const std::string_view rest = line.substr(std::string_view("-- dbaudit:").size());
        const std::size_t space = rest.find(' ');
        const std::string_view name = rest.substr(0, space);
        const std::string_view value = space == std::string_view::npos ? std::string_view() : util::trim(rest.substr(space + 1));
        if (name == "plan-format") {
            format_seen = true;
            if (value != std::to_string(k_plan_format))
                throw util::InputError(path + " is a dbaudit plan of format " + std::string(value) + "; this dbaudit reads format " +
                                       std::to_string(k_plan_format), "make a new plan with dbaudit plan");
        } else if (name == "engine") {
            file.engine = value;
        } else if (name == "allow-destructive") {
            file.allow_destructive = value == "yes";
        } else if (name == "live-fingerprint") {
            file.live_fingerprint = value;
            file.has_fingerprint = true;
        } else if (name == "expected-fingerprint") {
            file.expected_fingerprint = value;
        } else if (name == "object") {
            const std::size_t a = value.find(' ');
            const std::size_t b = a == std::string_view::npos ? a : value.find(' ', a + 1);
            if (b == std::string_view::npos) throw util::InputError(path + ": malformed line: " + std::string(line));
            file.live_objects.push_back({std::string(value.substr(0, a)), unescape(value.substr(b + 1)), std::string(value.substr(a + 1, b - a - 1))});
        }
    }
    if (!format_seen)
        throw util::InputError(path + " is not a dbaudit plan (it has no '-- dbaudit:plan-format' line)",
                               "write one with: dbaudit plan --db DB --schema SCHEMA --output FILE");
    return file;
}

PlanFile parse_plan_script(std::string_view text, const std::string& path, const engine::MigrationDialect& dialect) {
    PlanFile file = read_plan_header(text, path);
    const auto prologue = dialect.script_prologue();
    const auto epilogue = dialect.script_epilogue();
    const bool in_place = dialect.in_place() != nullptr;
    auto is_one_of = [&](const std::string& statement, const std::vector<std::string>& list) {
        return std::any_of(list.begin(), list.end(), [&](const std::string& f) { return dialect.same_statement(statement, f); });
    };
    // Where a statement stands: before the prologue, inside the transaction, after the epilogue.
    enum { before, inside, after } where = in_place ? before : inside;
    for (std::string& statement : dialect.split_script(text)) {
        if (is_one_of(statement, prologue)) {
            if (in_place) where = inside;
            continue;
        }
        if (is_one_of(statement, epilogue)) {
            if (in_place) where = after;
            continue;
        }
        if (where == before && util::starts_with_icase(statement, "SET ")) {
            file.session_settings.push_back(std::move(statement));
        } else if (where == before) {
            file.before_transaction.push_back(std::move(statement));
        } else if (where == after) {
            file.after_transaction.push_back(std::move(statement));
        } else {
            file.statements.push_back(std::move(statement));
        }
    }
    if (!file.statements.empty() && !file.has_fingerprint)
        throw util::InputError(path + " has statements but no '-- dbaudit:live-fingerprint' line, so it cannot be checked against the database",
                               "make a new plan with dbaudit plan --output FILE");
    return file;
}

}  // namespace dbaudit::plan
