#include "dbaudit/report/code_check_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "dbaudit/code_check/code_check_report.hpp"

namespace dbaudit::report {

namespace {

using code_check::Classification;

class Painter {
public:
    explicit Painter(Color color) : m_on(color == Color::always) {}
    std::string bold(const std::string& text) const { return wrap("1", text); }
    std::string dim(const std::string& text) const { return wrap("2", text); }
    std::string good(const std::string& text) const { return wrap("1;32", text); }
    std::string bad(const std::string& text) const { return wrap("1;31", text); }
    std::string severity(diff::Severity severity) const {
        std::string label = diff::to_string(severity);
        for (char& c : label) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
        label = fmt::format("{:<6}", label);
        switch (severity) {
            case diff::Severity::critical: return wrap("1;31", label);
            case diff::Severity::high: return wrap("31", label);
            case diff::Severity::medium: return wrap("33", label);
            default: return wrap("2", label);
        }
    }

private:
    std::string wrap(const char* code, const std::string& text) const {
        return m_on ? fmt::format("\033[{}m{}\033[0m", code, text) : text;
    }
    bool m_on;
};

std::string plural(std::size_t n, const char* one, const char* many) { return fmt::format("{} {}", n, n == 1 ? one : many); }

std::size_t display_width(const std::string& text) {
    std::size_t width = 0;
    for (char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return width;
}

std::string describe_accesses(const std::vector<engine::TableAccess>& accesses) {
    // "spy_leads (insert: author_id, pain_stage), hot_leads (read)"
    std::map<std::string, std::map<std::pair<engine::AccessKind, std::string>, std::vector<std::string>>> by_table;
    for (const engine::TableAccess& access : accesses) {
        auto& columns = by_table[access.table][{access.kind, access.via}];
        if (!access.column.empty()) columns.push_back(access.column);
    }
    std::vector<std::string> parts;
    for (const auto& [table, uses] : by_table) {
        std::vector<std::string> kinds;
        for (const auto& [how, columns] : uses) {
            std::string text = code_check::to_string(how.first);
            if (!columns.empty()) text += fmt::format(": {}", fmt::join(columns, ", "));
            if (!how.second.empty()) text += " via " + how.second;
            kinds.push_back(text);
        }
        parts.push_back(fmt::format("{} ({})", table, fmt::join(kinds, "; ")));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string side_line(const char* side, const code_check::SideOutcome& outcome) {
    std::string line = outcome.status == engine::CheckStatus::already_applied
                           ? fmt::format("{}: already applied ({})", side, outcome.message)
                           : fmt::format("{}: {}", side, outcome.message);
    if (outcome.error_location) line += fmt::format(" (at {}:{})", outcome.error_location->line, outcome.error_location->column);
    return line;
}

}  // namespace

std::string render_code_check_text(const code_check::CodeCheckReport& report, Color color) {
    const Painter paint(color);
    const auto& inputs = report.inputs;
    std::string out;
    out += paint.bold("dbaudit check-code") + fmt::format(" · {} · ", inputs.engine);
    std::vector<std::string> against;
    if (!inputs.target.empty()) against.push_back(fmt::format("live {}", inputs.target));
    if (!inputs.schema.empty()) against.push_back(fmt::format("expected {}", fmt::join(inputs.schema, ", ")));
    out += fmt::format("{}\n", fmt::join(against, " and "));
    std::string read = plural(report.stats.files, "file", "files") + " read";
    if (report.stats.skipped_files) read += fmt::format(" ({} skipped: binary, unreadable or over 32 MB)", report.stats.skipped_files);
    out += paint.dim(fmt::format("{}, {} found: {} checked, {} dynamic", read,
                                 plural(report.stats.statements, "SQL statement", "SQL statements"), report.stats.checked,
                                 report.stats.dynamic)) +
           "\n";

    for (Classification classification : {Classification::fails_only_live, Classification::fails_in_both,
                                          Classification::fails_only_expected, Classification::fails_live,
                                          Classification::fails_expected}) {
        std::vector<const code_check::CheckedStatement*> selected;
        for (const auto& statement : report.statements)
            if (statement.classification == classification) selected.push_back(&statement);
        if (selected.empty()) continue;
        out += fmt::format("\n{}\n", paint.bold(fmt::format("{} ({})", code_check::describe(classification), selected.size())));
        for (const auto* statement : selected) {
            out += fmt::format("  {} {}\n", paint.severity(statement->severity), statement->location.to_string());
            out += fmt::format("         {}\n", statement->excerpt);
            if (statement->live && statement->live->status != engine::CheckStatus::ok)
                out += fmt::format("         {}\n", side_line("live", *statement->live));
            if (statement->expected && statement->expected->status != engine::CheckStatus::ok)
                out += fmt::format("         {}\n", side_line("expected", *statement->expected));
            if (!statement->accesses.empty())
                out += fmt::format("         {}\n", paint.dim(fmt::format("touches {}", describe_accesses(statement->accesses))));
        }
    }

    if (!report.dynamic.empty()) {
        out += fmt::format("\n{}\n", paint.bold(fmt::format("Dynamic, not checked ({})", report.dynamic.size())));
        for (const auto& statement : report.dynamic) {
            out += fmt::format("  {}  {}\n", statement.location.to_string(), statement.reason);
            out += fmt::format("         {}\n", paint.dim(statement.excerpt));
        }
    }

    if (!report.stale_imports.empty()) {
        out += fmt::format("\n{}\n", paint.bold(fmt::format("Stale imports ({})", report.stale_imports.size())));
        for (const auto& stale : report.stale_imports)
            out += fmt::format("  {} {}  {}: {}\n", paint.severity(stale.severity), stale.location.to_string(), stale.module,
                               stale.reason);
    }

    const bool both = !inputs.target.empty() && !inputs.schema.empty();
    if (!report.tables.empty()) {
        out += fmt::format("\n{}\n", paint.bold(fmt::format("Table usage ({} tables and views)", report.tables.size())));
        std::size_t width = 0;
        for (const auto& table : report.tables) width = std::max(width, display_width(table.name));
        for (const auto& table : report.tables) {
            std::size_t reads = 0, writes = 0, other = 0;
            for (const auto& site : table.sites) {
                if (site.kind == engine::AccessKind::read) {
                    ++reads;
                } else if (site.kind == engine::AccessKind::schema) {
                    ++other;
                } else {
                    ++writes;
                }
            }
            std::vector<std::string> notes;
            if (table.is_view) notes.push_back("view");
            if (both && !table.in_live) notes.push_back("not in live");
            if (both && !table.in_expected) notes.push_back("not in expected");
            std::string summary;
            if (table.sites.empty()) {
                summary = table.unchecked_mentions.empty()
                              ? "no code references"
                              : "named only by unchecked statements (" + plural(table.unchecked_mentions.size(), "place", "places") + ")";
            } else {
                summary = fmt::format("{}, {}", plural(reads, "read", "reads"), plural(writes, "write", "writes"));
                if (other) summary += ", " + plural(other, "schema use", "schema uses");
            }
            if (!notes.empty()) summary += fmt::format("  [{}]", fmt::join(notes, ", "));
            out += fmt::format("  {}{}  {}\n", table.name, std::string(width - display_width(table.name), ' '), summary);
            for (const auto& site : table.sites) {
                std::string how = code_check::to_string(site.kind);
                if (!site.columns.empty()) how += fmt::format(" ({})", fmt::join(site.columns, ", "));
                if (!site.via.empty()) how += " via " + site.via;
                out += fmt::format("      {}\n", paint.dim(fmt::format("{}  {}", site.location.to_string(), how)));
            }
            for (const auto& mention : table.unchecked_mentions)
                out += fmt::format("      {}\n", paint.dim(fmt::format("{}  named by an unchecked statement", mention.to_string())));
        }
        std::vector<std::string> unreferenced;
        for (const auto& table : report.tables)
            if (table.unreferenced() && (table.in_live || inputs.target.empty())) unreferenced.push_back(table.name);
        if (!unreferenced.empty())
            out += fmt::format("\n{}: {}\n", paint.bold(fmt::format("No code references ({})", unreferenced.size())),
                               fmt::join(unreferenced, ", "));
    }

    const auto& counts = report.severity_counts;
    out += "\n";
    const std::string tally = fmt::format("{}, {}", plural(report.failing(), "failing statement", "failing statements"),
                                          plural(report.stale_imports.size(), "stale import", "stale imports"));
    if (report.passes()) {
        out += paint.good("Passes") + fmt::format(": {} (nothing at or above {}).\n", tally, diff::to_string(inputs.fail_on));
    } else {
        out += paint.bad("Fails") + fmt::format(": {}; {} high, {} medium (failing at {} and above).\n", tally, counts[3] + counts[4],
                                                counts[2], diff::to_string(inputs.fail_on));
    }
    return out;
}

}  // namespace dbaudit::report
