#include "dbaudit/apply/applier.hpp"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <set>
#include <tuple>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/phase_timer.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::apply {

namespace {

std::string first_line(std::string_view sql) {
    const std::string_view line = util::trim(sql.substr(0, sql.find('\n')));
    return std::string(line) + (sql.find('\n') != std::string_view::npos ? " ..." : "");
}

// Test hook: with DBAUDIT_TEST_KILL_AT_STEP=N the process kills itself just before statement N
// runs, the way a power cut or `kill -9` would. Tests use it to prove the database survives.
void maybe_die_before(std::size_t step) {
    static const long kill_at = [] {
        const char* value = std::getenv("DBAUDIT_TEST_KILL_AT_STEP");
        return value ? std::strtol(value, nullptr, 10) : 0L;
    }();
    if (kill_at > 0 && static_cast<std::size_t>(kill_at) == step) std::raise(SIGKILL);
}

using FindingKey = std::tuple<std::string, std::string, std::string>;  // kind, type, object

FindingKey key_of(const diff::Finding& finding) {
    return {diff::to_string(finding.kind), diff::to_string(finding.type), util::ascii_lower(finding.object)};
}

std::string choose_backup_path(engine::Migrator& migrator, const engine::Target& target, const ApplyOptions& options) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (options.backup == BackupMode::explicit_path) {
        if (fs::exists(options.backup_path, ec))
            throw util::InputError("backup file " + options.backup_path + " exists already; dbaudit never overwrites a backup",
                                   "choose another --backup PATH");
        return options.backup_path;
    }
    const std::string base = migrator.default_backup_path(target, utc_stamp());
    std::string path = base;
    for (int n = 2; fs::exists(path, ec); ++n) path = base.substr(0, base.size() - 4) + "-" + std::to_string(n) + ".bak";
    return path;
}

}  // namespace

std::string utc_stamp() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &utc);
    return buffer;
}

