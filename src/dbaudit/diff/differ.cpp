#include "dbaudit/diff/differ.hpp"

#include <algorithm>

#include "dbaudit/util/text.hpp"

namespace dbaudit::diff {

namespace {

// Compares names under the catalog's rules.
struct Names {
    const model::Catalog& catalog;

    bool same(const std::string& a, const std::string& b) const {
        return catalog.name_matching == model::NameMatching::exact ? a == b : util::iequals(a, b);
    }
    bool same(const std::vector<std::string>& a, const std::vector<std::string>& b) const {
        return a.size() == b.size() &&
               std::equal(a.begin(), a.end(), b.begin(), [&](const auto& x, const auto& y) { return same(x, y); });
    }
    // Optional names (constraints) only count when both sides have one.
    bool same_optional(const std::string& a, const std::string& b) const {
        return a.empty() || b.empty() || same(a, b);
    }
};

ColumnDelta compare_columns(const model::Column& expected, const model::Column& live) {
    ColumnDelta delta;
    delta.type = expected.type != live.type;
    delta.not_null = expected.not_null != live.not_null;
    delta.default_expr = expected.default_expr != live.default_expr;
    delta.collation = !util::iequals(expected.collation, live.collation);
    delta.generated = expected.generated != live.generated || expected.generation_expr != live.generation_expr;
    delta.identity = expected.identity != live.identity;
    return delta;
}

bool same_keys(const Names& names, const std::vector<model::IndexKey>& a, const std::vector<model::IndexKey>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!names.same(a[i].column, b[i].column) || a[i].expression != b[i].expression ||
            a[i].descending != b[i].descending || !util::iequals(a[i].collation, b[i].collation) ||
            a[i].opclass != b[i].opclass || a[i].nulls_first != b[i].nulls_first)
            return false;
    }
    return true;
}

bool same_foreign_key_target(const Names& names, const model::ForeignKey& a, const model::ForeignKey& b) {
    return names.same(a.columns, b.columns) && names.same(a.referenced_table, b.referenced_table) &&
           names.same(a.referenced_schema, b.referenced_schema);
}

bool same_foreign_key_details(const Names& names, const model::ForeignKey& a, const model::ForeignKey& b) {
    return names.same(a.referenced_columns, b.referenced_columns) && a.on_update == b.on_update &&
           a.on_delete == b.on_delete && a.match == b.match && a.deferrable == b.deferrable &&
           a.initially_deferred == b.initially_deferred && a.not_valid == b.not_valid && names.same_optional(a.name, b.name);
}

void diff_columns(const Names& names, const model::Table& expected, const model::Table& live, ChangeSet& out) {
    const std::string& table = expected.qualified_name();
    std::vector<std::string> expected_order, live_order;  // shared columns, in each side's order
    for (const model::Column& column : expected.columns) {
        const model::Column* other = live.find_column(column.name, names.catalog.name_matching != model::NameMatching::exact);
        if (!other) {
            out.push_back(AddColumn{table, column});
            continue;
        }
        expected_order.push_back(column.name);
        const ColumnDelta delta = compare_columns(column, *other);
        if (delta.any()) out.push_back(ModifyColumn{table, column, *other, delta});
    }
    for (const model::Column& column : live.columns) {
        if (expected.find_column(column.name, names.catalog.name_matching != model::NameMatching::exact)) {
            live_order.push_back(column.name);
        } else {
            out.push_back(DropColumn{table, column});
        }
    }
    if (!names.same(expected_order, live_order)) out.push_back(ReorderColumns{table, expected_order, live_order});
}

std::string deferral(bool deferrable, bool deferred) {
    return deferrable ? (deferred ? "DEFERRABLE INITIALLY DEFERRED" : "DEFERRABLE") : "NOT DEFERRABLE";
}

