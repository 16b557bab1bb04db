// One line describing a difference (the finding's message), for a step's "why".
#pragma once

#include <string>
#include <vector>

#include "dbaudit/diff/change.hpp"

namespace dbaudit::plan {

std::string message_of(const diff::Change& change);
std::string messages_of(const std::vector<diff::Change>& changes);  // joined with "; "

}  // namespace dbaudit::plan
