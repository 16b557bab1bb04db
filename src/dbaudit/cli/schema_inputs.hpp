// What audit, plan and apply share besides --db and --schema: --config, --feature and --ignore,
// and how flags and dbaudit.toml combine (flags win; --ignore adds to the file's patterns).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dbaudit/config/settings.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/migration.hpp"
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

// The database dbaudit.toml names (`database_url`, relative SQLite paths against the file's
// folder, or the variable `database_url_env` names); empty when it names none. Throws
// util::InputError when that variable is not set.
std::string configured_database_url(const config::Settings& settings);

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

// The live reader a planner sees: every catalog it reads (also after simulated renames) is cut
// to the scope, so nothing outside it is ever created, changed or dropped.
class ScopedLiveReader : public engine::LiveReader {
public:
    ScopedLiveReader(engine::LiveReader& reader, const ResolvedScope& scope) : m_reader(reader), m_scope(scope) {}
    model::Catalog inspect() override { return scoped(m_reader.inspect()); }
    bool has_rows(std::string_view table) override { return m_reader.has_rows(table); }
    std::int64_t row_count(std::string_view table) override { return m_reader.row_count(table); }
    std::int64_t estimated_rows(std::string_view table) override { return m_reader.estimated_rows(table); }
    std::int64_t table_bytes(std::string_view table) override { return m_reader.table_bytes(table); }
    std::vector<engine::RowCount> count_rows(const std::vector<std::string>& tables, std::int64_t exact_limit) override {
        return m_reader.count_rows(tables, exact_limit);
    }
    model::Catalog inspect_after(const std::vector<std::string>& statements) override {
        return scoped(m_reader.inspect_after(statements));
    }
    engine::SeedDecision decide_seed(const model::Table& expected_table, std::string_view live_table,
                                     const model::SeedStatement& seed) override {
        return m_reader.decide_seed(expected_table, live_table, seed);
    }

private:
    model::Catalog scoped(model::Catalog catalog) const {
        m_scope.apply(catalog);
        return catalog;
    }
    engine::LiveReader& m_reader;
    const ResolvedScope& m_scope;
};

}  // namespace dbaudit::cli
