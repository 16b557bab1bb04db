#include "dbaudit/engine/sqlite/live_reader.hpp"

#include <algorithm>

#include "dbaudit/engine/sqlite/inspector.hpp"
#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::sqlite {

namespace {

// The column list and body of an INSERT / REPLACE statement, read from its first tokens.
struct InsertShape {
    bool ok = false;
    std::vector<std::string> columns;  // empty: every column
    std::size_t into_offset = 0;       // where "INTO" starts
};

InsertShape read_insert(std::string_view sql) {
    InsertShape shape;
    const auto tokens = tokenize_significant(sql);
    std::size_t i = 0;
    if (tokens.empty()) return shape;
    if (tokens[0].is_word("INSERT")) {
        i = 1;
        if (i + 1 < tokens.size() && tokens[i].is_word("OR")) i += 2;
    } else if (tokens[0].is_word("REPLACE")) {
        i = 1;
    } else {
        return shape;  // WITH ..., UPDATE, DELETE: not a seed we can match
    }
    if (i >= tokens.size() || !tokens[i].is_word("INTO")) return shape;
    shape.into_offset = tokens[i].offset;
    ++i;
    if (i < tokens.size() && tokens[i].is_name()) ++i;
    if (i + 1 < tokens.size() && tokens[i].is_punct('.') && tokens[i + 1].is_name()) i += 2;
    if (i + 1 < tokens.size() && tokens[i].is_word("AS") && tokens[i + 1].is_name()) i += 2;
    if (i < tokens.size() && tokens[i].is_punct('(')) {
        for (++i; i < tokens.size() && !tokens[i].is_punct(')'); ++i) {
            if (tokens[i].is_name()) shape.columns.push_back(unquote_identifier(tokens[i]));
        }
        if (i == tokens.size()) return shape;
    }
    shape.ok = true;
    return shape;
}

std::vector<std::vector<std::string>> unique_keys(const model::Table& table) {
    std::vector<std::vector<std::string>> keys;
    if (table.primary_key) keys.push_back(table.primary_key->columns);
    for (const auto& unique : table.uniques) keys.push_back(unique.columns);
    for (const auto& index : table.indexes) {
        if (!index.unique || !index.predicate.empty()) continue;
        std::vector<std::string> columns;
        bool plain = true;
        for (const auto& key : index.keys) {
            if (key.column.empty()) plain = false;
            columns.push_back(key.column);
        }
        if (plain) keys.push_back(columns);
    }
    return keys;
}

int position_of(const std::vector<std::string>& names, std::string_view name) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (util::iequals(names[i], name)) return static_cast<int>(i);
    return -1;
}

bool exists(Connection& db, const std::string& sql) { return db.prepare(sql).step(); }

}  // namespace


SqliteLiveReader::SqliteLiveReader(const std::string& path) : m_db(Connection::open_read_only(path)) {
    // One read transaction: the catalog, row checks and seed checks see one snapshot.
    m_db.execute("BEGIN");
}

SqliteLiveReader::~SqliteLiveReader() {
    try {
        m_db.execute("COMMIT");
    } catch (const std::exception&) {
    }
}

model::Catalog SqliteLiveReader::inspect() {
    model::Catalog catalog;
    inspect_into(m_db, catalog);
    catalog.sort();
    return catalog;
}

bool SqliteLiveReader::has_rows(std::string_view table) {
    return exists(m_db, "SELECT 1 FROM " + quote_identifier(table) + " LIMIT 1");
}

std::int64_t SqliteLiveReader::row_count(std::string_view table) {
    auto row = m_db.prepare("SELECT count(*) FROM " + quote_identifier(table));
    return row.step() ? row.integer(0) : 0;
}

std::int64_t SqliteLiveReader::estimated_rows(std::string_view table) {
    // max(rowid) is one b-tree descent; WITHOUT ROWID tables (no rowid) are counted.
    try {
        auto row = m_db.prepare("SELECT max(rowid) FROM " + quote_identifier(table));
        return row.step() ? row.integer(0) : 0;
    } catch (const util::Error&) {
        return row_count(table);
    }
}

std::vector<RowCount> SqliteLiveReader::count_rows(const std::vector<std::string>& tables, std::int64_t exact_limit) {
    std::vector<RowCount> counts;
    for (const std::string& table : tables) {
        // The LIMIT bounds the scan: a huge legacy table costs at most exact_limit + 1 rows read.
        auto row = m_db.prepare("SELECT count(*) FROM (SELECT 1 FROM " + quote_identifier(table) + " LIMIT " +
                                std::to_string(exact_limit + 1) + ")");
        const std::int64_t n = row.step() ? row.integer(0) : 0;
        if (n > exact_limit) counts.push_back({table, exact_limit, RowCount::Precision::at_least});
        else counts.push_back({table, n, RowCount::Precision::exact});
    }
    return counts;
}

model::Catalog SqliteLiveReader::inspect_after(const std::vector<std::string>& statements) {
    // A copy of the live schema without data: tables first, then what depends on them.
    Connection scratch = Connection::open_memory();
    scratch.execute("BEGIN");
    auto objects = m_db.prepare(
        "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
        "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 WHEN 'view' THEN 2 ELSE 3 END, rowid");
    while (objects.step()) {
        try {
            scratch.execute(objects.text(0));
        } catch (const util::Error&) {
            // Shadow tables of virtual tables exist already; the simulation does without them.
        }
    }
    for (const std::string& statement : statements) {
        try {
            scratch.execute(statement);
        } catch (const util::Error& e) {
            throw util::InputError("the plan cannot run " + statement + ": SQLite refuses it on this schema (" +
                                   scratch.error_message() + ")");
        }
    }
    scratch.execute("COMMIT");
    model::Catalog catalog;
    inspect_into(scratch, catalog);
    catalog.sort();
    return catalog;
}

