// Every field of every model struct, once: a key (the JSON snapshot's name for it) and the member.
// The JSON snapshot (snapshot.cpp) and the cache's binary form (binary_catalog.cpp) both walk these
// lists, so neither can forget a field the other carries. When a model struct gains a field, add it
// here (tests/unit/snapshot/snapshot_test.cpp counts the fields and fails until you do).
#pragma once

#include <string_view>
#include <tuple>

#include "dbaudit/model/catalog.hpp"
#include "dbaudit/util/source_location.hpp"

namespace dbaudit::snapshot {

template <typename T, typename V>
struct FieldRef {
    std::string_view key;
    V T::*member;
};

template <typename T, typename V>
constexpr FieldRef<T, V> field(std::string_view key, V T::*member) {
    return {key, member};
}

template <typename T>
struct ModelFields;  // specialised for every model struct: static constexpr auto fields = std::make_tuple(...)

template <typename T>
concept Described = requires { ModelFields<T>::fields; };

// Calls `visit(field)` for every field of T, in the order listed.
template <typename T, typename Visit>
constexpr void for_each_field(Visit&& visit) {
    std::apply([&](const auto&... f) { (visit(f), ...); }, ModelFields<T>::fields);
}

template <>
struct ModelFields<util::SourceLocation> {
    using T = util::SourceLocation;
    static constexpr auto fields = std::make_tuple(
        field("file", &T::file),
        field("line", &T::line),
        field("column", &T::column));
};

template <>
struct ModelFields<model::Column> {
    using T = model::Column;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("type", &T::type),
        field("type_class", &T::type_class),
        field("not_null", &T::not_null),
        field("default", &T::default_expr),
        field("collation", &T::collation),
        field("generated", &T::generated),
        field("generation_expr", &T::generation_expr),
        field("hidden", &T::hidden),
        field("identity", &T::identity),
        field("comment", &T::comment),
        field("position", &T::position));
};

template <>
struct ModelFields<model::PrimaryKey> {
    using T = model::PrimaryKey;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("columns", &T::columns),
        field("autoincrement", &T::autoincrement),
        field("deferrable", &T::deferrable),
        field("initially_deferred", &T::initially_deferred));
};

template <>
struct ModelFields<model::UniqueConstraint> {
    using T = model::UniqueConstraint;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("columns", &T::columns),
        field("deferrable", &T::deferrable),
        field("initially_deferred", &T::initially_deferred),
        field("nulls_not_distinct", &T::nulls_not_distinct));
};

template <>
struct ModelFields<model::ForeignKey> {
    using T = model::ForeignKey;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("columns", &T::columns),
        field("referenced_schema", &T::referenced_schema),
        field("referenced_table", &T::referenced_table),
        field("referenced_columns", &T::referenced_columns),
        field("on_update", &T::on_update),
        field("on_delete", &T::on_delete),
        field("match", &T::match),
        field("deferrable", &T::deferrable),
        field("initially_deferred", &T::initially_deferred),
        field("not_valid", &T::not_valid));
};

template <>
struct ModelFields<model::CheckConstraint> {
    using T = model::CheckConstraint;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("expression", &T::expression),
        field("column", &T::column),
        field("not_valid", &T::not_valid),
        field("no_inherit", &T::no_inherit));
};

template <>
struct ModelFields<model::ExclusionConstraint> {
    using T = model::ExclusionConstraint;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("definition", &T::definition),
        field("deferrable", &T::deferrable),
        field("initially_deferred", &T::initially_deferred));
};

template <>
struct ModelFields<model::IndexKey> {
    using T = model::IndexKey;
    static constexpr auto fields = std::make_tuple(
        field("column", &T::column),
        field("expression", &T::expression),
        field("descending", &T::descending),
        field("collation", &T::collation),
        field("opclass", &T::opclass),
        field("nulls_first", &T::nulls_first));
};

template <>
struct ModelFields<model::Index> {
    using T = model::Index;
    static constexpr auto fields = std::make_tuple(
        field("schema", &T::schema),
        field("name", &T::name),
        field("table", &T::table),
        field("unique", &T::unique),
        field("origin", &T::origin),
        field("keys", &T::keys),
        field("predicate", &T::predicate),
        field("method", &T::method),
        field("include", &T::include),
        field("nulls_not_distinct", &T::nulls_not_distinct),
        field("sql", &T::sql));
};

template <>
struct ModelFields<model::TableOptions> {
    using T = model::TableOptions;
    static constexpr auto fields = std::make_tuple(
        field("without_rowid", &T::without_rowid),
        field("strict", &T::strict),
        field("unlogged", &T::unlogged),
        field("partition_key", &T::partition_key),
        field("partition_of", &T::partition_of));
};

template <>
struct ModelFields<model::Table> {
    using T = model::Table;
    static constexpr auto fields = std::make_tuple(
        field("schema", &T::schema),
        field("name", &T::name),
        field("columns", &T::columns),
        field("primary_key", &T::primary_key),
        field("uniques", &T::uniques),
        field("foreign_keys", &T::foreign_keys),
        field("checks", &T::checks),
        field("exclusions", &T::exclusions),
        field("indexes", &T::indexes),
        field("options", &T::options),
        field("row_security", &T::row_security),
        field("force_row_security", &T::force_row_security),
        field("comment", &T::comment),
        field("sql", &T::sql));
};

