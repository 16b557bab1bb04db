#include "dbaudit/cli/schema_inputs.hpp"

#include "dbaudit/cli/expected_schema.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <filesystem>

#include "dbaudit/cli/output.hpp"
#include "dbaudit/config/config_file.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::cli {

void add_schema_flags(CLI::App& command, SchemaFlags& flags, const std::string& db_help) {
    command.add_option("--db", flags.db, db_help);
    command.add_option("--schema", flags.schema,
                       "Expected schema: a .sql file, or a directory whose *.sql files are read in name order, each a "
                       "feature named by its stem (repeatable; default: 'schema' in dbaudit.toml); or one JSON snapshot written by "
                       "'dbaudit inspect --format json'")
        ->check(CLI::ExistingPath);
    command.add_option("--config", flags.config,
                       "Read settings from this file instead of the nearest dbaudit.toml in the working directory or above");
    command.add_option("--feature", flags.features,
                       "Only this feature (repeatable), with the objects of other features it depends on, which are named "
                       "in the output; objects only the database has are left out");
    command.add_option("--ignore", flags.ignore,
                       "Leave out objects whose [schema.]name matches this glob (*, ?, [...]; repeatable; added to "
                       "'ignore' in dbaudit.toml); an ignored table takes its columns, indexes and triggers with it");
}

namespace {

// A SQLite file named in dbaudit.toml is relative to the file's folder, like its schema paths.
std::string relative_to_config(const std::string& url, const std::string& config_path) {
    const engine::Target target = engine::parse_target(url);
    const std::filesystem::path folder = std::filesystem::path(config_path).parent_path();
    if (target.engine != "sqlite" || folder.empty() || std::filesystem::path(target.location).is_absolute()) return url;
    return (folder / target.location).lexically_normal().string();
}

}  // namespace

std::string configured_database_url(const config::Settings& settings) {
    if (settings.database_url) return relative_to_config(*settings.database_url, settings.path);
    if (!settings.database_url_env) return {};
    const char* value = std::getenv(settings.database_url_env->c_str());
    if (!value || !*value)
        throw util::InputError(settings.database_url_env_at.to_string() + ": database_url_env names $" + *settings.database_url_env +
                               ", which is not set");
    return value;
}

SchemaInputs resolve_schema_inputs(const SchemaFlags& flags) {
    SchemaInputs inputs;
    inputs.settings = config::load_settings(flags.config);
    const config::Settings& settings = inputs.settings;

    inputs.schema = !flags.schema.empty() ? flags.schema : settings.schema;
    if (inputs.schema.empty())
        throw util::InputError("no expected schema given", "pass --schema PATH or set schema = [\"schema/\"] in dbaudit.toml (dbaudit init writes one)");
    inputs.db_url = !flags.db.empty() ? flags.db : configured_database_url(settings);
    if (inputs.db_url.empty()) inputs.db_url = database_url({});
    inputs.features = flags.features;
    inputs.ignore = settings.ignore;
    inputs.ignore.insert(inputs.ignore.end(), flags.ignore.begin(), flags.ignore.end());
    return inputs;
}

ExpectedFiles read_expected_files(const SchemaInputs& inputs) {
    ExpectedFiles out;
    // A snapshot (docs/snapshot.md) is a model already: no text, so no feature regions.
    if (inputs.schema.size() == 1 && is_snapshot_path(inputs.schema.front())) {
        scope::check_features_exist(out.regions.features(), inputs.features);
        return out;
    }
    out.files = engine::read_schema_files(inputs.schema);
    for (const engine::SchemaFile& file : out.files) out.regions.add_file(file.path, file.text, file.feature);
    scope::check_features_exist(out.regions.features(), inputs.features);
    return out;
}

ResolvedScope resolve_scope(const model::Catalog& expected, const ExpectedFiles& files, const SchemaInputs& inputs) {
    ResolvedScope resolved;
    resolved.features = scope::FeatureMap(expected, files.regions);
    resolved.scope.ignore = scope::IgnoreRules(inputs.ignore);
    if (!inputs.features.empty()) {
        resolved.selection = scope::select_features(expected, resolved.features, inputs.features);
        resolved.scope.only = resolved.selection->objects;
    }
    return resolved;
}

report::AuditScope ResolvedScope::audit_scope() const {
    report::AuditScope out;
    out.ignore = scope.ignore.patterns();
    if (selection) {
        out.features = selection->features;
        for (const scope::Inclusion& inclusion : selection->included)
            out.included.push_back({model::to_string(inclusion.kind), inclusion.name, inclusion.feature, inclusion.reason});
    }
    return out;
}

std::vector<std::string> ResolvedScope::notes() const {
    std::vector<std::string> out;
    if (selection) {
        const bool one = selection->features.size() == 1;
        out.push_back(std::string(one ? "scope: feature " : "scope: features ") + util::join(selection->features, ", ") +
                      (one ? " and what it depends on" : " and what they depend on") + "; nothing else is created, changed or dropped");
        for (const scope::Inclusion& inclusion : selection->included) out.push_back("included: " + inclusion.describe());
    }
    if (!scope.ignore.empty()) out.push_back("ignoring: " + util::join(scope.ignore.patterns(), ", "));
    return out;
}

}  // namespace dbaudit::cli
