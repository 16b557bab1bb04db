// Typed differences between an expected and a live catalog. A plan is built from these; findings
// (what a report shows) are derived from them.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "dbaudit/model/catalog.hpp"

namespace dbaudit::diff {

struct AddTable { model::Table table; };
struct DropTable { model::Table table; };

struct AddColumn { std::string table; model::Column column; };
struct DropColumn { std::string table; model::Column column; };

// Which facts of a column differ.
struct ColumnDelta {
    bool type = false;
    bool not_null = false;
    bool default_expr = false;
    bool collation = false;
    bool generated = false;
    bool identity = false;  // PostgreSQL GENERATED ... AS IDENTITY

    bool any() const { return type || not_null || default_expr || collation || generated || identity; }
};
struct ModifyColumn { std::string table; model::Column expected; model::Column live; ColumnDelta delta; };

// The shared columns appear in another order. Never needs a migration.
struct ReorderColumns { std::string table; std::vector<std::string> expected; std::vector<std::string> live; };

struct ModifyPrimaryKey {
    std::string table;
    std::optional<model::PrimaryKey> expected;
    std::optional<model::PrimaryKey> live;
};
struct AddUnique { std::string table; model::UniqueConstraint unique; };
struct DropUnique { std::string table; model::UniqueConstraint unique; };
struct AddForeignKey { std::string table; model::ForeignKey key; };
struct DropForeignKey { std::string table; model::ForeignKey key; };
struct ModifyForeignKey { std::string table; model::ForeignKey expected; model::ForeignKey live; };
struct AddCheck { std::string table; model::CheckConstraint check; };
struct DropCheck { std::string table; model::CheckConstraint check; };
struct ModifyTableOptions { std::string table; model::TableOptions expected; model::TableOptions live; };

struct AddIndex { model::Index index; bool table_missing = false; };
struct DropIndex { model::Index index; };
struct ModifyIndex { model::Index expected; model::Index live; };

struct AddView { model::View view; };
struct DropView { model::View view; };
struct ModifyView { model::View expected; model::View live; };

struct AddTrigger { model::Trigger trigger; bool table_missing = false; };
struct DropTrigger { model::Trigger trigger; };
struct ModifyTrigger { model::Trigger expected; model::Trigger live; };

// PostgreSQL kinds. One shape per verb; T is the model type (Schema, Extension, UserType,
// Sequence, Function, Policy). `parent_missing`: the table (or schema) it belongs to is missing too.
template <typename T>
struct AddObject { T object; bool parent_missing = false; };
template <typename T>
struct DropObject { T object; };
template <typename T>
struct ModifyObject { T expected; T live; std::vector<std::string> facts; };  // facts: which differ, e.g. "body"

using AddSchema = AddObject<model::Schema>;
// `available`: the live server offers the extension (pg_available_extensions), so CREATE
// EXTENSION would work there; otherwise it must be installed on the server first.
struct AddExtension { model::Extension object; bool available = false; std::string available_version; };
using DropExtension = DropObject<model::Extension>;
using ModifyExtension = ModifyObject<model::Extension>;
using AddType = AddObject<model::UserType>;
using DropType = DropObject<model::UserType>;
using ModifyType = ModifyObject<model::UserType>;
using AddSequence = AddObject<model::Sequence>;
using DropSequence = DropObject<model::Sequence>;
using ModifySequence = ModifyObject<model::Sequence>;
using AddFunction = AddObject<model::Function>;
using DropFunction = DropObject<model::Function>;
using ModifyFunction = ModifyObject<model::Function>;
using AddPolicy = AddObject<model::Policy>;
using DropPolicy = DropObject<model::Policy>;
using ModifyPolicy = ModifyObject<model::Policy>;

// A schema the expected side does not have; its objects are not listed one by one.
struct DropSchema { model::Schema schema; std::size_t objects = 0; };

struct AddMaterializedView { model::View view; };
struct DropMaterializedView { model::View view; };
struct ModifyMaterializedView { model::View expected; model::View live; };

struct AddExclusion { std::string table; model::ExclusionConstraint exclusion; };
struct DropExclusion { std::string table; model::ExclusionConstraint exclusion; };

// A constraint present on both sides whose flags differ (NOT VALID, DEFERRABLE, NULLS NOT DISTINCT).
struct ModifyConstraint { std::string table; std::string name; std::string kind; std::string expected; std::string live; };

// ENABLE / FORCE ROW LEVEL SECURITY differ.
struct ModifyRowSecurity {
    std::string table;
    bool expected_enabled = false, live_enabled = false;
    bool expected_forced = false, live_forced = false;
};

// COMMENT ON differs (PostgreSQL keeps comments in the catalog).
struct ModifyComment { std::string kind; std::string object; std::string table; std::string expected; std::string live; };

// An object dbaudit saw but does not compare yet, and on which side(s).
struct UnsupportedChange { model::UnsupportedObject object; bool in_expected = false; bool in_live = false; };

// A kind the auditing role could not read on one side: not compared, never called missing.
struct NotVisible { std::string kind; std::string reason; bool live_side = true; std::size_t expected_count = 0; };

// The shadow server and the target run different major versions: normal forms may differ.
struct ServerVersionMismatch { std::string expected; std::string live; };

using Change = std::variant<AddTable, DropTable, AddColumn, DropColumn, ModifyColumn, ReorderColumns,
                            ModifyPrimaryKey, AddUnique, DropUnique, AddForeignKey, DropForeignKey,
                            ModifyForeignKey, AddCheck, DropCheck, ModifyTableOptions, AddIndex, DropIndex,
                            ModifyIndex, AddView, DropView, ModifyView, AddTrigger, DropTrigger, ModifyTrigger,
                            AddSchema, DropSchema, AddExtension, DropExtension, ModifyExtension, AddType, DropType,
                            ModifyType, AddSequence, DropSequence, ModifySequence, AddFunction, DropFunction,
                            ModifyFunction, AddPolicy, DropPolicy, ModifyPolicy, AddMaterializedView,
                            DropMaterializedView, ModifyMaterializedView, AddExclusion, DropExclusion, ModifyConstraint,
                            ModifyRowSecurity, ModifyComment, UnsupportedChange, NotVisible, ServerVersionMismatch>;

// Changes in a deterministic order: tables and their parts first (by table name), then views,
// then triggers.
using ChangeSet = std::vector<Change>;

}  // namespace dbaudit::diff
