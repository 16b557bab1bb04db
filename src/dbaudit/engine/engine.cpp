// Defaults of the engine interface, out of line so engine.hpp needs only a declaration of Migrator.
#include "dbaudit/engine/engine.hpp"

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/verification.hpp"

namespace dbaudit::engine {

std::unique_ptr<Migrator> Engine::make_migrator() { return nullptr; }

std::vector<VerificationQuery> Engine::verification_queries(const VerificationRequest& request) const {
    (void)request;
    return {};
}

}  // namespace dbaudit::engine
