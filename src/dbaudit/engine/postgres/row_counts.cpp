#include "dbaudit/engine/postgres/row_counts.hpp"

#include "dbaudit/engine/postgres/connection.hpp"

namespace dbaudit::engine::postgres {

namespace {

// A never-analyzed table (reltuples = -1) this small is counted: reading it costs little.
constexpr std::int64_t k_small_table_bytes = 16 * 1024 * 1024;

std::string regclass_argument(const std::string& qualified) {
    const std::size_t dot = qualified.find('.');
    const std::string schema = dot == std::string::npos ? "public" : qualified.substr(0, dot);
    const std::string name = dot == std::string::npos ? qualified : qualified.substr(dot + 1);
    return quote_literal(quote_identifier(schema) + "." + quote_identifier(name));
}

}  // namespace

std::vector<RowCount> count_rows(Connection& connection, const std::vector<std::string>& tables, std::int64_t exact_limit) {
    if (tables.empty()) return {};
    std::string values;
    for (std::size_t i = 0; i < tables.size(); ++i)
        values += (i ? ", (" : "(") + std::to_string(i) + ", to_regclass(" + regclass_argument(tables[i]) + "))";
    const Result sizes = connection.exec(
        "SELECT t.n, c.oid::regclass::text, c.reltuples::bigint, pg_relation_size(c.oid)\n"
        "FROM (VALUES " + values + ") AS t(n, oid) JOIN pg_class AS c ON c.oid = t.oid ORDER BY t.n");
    std::vector<RowCount> counts;
    std::string exact_sql;
    std::vector<std::size_t> exact;  // indexes into counts
    for (int row = 0; row < sizes.rows(); ++row) {
        const std::string& table = tables[static_cast<std::size_t>(sizes.integer(row, 0))];
        const std::int64_t estimate = sizes.integer(row, 2);
        const bool small = estimate >= 0 ? estimate <= exact_limit : sizes.integer(row, 3) <= k_small_table_bytes;
        if (small) {
            exact_sql += exact_sql.empty() ? "SELECT " : "\nUNION ALL SELECT ";
            exact_sql += std::to_string(counts.size()) + ", count(*) FROM " + sizes.string(row, 1);
            exact.push_back(counts.size());
            counts.push_back({table, 0, RowCount::Precision::exact});
        } else if (estimate >= 0) {
            counts.push_back({table, estimate, RowCount::Precision::estimated});
        }
    }
    if (!exact_sql.empty()) {
        const Result rows = connection.exec(exact_sql);
        for (int row = 0; row < rows.rows(); ++row)
            counts[static_cast<std::size_t>(rows.integer(row, 0))].rows = rows.integer(row, 1);
    }
    return counts;
}

}  // namespace dbaudit::engine::postgres
