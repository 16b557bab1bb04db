#include "dbaudit/code_check/code_check_report.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "dbaudit/code_check/sql_lexer.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::code_check {

namespace {

SideOutcome outcome_of(const engine::StatementCheck& check, const ExtractedStatement& statement) {
    SideOutcome outcome{check.status, check.message, std::nullopt};
    if (check.error_offset) outcome.error_location = statement.location_of(*check.error_offset);
    return outcome;
}

bool location_less(const util::SourceLocation& a, const util::SourceLocation& b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
}

// Identifiers a statement's text names, lower-cased: quoted or bare words.
std::vector<std::string> named_identifiers(std::string_view sql) {
    std::vector<std::string> names;
    for (const SqlToken& token : lex_sql(sql)) {
        if (token.kind == SqlTokenKind::word) {
            names.push_back(util::ascii_lower(token.text(sql)));
        } else if (token.kind == SqlTokenKind::quoted_name && token.end - token.begin >= 2) {
            names.push_back(util::ascii_lower(sql.substr(token.begin + 1, token.end - token.begin - 2)));
        }
    }
    return names;
}

class UsageMap {
public:
    void add_schema(const model::Catalog& catalog, bool live) {
        for (const model::Table& table : catalog.tables) add_object(table.name, false, live);
        for (const model::View& view : catalog.views) add_object(view.name, true, live);
    }

    void add_accesses(const util::SourceLocation& location, const std::vector<engine::TableAccess>& accesses) {
        // One site per (table, kind, via): columns gathered.
        std::map<std::tuple<std::string, engine::AccessKind, std::string>, UsageSite> sites;
        for (const engine::TableAccess& access : accesses) {
            const std::string key = util::ascii_lower(access.table);
            if (!m_index.count(key)) continue;  // a temporary or attached table: not schema
            UsageSite& site = sites[{key, access.kind, access.via}];
            site.location = location;
            site.kind = access.kind;
            site.via = access.via;
            if (!access.column.empty()) site.columns.push_back(access.column);
        }
        for (auto& [key, site] : sites) m_tables[m_index[std::get<0>(key)]].sites.push_back(std::move(site));
    }

    void add_mentions(const util::SourceLocation& location, std::string_view sql) {
        std::vector<std::size_t> hit;
        for (const std::string& name : named_identifiers(sql)) {
            if (const auto it = m_index.find(name); it != m_index.end()) hit.push_back(it->second);
        }
        std::sort(hit.begin(), hit.end());
        hit.erase(std::unique(hit.begin(), hit.end()), hit.end());
        for (std::size_t index : hit) m_tables[index].unchecked_mentions.push_back(location);
    }

    std::vector<TableUsage> take() {
        for (TableUsage& table : m_tables) {
            std::stable_sort(table.sites.begin(), table.sites.end(),
                             [](const UsageSite& a, const UsageSite& b) { return location_less(a.location, b.location); });
            for (UsageSite& site : table.sites) {
                std::sort(site.columns.begin(), site.columns.end());
                site.columns.erase(std::unique(site.columns.begin(), site.columns.end()), site.columns.end());
            }
        }
        std::sort(m_tables.begin(), m_tables.end(),
                  [](const TableUsage& a, const TableUsage& b) { return util::ascii_lower(a.name) < util::ascii_lower(b.name); });
        return std::move(m_tables);
    }

private:
    void add_object(const std::string& name, bool is_view, bool live) {
        const std::string key = util::ascii_lower(name);
        auto [it, inserted] = m_index.try_emplace(key, m_tables.size());
        if (inserted) {
            TableUsage usage;
            usage.name = name;
            usage.is_view = is_view;
            m_tables.push_back(std::move(usage));
        }
        TableUsage& usage = m_tables[it->second];
        (live ? usage.in_live : usage.in_expected) = true;
    }

    std::unordered_map<std::string, std::size_t> m_index;
    std::vector<TableUsage> m_tables;
};

}  // namespace

