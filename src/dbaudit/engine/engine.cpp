// Defaults of the engine interface, out of line so engine.hpp needs only a declaration of Migrator.
#include "dbaudit/engine/engine.hpp"

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/verification.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::engine {

std::unique_ptr<Migrator> Engine::make_migrator() { return nullptr; }

std::string Engine::render_schema_sql(const model::Catalog& /*catalog*/) const {
    throw util::InputError("rendering the schema as SQL is not supported for " + std::string(name()) + " yet",
                           "use --format json");
}

std::vector<VerificationQuery> Engine::verification_queries(const VerificationRequest& request) const {
    (void)request;
    return {};
}

}  // namespace dbaudit::engine