ApplyReport apply_migration(engine::Migrator& migrator, const engine::Target& target, const ApplyInput& input,
                            const ApplyOptions& options, const std::function<void(const std::string&)>& progress) {
    ApplyReport report;
    util::PhaseTimer timer;
    std::unique_ptr<engine::ApplySession> session = migrator.open_session(target);
    session->begin();  // foreign keys off, then the write lock
    timer.mark("lock");

    // Nothing may have moved between planning (and the review) and now.
    const plan::SchemaFingerprint now = plan::fingerprint_live(session->inspect());
    if (now.overall != input.live_fingerprint) {
        std::vector<std::string> moved = plan::what_moved(input.live_objects, now.objects);
        if (moved.empty()) moved.push_back("the schema fingerprint differs");
        session->rollback();
        throw util::InputError("the live schema of " + target.display + " changed since the plan was made: " + util::join(moved, "; ") +
                                   "; nothing was applied",
                               "make a new plan (dbaudit plan) and review it again");
    }
    timer.mark("check_fingerprint");

    if (!options.dry_run && options.backup != BackupMode::none) {
        const std::string path = choose_backup_path(migrator, target, options);
        session->backup_to(path);
        report.backup_path = path;
        progress("backup: " + path);
    }
    timer.mark("backup");
    const std::string unchanged = target.display + " is unchanged" +
                                  (report.backup_path.empty() ? std::string() : " (backup: " + report.backup_path + ")");

    std::vector<std::string> before_names, after_names;
    for (const auto& [before, after] : input.plan->checked_tables) {
        if (!before.empty()) before_names.push_back(before);
        after_names.push_back(after);
    }
    const engine::ForeignKeyViolations baseline = session->foreign_key_violations(before_names);
    timer.mark("fk_baseline");

    // For the benchmark: how much of the run is row copying (INSERT ... statements) and how much
    // is everything else, printed with the phases when DBAUDIT_TIMINGS is set.
    double insert_seconds = 0, other_seconds = 0;
    const std::size_t total = input.statements.size();
    for (std::size_t i = 0; i < total; ++i) {
        maybe_die_before(i + 1);
        const auto started = std::chrono::steady_clock::now();
        const auto error = session->execute(input.statements[i]);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        (util::starts_with_icase(util::trim(input.statements[i]), "INSERT") ? insert_seconds : other_seconds) += seconds;
        if (const char* timings = std::getenv("DBAUDIT_TIMINGS"); timings && std::string_view(timings) == "statements")
            std::fprintf(stderr, "dbaudit: timing: statement %zu %.4f %s\n", i + 1, seconds, first_line(input.statements[i]).c_str());
        if (error) {
            session->rollback();
            // The whole statement goes on the lines after the message, indented.
            std::string statement;
            for (std::string_view rest = input.statements[i]; !rest.empty();) {
                const std::size_t end = rest.find('\n');
                statement += "\n    " + std::string(rest.substr(0, end));
                rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
            }
            throw util::ApplyError("step " + std::to_string(i + 1) + " of " + std::to_string(total) + " failed: " +
                                       first_line(input.statements[i]) + ": " + *error + "; rolled back" + statement,
                                   "nothing was applied; " + unchanged);
        }
        ++report.statements_run;
    }
    timer.mark("statements");
    if (std::getenv("DBAUDIT_TIMINGS"))
        std::fprintf(stderr, "dbaudit: timing: statements insert=%.3f other=%.3f count=%zu\n", insert_seconds, other_seconds, total);

    // Foreign keys were off while the statements ran: no row may have lost its parent.
    const engine::ForeignKeyViolations after = session->foreign_key_violations(after_names);
    std::vector<std::string> broken;
    for (const auto& [before_name, after_name] : input.plan->checked_tables) {
        std::int64_t was = 0;
        if (!before_name.empty()) {
            const auto it = baseline.find(before_name);
            if (it != baseline.end()) was = it->second;
        }
        const std::int64_t is = after.at(after_name);
        if (is < 0 && was >= 0) broken.push_back("the foreign keys of " + after_name + " cannot be checked (a foreign key names no primary or unique key)");
        else if (is > std::max<std::int64_t>(was, 0))
            broken.push_back(after_name + " has " + std::to_string(is) + " rows whose parent row is missing (" + std::to_string(std::max<std::int64_t>(was, 0)) +
                             " before)");
    }
    timer.mark("fk_check");
    if (!broken.empty()) {
        session->rollback();
        throw util::ApplyError("foreign key check failed: " + util::join(broken, "; ") + "; rolled back", "nothing was applied; " + unchanged);
    }

    // Verify before COMMIT: inspect again, inside the transaction, and diff.
    model::Catalog result = session->inspect();
    if (input.restrict_live) input.restrict_live(result);
    const std::vector<diff::Finding> remaining = diff::findings_for(diff::diff_catalogs(*input.expected, result));
    std::set<FindingKey> planned_leftovers;
    for (const diff::Finding& finding : diff::findings_for(input.plan->unresolved)) planned_leftovers.insert(key_of(finding));
    std::vector<std::string> unexpected;
    for (const diff::Finding& finding : remaining) {
        if (planned_leftovers.count(key_of(finding))) {
            report.left_as_planned.push_back(finding);
        } else if (finding.severity >= options.fail_on && finding.severity != diff::Severity::info) {
            unexpected.push_back(std::string(diff::to_string(finding.severity)) + ": " + finding.message);
        }
    }
    timer.mark("verify");
    if (!unexpected.empty()) {
        session->rollback();
        throw util::ApplyError("verification failed, rolled back: after the plan the database would still differ from the expected schema: " +
                                   util::join(unexpected, "; "),
                               "nothing was applied; " + unchanged);
    }

    if (options.dry_run) {
        session->rollback();
        return report;
    }
    if (auto error = session->commit()) {
        session->rollback();
        throw util::ApplyError("COMMIT failed: " + *error + "; rolled back", "nothing was applied; " + unchanged);
    }
    report.committed = true;
    timer.mark("commit");
    return report;
}

}  // namespace dbaudit::apply
