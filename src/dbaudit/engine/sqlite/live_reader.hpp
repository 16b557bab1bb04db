// Read-only access to a live SQLite database for planning, in one read transaction: the catalog,
// row checks, rename simulation on an empty copy of the schema, and seed-row matching.
#pragma once

#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/sqlite/connection.hpp"

namespace dbaudit::engine::sqlite {

class SqliteLiveReader final : public LiveReader {
public:
    explicit SqliteLiveReader(const std::string& path);
    ~SqliteLiveReader() override;

    model::Catalog inspect() override;
    bool has_rows(std::string_view table) override;
    std::int64_t row_count(std::string_view table) override;
    std::int64_t estimated_rows(std::string_view table) override;
    // Exact up to the limit, else "more than the limit": max(rowid) is no estimate of a count.
    std::vector<RowCount> count_rows(const std::vector<std::string>& tables, std::int64_t exact_limit) override;
    model::Catalog inspect_after(const std::vector<std::string>& statements) override;
    SeedDecision decide_seed(const model::Table& expected_table, std::string_view live_table,
                             const model::SeedStatement& seed) override;

private:
    Connection m_db;
};

}  // namespace dbaudit::engine::sqlite
