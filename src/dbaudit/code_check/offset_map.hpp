// Maps byte offsets in a derived text (a decoded string literal, a rewritten statement) back to the
// text it came from, so an error inside a statement points at the right file:line:col.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace dbaudit::code_check {

class OffsetMap {
public:
    // From offset `from` of the derived text on, bytes continue at offset `to` of the original.
    void add(std::size_t from, std::size_t to) {
        if (!m_runs.empty() && m_runs.back().first == from) {
            m_runs.back().second = to;
            return;
        }
        if (!m_runs.empty() && to >= m_runs.back().second && to - m_runs.back().second == from - m_runs.back().first)
            return;  // continues the last run
        m_runs.emplace_back(from, to);
    }

    std::size_t map(std::size_t offset) const;

    // The map of a text derived from a text derived from the original: `inner` maps the newest text
    // into ours, the result maps it into the original.
    OffsetMap then(const OffsetMap& inner) const;

    // Offsets [begin, end) of the derived text as a text of their own, starting at 0.
    OffsetMap slice(std::size_t begin, std::size_t end) const;

    bool empty() const { return m_runs.empty(); }

private:
    std::vector<std::pair<std::size_t, std::size_t>> m_runs;  // sorted by `from`
};

}  // namespace dbaudit::code_check
