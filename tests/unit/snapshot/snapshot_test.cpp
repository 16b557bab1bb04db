#include "dbaudit/snapshot/snapshot.hpp"

#include "dbaudit/snapshot/binary_catalog.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/error.hpp"
#include "support/catalog_compare.hpp"

namespace dbaudit::snapshot {
namespace {

// The number of fields of an aggregate, counted by the compiler: brace-initialise it with ever
// more values convertible to anything until that stops compiling.
struct AnyField {
    template <typename T>
    operator T() const;
};

template <typename T, typename... Fields>
constexpr std::size_t field_count() {
    if constexpr (requires { T{Fields{}..., AnyField{}}; })
        return field_count<T, Fields..., AnyField>();
    else
        return sizeof...(Fields);
}

// When one of these fails, the model gained (or lost) a field: add it to the struct's field
// table in src/dbaudit/snapshot/snapshot.cpp, to docs/snapshot.md and to every_field_catalog()
// below, then update the count here.
TEST(Snapshot, EveryModelFieldIsKnown) {
    EXPECT_EQ(field_count<model::Column>(), 12u);
    EXPECT_EQ(field_count<model::PrimaryKey>(), 5u);
    EXPECT_EQ(field_count<model::UniqueConstraint>(), 5u);
    EXPECT_EQ(field_count<model::ForeignKey>(), 11u);
    EXPECT_EQ(field_count<model::CheckConstraint>(), 5u);
    EXPECT_EQ(field_count<model::ExclusionConstraint>(), 4u);
    EXPECT_EQ(field_count<model::IndexKey>(), 6u);
    EXPECT_EQ(field_count<model::Index>(), 11u);
    EXPECT_EQ(field_count<model::TableOptions>(), 5u);
    EXPECT_EQ(field_count<model::Table>(), 14u);
    EXPECT_EQ(field_count<model::View>(), 9u);
    EXPECT_EQ(field_count<model::Trigger>(), 8u);
    EXPECT_EQ(field_count<model::SeedStatement>(), 3u);
    EXPECT_EQ(field_count<model::RenameAnnotation>(), 5u);
    EXPECT_EQ(field_count<util::SourceLocation>(), 3u);
    EXPECT_EQ(field_count<model::Schema>(), 2u);
    EXPECT_EQ(field_count<model::Extension>(), 4u);
    EXPECT_EQ(field_count<model::AvailableExtension>(), 2u);
    EXPECT_EQ(field_count<model::TypeAttribute>(), 3u);
    EXPECT_EQ(field_count<model::UserType>(), 11u);
    EXPECT_EQ(field_count<model::Sequence>(), 11u);
    EXPECT_EQ(field_count<model::Function>(), 13u);
    EXPECT_EQ(field_count<model::Policy>(), 8u);
    EXPECT_EQ(field_count<model::UnsupportedObject>(), 2u);
    EXPECT_EQ(field_count<model::PrivilegeNote>(), 2u);
    EXPECT_EQ(field_count<model::ObjectSource>(), 4u);
    EXPECT_EQ(field_count<model::Catalog>(), 20u);
}

model::Index every_field_index(std::string schema, std::string name, std::string table) {
    model::Index index;
    index.schema = std::move(schema);
    index.name = std::move(name);
    index.table = std::move(table);
    index.unique = true;
    index.origin = model::IndexOrigin::unique_constraint;
    index.keys = {{"email", "", true, "C", "text_pattern_ops", true}, {"", "lower(name)", false, "", "", false}};
    index.predicate = "(deleted_at IS NULL)";
    index.method = "btree";
    index.include = {"id", "created_at"};
    index.nulls_not_distinct = true;
    index.sql = "CREATE UNIQUE INDEX ...";
    return index;
}

// A PostgreSQL-shaped catalog in which every field of every kind holds something other than its
// default, so a field the snapshot forgot cannot round-trip by accident.
model::Catalog every_field_catalog() {
    model::Catalog c;
    c.engine = "postgresql";
    c.name_matching = model::NameMatching::exact;
    c.server_version = "15.20";
    c.catalog_comments = true;

    model::Table t;
    t.schema = "app";
    t.name = "users";
    model::Column id;
    id.name = "id";
    id.type = "bigint";
    id.type_class = "INTEGER";
    id.not_null = true;
    id.default_expr = "nextval('app.users_id_seq'::regclass)";
    id.collation = "C";
    id.generated = model::Generated::stored_column;
    id.generation_expr = "(a + b)";
    id.hidden = true;
    id.identity = "BY DEFAULT";
    id.comment = "the key";
    id.position = 0;
    model::Column email = id;
    email.name = "email";
    email.default_expr = "";  // present but empty is not the same as no default
    email.generated = model::Generated::virtual_column;
    email.position = 1;
    t.columns = {id, email};
    t.primary_key = model::PrimaryKey{"users_pkey", {"id"}, true, true, true};
    t.uniques = {{"users_email_key", {"email"}, true, true, true}};
    t.foreign_keys = {{"users_org_fk", {"org_id"}, "app", "orgs", {"id"}, model::ForeignKeyAction::cascade,
                       model::ForeignKeyAction::set_default, "FULL", true, true, true},
                      {"users_team_fk", {"team_id"}, "", "teams", {}, model::ForeignKeyAction::restrict,
                       model::ForeignKeyAction::set_null, "", false, false, false}};
    t.checks = {{"users_email_check", "(email <> ''::text)", "email", true, true}};
    t.exclusions = {{"users_no_overlap", "EXCLUDE USING gist (room WITH =, during WITH &&)", true, true}};
    t.indexes = {every_field_index("app", "users_email_idx", "app.users")};
    t.options = {true, true, true, "RANGE (created_at)", "app.parent FOR VALUES FROM (1) TO (2)"};
    t.row_security = true;
    t.force_row_security = true;
    t.comment = "people who sign in";
    t.sql = "CREATE TABLE app.users (...)";
    c.tables.push_back(t);

    model::View view{"app", "active_users", "SELECT 1", "CREATE VIEW ...", true, {every_field_index("app", "mv_idx", "app.active_users")},
                     "security_invoker=true", "who is active", {id, email}};
    c.views.push_back(view);
    c.materialized_views.push_back(view);
    c.triggers.push_back({"app", "users_audit", "app.users", "AFTER", "UPDATE OF email", "AFTER UPDATE ...", "CREATE TRIGGER ...",
                          "REPLICA"});
    c.seeds.push_back({"app.users", "INSERT INTO app.users VALUES (1)", {"schema/seed.sql", 3, 7}});
    c.renames.push_back({model::RenameKind::column, "app.users", "email", "mail", {"schema/users.sql", 12, 5}});
    c.renames.push_back({model::RenameKind::table, "app.users", "", "people", {"schema/users.sql", 1, 1}});
    c.schemas.push_back({"app", "application objects"});
    c.extensions.push_back({"pgcrypto", "1.3", "public", "cryptographic functions"});
    c.available_extensions.push_back({"citext", "1.6"});
    model::UserType type;
    type.schema = "app";
    type.name = "mood";
    type.kind = model::TypeKind::domain;
    type.labels = {"sad", "ok"};
    type.base_type = "text";
    type.not_null = true;
    type.default_expr = "'ok'::text";
    type.checks = {"mood_check: CHECK (VALUE <> '')"};
    type.attributes = {{"x", "integer", "C"}};
    type.collation = "C";
    type.comment = "feelings";
    c.types.push_back(type);
    c.sequences.push_back({"app", "users_id_seq", "integer", -5, -2, -9223372036854775807LL - 1, 9223372036854775807LL, 20, true,
                           "app.users.id", "ids"});
    c.functions.push_back({"app", "touch", "a integer, b text", "procedure", "trigger", "plpgsql", "stable", true, true,
                           "BEGIN NULL; END", "begin null; end", "CREATE FUNCTION ...", "touches"});
    c.policies.push_back({"app", "app.users", "own_rows", "SELECT", false, {"app_user", "public"}, "(id = 1)", "(id > 0)"});
    c.unsupported.push_back({"collation", "app.german"});
    c.privilege_notes.push_back({"function", "permission denied for table pg_proc"});
    c.sources.push_back({model::DefinedKind::policy, "app.users.own_rows", "app.users", {"schema/rls.sql", 4, 1}});
    c.sources.push_back({model::DefinedKind::table, "app.users", "", {"schema/users.sql", 1, 1}});
    return c;
}

void expect_round_trip(const model::Catalog& catalog) {
    const std::string text = write_snapshot(catalog);
    const model::Catalog back = read_snapshot(text, "test.json");
    EXPECT_EQ(testing::catalog_difference(back, catalog), "");
    EXPECT_TRUE(back == catalog);
    ASSERT_EQ(back.renames.size(), catalog.renames.size());
    for (std::size_t i = 0; i < back.renames.size(); ++i) EXPECT_EQ(back.renames[i].location, catalog.renames[i].location);
    EXPECT_EQ(write_snapshot(back), text);
}

TEST(Snapshot, RoundTripsEveryFieldOfEveryPostgresKind) { expect_round_trip(every_field_catalog()); }

TEST(BinaryCatalog, RoundTripsEveryField) {
    const model::Catalog catalog = every_field_catalog();
    const std::string bytes = write_binary_catalog(catalog);
    const model::Catalog back = read_binary_catalog(bytes);
    EXPECT_EQ(testing::catalog_difference(back, catalog), "");
    EXPECT_EQ(back.renames[0].location, catalog.renames[0].location);
    EXPECT_EQ(back.sequences[0].min_value, catalog.sequences[0].min_value);
}

TEST(BinaryCatalog, DamagedBytesThrowInsteadOfReadingOutOfBounds) {
    const std::string bytes = write_binary_catalog(every_field_catalog());
    for (std::size_t cut : {std::size_t{0}, std::size_t{1}, bytes.size() / 3, bytes.size() - 1})
        EXPECT_THROW(read_binary_catalog(bytes.substr(0, cut)), std::runtime_error) << cut;
    EXPECT_THROW(read_binary_catalog(bytes + "x"), std::runtime_error);
    EXPECT_THROW(read_binary_catalog(std::string(64, '\xff')), std::runtime_error);
}

TEST(Snapshot, RoundTripsSqliteCatalog) {
    model::Catalog c;
    c.engine = "sqlite";
    c.name_matching = model::NameMatching::ascii_case_insensitive;
    model::Table t;
    t.name = "Users";
    model::Column id;
    id.name = "id";
    id.type = "INTEGER";
    id.type_class = "ROWID";
    t.columns = {id};
    t.primary_key = model::PrimaryKey{"", {"id"}, true, false, false};
    t.options.without_rowid = true;
    t.options.strict = true;
    t.sql = "CREATE TABLE \"Users\" (id INTEGER PRIMARY KEY AUTOINCREMENT) WITHOUT ROWID, STRICT";
    model::Index automatic;
    automatic.name = "sqlite_autoindex_Users_1";
    automatic.table = "Users";
    automatic.unique = true;
    automatic.origin = model::IndexOrigin::primary_key;
    automatic.keys = {{"id", "", false, "", "", false}};
    t.indexes = {automatic};
    c.tables.push_back(t);
    c.views.push_back({"", "v", "AS SELECT 1", "CREATE VIEW v AS SELECT 1", false, {}, "", "", {}});
    c.triggers.push_back({"", "trg", "Users", "BEFORE", "INSERT", "BEFORE INSERT ON Users BEGIN SELECT 1; END",
                          "CREATE TRIGGER trg BEFORE INSERT ON Users BEGIN SELECT 1; END", ""});
    expect_round_trip(c);
}

TEST(Snapshot, StartsWithFormatVersionAndEngineAndLeavesDefaultsOut) {
    model::Catalog c;
    c.engine = "sqlite";
    model::Table t;
    t.name = "t";
    model::Column column;
    column.name = "a";
    t.columns = {column};
    c.tables.push_back(t);
    EXPECT_EQ(write_snapshot(c),
              "{\n"
              "  \"format\": \"dbaudit-snapshot\",\n"
              "  \"version\": 1,\n"
              "  \"engine\": \"sqlite\",\n"
              "  \"tables\": [\n"
              "    {\n"
              "      \"name\": \"t\",\n"
              "      \"columns\": [\n"
              "        {\n"
              "          \"name\": \"a\"\n"
              "        }\n"
              "      ]\n"
              "    }\n"
              "  ]\n"
              "}\n");
}

TEST(Snapshot, ReadSortsObjectsAHandEditedFileListsInAnyOrder) {
    const model::Catalog c = read_snapshot(
        R"({"format": "dbaudit-snapshot", "version": 1, "engine": "sqlite", "name_matching": "ascii_case_insensitive",
            "tables": [{"name": "b"}, {"name": "A"}]})",
        "x.json");
    ASSERT_EQ(c.tables.size(), 2u);
    EXPECT_EQ(c.tables[0].name, "A");
    EXPECT_NE(c.find_table("a"), nullptr);
}