SeedDecision SqliteLiveReader::decide_seed(const model::Table& expected_table, std::string_view live_table,
                                           const model::SeedStatement& seed) {
    SeedDecision decision;
    const InsertShape shape = read_insert(seed.sql);
    if (!shape.ok) {
        decision.note = "not an INSERT dbaudit can match row by row";
        return decision;
    }
    // The verbatim statement, made to add only rows whose keys are missing.
    std::string_view rest = util::trim(std::string_view(seed.sql).substr(shape.into_offset));
    while (!rest.empty() && rest.back() == ';') rest = util::trim(rest.substr(0, rest.size() - 1));
    const std::string fallback = "INSERT OR IGNORE " + std::string(rest);

    // The rows the statement produces, read back from an empty copy of the expected table.
    std::vector<std::string> columns = shape.columns;
    std::vector<std::vector<std::string>> rows;  // SQL literals, as quote() writes them
    try {
        Connection scratch = Connection::open_memory();
        scratch.execute(expected_table.sql);
        scratch.execute(seed.sql);
        if (columns.empty()) {  // every ordinary column, as SQLite lists them (virtual tables too)
            auto listed = scratch.prepare("SELECT name FROM pragma_table_xinfo(" + quote_string(expected_table.name) + ") WHERE hidden = 0 ORDER BY cid");
            while (listed.step()) columns.push_back(listed.text(0));
        }
        if (columns.empty()) throw util::InputError("no columns");
        std::vector<std::string> quoted;
        for (const std::string& column : columns) quoted.push_back("quote(" + quote_identifier(column) + ")");
        auto produced = scratch.prepare("SELECT " + util::join(quoted, ", ") + " FROM " + quote_identifier(expected_table.name) +
                                        (expected_table.options.without_rowid ? "" : " ORDER BY rowid"));
        while (produced.step()) {
            std::vector<std::string> row;
            for (std::size_t c = 0; c < columns.size(); ++c) row.push_back(produced.text(static_cast<int>(c)));
            rows.push_back(std::move(row));
        }
    } catch (const util::Error&) {
        decision.note = "it reads other tables, so its rows are only known when it runs; rows without a primary or unique key "
                        "may be added again by a later apply";
        decision.statements = {fallback};
        return decision;
    }
    decision.rows = rows.size();

    // Which rows the live table has: matched by a primary or unique key the statement sets, else
    // by every column it sets.
    std::vector<std::vector<int>> keys;  // positions in `columns`
    for (const auto& key : unique_keys(expected_table)) {
        std::vector<int> positions;
        for (const auto& column : key) positions.push_back(position_of(columns, column));
        if (!key.empty() && std::find(positions.begin(), positions.end(), -1) == positions.end()) keys.push_back(positions);
    }
    std::vector<std::vector<std::string>> keyed, keyless;
    for (const auto& row : rows) {
        bool has_key = false, present = false;
        for (const auto& key : keys) {
            std::vector<std::string> terms;
            for (int p : key) {
                if (row[static_cast<std::size_t>(p)] == "NULL") break;  // NULLs never conflict
                terms.push_back(quote_identifier(columns[static_cast<std::size_t>(p)]) + " = " + row[static_cast<std::size_t>(p)]);
            }
            if (terms.size() != key.size()) continue;
            has_key = true;
            if (!live_table.empty()) {
                try {
                    present = exists(m_db, "SELECT 1 FROM " + quote_identifier(live_table) + " WHERE " + util::join(terms, " AND ") + " LIMIT 1");
                } catch (const util::Error&) {
                    present = false;  // a key column the live table does not have yet
                }
            }
            if (present) break;
        }
        if (!has_key && !live_table.empty()) {
            std::vector<std::string> terms;
            for (std::size_t c = 0; c < columns.size(); ++c) terms.push_back(quote_identifier(columns[c]) + " IS " + row[c]);
            try {
                present = exists(m_db, "SELECT 1 FROM " + quote_identifier(live_table) + " WHERE " + util::join(terms, " AND ") + " LIMIT 1");
            } catch (const util::Error&) {
                present = false;
            }
        }
        if (present) continue;
        (has_key ? keyed : keyless).push_back(row);
    }
    decision.missing = keyed.size() + keyless.size();
    decision.matched_by = keys.empty() ? "every column the statement sets" : "primary or unique key";
    decision.state = decision.missing == 0 ? SeedDecision::State::present : SeedDecision::State::missing;

    std::vector<std::string> quoted_columns;
    for (const auto& column : columns) quoted_columns.push_back(quote_identifier(column));
    const std::string target = quote_identifier(expected_table.name) + " (" + util::join(quoted_columns, ", ") + ")";
    if (!keyed.empty()) {
        std::vector<std::string> values;
        for (const auto& row : keyed) values.push_back("(" + util::join(row, ", ") + ")");
        decision.statements.push_back("INSERT OR IGNORE INTO " + target + " VALUES\n  " + util::join(values, ",\n  "));
    }
    for (const auto& row : keyless) {
        // No key to conflict on: insert only while no equal row exists.
        std::vector<std::string> terms;
        for (std::size_t c = 0; c < columns.size(); ++c) terms.push_back(quote_identifier(columns[c]) + " IS " + row[c]);
        decision.statements.push_back("INSERT INTO " + target + "\n  SELECT " + util::join(row, ", ") + " WHERE NOT EXISTS (SELECT 1 FROM " +
                                      quote_identifier(expected_table.name) + " WHERE " + util::join(terms, " AND ") + ")");
    }
    return decision;
}

}  // namespace dbaudit::engine::sqlite
