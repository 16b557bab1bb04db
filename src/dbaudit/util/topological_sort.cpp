#include "dbaudit/util/topological_sort.hpp"

#include <functional>
#include <queue>
#include <set>

namespace dbaudit::util {

std::vector<std::size_t> stable_topological_sort(std::size_t count, const std::vector<std::pair<std::size_t, std::size_t>>& edges,
                                                 std::vector<std::size_t>* broken) {
    std::vector<std::vector<std::size_t>> next(count);
    std::vector<std::size_t> pending(count, 0);  // unmet dependencies
    for (const auto& [before, after] : edges) {
        if (before == after || before >= count || after >= count) continue;
        next[before].push_back(after);
        ++pending[after];
    }
    std::priority_queue<std::size_t, std::vector<std::size_t>, std::greater<>> ready;
    std::set<std::size_t> waiting;
    for (std::size_t i = 0; i < count; ++i) {
        if (pending[i] == 0) ready.push(i); else waiting.insert(i);
    }
    std::vector<std::size_t> order;
    order.reserve(count);
    std::vector<bool> done(count, false);
    auto emit = [&](std::size_t item) {
        done[item] = true;
        waiting.erase(item);
        order.push_back(item);
        for (std::size_t after : next[item]) {
            if (!done[after] && pending[after] > 0 && --pending[after] == 0) ready.push(after);
        }
    };
    while (order.size() < count) {
        if (!ready.empty()) {
            const std::size_t item = ready.top();
            ready.pop();
            if (!done[item]) emit(item);
            continue;
        }
        const std::size_t item = *waiting.begin();  // only cycles are left: break the first
        if (broken) broken->push_back(item);
        pending[item] = 0;
        emit(item);
    }
    return order;
}

}  // namespace dbaudit::util
