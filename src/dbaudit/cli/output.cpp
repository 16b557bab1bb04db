#include "dbaudit/cli/output.hpp"

#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include "dbaudit/util/error.hpp"

namespace dbaudit::cli {

bool use_color(ColorChoice choice, const std::string& output_path) {
    if (choice == ColorChoice::always) return true;
    if (choice == ColorChoice::never || !output_path.empty()) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::strcmp(term, "dumb") == 0) return false;
    return ::isatty(STDOUT_FILENO) == 1;
}

void write_output(const std::string& text, const std::string& output_path) {
    if (output_path.empty() || output_path == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        std::fflush(stdout);
        return;
    }
    std::ofstream out(output_path, std::ios::binary | std::ios::trunc);
    if (!out) throw util::InputError("cannot write " + output_path + ": " + std::strerror(errno));
    out << text;
    out.close();
    if (!out) throw util::InputError("cannot write " + output_path + ": " + std::strerror(errno));
}

std::string database_url(const std::string& flag_value) {
    if (!flag_value.empty()) return flag_value;
    const char* env = std::getenv("DATABASE_URL");
    if (env && *env) return env;
    // libpq's own variables name a PostgreSQL database without a URL.
    for (const char* name : {"PGDATABASE", "PGHOST", "PGSERVICE"}) {
        const char* value = std::getenv(name);
        if (value && *value) return "postgresql://";
    }
    throw util::InputError("no database given",
                           "pass --db URL (postgres://USER@HOST/DB, sqlite:PATH or a file path) or set DATABASE_URL");
}

int parse_duration_ms(const std::string& text, const std::string& flag) {
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
    const std::string unit = text.substr(digits);
    long long factor = unit.empty() || unit == "ms" ? 1 : unit == "s" ? 1000 : unit == "min" ? 60000 : unit == "h" ? 3600000 : 0;
    if (digits == 0 || digits > 9 || factor == 0)
        throw util::InputError(flag + " " + text + ": not a duration", "write it like 500ms, 5s, 2min or 1h (0 = no limit)");
    const long long value = std::stoll(text.substr(0, digits)) * factor;
    if (value > 2147483647LL) throw util::InputError(flag + " " + text + ": too long (at most 596h)");
    return static_cast<int>(value);
}

}  // namespace dbaudit::cli