// PostgreSQL constraint flags on constraints both sides have.
void diff_constraint_flags(const Names& names, const model::Table& expected, const model::Table& live, ChangeSet& out) {
    const std::string& table = expected.qualified_name();
    if (expected.primary_key && live.primary_key &&
        (expected.primary_key->deferrable != live.primary_key->deferrable ||
         expected.primary_key->initially_deferred != live.primary_key->initially_deferred))
        out.push_back(ModifyConstraint{table, expected.primary_key->name, "primary_key",
                                       deferral(expected.primary_key->deferrable, expected.primary_key->initially_deferred),
                                       deferral(live.primary_key->deferrable, live.primary_key->initially_deferred)});
    for (const auto& unique : expected.uniques) {
        for (const auto& other : live.uniques) {
            if (!names.same(unique.columns, other.columns)) continue;
            auto describe = [](const model::UniqueConstraint& u) {
                return deferral(u.deferrable, u.initially_deferred) + (u.nulls_not_distinct ? " NULLS NOT DISTINCT" : "");
            };
            if (describe(unique) != describe(other))
                out.push_back(ModifyConstraint{table, unique.name, "unique", describe(unique), describe(other)});
            break;
        }
    }
    for (const auto& check : expected.checks) {
        for (const auto& other : live.checks) {
            if (other.expression != check.expression || !names.same_optional(other.name, check.name)) continue;
            auto describe = [](const model::CheckConstraint& c) {
                return std::string(c.not_valid ? "NOT VALID" : "VALID") + (c.no_inherit ? " NO INHERIT" : "");
            };
            if (describe(check) != describe(other))
                out.push_back(ModifyConstraint{table, check.name, "check", describe(check), describe(other)});
            break;
        }
    }
    auto has_exclusion = [&](const model::Table& t, const model::ExclusionConstraint& x) {
        return std::any_of(t.exclusions.begin(), t.exclusions.end(), [&](const auto& y) {
            return y.definition == x.definition && names.same_optional(y.name, x.name);
        });
    };
    for (const auto& exclusion : expected.exclusions)
        if (!has_exclusion(live, exclusion)) out.push_back(AddExclusion{table, exclusion});
    for (const auto& exclusion : live.exclusions)
        if (!has_exclusion(expected, exclusion)) out.push_back(DropExclusion{table, exclusion});
    if (expected.row_security != live.row_security || expected.force_row_security != live.force_row_security)
        out.push_back(ModifyRowSecurity{table, expected.row_security, live.row_security, expected.force_row_security,
                                        live.force_row_security});
}

void diff_constraints(const Names& names, const model::Table& expected, const model::Table& live, ChangeSet& out) {
    const std::string& table = expected.qualified_name();
    const bool same_pk = expected.primary_key.has_value() == live.primary_key.has_value() &&
                         (!expected.primary_key ||
                          (names.same(expected.primary_key->columns, live.primary_key->columns) &&
                           expected.primary_key->autoincrement == live.primary_key->autoincrement &&
                           names.same_optional(expected.primary_key->name, live.primary_key->name)));
    if (!same_pk) out.push_back(ModifyPrimaryKey{table, expected.primary_key, live.primary_key});

    auto has_unique = [&](const model::Table& t, const model::UniqueConstraint& u) {
        return std::any_of(t.uniques.begin(), t.uniques.end(),
                           [&](const auto& x) { return names.same(x.columns, u.columns); });
    };
    for (const auto& unique : expected.uniques)
        if (!has_unique(live, unique)) out.push_back(AddUnique{table, unique});
    for (const auto& unique : live.uniques)
        if (!has_unique(expected, unique)) out.push_back(DropUnique{table, unique});

    for (const auto& key : expected.foreign_keys) {
        auto match = std::find_if(live.foreign_keys.begin(), live.foreign_keys.end(),
                                  [&](const auto& x) { return same_foreign_key_target(names, key, x); });
        if (match == live.foreign_keys.end()) {
            out.push_back(AddForeignKey{table, key});
        } else if (!same_foreign_key_details(names, key, *match)) {
            out.push_back(ModifyForeignKey{table, key, *match});
        }
    }
    for (const auto& key : live.foreign_keys) {
        if (std::none_of(expected.foreign_keys.begin(), expected.foreign_keys.end(),
                         [&](const auto& x) { return same_foreign_key_target(names, key, x); }))
            out.push_back(DropForeignKey{table, key});
    }

    auto has_check = [&](const model::Table& t, const model::CheckConstraint& c) {
        return std::any_of(t.checks.begin(), t.checks.end(), [&](const auto& x) {
            return x.expression == c.expression && names.same_optional(x.name, c.name);
        });
    };
    for (const auto& check : expected.checks)
        if (!has_check(live, check)) out.push_back(AddCheck{table, check});
    for (const auto& check : live.checks)
        if (!has_check(expected, check)) out.push_back(DropCheck{table, check});

    if (!(expected.options == live.options)) out.push_back(ModifyTableOptions{table, expected.options, live.options});
}

