#include "dbaudit/util/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>

extern char** environ;

namespace dbaudit::util {

namespace {

std::string_view name_of(std::string_view entry) { return entry.substr(0, entry.find('=')); }

// Reads both pipes until both are closed (poll, so a child filling one pipe never blocks on it
// while we wait on the other).
void drain(int out_fd, int err_fd, ProcessOutput& output) {
    char buffer[65536];
    struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    std::string* sinks[2] = {&output.out, &output.err};
    int open = err_fd >= 0 ? 2 : 1;
    if (err_fd < 0) fds[1].fd = -1;
    while (open > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int k = 0; k < 2; ++k) {
            if (fds[k].fd < 0 || fds[k].revents == 0) continue;
            const ssize_t n = ::read(fds[k].fd, buffer, sizeof buffer);
            if (n > 0) {
                sinks[k]->append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                fds[k].fd = -1;
                --open;
            }
        }
    }
}

}  // namespace

std::vector<std::string> merged_environment(const std::vector<std::string>& base, const std::vector<std::string>& overrides) {
    std::vector<std::string> out;
    for (const std::string& entry : base) {
        bool replaced = false;
        for (const std::string& override_entry : overrides) replaced = replaced || name_of(override_entry) == name_of(entry);
        if (!replaced) out.push_back(entry);
    }
    out.insert(out.end(), overrides.begin(), overrides.end());
    return out;
}

std::optional<ProcessOutput> run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
    if (argv.empty()) return std::nullopt;
    int out_pipe[2];
    int err_pipe[2] = {-1, -1};
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) return std::nullopt;
    if (options.capture_stderr && ::pipe2(err_pipe, O_CLOEXEC) != 0) {
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        return std::nullopt;
    }

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    if (options.capture_stderr) posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
    else posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);

    std::vector<std::string> copies(argv);
    std::vector<char*> pointers;
    for (std::string& arg : copies) pointers.push_back(arg.data());
    pointers.push_back(nullptr);

    std::vector<std::string> environment;
    for (char** entry = environ; *entry; ++entry) environment.emplace_back(*entry);
    environment = merged_environment(environment, options.environment);
    std::vector<char*> environment_pointers;
    for (std::string& entry : environment) environment_pointers.push_back(entry.data());
    environment_pointers.push_back(nullptr);

    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, pointers[0], &actions, nullptr, pointers.data(), environment_pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    if (options.capture_stderr) ::close(err_pipe[1]);
    if (rc != 0) {
        ::close(out_pipe[0]);
        if (options.capture_stderr) ::close(err_pipe[0]);
        return std::nullopt;
    }

    ProcessOutput output;
    drain(out_pipe[0], err_pipe[0], output);
    ::close(out_pipe[0]);
    if (options.capture_stderr) ::close(err_pipe[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    // A program that exec could not find exits 127 from the spawned child on some systems.
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && output.out.empty()) return std::nullopt;
    output.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return output;
}

}  // namespace dbaudit::util