std::string error_of(const std::string& text) {
    try {
        read_snapshot(text, "snap.json");
    } catch (const util::InputError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(Snapshot, BadSnapshotsSayWhereAndWhat) {
    const std::string head = R"({"format": "dbaudit-snapshot", "version": 1, "engine": "sqlite", )";
    struct Case {
        std::string text;
        std::string message;
    };
    for (const Case& c : std::vector<Case>{
             {"{\n  \"format\": \"dbaudit-snapshot\",\n  \"version\": 1,\n  x\n}",
              "snap.json:4:3: invalid JSON: syntax error while parsing object key - invalid literal; last read: '1,<U+000A>  x'; expected "
              "string literal"},
             {"[1, 2]", "snap.json: not a dbaudit snapshot (no \"format\": \"dbaudit-snapshot\" at the top level)"},
             {R"({"format": "other"})", "snap.json: not a dbaudit snapshot (no \"format\": \"dbaudit-snapshot\" at the top level)"},
             {R"({"format": "dbaudit-snapshot"})", "snap.json: $.version: expected an integer, got null"},
             {R"({"format": "dbaudit-snapshot", "version": 2})",
              "snap.json: $.version: snapshot format version 2 is not one this dbaudit reads (1)"},
             {head + R"("tables": [{"name": "t"}, {"name": 5}]})", "snap.json: $.tables[1].name: expected a string, got a number"},
             {head + R"("tables": [{"name": "t", "columns": [{"name": "a", "not_null": "yes"}]}]})",
              "snap.json: $.tables[0].columns[0].not_null: expected true or false, got a string"},
             {head + R"("tables": [{"name": "t", "colums": []}]})", "snap.json: $.tables[0]: unknown key \"colums\""},
             {head + R"("tables": [{"name": "t", "columns": [{"generated": "sometimes"}]}]})",
              "snap.json: $.tables[0].columns[0].generated: unknown value \"sometimes\" (expected one of: none, virtual, stored)"},
             {head + R"("tables": {}})", "snap.json: $.tables: expected an array, got an object"},
             {head + R"("tables": [{"columns": [{"position": 1.5}]}]})",
              "snap.json: $.tables[0].columns[0].position: expected an integer, got a fractional number"},
             {head + R"("tables": [{"columns": [{"position": 99999999999}]}]})",
              "snap.json: $.tables[0].columns[0].position: number out of range"},
             {R"({"format": "dbaudit-snapshot", "version": 1, "engine": "oracle"})",
              "snap.json: $.engine: expected \"sqlite\" or \"postgresql\", got \"oracle\""},
             {R"({"format": "dbaudit-snapshot", "version": 1})", "snap.json: $.engine: expected \"sqlite\" or \"postgresql\", got \"\""},
         }) {
        EXPECT_EQ(error_of(c.text), c.message) << c.text;
    }
}

TEST(Snapshot, LooksLikeSnapshot) {
    EXPECT_TRUE(looks_like_snapshot(write_snapshot(model::Catalog{})));
    EXPECT_TRUE(looks_like_snapshot("\xEF\xBB\xBF  {\"format\":\"dbaudit-snapshot\"}"));
    EXPECT_FALSE(looks_like_snapshot("CREATE TABLE t (a);"));
    EXPECT_FALSE(looks_like_snapshot("-- {\"format\": \"dbaudit-snapshot\"}\nCREATE TABLE t (a);"));
    EXPECT_FALSE(looks_like_snapshot("{\"schema_version\": 1}"));
    EXPECT_FALSE(looks_like_snapshot(""));
}

}  // namespace
}  // namespace dbaudit::snapshot