void diff_index_lists(const Names& names, const std::vector<model::Index>& expected, const std::vector<model::Index>& live,
                      ChangeSet& out) {
    auto find = [&](const std::vector<model::Index>& list, const std::string& name) -> const model::Index* {
        for (const auto& index : list)
            if (names.same(index.name, name)) return &index;
        return nullptr;
    };
    for (const auto& index : expected) {
        const model::Index* other = find(live, index.name);
        if (!other) {
            out.push_back(AddIndex{index});
        } else if (index.unique != other->unique || index.predicate != other->predicate ||
                   !same_keys(names, index.keys, other->keys) || index.method != other->method ||
                   !names.same(index.include, other->include) || index.nulls_not_distinct != other->nulls_not_distinct) {
            out.push_back(ModifyIndex{index, *other});
        }
    }
    for (const auto& index : live)
        if (!find(expected, index.name)) out.push_back(DropIndex{index});
}

void diff_indexes(const Names& names, const model::Table& expected, const model::Table& live, ChangeSet& out) {
    diff_index_lists(names, expected.indexes, live.indexes, out);
}

// Walks two sorted object lists in step, calling on_pair / on_expected_only / on_live_only.
template <typename T, typename Both, typename ExpectedOnly, typename LiveOnly>
void merge_walk(const model::Catalog& catalog, const std::vector<T>& expected, const std::vector<T>& live,
                Both on_pair, ExpectedOnly on_expected_only, LiveOnly on_live_only) {
    std::size_t i = 0, j = 0;
    while (i < expected.size() || j < live.size()) {
        if (j == live.size()) {
            on_expected_only(expected[i++]);
            continue;
        }
        if (i == expected.size()) {
            on_live_only(live[j++]);
            continue;
        }
        const std::string a = catalog.name_key(expected[i].qualified_name());
        const std::string b = catalog.name_key(live[j].qualified_name());
        if (a == b) {
            on_pair(expected[i++], live[j++]);
        } else if (a < b) {
            on_expected_only(expected[i++]);
        } else {
            on_live_only(live[j++]);
        }
    }
}

// The schema part of a qualified name ("public.leads" -> "public").
std::string schema_of(const std::string& qualified) { return qualified.substr(0, qualified.find('.')); }

void push_comment(const model::Catalog& expected, const std::string& kind, const std::string& object,
                  const std::string& table, const std::string& e, const std::string& l, ChangeSet& out) {
    if (expected.catalog_comments && e != l) out.push_back(ModifyComment{kind, object, table, e, l});
}

void diff_column_comments(const Names& names, const model::Table& expected, const model::Table& live, ChangeSet& out) {
    for (const model::Column& column : expected.columns) {
        const model::Column* other = live.find_column(column.name, names.catalog.name_matching != model::NameMatching::exact);
        if (other)
            push_comment(names.catalog, "column", expected.qualified_name() + "." + column.name, expected.qualified_name(),
                         column.comment, other->comment, out);
    }
}

