#include "dbaudit/engine/postgres/statement_checker.hpp"

#include <pg_query.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "dbaudit/engine/postgres/conninfo.hpp"
#include "dbaudit/engine/postgres/inspector.hpp"
#include "dbaudit/engine/postgres/statement_splitter.hpp"
#include "dbaudit/util/error.hpp"

namespace dbaudit::engine::postgres {

namespace {

using Json = nlohmann::json;

constexpr const char* k_default_schema = "public";

std::string key_of(const std::string& schema, const std::string& name) {
    return (schema.empty() ? std::string(k_default_schema) : schema) + "." + name;
}

// Statements PREPARE accepts; everything else is a utility statement.
bool is_preparable(const std::string& kind) {
    return kind == "SelectStmt" || kind == "InsertStmt" || kind == "UpdateStmt" || kind == "DeleteStmt" || kind == "MergeStmt";
}

std::string sval(const Json& node) {
    if (node.is_object() && node.contains("String")) return node["String"].value("sval", "");
    return "";
}

// Collects what a parsed statement touches, resolving names against the catalog.
class AccessCollector {
public:
    explicit AccessCollector(const PostgresStatementChecker& checker) : m_checker(checker) {}

    void collect(const std::string& kind, const Json& statement) {
        // Every range variable first: the aliases ColumnRefs qualify with.
        gather_ranges(statement);
        const PostgresStatementChecker::Relation* target = nullptr;
        if (statement.contains("relation")) target = resolve_range(statement["relation"]);
        if (kind == "InsertStmt" && target) {
            add(*target, "", AccessKind::insert);
            for (const Json& col : statement.value("cols", Json::array()))
                if (col.contains("ResTarget")) add_column(*target, col["ResTarget"].value("name", ""), AccessKind::insert);
        } else if (kind == "UpdateStmt" && target) {
            for (const Json& item : statement.value("targetList", Json::array()))
                if (item.contains("ResTarget")) add_column(*target, item["ResTarget"].value("name", ""), AccessKind::update);
        } else if (kind == "DeleteStmt" && target) {
            add(*target, "", AccessKind::remove);
        } else if (kind == "MergeStmt" && target) {
            add(*target, "", AccessKind::update);
        }
        walk(statement, target ? &statement["relation"] : nullptr);
    }

    std::vector<TableAccess> take() {
        std::sort(m_accesses.begin(), m_accesses.end());
        m_accesses.erase(std::unique(m_accesses.begin(), m_accesses.end()), m_accesses.end());
        return std::move(m_accesses);
    }

    void add(const PostgresStatementChecker::Relation& relation, const std::string& column, AccessKind kind) {
        m_accesses.push_back({relation.name, column, kind, {}});
    }

private:
    const PostgresStatementChecker::Relation* resolve_range(const Json& range) const {
        if (!range.is_object() || !range.contains("relname")) return nullptr;
        return m_checker.find_relation(range.value("schemaname", ""), range.value("relname", ""));
    }

    void add_column(const PostgresStatementChecker::Relation& relation, const std::string& column, AccessKind kind) {
        if (relation.columns.count(column)) add(relation, column, kind);
    }

    void gather_ranges(const Json& node) {
        if (node.is_object()) {
            if (node.contains("relname")) {
                if (const auto* relation = resolve_range(node)) {
                    m_in_scope.push_back(relation);
                    m_by_alias[node.contains("alias") ? node["alias"].value("aliasname", "") : relation->name] = relation;
                    if (!node.contains("schemaname")) m_by_alias.emplace(relation->name, relation);
                }
            }
            for (const auto& [key, value] : node.items()) gather_ranges(value);
        } else if (node.is_array()) {
            for (const Json& item : node) gather_ranges(item);
        }
    }

    void column_ref(const Json& fields) {
        std::vector<std::string> names;
        bool star = false;
        for (const Json& field : fields) {
            if (field.contains("A_Star")) star = true;
            else names.push_back(sval(field));
        }
        if (star) {
            if (names.empty()) {
                for (const auto* relation : m_in_scope) add(*relation, "", AccessKind::read);
            } else if (auto it = m_by_alias.find(names.back()); it != m_by_alias.end()) {
                add(*it->second, "", AccessKind::read);
            }
            return;
        }
        if (names.size() == 1) {
            for (const auto* relation : m_in_scope) add_column(*relation, names[0], AccessKind::read);
        } else if (names.size() >= 2) {
            if (auto it = m_by_alias.find(names[names.size() - 2]); it != m_by_alias.end())
                add_column(*it->second, names.back(), AccessKind::read);
        }
    }