const char* to_string(engine::AccessKind kind) {
    switch (kind) {
        case engine::AccessKind::read: return "read";
        case engine::AccessKind::insert: return "insert";
        case engine::AccessKind::update: return "update";
        case engine::AccessKind::remove: return "delete";
        case engine::AccessKind::schema: return "schema";
    }
    return "read";
}

const char* to_string(engine::CheckStatus status) {
    switch (status) {
        case engine::CheckStatus::ok: return "ok";
        case engine::CheckStatus::failed: return "failed";
        case engine::CheckStatus::already_applied: return "already_applied";
    }
    return "ok";
}

std::size_t CodeCheckReport::failing() const {
    return static_cast<std::size_t>(std::count_if(statements.begin(), statements.end(), [](const CheckedStatement& s) { return s.failing(); }));
}

bool CodeCheckReport::passes() const {
    for (std::size_t s = static_cast<std::size_t>(inputs.fail_on); s < severity_counts.size(); ++s) {
        if (severity_counts[s] > 0) return false;
    }
    return true;
}

CodeCheckReport build_code_check_report(const Extraction& extraction, const Validation& validation,
                                        const std::vector<StaleImport>& stale_imports, const model::Catalog* live_catalog,
                                        const model::Catalog* expected_catalog, CodeCheckInputs inputs) {
    CodeCheckReport report;
    report.inputs = std::move(inputs);
    report.stats.files = extraction.files_read;
    report.stats.skipped_files = extraction.files_skipped;
    report.stats.bytes = extraction.bytes_read;
    report.stats.statements = extraction.statements.size();
    report.stats.imports = extraction.imports.size();

    UsageMap usage;
    if (live_catalog) usage.add_schema(*live_catalog, true);
    if (expected_catalog) usage.add_schema(*expected_catalog, false);

    for (std::size_t i = 0; i < extraction.statements.size(); ++i) {
        const ExtractedStatement& statement = extraction.statements[i];
        if (statement.is_dynamic()) {
            report.dynamic.push_back({statement.location, statement.keyword, statement.excerpt, statement.dynamic_reason});
            usage.add_mentions(statement.location, statement.sql);
            continue;
        }
        CheckedStatement checked;
        checked.location = statement.location;
        checked.keyword = statement.keyword;
        checked.excerpt = statement.excerpt;
        const auto& live = validation.live[i];
        const auto& expected = validation.expected[i];
        if (live) checked.live = outcome_of(*live, statement);
        if (expected) checked.expected = outcome_of(*expected, statement);
        checked.classification = classify(live ? std::optional(live->status) : std::nullopt,
                                          expected ? std::optional(expected->status) : std::nullopt);
        checked.severity = severity_of(checked.classification);
        if (live) checked.accesses = live->accesses;
        if (expected) checked.accesses.insert(checked.accesses.end(), expected->accesses.begin(), expected->accesses.end());
        std::sort(checked.accesses.begin(), checked.accesses.end());
        checked.accesses.erase(std::unique(checked.accesses.begin(), checked.accesses.end()), checked.accesses.end());
        usage.add_accesses(checked.location, checked.accesses);
        // No side prepared it, so no side could say what it touches: keep what its text names.
        if (checked.accesses.empty() && (!live || live->status != engine::CheckStatus::ok) &&
            (!expected || expected->status != engine::CheckStatus::ok))
            usage.add_mentions(checked.location, statement.sql);
        if (checked.failing()) ++report.severity_counts[static_cast<std::size_t>(checked.severity)];
        report.statements.push_back(std::move(checked));
    }
    report.stats.checked = report.statements.size();
    report.stats.dynamic = report.dynamic.size();

    for (const StaleImport& stale : stale_imports) {
        StaleImportFinding finding{stale.location, stale.module, stale.reason, diff::Severity::high};
        ++report.severity_counts[static_cast<std::size_t>(finding.severity)];
        report.stale_imports.push_back(std::move(finding));
    }
    report.tables = usage.take();
    return report;
}

}  // namespace dbaudit::code_check
