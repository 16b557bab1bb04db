// A stable topological sort (pg_dump_sort.c's idea): items keep their given order (kind, then
// name) unless a real dependency says otherwise; a cycle is broken at its first item.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace dbaudit::util {

// Orders items 0..count-1 so that for every edge (before, after) `before` comes first. Among the
// items that are ready, the smallest index goes next. When only cycles remain, the smallest
// remaining index goes next and is reported in `broken`.
std::vector<std::size_t> stable_topological_sort(std::size_t count, const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                                                 std::vector<std::size_t>* broken = nullptr);

}  // namespace dbaudit::util
