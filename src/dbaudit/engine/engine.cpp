// Defaults of the engine interface, out of line so engine.hpp needs only a declaration of Migrator.
#include "dbaudit/engine/engine.hpp"

#include "dbaudit/engine/migration.hpp"

namespace dbaudit::engine {

std::unique_ptr<Migrator> Engine::make_migrator() { return nullptr; }

}  // namespace dbaudit::engine
