// Options every command that prints findings shares (audit, diff): --fail-on and --color.
#pragma once

#include "dbaudit/cli/choice_option.hpp"
#include "dbaudit/cli/output.hpp"
#include "dbaudit/diff/finding.hpp"

namespace dbaudit::cli {

inline void add_fail_on_option(CLI::App& command, diff::Severity& fail_on) {
    add_choice(command, "--fail-on", fail_on,
               {{"critical", diff::Severity::critical},
                {"high", diff::Severity::high},
                {"medium", diff::Severity::medium},
                {"low", diff::Severity::low},
                {"info", diff::Severity::info}},
               "Exit 1 when a finding has this severity or higher: critical, high, medium (default), low, info");
}

inline void add_color_option(CLI::App& command, ColorChoice& color) {
    add_choice(command, "--color", color,
               {{"auto", ColorChoice::auto_detect}, {"always", ColorChoice::always}, {"never", ColorChoice::never}},
               "Colour in text output: auto (default: only on a terminal), always, never");
}

}  // namespace dbaudit::cli
