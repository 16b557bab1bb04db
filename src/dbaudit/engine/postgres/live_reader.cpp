#include "dbaudit/engine/postgres/live_reader.hpp"

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/postgres/catalog_queries.hpp"
#include "dbaudit/engine/postgres/conninfo.hpp"
#include "dbaudit/engine/postgres/ddl_renderer.hpp"
#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::engine::postgres {

namespace {

std::optional<Connection> try_open(const Target& target) {
    try {
        return Connection::open(target.location, target.display, secrets_of(target.location));
    } catch (const util::Error&) {
        return std::nullopt;  // one connection does it all
    }
}

[[noreturn]] void read_failure(const Connection& connection, const StatementError& error) {
    throw util::ConnectionError("cannot read " + connection.display() + ": " + error.error().message);
}

}  // namespace

PostgresLiveReader::PostgresLiveReader(const Target& target)
    : m_target(target), m_connection(Connection::open(target.location, target.display, secrets_of(target.location))) {
    if (auto helper = try_open(target)) m_helper.emplace(std::move(*helper));
}

PostgresLiveReader::~PostgresLiveReader() {
    if (!m_in_snapshot) return;
    try {
        m_connection.exec("ROLLBACK");
    } catch (...) {
    }
}

model::Catalog PostgresLiveReader::inspect() {
    model::Catalog catalog = postgres::inspect(m_connection, nullptr, m_helper ? &*m_helper : nullptr);
    m_helper.reset();
    // Everything the plan asks afterwards is read in one snapshot, taken right after the catalog.
    try {
        m_connection.exec(std::string("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ") + k_session_settings);
        m_in_snapshot = true;
    } catch (const StatementError& error) {
        read_failure(m_connection, error);
    }
    return catalog;
}

void PostgresLiveReader::load_stats() {
    if (m_stats_loaded) return;
    m_stats_loaded = true;
    // One query for every table: reltuples is the planner's estimate (-1 before the first
    // VACUUM or ANALYZE on PostgreSQL 14+, 0 before that), the size is the files' size.
    const std::string sql =
        "SELECT n.nspname || '.' || c.relname, CASE WHEN c.reltuples < 0 THEN -1 ELSE c.reltuples::bigint END, "
        "pg_total_relation_size(c.oid), c.relpages FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'";
    try {
        const Result r = m_connection.exec(sql);
        for (int i = 0; i < r.rows(); ++i) {
            TableStats stats;
            stats.estimated_rows = r.integer(i, 1);
            stats.bytes = r.integer(i, 2);
            // Never analyzed but empty on disk: no rows.
            if (stats.estimated_rows < 0 && stats.bytes == 0) stats.estimated_rows = 0;
            m_stats.emplace(r.string(i, 0), stats);
        }
    } catch (const StatementError& error) {
        read_failure(m_connection, error);
    }
}

const PostgresLiveReader::TableStats* PostgresLiveReader::stats_of(std::string_view table) {
    load_stats();
    const auto it = m_stats.find(table);
    return it == m_stats.end() ? nullptr : &it->second;
}

std::string PostgresLiveReader::table_sql(std::string_view table) const { return quote_qualified(table); }

bool PostgresLiveReader::has_rows(std::string_view table) {
    if (const auto it = m_counts.find(table); it != m_counts.end()) return it->second > 0;
    try {
        return m_connection.exec("SELECT EXISTS (SELECT 1 FROM " + table_sql(table) + ")").boolean(0, 0);
    } catch (const StatementError& error) {
        read_failure(m_connection, error);
    }
}

std::int64_t PostgresLiveReader::row_count(std::string_view table) {
    if (const auto it = m_counts.find(table); it != m_counts.end()) return it->second;
    // A full count only where it is cheap; a large table's estimate is what a reviewer needs.
    const TableStats* stats = stats_of(table);
    if (stats && stats->estimated_rows > 100000) return stats->estimated_rows;
    try {
        const std::int64_t count = m_connection.exec("SELECT count(*) FROM " + table_sql(table)).integer(0, 0);
        m_counts.emplace(std::string(table), count);
        return count;
    } catch (const StatementError& error) {
        read_failure(m_connection, error);
    }
}

std::int64_t PostgresLiveReader::estimated_rows(std::string_view table) {
    const TableStats* stats = stats_of(table);
    return stats ? stats->estimated_rows : -1;
}

std::int64_t PostgresLiveReader::table_bytes(std::string_view table) {
    const TableStats* stats = stats_of(table);
    return stats ? stats->bytes : -1;
}

model::Catalog PostgresLiveReader::inspect_after(const std::vector<std::string>&) {
    throw util::InputError("internal: PostgreSQL plans simulate renames on the model");
}

SeedDecision PostgresLiveReader::decide_seed(const model::Table&, std::string_view, const model::SeedStatement&) {
    SeedDecision decision;
    decision.state = SeedDecision::State::present;
    return decision;
}

}  // namespace dbaudit::engine::postgres
