// Measures the phases of a command (load, inspect, diff, render) for benchmarks: printed to
// stderr only when DBAUDIT_TIMINGS is set, so reports stay free of durations.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace dbaudit::util {

class PhaseTimer {
public:
    PhaseTimer();
    void mark(std::string phase);  // ends the current phase under this name
    ~PhaseTimer();                 // prints "dbaudit: timing: phase=seconds ..." when enabled

private:
    bool m_enabled;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
    std::vector<std::pair<std::string, double>> m_phases;
};

}  // namespace dbaudit::util
