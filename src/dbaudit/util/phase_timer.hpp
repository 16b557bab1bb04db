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
    explicit PhaseTimer(std::string label);  // prints "dbaudit: timing: LABEL: ..."
    void mark(std::string phase);  // ends the current phase under this name
    void count(std::string name, long long value);  // adds "name=value" to the line
    ~PhaseTimer();                 // prints "dbaudit: timing: phase=seconds ..." when enabled

private:
    bool m_enabled;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
    std::vector<std::pair<std::string, double>> m_phases;
    std::string m_label;
    std::vector<std::pair<std::string, long long>> m_counts;
};

}  // namespace dbaudit::util
