#include "dbaudit/engine/postgres/pg_dump_backup.hpp"

#include <unistd.h>

#include <filesystem>
#include <optional>

#include "dbaudit/engine/postgres/conninfo.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/subprocess.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::postgres {

namespace {

std::string executable_in(const std::filesystem::path& version_dir) {
    const std::filesystem::path candidate = version_dir / "bin" / "pg_dump";
    return ::access(candidate.c_str(), X_OK) == 0 ? candidate.string() : std::string();
}

// pg_dump's first "error:" line (or its first line), without secrets.
std::string first_error_line(const std::string& err, const std::vector<std::string>& secrets) {
    std::string chosen;
    for (std::string_view rest = err; !rest.empty();) {
        const std::size_t end = rest.find('\n');
        const std::string_view line = util::trim(rest.substr(0, end));
        if (chosen.empty() && !line.empty()) chosen = std::string(line);
        if (line.find("error:") != std::string_view::npos) {
            chosen = std::string(line);
            break;
        }
        rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    }
    return scrub(chosen, secrets);
}

// The --lock-wait-timeout the command was built with.
std::string command_lock_timeout(const PgDumpCommand& command) {
    constexpr std::string_view k_option = "--lock-wait-timeout=";
    for (const std::string& arg : command.argv)
        if (arg.rfind(k_option, 0) == 0) return arg.substr(k_option.size());
    return "the lock timeout";
}

}  // namespace

std::string find_pg_dump(int server_major, const std::string& root) {
    namespace fs = std::filesystem;
    if (std::string exact = executable_in(fs::path(root) / std::to_string(server_major)); !exact.empty()) return exact;
    std::optional<int> newer;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos || name.size() > 4) continue;
        const int major = std::stoi(name);
        if (major > server_major && (!newer || major < *newer) && !executable_in(entry.path()).empty()) newer = major;
    }
    if (newer) return executable_in(fs::path(root) / std::to_string(*newer));
    return "pg_dump";
}

PgDumpCommand pg_dump_command(const std::string& pg_dump, std::string_view conninfo, const std::string& path,
                              const std::string& lock_wait_timeout) {
    const ConninfoWithoutPassword parts = split_password(conninfo);
    PgDumpCommand command;
    command.argv = {pg_dump, "--format=custom", "--file=" + path, "--no-password", "--lock-wait-timeout=" + lock_wait_timeout,
                    "--dbname=" + parts.conninfo};
    if (!parts.password.empty()) command.environment.push_back("PGPASSWORD=" + parts.password);
    return command;
}

void run_pg_dump(const PgDumpCommand& command, const std::string& path, const std::string& display,
                 const std::vector<std::string>& secrets) {
    util::ProcessOptions options;
    options.environment = command.environment;
    options.capture_stderr = true;
    const auto result = util::run_process(command.argv, options);
    if (result && result->exit_code == 0) return;
    std::error_code ec;
    std::filesystem::remove(path, ec);
    if (!result)
        throw util::ApplyError("cannot back up " + display + ": " + command.argv.front() + " could not be started; nothing was applied",
                               "install the PostgreSQL client (apt-get install postgresql-client), or pass --no-backup");
    std::string reason = first_error_line(result->err, secrets);
    // pg_dump locks every table first; --lock-wait-timeout makes a held table a statement timeout
    // on "LOCK TABLE name IN ACCESS SHARE MODE", which says more than the timeout itself.
    constexpr std::string_view k_lock = "Query was: LOCK TABLE ";
    if (const std::size_t at = result->err.find(k_lock); at != std::string::npos) {
        const std::size_t begin = at + k_lock.size();
        const std::string table = result->err.substr(begin, result->err.find(' ', begin) - begin);
        reason = "pg_dump could not lock table " + table + " within " + command_lock_timeout(command) +
                 " (another session holds a lock on it)";
    }
    if (reason.empty()) reason = "exit code " + std::to_string(result->exit_code);
    throw util::ApplyError("backup of " + display + " failed: " + reason + "; nothing was applied",
                           "fix what pg_dump reports, or pass --no-backup to apply without a backup");
}

}  // namespace dbaudit::engine::postgres
