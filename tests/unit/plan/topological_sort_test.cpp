#include "dbaudit/plan/topological_sort.hpp"

#include <gtest/gtest.h>

namespace dbaudit::plan {
namespace {

struct SortCase {
    std::string name;
    std::size_t count;
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    std::vector<std::size_t> order;
    std::vector<std::size_t> broken;
};

class StableTopologicalSort : public ::testing::TestWithParam<SortCase> {};

TEST_P(StableTopologicalSort, OrdersByDependencyThenByIndex) {
    const SortCase& c = GetParam();
    std::vector<std::size_t> broken;
    EXPECT_EQ(stable_topological_sort(c.count, c.edges, &broken), c.order);
    EXPECT_EQ(broken, c.broken);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, StableTopologicalSort,
    ::testing::Values(SortCase{"no_edges_keeps_order", 4, {}, {0, 1, 2, 3}, {}},
                      SortCase{"empty", 0, {}, {}, {}},
                      SortCase{"parent_after_child_moves_up", 3, {{2, 0}}, {1, 2, 0}, {}},
                      SortCase{"chain", 4, {{3, 2}, {2, 1}, {1, 0}}, {3, 2, 1, 0}, {}},
                      SortCase{"only_what_must_move_moves", 5, {{4, 1}}, {0, 2, 3, 4, 1}, {}},
                      SortCase{"self_edge_ignored", 2, {{1, 1}}, {0, 1}, {}},
                      SortCase{"duplicate_edges", 3, {{2, 0}, {2, 0}}, {1, 2, 0}, {}},
                      SortCase{"cycle_broken_at_smallest_after_what_is_ready", 3, {{0, 1}, {1, 0}}, {2, 0, 1}, {0}},
                      SortCase{"cycle_with_a_prerequisite", 4, {{1, 2}, {2, 1}, {3, 1}}, {0, 3, 1, 2}, {1}}),
    [](const ::testing::TestParamInfo<SortCase>& info) { return info.param.name; });

}  // namespace
}  // namespace dbaudit::plan
