#include "dbaudit/code_check/offset_map.hpp"

#include <algorithm>

namespace dbaudit::code_check {

std::size_t OffsetMap::map(std::size_t offset) const {
    if (m_runs.empty()) return offset;
    auto it = std::upper_bound(m_runs.begin(), m_runs.end(), offset,
                               [](std::size_t value, const auto& run) { return value < run.first; });
    if (it == m_runs.begin()) return m_runs.front().second;
    --it;
    return it->second + (offset - it->first);
}

OffsetMap OffsetMap::then(const OffsetMap& inner) const {
    OffsetMap out;
    if (inner.m_runs.empty()) {
        out = *this;
        return out;
    }
    // Every boundary of either map is a boundary of the composition.
    for (std::size_t i = 0; i < inner.m_runs.size(); ++i) {
        const std::size_t from = inner.m_runs[i].first;
        const std::size_t to = inner.m_runs[i].second;
        const std::size_t end = i + 1 < inner.m_runs.size() ? inner.m_runs[i + 1].first : static_cast<std::size_t>(-1);
        out.add(from, map(to));
        auto it = std::upper_bound(m_runs.begin(), m_runs.end(), to,
                                   [](std::size_t value, const auto& run) { return value < run.first; });
        for (; it != m_runs.end(); ++it) {
            const std::size_t derived = from + (it->first - to);
            if (derived >= end) break;
            out.add(derived, it->second);
        }
    }
    return out;
}

OffsetMap OffsetMap::slice(std::size_t begin, std::size_t end) const {
    OffsetMap out;
    out.add(0, map(begin));
    auto it = std::upper_bound(m_runs.begin(), m_runs.end(), begin,
                               [](std::size_t value, const auto& run) { return value < run.first; });
    for (; it != m_runs.end() && it->first < end; ++it) out.add(it->first - begin, it->second);
    return out;
}

}  // namespace dbaudit::code_check