template <>
struct ModelFields<model::View> {
    using T = model::View;
    static constexpr auto fields = std::make_tuple(
        field("schema", &T::schema),
        field("name", &T::name),
        field("definition", &T::definition),
        field("sql", &T::sql),
        field("materialized", &T::materialized),
        field("indexes", &T::indexes),
        field("options", &T::options),
        field("comment", &T::comment),
        field("columns", &T::columns));
};

template <>
struct ModelFields<model::Trigger> {
    using T = model::Trigger;
    static constexpr auto fields = std::make_tuple(
        field("schema", &T::schema),
        field("name", &T::name),
        field("table", &T::table),
        field("timing", &T::timing),
        field("event", &T::event),
        field("definition", &T::definition),
        field("sql", &T::sql),
        field("enabled", &T::enabled));
};

template <>
struct ModelFields<model::SeedStatement> {
    using T = model::SeedStatement;
    static constexpr auto fields = std::make_tuple(
        field("table", &T::table),
        field("sql", &T::sql),
        field("location", &T::location));
};

template <>
struct ModelFields<model::RenameAnnotation> {
    using T = model::RenameAnnotation;
    static constexpr auto fields = std::make_tuple(
        field("kind", &T::kind),
        field("table", &T::table),
        field("column", &T::column),
        field("from", &T::from),
        field("location", &T::location));
};

template <>
struct ModelFields<model::Schema> {
    using T = model::Schema;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("comment", &T::comment));
};

template <>
struct ModelFields<model::Extension> {
    using T = model::Extension;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("version", &T::version),
        field("schema", &T::schema),
        field("comment", &T::comment));
};

template <>
struct ModelFields<model::AvailableExtension> {
    using T = model::AvailableExtension;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("default_version", &T::default_version));
};

template <>
struct ModelFields<model::TypeAttribute> {
    using T = model::TypeAttribute;
    static constexpr auto fields = std::make_tuple(
        field("name", &T::name),
        field("type", &T::type),
        field("collation", &T::collation));
};

template <>
struct ModelFields<model::UserType> {
    using T = model::UserType;
    static constexpr auto fields = std::make_tuple(
        field("schema", &T::schema),
        field("name", &T::name),
        field("kind", &T::kind),
        field("labels", &T::labels),
        field("base_type", &T::base_type),
        field("not_null", &T::not_null),
        field("default", &T::default_expr),
        field("checks", &T::checks),
        field("attributes", &T::attributes),
        field("collation", &T::collation),
        field("comment", &T::comment));
};

template <>
struct ModelFields<model::Sequence> {
    using T = model::Sequence;
    static constexpr auto fields = std::make_tuple(
        field("schema", &T::schema),
        field("name", &T::name),
        field("data_type", &T::data_type),
        field("start", &T::start),
        field("increment", &T::increment),
        field("min_value", &T::min_value),
        field("max_value", &T::max_value),
        field("cache", &T::cache),
        field("cycle", &T::cycle),
        field("owned_by", &T::owned_by),
        field("comment", &T::comment));
};

template <>
struct ModelFields<model::Function> {
    using T = model::Function;
    static constexpr auto fields = std::make_tuple(
        field("schema", &T::schema),
        field("name", &T::name),
        field("arguments", &T::arguments),
        field("kind", &T::kind),
        field("result", &T::result),
        field("language", &T::language),
        field("volatility", &T::volatility),
        field("security_definer", &T::security_definer),
        field("strict", &T::strict),
        field("body", &T::body),
        field("body_key", &T::body_key),
        field("definition", &T::definition),
        field("comment", &T::comment));
};

template <>
struct ModelFields<model::Policy> {
    using T = model::Policy;
    static constexpr auto fields = std::make_tuple(
        field("schema", &T::schema),
        field("table", &T::table),
        field("name", &T::name),
        field("command", &T::command),
        field("permissive", &T::permissive),
        field("roles", &T::roles),
        field("using", &T::using_expr),
        field("with_check", &T::with_check));
};

template <>
struct ModelFields<model::UnsupportedObject> {
    using T = model::UnsupportedObject;
    static constexpr auto fields = std::make_tuple(
        field("kind", &T::kind),
        field("name", &T::name));
};

template <>
struct ModelFields<model::PrivilegeNote> {
    using T = model::PrivilegeNote;
    static constexpr auto fields = std::make_tuple(
        field("kind", &T::kind),
        field("reason", &T::reason));
};

template <>
struct ModelFields<model::ObjectSource> {
    using T = model::ObjectSource;
    static constexpr auto fields = std::make_tuple(
        field("kind", &T::kind),
        field("name", &T::name),
        field("table", &T::table),
        field("location", &T::location));
};

// The snapshot's top level after "format" and "version".
template <>
struct ModelFields<model::Catalog> {
    using T = model::Catalog;
    static constexpr auto fields = std::make_tuple(
        field("engine", &T::engine),
        field("name_matching", &T::name_matching),
        field("server_version", &T::server_version),
        field("catalog_comments", &T::catalog_comments),
        field("tables", &T::tables),
        field("views", &T::views),
        field("triggers", &T::triggers),
        field("seeds", &T::seeds),
        field("renames", &T::renames),
        field("schemas", &T::schemas),
        field("extensions", &T::extensions),
        field("available_extensions", &T::available_extensions),
        field("types", &T::types),
        field("sequences", &T::sequences),
        field("functions", &T::functions),
        field("materialized_views", &T::materialized_views),
        field("policies", &T::policies),
        field("unsupported", &T::unsupported),
        field("privilege_notes", &T::privilege_notes),
        field("sources", &T::sources));
};

}  // namespace dbaudit::snapshot
