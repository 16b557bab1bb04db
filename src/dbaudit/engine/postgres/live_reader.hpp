// Read-only access to a live PostgreSQL database for planning: the catalog (the inspector), then
// one REPEATABLE READ READ ONLY transaction for the facts a plan's hazards depend on. Estimated
// rows (pg_class.reltuples) and sizes (pg_total_relation_size) of every table come from one
// catalog query, read once; exact row checks run only for the tables the planner asks about.
#pragma once

#include <map>
#include <optional>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/postgres/connection.hpp"

namespace dbaudit::engine::postgres {

class PostgresLiveReader final : public LiveReader {
public:
    explicit PostgresLiveReader(const Target& target);
    ~PostgresLiveReader() override;

    model::Catalog inspect() override;
    bool has_rows(std::string_view table) override;
    std::int64_t row_count(std::string_view table) override;
    std::int64_t estimated_rows(std::string_view table) override;
    std::int64_t table_bytes(std::string_view table) override;
    // Renames are simulated on the model by the planner; this returns the catalog unchanged.
    model::Catalog inspect_after(const std::vector<std::string>& statements) override;
    // The shadow database keeps no seed statements: nothing to add.
    SeedDecision decide_seed(const model::Table& expected_table, std::string_view live_table,
                             const model::SeedStatement& seed) override;

private:
    struct TableStats {
        std::int64_t estimated_rows = -1;  // -1: never analyzed nor vacuumed
        std::int64_t bytes = -1;
    };
    void load_stats();
    const TableStats* stats_of(std::string_view table);
    std::string table_sql(std::string_view table) const;

    Target m_target;
    Connection m_connection;
    std::optional<Connection> m_helper;
    bool m_in_snapshot = false;
    bool m_stats_loaded = false;
    std::map<std::string, TableStats, std::less<>> m_stats;  // by "schema.table"
    std::map<std::string, std::int64_t, std::less<>> m_counts;
};

}  // namespace dbaudit::engine::postgres
