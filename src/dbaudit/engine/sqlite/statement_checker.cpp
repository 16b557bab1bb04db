#include "dbaudit/engine/sqlite/statement_checker.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "dbaudit/engine/sqlite/expected_loader.hpp"
#include "dbaudit/engine/sqlite/inspector.hpp"
#include "dbaudit/engine/sqlite/schema_database.hpp"
#include "dbaudit/engine/sqlite/sql_tokenizer.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine::sqlite {

namespace {

bool is_internal(const char* table) { return table && util::starts_with_icase(table, "sqlite_"); }

// The first keyword of a statement and, for ALTER TABLE, whether it drops a column.
struct StatementShape {
    std::string keyword;
    bool drops_column = false;
};

StatementShape shape_of(std::string_view sql) {
    StatementShape shape;
    const auto tokens = tokenize_significant(sql);
    if (tokens.empty()) return shape;
    shape.keyword = util::ascii_upper(tokens[0].text);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i].is_word("DROP") && tokens[i + 1].is_word("COLUMN")) shape.drops_column = true;
    }
    if (shape.keyword == "ALTER" && !shape.drops_column && tokens.size() > 4) {
        // ALTER TABLE t DROP x (COLUMN is optional)
        for (std::size_t i = 3; i < tokens.size(); ++i) {
            if (tokens[i].is_word("DROP")) shape.drops_column = true;
        }
    }
    return shape;
}

// DDL that fails because what it would create is there already, or what it would drop is gone.
bool already_applied(std::string_view sql, const std::string& message) {
    const StatementShape shape = shape_of(sql);
    if (shape.keyword == "CREATE") return message.find(" already exists") != std::string::npos;
    if (shape.keyword == "DROP") return message.rfind("no such ", 0) == 0;
    if (shape.keyword == "ALTER") {
        if (message.rfind("duplicate column name", 0) == 0) return true;
        if (shape.drops_column && message.rfind("no such column", 0) == 0) return true;
    }
    return false;
}

}  // namespace

std::unique_ptr<SqliteStatementChecker> SqliteStatementChecker::open_live(const Target& target) {
    Connection db = Connection::open_read_only(target.location);
    model::Catalog catalog;
    db.execute("BEGIN");
    inspect_into(db, catalog);
    db.execute("COMMIT");
    catalog.sort();
    return std::unique_ptr<SqliteStatementChecker>(new SqliteStatementChecker(std::move(db), std::move(catalog)));
}

std::unique_ptr<SqliteStatementChecker> SqliteStatementChecker::open_expected(const std::vector<SchemaFile>& files) {
    model::Catalog catalog = load_expected_schema(files);
    Connection db = build_schema_database(catalog);
    return std::unique_ptr<SqliteStatementChecker>(new SqliteStatementChecker(std::move(db), std::move(catalog)));
}

SqliteStatementChecker::SqliteStatementChecker(Connection db, model::Catalog catalog)
    : m_db(std::move(db)), m_catalog(std::move(catalog)) {
    for (const model::View& view : m_catalog.views) {
        m_views.insert(util::ascii_lower(view.name));
        m_tables.insert(util::ascii_lower(view.name));
    }
    for (const model::Trigger& trigger : m_catalog.triggers) m_triggers.insert(util::ascii_lower(trigger.name));
    for (const model::Table& table : m_catalog.tables) m_tables.insert(util::ascii_lower(table.name));
    sqlite3_set_authorizer(m_db.handle(), &SqliteStatementChecker::authorize, this);
}

SqliteStatementChecker::~SqliteStatementChecker() {
    if (m_db.handle()) sqlite3_set_authorizer(m_db.handle(), nullptr, nullptr);
}

void SqliteStatementChecker::record(AccessKind kind, const char* table, const char* column, const char* via) {
    if (!table || !*table || is_internal(table)) return;
    TableAccess access;
    access.table = table;
    access.kind = kind;
    if (column) access.column = column;
    // The innermost trigger or view responsible for the access; a CTE name is not an object.
    if (via && (m_views.count(util::ascii_lower(via)) || m_triggers.count(util::ascii_lower(via)))) access.via = via;
    m_accesses.push_back(std::move(access));
}