template <typename T>
void facts_differ(std::vector<std::string>& facts, const char* name, const T& a, const T& b) {
    if (!(a == b)) facts.emplace_back(name);
}

}  // namespace

ChangeSet diff_catalogs(const model::Catalog& expected, const model::Catalog& live) {
    const Names names{expected};
    ChangeSet out;

    if (!expected.server_version.empty() && !live.server_version.empty() &&
        schema_of(expected.server_version) != schema_of(live.server_version))
        out.push_back(ServerVersionMismatch{expected.server_version, live.server_version});

    // Kinds one side could not read are not compared at all.
    auto hidden = [&](const char* kind) { return expected.find_privilege_note(kind) || live.find_privilege_note(kind); };
    auto note_hidden = [&](const char* kind, std::size_t expected_count) {
        for (const model::Catalog* side : {&live, &expected}) {
            if (const model::PrivilegeNote* note = side->find_privilege_note(kind))
                out.push_back(NotVisible{kind, note->reason, side == &live, expected_count});
        }
    };

    // Live schemas the expected side does not have at all (PostgreSQL: auth, storage ...): one
    // finding each, their objects are not listed one by one.
    std::vector<std::string> foreign_schemas;
    for (const model::Schema& schema : live.schemas)
        if (!expected.find_schema(schema.name)) foreign_schemas.push_back(schema.name);
    auto in_foreign_schema = [&](const std::string& schema) {
        return std::find(foreign_schemas.begin(), foreign_schemas.end(), schema) != foreign_schemas.end();
    };

    merge_walk(
        expected, expected.schemas, live.schemas,
        [&](const model::Schema& e, const model::Schema& l) { push_comment(expected, "schema", e.name, {}, e.comment, l.comment, out); },
        [&](const model::Schema& e) { out.push_back(AddSchema{e}); },
        [&](const model::Schema& l) {
            std::size_t objects = 0;
            auto count = [&](const auto& list, auto schema) {
                for (const auto& object : list)
                    if (schema(object) == l.name) ++objects;
            };
            auto own = [](const auto& object) { return object.schema; };
            count(live.tables, own);
            count(live.views, own);
            count(live.materialized_views, own);
            count(live.functions, own);
            count(live.types, own);
            count(live.sequences, own);
            out.push_back(DropSchema{l, objects});
        });

    if (hidden("extension")) {
        note_hidden("extension", expected.extensions.size());
    } else {
        merge_walk(
            expected, expected.extensions, live.extensions,
            [&](const model::Extension& e, const model::Extension& l) {
                std::vector<std::string> facts;
                facts_differ(facts, "version", e.version, l.version);
                facts_differ(facts, "schema", e.schema, l.schema);
                if (!facts.empty()) out.push_back(ModifyExtension{e, l, facts});
            },
            [&](const model::Extension& e) {
                const model::AvailableExtension* offer = live.find_available_extension(e.name);
                out.push_back(AddExtension{e, offer != nullptr, offer ? offer->default_version : std::string()});
            },
            [&](const model::Extension& l) { out.push_back(DropExtension{l}); });
    }

    if (hidden("type")) {
        note_hidden("type", expected.types.size());
    } else {
        merge_walk(
            expected, expected.types, live.types,
            [&](const model::UserType& e, const model::UserType& l) {
                std::vector<std::string> facts;
                facts_differ(facts, "kind", e.kind, l.kind);
                facts_differ(facts, "labels", e.labels, l.labels);
                facts_differ(facts, "base type", e.base_type, l.base_type);
                facts_differ(facts, "nullability", e.not_null, l.not_null);
                facts_differ(facts, "default", e.default_expr, l.default_expr);
                facts_differ(facts, "checks", e.checks, l.checks);
                facts_differ(facts, "attributes", e.attributes, l.attributes);
                facts_differ(facts, "collation", e.collation, l.collation);
                if (!facts.empty()) out.push_back(ModifyType{e, l, facts});
                push_comment(expected, "type", e.qualified_name(), {}, e.comment, l.comment, out);
            },
            [&](const model::UserType& e) { out.push_back(AddType{e}); },
            [&](const model::UserType& l) {
                if (!in_foreign_schema(l.schema)) out.push_back(DropType{l});
            });
    }

    const bool constraints_hidden = hidden("constraint"), indexes_hidden = hidden("index");
    if (constraints_hidden) note_hidden("constraint", 0);
    if (indexes_hidden) note_hidden("index", 0);
    merge_walk(
        expected, expected.tables, live.tables,
        [&](const model::Table& e, const model::Table& l) {
            diff_columns(names, e, l, out);
            if (!constraints_hidden) {
                diff_constraints(names, e, l, out);
                diff_constraint_flags(names, e, l, out);
            } else if (!(e.options == l.options)) {
                out.push_back(ModifyTableOptions{e.qualified_name(), e.options, l.options});
            }
            if (!indexes_hidden) diff_indexes(names, e, l, out);
            push_comment(expected, "table", e.qualified_name(), {}, e.comment, l.comment, out);
            diff_column_comments(names, e, l, out);
        },
        [&](const model::Table& e) {
            out.push_back(AddTable{e});
            for (const auto& index : e.indexes) out.push_back(AddIndex{index, true});
        },
        [&](const model::Table& l) {
            if (!in_foreign_schema(l.schema)) out.push_back(DropTable{l});
        });

    if (hidden("sequence")) {
        note_hidden("sequence", expected.sequences.size());
    } else {
        merge_walk(
            expected, expected.sequences, live.sequences,
            [&](const model::Sequence& e, const model::Sequence& l) {
                std::vector<std::string> facts;
                facts_differ(facts, "type", e.data_type, l.data_type);
                facts_differ(facts, "increment", e.increment, l.increment);
                facts_differ(facts, "minimum", e.min_value, l.min_value);
                facts_differ(facts, "maximum", e.max_value, l.max_value);
                facts_differ(facts, "cycle", e.cycle, l.cycle);
                facts_differ(facts, "owner", e.owned_by, l.owned_by);
                if (!facts.empty()) out.push_back(ModifySequence{e, l, facts});
            },
            [&](const model::Sequence& e) {
                // A SERIAL column's sequence comes back with its table: a missing table's is implied.
                const std::string table = e.owned_by.substr(0, e.owned_by.rfind('.'));
                if (!e.owned_by.empty() && !live.find_table(table)) return;
                out.push_back(AddSequence{e});
            },
            [&](const model::Sequence& l) {
                // A SERIAL column's sequence goes with its table: an extra table's is not listed again.
                const std::string table = l.owned_by.substr(0, l.owned_by.rfind('.'));
                if (!l.owned_by.empty() && !expected.find_table(table)) return;
                if (!in_foreign_schema(l.schema)) out.push_back(DropSequence{l});
            });
    }

    merge_walk(
        expected, expected.views, live.views,
        [&](const model::View& e, const model::View& l) {
            if (e.definition != l.definition || e.options != l.options) out.push_back(ModifyView{e, l});
            push_comment(expected, "view", e.qualified_name(), {}, e.comment, l.comment, out);
        },
        [&](const model::View& e) { out.push_back(AddView{e}); },
        [&](const model::View& l) {
            if (!in_foreign_schema(l.schema)) out.push_back(DropView{l});
        });

    merge_walk(
        expected, expected.materialized_views, live.materialized_views,
        [&](const model::View& e, const model::View& l) {
            if (e.definition != l.definition || e.options != l.options) out.push_back(ModifyMaterializedView{e, l});
            if (!indexes_hidden) diff_index_lists(names, e.indexes, l.indexes, out);
            push_comment(expected, "materialized_view", e.qualified_name(), {}, e.comment, l.comment, out);
        },
        [&](const model::View& e) {
            out.push_back(AddMaterializedView{e});
            for (const auto& index : e.indexes) out.push_back(AddIndex{index, true});
        },
        [&](const model::View& l) {
            if (!in_foreign_schema(l.schema)) out.push_back(DropMaterializedView{l});
        });

    if (hidden("function")) {
        note_hidden("function", expected.functions.size());
    } else {
        merge_walk(
            expected, expected.functions, live.functions,
            [&](const model::Function& e, const model::Function& l) {
                std::vector<std::string> facts;
                facts_differ(facts, "kind", e.kind, l.kind);
                facts_differ(facts, "result", e.result, l.result);
                facts_differ(facts, "language", e.language, l.language);
                facts_differ(facts, "volatility", e.volatility, l.volatility);
                facts_differ(facts, "security definer", e.security_definer, l.security_definer);
                facts_differ(facts, "strictness", e.strict, l.strict);
                facts_differ(facts, "body", e.body_key, l.body_key);
                if (!facts.empty()) out.push_back(ModifyFunction{e, l, facts});
                push_comment(expected, e.kind, e.qualified_name(), {}, e.comment, l.comment, out);
            },
            [&](const model::Function& e) { out.push_back(AddFunction{e}); },
            [&](const model::Function& l) {
                if (!in_foreign_schema(l.schema)) out.push_back(DropFunction{l});
            });
    }

    if (hidden("trigger")) {
        note_hidden("trigger", expected.triggers.size());
    } else {
        merge_walk(
            expected, expected.triggers, live.triggers,
            [&](const model::Trigger& e, const model::Trigger& l) {
                if (e.definition != l.definition || e.enabled != l.enabled) out.push_back(ModifyTrigger{e, l});
            },
            [&](const model::Trigger& e) {
                const bool table_missing = !live.find_table(e.table) && !live.find_view(e.table);
                out.push_back(AddTrigger{e, table_missing});
            },
            [&](const model::Trigger& l) {
                if (live.schemas.empty() || !in_foreign_schema(schema_of(l.table))) out.push_back(DropTrigger{l});
            });
    }

    if (hidden("policy")) {
        note_hidden("policy", expected.policies.size());
    } else {
        merge_walk(
            expected, expected.policies, live.policies,
            [&](const model::Policy& e, const model::Policy& l) {
                std::vector<std::string> facts;
                facts_differ(facts, "command", e.command, l.command);
                facts_differ(facts, "permissive", e.permissive, l.permissive);
                facts_differ(facts, "roles", e.roles, l.roles);
                facts_differ(facts, "USING", e.using_expr, l.using_expr);
                facts_differ(facts, "WITH CHECK", e.with_check, l.with_check);
                if (!facts.empty()) out.push_back(ModifyPolicy{e, l, facts});
            },
            [&](const model::Policy& e) { out.push_back(AddPolicy{e, !live.find_table(e.table)}); },
            [&](const model::Policy& l) {
                if (!in_foreign_schema(l.schema)) out.push_back(DropPolicy{l});
            });
    }

    if (hidden("unsupported")) {
        note_hidden("unsupported", expected.unsupported.size());
    } else {
        merge_walk(
            expected, expected.unsupported, live.unsupported,
            [&](const model::UnsupportedObject& e, const model::UnsupportedObject&) { out.push_back(UnsupportedChange{e, true, true}); },
            [&](const model::UnsupportedObject& e) { out.push_back(UnsupportedChange{e, true, false}); },
            [&](const model::UnsupportedObject& l) {
                const auto dot = l.name.find('.');
                if (dot == std::string::npos || !in_foreign_schema(l.name.substr(0, dot))) out.push_back(UnsupportedChange{l, false, true});
            });
    }
    return out;
}

}  // namespace dbaudit::diff
