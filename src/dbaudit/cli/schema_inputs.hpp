// What audit, plan and apply share besides --db and --schema: --config, --feature and --ignore,
// and how flags and dbaudit.toml combine (flags win; --ignore adds to the file's patterns).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dbaudit/config/settings.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/report/audit_report.hpp"
#include "dbaudit/scope/catalog_scope.hpp"
#include "dbaudit/scope/feature_map.hpp"
#include "dbaudit/scope/feature_selection.hpp"

namespace CLI {
class App;
}

namespace dbaudit::cli {

// The flags every schema command takes.
struct SchemaFlags {
    std::string db;
    std::vector<std::string> schema;
    std::string config;
    std::vector<std::string> features;
    std::vector<std::string> ignore;
};

// Adds --db, --schema, --config, --feature and --ignore to `command`. `db_help` says what --db
// is for this command.
void add_schema_flags(CLI::App& command, SchemaFlags& flags, const std::string& db_help);

// Flags and dbaudit.toml, resolved.
struct SchemaInputs {
    config::Settings settings;
    std::string db_url;               // --db, else the config file, else $DATABASE_URL / PG*
    std::vector<std::string> schema;  // --schema, else the config file's
    std::vector<std::string> features;
    std::vector<std::string> ignore;  // the config file's, then --ignore's
};

// Reads the config file. Throws util::InputError (exit 2) for a bad file, no schema, no database.
SchemaInputs resolve_schema_inputs(const SchemaFlags& flags);

// The expected schema files and their features: marker errors surface before any database work.
struct ExpectedFiles {
    std::vector<engine::SchemaFile> files;
    scope::FeatureRegions regions;
};
// Also checks that every --feature names a feature the files define.
ExpectedFiles read_expected_files(const SchemaInputs& inputs);

// --feature and --ignore applied to one expected catalog.
struct ResolvedScope {
    scope::FeatureMap features;
    scope::CatalogScope scope;
    std::optional<scope::FeatureSelection> selection;  // with --feature

    // Removes what is out of scope from a catalog (expected or live).
    void apply(model::Catalog& catalog) const { scope.apply(catalog); }
    // The scope as reports show it.
    report::AuditScope audit_scope() const;
    // One comment line each, for plan scripts and apply output: the scope and every inclusion.
    std::vector<std::string> notes() const;
};
ResolvedScope resolve_scope(const model::Catalog& expected, const ExpectedFiles& files, const SchemaInputs& inputs);

}  // namespace dbaudit::cli
