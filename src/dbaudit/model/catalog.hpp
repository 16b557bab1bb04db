// The engine-neutral model of one database schema: what the code expects, or what a database has.
#pragma once

#include <string>
#include <string_view>
#include <vector>

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

    // The key two names must share to denote the same object under this catalog's rules.
    std::string name_key(std::string_view name) const;

    const Table* find_table(std::string_view qualified_name) const;
    const View* find_view(std::string_view qualified_name) const;
    const Trigger* find_trigger(std::string_view qualified_name) const;

    // Restores the sort invariants after objects were appended.
    void sort();
};

}  // namespace dbaudit::model
