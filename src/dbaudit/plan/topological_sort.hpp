// The planner's ordering uses the stable topological sort in util/ (engines need it too, to
// render a schema in dependency order).
#pragma once

#include "dbaudit/util/topological_sort.hpp"

namespace dbaudit::plan {

using util::stable_topological_sort;

}  // namespace dbaudit::plan
