// The default for engines that cannot check application SQL yet.
#include "dbaudit/engine/statement_checker.hpp"

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::engine {

std::unique_ptr<StatementChecker> Engine::open_statement_checker(const CheckAgainst& against) {
    (void)against;
    throw util::InputError("check-code cannot validate statements against " + std::string(name()) + " in this build");
}

}  // namespace dbaudit::engine
