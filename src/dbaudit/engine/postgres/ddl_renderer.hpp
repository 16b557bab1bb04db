// PostgreSQL DDL rendered from the engine-neutral model: pure functions, no connection. The model
// read by the inspector (live or shadow database) holds expressions and types as PostgreSQL
// prints them with search_path = pg_catalog (so schema-qualified and quoted where needed) and
// names raw, so names are quoted here and expressions are used as they are.
// Used by plan (each step) and by `inspect --format sql` (render_schema).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::model {
struct Catalog;
struct Column;
struct Table;
struct ForeignKey;
struct CheckConstraint;
struct UniqueConstraint;
struct PrimaryKey;
struct ExclusionConstraint;
struct Index;
struct View;
struct Trigger;
struct Schema;
struct Extension;
struct UserType;
struct Sequence;
struct Function;
struct Policy;
}  // namespace dbaudit::model

namespace dbaudit::engine::postgres {

// An identifier as PostgreSQL's quote_ident writes it: quoted only when it must be.
std::string quote_name(std::string_view name);
// "schema.name" from the two parts, each quoted when it must be.
std::string qualified(std::string_view schema, std::string_view name);
// A qualified name as the model writes it ("public.leads", raw) quoted part by part; `schema` is
// the schema part when known (names may contain dots).
std::string quote_qualified(std::string_view qualified_name, std::string_view schema = {});
std::string quote_string(std::string_view text);  // a string literal

// Table parts. The table is written without its foreign keys (render_add_foreign_key, after every
// table exists) and without its indexes (render_create_index).
std::string render_column(const model::Column& column);  // "name type [COLLATE] [GENERATED ...] [DEFAULT] [NOT NULL]"
std::string render_create_table(const model::Table& table);
std::string render_primary_key(const model::PrimaryKey& key);   // "[CONSTRAINT n] PRIMARY KEY (...)"
std::string render_unique(const model::UniqueConstraint& unique);
std::string render_check(const model::CheckConstraint& check);  // "[CONSTRAINT n] CHECK (...) [NO INHERIT]"
std::string render_foreign_key(const model::ForeignKey& key);   // "[CONSTRAINT n] FOREIGN KEY (...) REFERENCES ..."
std::string render_exclusion(const model::ExclusionConstraint& exclusion);
// ALTER TABLE t ADD <constraint clause> [NOT VALID]
std::string render_add_constraint(const model::Table& table, const std::string& clause, bool not_valid = false);
std::string render_add_foreign_key(const model::Table& table, const model::ForeignKey& key, bool not_valid = false);

std::string render_create_index(const model::Index& index, bool concurrently = false);
std::string render_create_view(const model::View& view, bool or_replace = false);  // views and materialized views
std::string render_create_schema(const model::Schema& schema);
std::string render_create_extension(const model::Extension& extension);
std::string render_create_type(const model::UserType& type);  // enum, domain, composite, range
// Without OWNED BY (the owning table may not exist yet): see render_sequence_owner.
std::string render_create_sequence(const model::Sequence& sequence);
std::string render_sequence_owner(const model::Sequence& sequence);  // empty when not owned
std::string render_create_function(const model::Function& function);  // CREATE OR REPLACE as the catalog has it
std::string render_create_trigger(const model::Trigger& trigger);
std::string render_create_policy(const model::Policy& policy);
// ALTER TABLE ... ENABLE / FORCE ROW LEVEL SECURITY as the table has them (nothing when off).
std::vector<std::string> render_row_security(const model::Table& table);

// COMMENT ON <kind> <object> IS '...' (or IS NULL for an empty comment). `kind` is the word the
// differ uses: table, column, view, materialized_view, schema, type, function, procedure,
// sequence, extension ... `object` is the model's qualified name.
std::string render_comment(std::string_view kind, std::string_view object, std::string_view comment);

// Whether a function's body is resolved when it is created even with check_function_bodies off
// (SQL-standard bodies: BEGIN ATOMIC ... END, RETURN ...): it must come after what it names.
bool body_resolved_at_create(const model::Function& function);

// Every object of the catalog as statements, in an order PostgreSQL accepts: schemas, extensions,
// types, sequences, functions, tables, sequence owners, foreign keys, indexes, views (each after
// the views it reads), materialized views, late functions, triggers, row security, policies,
// comments. Starts with `SET check_function_bodies = false` (as pg_dump does).
std::vector<std::string> render_schema_statements(const model::Catalog& catalog);
// The same as one script, each statement ended by ";\n".
std::string render_schema(const model::Catalog& catalog);

// The names a statement mentions as schema.name pairs ("public.orders"), from PostgreSQL's own
// scanner; unqualified words are listed too. For ordering views after what they read.
std::vector<std::string> mentioned_qualified_names(std::string_view sql);

}  // namespace dbaudit::engine::postgres
