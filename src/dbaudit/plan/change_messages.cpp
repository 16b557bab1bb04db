#include "dbaudit/plan/change_messages.hpp"

#include "dbaudit/diff/finding.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::plan {

std::string message_of(const diff::Change& change) {
    const auto findings = diff::findings_for({change});
    return findings.empty() ? std::string("a difference of another kind") : findings.front().message;
}

std::string messages_of(const std::vector<diff::Change>& changes) {
    std::vector<std::string> parts;
    for (const auto& finding : diff::findings_for(changes)) parts.push_back(finding.message);
    return util::join(parts, "; ");
}

}  // namespace dbaudit::plan