// Called by SQLite while it prepares a statement (never during execution: nothing executes).
int SqliteStatementChecker::authorize(void* self_pointer, int action, const char* a, const char* b, const char* database,
                                      const char* via) {
    (void)database;
    auto* self = static_cast<SqliteStatementChecker*>(self_pointer);
    switch (action) {
        case SQLITE_READ: self->record(AccessKind::read, a, b, via); break;
        case SQLITE_INSERT: self->record(AccessKind::insert, a, nullptr, via); break;
        case SQLITE_UPDATE: self->record(AccessKind::update, a, b, via); break;
        case SQLITE_DELETE: self->record(AccessKind::remove, a, nullptr, via); break;
        case SQLITE_CREATE_TABLE:
        case SQLITE_CREATE_TEMP_TABLE:
        case SQLITE_DROP_TABLE:
        case SQLITE_DROP_TEMP_TABLE:
        case SQLITE_CREATE_VIEW:
        case SQLITE_CREATE_TEMP_VIEW:
        case SQLITE_DROP_VIEW:
        case SQLITE_DROP_TEMP_VIEW: self->record(AccessKind::schema, a, nullptr, via); break;
        case SQLITE_CREATE_INDEX:
        case SQLITE_CREATE_TEMP_INDEX:
        case SQLITE_DROP_INDEX:
        case SQLITE_DROP_TEMP_INDEX:
        case SQLITE_CREATE_TRIGGER:
        case SQLITE_CREATE_TEMP_TRIGGER:
        case SQLITE_DROP_TRIGGER:
        case SQLITE_DROP_TEMP_TRIGGER:
        case SQLITE_ALTER_TABLE: self->record(AccessKind::schema, b, nullptr, via); break;
        case SQLITE_PRAGMA:
            // A pragma that sets something does it while it is prepared (cache_size, query_only
            // ...): answer IGNORE so it compiles to nothing. PRAGMA table_info(t) names a table.
            if (b) {
                if (self->m_tables.count(util::ascii_lower(b))) self->record(AccessKind::schema, b, nullptr, via);
                return SQLITE_IGNORE;
            }
            break;
        default: break;
    }
    return SQLITE_OK;
}

// The authorizer names the table an INSERT writes, not its columns: those are the statement's
// column list, which SQLite has just accepted, spelled as the catalog spells them.
void SqliteStatementChecker::add_inserted_columns(std::string_view sql) {
    std::string table;
    for (const TableAccess& access : m_accesses) {
        if (access.kind == AccessKind::insert && access.via.empty()) table = access.table;
    }
    if (table.empty()) return;
    const model::Table* model_table = m_catalog.find_table(table);
    if (!model_table) return;
    const auto tokens = tokenize_significant(sql);
    std::size_t i = 0;
    while (i < tokens.size() && !tokens[i].is_word("INTO")) ++i;
    i += 2;                                                                  // INTO name
    if (i + 1 < tokens.size() && tokens[i].is_punct('.')) i += 2;           // schema.name
    if (i < tokens.size() && tokens[i].is_word("AS")) i += 2;               // AS alias
    if (i >= tokens.size() || !tokens[i].is_punct('(')) return;
    for (++i; i < tokens.size() && !tokens[i].is_punct(')'); ++i) {
        if (!tokens[i].is_name()) continue;
        if (const model::Column* column = model_table->find_column(unquote_identifier(tokens[i]), true))
            m_accesses.push_back({model_table->name, column->name, AccessKind::insert, {}});
    }
}

StatementCheck SqliteStatementChecker::check(std::string_view sql) {
    StatementCheck result;
    m_accesses.clear();
    std::size_t consumed = 0;
    while (consumed < sql.size()) {
        const std::string_view rest = sql.substr(consumed);
        sqlite3_stmt* statement = nullptr;
        const char* tail = nullptr;
        const int rc = sqlite3_prepare_v3(m_db.handle(), rest.data(), static_cast<int>(rest.size()), 0, &statement, &tail);
        if (rc != SQLITE_OK) {
            result.message = m_db.error_message();
            const int offset = sqlite3_error_offset(m_db.handle());
            if (offset >= 0) result.error_offset = consumed + static_cast<std::size_t>(offset);
            result.status = already_applied(rest, result.message) ? CheckStatus::already_applied : CheckStatus::failed;
            sqlite3_finalize(statement);
            m_accesses.clear();
            return result;
        }
        sqlite3_finalize(statement);
        if (!statement || !tail) break;  // only comments or spaces were left
        const std::size_t used = static_cast<std::size_t>(tail - rest.data());
        if (used == 0) break;
        consumed += used;
    }
    add_inserted_columns(sql);
    std::sort(m_accesses.begin(), m_accesses.end());
    m_accesses.erase(std::unique(m_accesses.begin(), m_accesses.end()), m_accesses.end());
    result.accesses = std::move(m_accesses);
    m_accesses.clear();
    return result;
}

}  // namespace dbaudit::engine::sqlite
