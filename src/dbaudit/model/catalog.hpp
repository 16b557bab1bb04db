// The engine-neutral model of one database schema: what the code expects, or what a database has.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dbaudit/model/object_source.hpp"
#include "dbaudit/model/rename_annotation.hpp"
#include "dbaudit/model/schema_objects.hpp"
#include "dbaudit/model/seed_statement.hpp"
#include "dbaudit/model/table.hpp"
#include "dbaudit/model/trigger.hpp"
#include "dbaudit/model/view.hpp"

namespace dbaudit::model {

// How an engine compares identifiers. SQLite folds ASCII case; PostgreSQL stores names folded
// already and compares them exactly.
enum class NameMatching { exact, ascii_case_insensitive };

struct Catalog {
    std::string engine;  // "sqlite", "postgresql"
    NameMatching name_matching = NameMatching::exact;
    std::vector<Table> tables;      // sorted by name_key(qualified name)
    std::vector<View> views;        // sorted likewise
    std::vector<Trigger> triggers;  // sorted likewise
    std::vector<SeedStatement> seeds;  // in source order

    // PostgreSQL kinds; every list sorted by name_key(qualified_name()).
    std::vector<Schema> schemas;
    std::vector<Extension> extensions;
    std::vector<AvailableExtension> available_extensions;  // sorted by name
    std::vector<UserType> types;
    std::vector<Sequence> sequences;
    std::vector<Function> functions;
    std::vector<View> materialized_views;
    std::vector<Policy> policies;
    std::vector<UnsupportedObject> unsupported;  // seen, not compared
    std::vector<PrivilegeNote> privilege_notes;  // kinds the role could not read
    std::string server_version;                  // e.g. "15.20"; empty for SQLite
    bool catalog_comments = false;               // comments live in the catalog and are compared

    const Schema* find_schema(std::string_view name) const;
    const Extension* find_extension(std::string_view name) const;
    const AvailableExtension* find_available_extension(std::string_view name) const;
    const View* find_materialized_view(std::string_view qualified_name) const;
    const PrivilegeNote* find_privilege_note(std::string_view kind) const;

    // The key two names must share to denote the same object under this catalog's rules.
    std::string name_key(std::string_view name) const;

    const Table* find_table(std::string_view qualified_name) const;
    const View* find_view(std::string_view qualified_name) const;
    const Trigger* find_trigger(std::string_view qualified_name) const;

    // Restores the sort invariants after objects were appended.
    void sort();

    std::vector<RenameAnnotation> renames;  // expected schema only, in source order
    std::vector<ObjectSource> sources;      // expected schema only: the statement that defined each object, in source order

    // Field by field (rename annotations by what they say, not where: RenameAnnotation::operator==).
    bool operator==(const Catalog&) const = default;
};

}  // namespace dbaudit::model
