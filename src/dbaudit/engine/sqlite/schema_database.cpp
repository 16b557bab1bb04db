#include "dbaudit/engine/sqlite/schema_database.hpp"

#include <sqlite3.h>

#include <string>
#include <vector>

#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

// Why rows are written into sqlite_schema instead of running the CREATE statements: SQLite
// re-reads its schema table after every CREATE, so n statements into one database cost O(n^2)
// (35-55 s for 10,000 tables; the expected loader avoids it with small shards, but a statement
// may join tables of any shard, so checking needs them all in one database). The statements
// were already run by SQLite in the loader's shards and read back from their sqlite_schema, so
// writing those same rows into a fresh schema table, then letting SQLite parse them once
// (writable_schema=RESET), gives the database SQLite would have built, in linear time.
//
// Each table and index needs a root page number of its own, within the file, or SQLite rejects
// the schema as corrupt; the pages are reserved by one blob in a padding table, at the smallest
// page size. Statements are only ever prepared here: a step would read those pages as garbage,
// which is why the connection is query_only and nothing in dbaudit steps a checked statement.

namespace dbaudit::engine::sqlite {

namespace {

struct SchemaRow {
    const char* type;
    std::string name;
    std::string table;
    bool needs_page;
    std::string sql;
};

bool is_virtual_table(const std::string& sql) {
    const auto tokens = tokenize_significant(sql);
    return tokens.size() > 1 && tokens[1].is_word("VIRTUAL");
}

}  // namespace

Connection build_schema_database(const model::Catalog& catalog) {
    std::vector<SchemaRow> rows;
    std::vector<const std::string*> virtual_tables;
    for (const model::Table& table : catalog.tables) {
        if (is_virtual_table(table.sql)) {
            virtual_tables.push_back(&table.sql);
            continue;
        }
        rows.push_back({"table", table.name, table.name, true, table.sql});
        for (const model::Index& index : table.indexes) {
            if (index.origin == model::IndexOrigin::create_index && !index.sql.empty())
                rows.push_back({"index", index.name, table.name, true, index.sql});
        }
    }
    for (const model::View& view : catalog.views) rows.push_back({"view", view.name, view.name, false, view.sql});
    for (const model::Trigger& trigger : catalog.triggers) rows.push_back({"trigger", trigger.name, trigger.table, false, trigger.sql});

    std::size_t pages = 0;
    for (const SchemaRow& row : rows) pages += row.needs_page;

    Connection db = Connection::open_memory();
    db.execute("PRAGMA page_size = 512; PRAGMA journal_mode = OFF");
    // sqlite_sequence, which INSERT into an AUTOINCREMENT table needs, made the ordinary way.
    db.execute("CREATE TABLE dbaudit_autoincrement(id INTEGER PRIMARY KEY AUTOINCREMENT); DROP TABLE dbaudit_autoincrement");
    // Page 1 is the schema, 2 sqlite_sequence, 3 the padding table; a 512-byte page holds about
    // 508 bytes of an overflowing blob.
    db.execute("CREATE TABLE dbaudit_pages(reserved BLOB)");
    db.execute("INSERT INTO dbaudit_pages VALUES (zeroblob(" + std::to_string((pages + 8) * 512) + "))");
    const std::int64_t page_count = [&] {
        Statement count = db.prepare("PRAGMA page_count");
        count.step();
        return count.integer(0);
    }();

    db.execute("PRAGMA writable_schema = ON; BEGIN");
    sqlite3_stmt* insert = nullptr;
    const std::string insert_sql = "INSERT INTO sqlite_schema(type, name, tbl_name, rootpage, sql) VALUES (?1, ?2, ?3, ?4, ?5)";
    if (sqlite3_prepare_v2(db.handle(), insert_sql.c_str(), -1, &insert, nullptr) != SQLITE_OK)
        throw util::ConnectionError("cannot build the expected-schema database: " + db.error_message());
    std::int64_t next_page = page_count - static_cast<std::int64_t>(pages) + 1;
    for (const SchemaRow& row : rows) {
        sqlite3_bind_text(insert, 1, row.type, -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, row.name.c_str(), static_cast<int>(row.name.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, row.table.c_str(), static_cast<int>(row.table.size()), SQLITE_STATIC);
        sqlite3_bind_int64(insert, 4, row.needs_page ? next_page++ : 0);
        sqlite3_bind_text(insert, 5, row.sql.c_str(), static_cast<int>(row.sql.size()), SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) {
            const std::string message = db.error_message();
            sqlite3_finalize(insert);
            throw util::ConnectionError("cannot build the expected-schema database: " + message);
        }
        sqlite3_reset(insert);
    }
    sqlite3_finalize(insert);
    db.execute("COMMIT; PRAGMA writable_schema = RESET; PRAGMA writable_schema = OFF");
    // Virtual tables create their shadow tables through their module: run those for real.
    for (const std::string* sql : virtual_tables) db.execute(*sql);
    // Reading the schema back makes SQLite parse every row now, so a problem shows here, once.
    db.execute("SELECT count(*) FROM sqlite_schema");
    db.execute("PRAGMA query_only = 1");
    return db;
}

}  // namespace dbaudit::engine::sqlite
