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

    bool any() const { return type || not_null || default_expr || collation || generated; }
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

using Change = std::variant<AddTable, DropTable, AddColumn, DropColumn, ModifyColumn, ReorderColumns,
                            ModifyPrimaryKey, AddUnique, DropUnique, AddForeignKey, DropForeignKey,
                            ModifyForeignKey, AddCheck, DropCheck, ModifyTableOptions, AddIndex, DropIndex,
                            ModifyIndex, AddView, DropView, ModifyView, AddTrigger, DropTrigger, ModifyTrigger>;

// Changes in a deterministic order: tables and their parts first (by table name), then views,
// then triggers.
using ChangeSet = std::vector<Change>;

}  // namespace dbaudit::diff
