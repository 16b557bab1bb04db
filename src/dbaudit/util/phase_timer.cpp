#include "dbaudit/util/phase_timer.hpp"

#include <cstdio>
#include <cstdlib>

namespace dbaudit::util {

PhaseTimer::PhaseTimer()
    : m_enabled(std::getenv("DBAUDIT_TIMINGS") != nullptr),
      m_start(std::chrono::steady_clock::now()),
      m_last(m_start) {}

PhaseTimer::PhaseTimer(std::string label) : PhaseTimer() { m_label = std::move(label); }

void PhaseTimer::count(std::string name, long long value) {
    if (m_enabled) m_counts.emplace_back(std::move(name), value);
}

void PhaseTimer::mark(std::string phase) {
    if (!m_enabled) return;
    const auto now = std::chrono::steady_clock::now();
    m_phases.emplace_back(std::move(phase), std::chrono::duration<double>(now - m_last).count());
    m_last = now;
}

PhaseTimer::~PhaseTimer() {
    if (!m_enabled) return;
    std::string line = "dbaudit: timing:";
    if (!m_label.empty()) line += " " + m_label + ":";
    char buffer[64];
    for (const auto& [phase, seconds] : m_phases) {
        std::snprintf(buffer, sizeof buffer, " %s=%.3f", phase.c_str(), seconds);
        line += buffer;
    }
    std::snprintf(buffer, sizeof buffer, " total=%.3f",
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count());
    line += buffer;
    for (const auto& [name, value] : m_counts) line += " " + name + "=" + std::to_string(value);
    std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace dbaudit::util
