// Where command output goes: stdout or --output FILE, and whether colour is wanted.
#pragma once

#include <string>

namespace dbaudit::cli {

enum class ColorChoice { auto_detect, always, never };

// True when colour should be used for output that goes to stdout.
bool use_color(ColorChoice choice, const std::string& output_path);

// Writes `text` to `output_path`, or to stdout when it is empty. Throws util::InputError when the
// file cannot be written.
void write_output(const std::string& text, const std::string& output_path);

// The database URL from the flag, else $DATABASE_URL; throws util::InputError when neither is set.
std::string database_url(const std::string& flag_value);

// A duration flag ("5s", "500ms", "2min", "1h", or a bare number of milliseconds) in
// milliseconds; throws util::InputError naming `flag` when it is not one.
int parse_duration_ms(const std::string& text, const std::string& flag);

}  // namespace dbaudit::cli