    void walk(const Json& node, const Json* target) {
        if (node.is_object()) {
            if (&node != target && node.contains("relname")) {
                if (const auto* relation = resolve_range(node)) add(*relation, "", AccessKind::read);
            }
            if (node.contains("ColumnRef")) column_ref(node["ColumnRef"].value("fields", Json::array()));
            for (const auto& [key, value] : node.items()) walk(value, target);
        } else if (node.is_array()) {
            for (const Json& item : node) walk(item, target);
        }
    }

    const PostgresStatementChecker& m_checker;
    std::vector<const PostgresStatementChecker::Relation*> m_in_scope;
    std::unordered_map<std::string, const PostgresStatementChecker::Relation*> m_by_alias;
    std::vector<TableAccess> m_accesses;
};

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

// A utility statement (DDL and the rest) cannot be PREPAREd: its syntax is already checked, its
// names are resolved against the catalog here, in PostgreSQL's words.
void check_utility(const PostgresStatementChecker& checker, const std::string& kind, const Json& statement,
                   StatementCheck& result, AccessCollector& accesses) {
    auto fail = [&](CheckStatus status, std::string message) {
        if (result.status != CheckStatus::ok) return;
        result.status = status;
        result.message = std::move(message);
    };
    auto range_of = [&](const Json& range) -> std::pair<std::string, std::string> {
        return {range.value("schemaname", ""), range.value("relname", "")};
    };
    if (kind == "CreateStmt" || kind == "ViewStmt" || kind == "CreateTableAsStmt") {
        const Json& range = kind == "CreateStmt" ? statement["relation"]
                            : kind == "ViewStmt" ? statement["view"]
                                                 : statement["into"]["rel"];
        const auto [schema, name] = range_of(range);
        const bool tolerant = statement.value("if_not_exists", false) || statement.value("replace", false);
        if (const auto* relation = checker.find_relation(schema, name)) {
            accesses.add(*relation, "", AccessKind::schema);
            if (!tolerant) fail(CheckStatus::already_applied, "relation " + quoted(name) + " already exists");
        }
        return;
    }
    if (kind == "IndexStmt") {
        const auto [schema, table] = range_of(statement["relation"]);
        const auto* relation = checker.find_relation(schema, table);
        if (!relation) return fail(CheckStatus::failed, "relation " + quoted(table) + " does not exist");
        accesses.add(*relation, "", AccessKind::schema);
        const std::string index = statement.value("idxname", "");
        if (!index.empty() && (checker.has_index(schema, index) || checker.find_relation(schema, index)) &&
            !statement.value("if_not_exists", false))
            fail(CheckStatus::already_applied, "relation " + quoted(index) + " already exists");
        for (const Json& element : statement.value("indexParams", Json::array())) {
            const std::string column = element.contains("IndexElem") ? element["IndexElem"].value("name", "") : "";
            if (!column.empty() && !relation->columns.count(column))
                fail(CheckStatus::failed, "column " + quoted(column) + " does not exist");
        }
        return;
    }
    if (kind == "AlterTableStmt") {
        const auto [schema, table] = range_of(statement["relation"]);
        const auto* relation = checker.find_relation(schema, table);
        if (!relation) {
            if (!statement.value("missing_ok", false))
                fail(CheckStatus::failed, "relation " + quoted(table) + " does not exist");
            return;
        }
        accesses.add(*relation, "", AccessKind::schema);
        for (const Json& item : statement.value("cmds", Json::array())) {
            if (!item.contains("AlterTableCmd")) continue;
            const Json& cmd = item["AlterTableCmd"];
            const std::string subtype = cmd.value("subtype", "");
            const bool missing_ok = cmd.value("missing_ok", false);
            if (subtype == "AT_AddColumn") {
                const std::string column = cmd.contains("def") && cmd["def"].contains("ColumnDef")
                                               ? cmd["def"]["ColumnDef"].value("colname", "")
                                               : "";
                if (relation->columns.count(column) && !missing_ok)
                    fail(CheckStatus::already_applied,
                         "column " + quoted(column) + " of relation " + quoted(relation->name) + " already exists");
            } else if (subtype == "AT_DropColumn") {
                const std::string column = cmd.value("name", "");
                if (!relation->columns.count(column) && !missing_ok)
                    fail(CheckStatus::already_applied,
                         "column " + quoted(column) + " of relation " + quoted(relation->name) + " does not exist");
            } else if (cmd.contains("name") && subtype.rfind("AT_", 0) == 0 && subtype.find("Column") != std::string::npos) {
                const std::string column = cmd.value("name", "");
                if (!relation->columns.count(column))
                    fail(CheckStatus::failed,
                         "column " + quoted(column) + " of relation " + quoted(relation->name) + " does not exist");
            }
        }
        return;
    }
    if (kind == "RenameStmt" && statement.contains("relation")) {
        const auto [schema, table] = range_of(statement["relation"]);
        const auto* relation = checker.find_relation(schema, table);
        if (!relation) {
            if (!statement.value("missing_ok", false))
                fail(CheckStatus::failed, "relation " + quoted(table) + " does not exist");
            return;
        }
        accesses.add(*relation, "", AccessKind::schema);
        if (statement.value("renameType", "") == "OBJECT_COLUMN") {
            const std::string column = statement.value("subname", "");
            if (!relation->columns.count(column))
                fail(CheckStatus::failed, "column " + quoted(column) + " does not exist");
        }
        return;
    }
    if (kind == "DropStmt") {
        const std::string type = statement.value("removeType", "");
        const bool relation_kind = type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW";
        if (!relation_kind && type != "OBJECT_INDEX") return;
        const bool missing_ok = statement.value("missing_ok", false);
        for (const Json& object : statement.value("objects", Json::array())) {
            std::vector<std::string> names;
            for (const Json& part : object.contains("List") ? object["List"].value("items", Json::array()) : Json::array())
                names.push_back(sval(part));
            if (names.empty()) continue;
            const std::string name = names.back();
            const std::string schema = names.size() >= 2 ? names[names.size() - 2] : "";
            const auto* relation = checker.find_relation(schema, name);
            if (relation) accesses.add(*relation, "", AccessKind::schema);
            const bool exists = type == "OBJECT_INDEX" ? checker.has_index(schema, name) : relation != nullptr;
            if (!exists && !missing_ok) {
                const std::string what = type == "OBJECT_TABLE"  ? "table"
                                         : type == "OBJECT_VIEW" ? "view"
                                         : type == "OBJECT_INDEX" ? "index"
                                                                  : "materialized view";
                fail(CheckStatus::already_applied, what + " " + quoted(name) + " does not exist");
            }
        }
        return;
    }
}

}  // namespace

std::unique_ptr<PostgresStatementChecker> PostgresStatementChecker::open_live(const Target& target) {
    Connection connection = Connection::open(target.location, target.display, secrets_of(target.location));
    model::Catalog catalog = inspect(connection);
    return std::unique_ptr<PostgresStatementChecker>(
        new PostgresStatementChecker(nullptr, std::move(connection), std::move(catalog)));
}

std::unique_ptr<PostgresStatementChecker> PostgresStatementChecker::open_expected(const std::vector<SchemaFile>& files,
                                                                                  const std::string& dev_url) {
    const SplitSchema split = split_schema(files);  // syntax errors before any server is started
    std::unique_ptr<ShadowDatabase> shadow = open_shadow(dev_url);
    load_statements(*shadow, split);
    Connection connection = shadow->connect();
    model::Catalog catalog = inspect(connection);
    return std::unique_ptr<PostgresStatementChecker>(
        new PostgresStatementChecker(std::move(shadow), std::move(connection), std::move(catalog)));
}

PostgresStatementChecker::PostgresStatementChecker(std::unique_ptr<ShadowDatabase> shadow, Connection connection,
                                                   model::Catalog catalog)
    : m_shadow(std::move(shadow)), m_connection(std::move(connection)), m_catalog(std::move(catalog)) {
    for (const model::Schema& schema : m_catalog.schemas) m_schemas.insert(schema.name);
    for (const model::Table& table : m_catalog.tables) {
        Relation relation{table.schema, table.name, false, {}};
        for (const model::Column& column : table.columns) relation.columns.insert(column.name);
        m_relations.emplace(key_of(table.schema, table.name), std::move(relation));
        for (const model::Index& index : table.indexes) m_indexes.insert(key_of(table.schema, index.name));
    }
    // Views: their columns are what the server reports for them, read once here.
    auto add_views = [&](const std::vector<model::View>& views) {
        for (const model::View& view : views) {
            m_relations.emplace(key_of(view.schema, view.name), Relation{view.schema, view.name, true, {}});
            for (const model::Index& index : view.indexes) m_indexes.insert(key_of(view.schema, index.name));
        }
    };
    add_views(m_catalog.views);
    add_views(m_catalog.materialized_views);
    try {
        // libpg_query lexes string literals as standard SQL does; the server must cut statements
        // exactly where it did.
        m_connection.exec("SET standard_conforming_strings = on");
        const Result columns = m_connection.exec(
            "SELECT n.nspname, c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v', 'm') AND a.attnum > 0 "
            "AND NOT a.attisdropped AND n.nspname NOT IN ('pg_catalog', 'information_schema')");
        for (int i = 0; i < columns.rows(); ++i) {
            auto it = m_relations.find(key_of(columns.string(i, 0), columns.string(i, 1)));
            if (it != m_relations.end()) it->second.columns.insert(columns.string(i, 2));
        }
    } catch (const StatementError&) {
        // Without view columns, reads through a view are reported per view only.
    }
}

PostgresStatementChecker::~PostgresStatementChecker() = default;

const PostgresStatementChecker::Relation* PostgresStatementChecker::find_relation(const std::string& schema,
                                                                                   const std::string& name) const {
    const auto it = m_relations.find(key_of(schema, name));
    return it == m_relations.end() ? nullptr : &it->second;
}

bool PostgresStatementChecker::has_index(const std::string& schema, const std::string& name) const {
    return m_indexes.count(key_of(schema, name)) != 0;
}

// PREPARE inside a read-only transaction that is always rolled back: PostgreSQL parses, resolves
// and plans the statement, and nothing runs. The statement text is exactly one statement (libpg_query
// said so), followed by a newline so a trailing -- comment cannot swallow what follows.
void PostgresStatementChecker::prepare(const std::string& text, StatementCheck& result) {
    static const std::string k_begin = "BEGIN READ ONLY; SET LOCAL lock_timeout = '5s'; SET LOCAL statement_timeout = '30s';\n";
    static const std::string k_prepare = "PREPARE dbaudit_check AS ";
    const std::string query = k_begin + k_prepare + text + "\n;\nDEALLOCATE dbaudit_check;\nROLLBACK";
    try {
        m_connection.exec_batch(query);
    } catch (const StatementError& failure) {
        const ServerError& error = failure.error();
        // The failed transaction (aborted, or still open) ends here.
        if (m_connection.in_transaction_block()) {
            try {
                m_connection.exec("ROLLBACK");
            } catch (const StatementError&) {
            }
        }
        if (failure.statement_index() != 3) throw util::ConnectionError("cannot check statements on " + m_connection.display() +
                                                                        ": " + error.message);
        // A parameter whose type nothing in the statement fixes: the driver sends one; not a schema problem.
        if (error.sqlstate == "42P18") return;
        result.status = CheckStatus::failed;
        result.message = error.message;
        const int prefix = static_cast<int>(k_begin.size() + k_prepare.size());  // ASCII: characters = bytes
        if (error.position > prefix) result.error_offset = byte_offset_of_character(text, error.position - prefix);
    }
}

StatementCheck PostgresStatementChecker::check(std::string_view sql) {
    StatementCheck result;
    const std::string text(sql);
    PgQueryParseResult parsed = pg_query_parse(text.c_str());
    if (parsed.error) {
        result.status = CheckStatus::failed;
        result.message = parsed.error->message ? parsed.error->message : "syntax error";
        if (parsed.error->cursorpos > 0) result.error_offset = byte_offset_of_character(text, parsed.error->cursorpos);
        pg_query_free_parse_result(parsed);
        return result;
    }
    const Json tree = Json::parse(parsed.parse_tree, nullptr, false);
    pg_query_free_parse_result(parsed);
    AccessCollector accesses(*this);
    for (const Json& raw : tree.value("stmts", Json::array())) {
        if (!raw.contains("stmt") || !raw["stmt"].is_object() || raw["stmt"].empty()) continue;
        const std::string kind = raw["stmt"].begin().key();
        const Json& statement = raw["stmt"].begin().value();
        const auto location = raw.value("stmt_location", std::size_t{0});
        const auto length = raw.value("stmt_len", std::size_t{0});
        if (is_preparable(kind)) {
            const std::string piece = text.substr(location, length == 0 ? std::string::npos : length);
            prepare(piece, result);
            if (result.error_offset) *result.error_offset += location;
        } else {
            check_utility(*this, kind, statement, result, accesses);
        }
        if (result.status == CheckStatus::failed) return result;
        if (is_preparable(kind)) accesses.collect(kind, statement);
    }
    if (result.status == CheckStatus::ok) result.accesses = accesses.take();
    return result;
}

}  // namespace dbaudit::engine::postgres
