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
    return delta;
}

bool same_keys(const Names& names, const std::vector<model::IndexKey>& a, const std::vector<model::IndexKey>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!names.same(a[i].column, b[i].column) || a[i].expression != b[i].expression ||
            a[i].descending != b[i].descending || !util::iequals(a[i].collation, b[i].collation))
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
           a.initially_deferred == b.initially_deferred && names.same_optional(a.name, b.name);
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

void diff_indexes(const Names& names, const model::Table& expected, const model::Table& live, ChangeSet& out) {
    auto find = [&](const model::Table& t, const std::string& name) -> const model::Index* {
        for (const auto& index : t.indexes)
            if (names.same(index.name, name)) return &index;
        return nullptr;
    };
    for (const auto& index : expected.indexes) {
        const model::Index* other = find(live, index.name);
        if (!other) {
            out.push_back(AddIndex{index});
        } else if (index.unique != other->unique || index.predicate != other->predicate ||
                   !same_keys(names, index.keys, other->keys)) {
            out.push_back(ModifyIndex{index, *other});
        }
    }
    for (const auto& index : live.indexes)
        if (!find(expected, index.name)) out.push_back(DropIndex{index});
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

}  // namespace

ChangeSet diff_catalogs(const model::Catalog& expected, const model::Catalog& live) {
    const Names names{expected};
    ChangeSet out;
    merge_walk(
        expected, expected.tables, live.tables,
        [&](const model::Table& e, const model::Table& l) {
            diff_columns(names, e, l, out);
            diff_constraints(names, e, l, out);
            diff_indexes(names, e, l, out);
        },
        [&](const model::Table& e) {
            out.push_back(AddTable{e});
            for (const auto& index : e.indexes) out.push_back(AddIndex{index, true});
        },
        [&](const model::Table& l) { out.push_back(DropTable{l}); });
    merge_walk(
        expected, expected.views, live.views,
        [&](const model::View& e, const model::View& l) {
            if (e.definition != l.definition) out.push_back(ModifyView{e, l});
        },
        [&](const model::View& e) { out.push_back(AddView{e}); }, [&](const model::View& l) { out.push_back(DropView{l}); });
    merge_walk(
        expected, expected.triggers, live.triggers,
        [&](const model::Trigger& e, const model::Trigger& l) {
            if (e.definition != l.definition) out.push_back(ModifyTrigger{e, l});
        },
        [&](const model::Trigger& e) {
            const bool table_missing = !live.find_table(e.table) && !live.find_view(e.table);
            out.push_back(AddTrigger{e, table_missing});
        },
        [&](const model::Trigger& l) { out.push_back(DropTrigger{l}); });
    return out;
}

}  // namespace dbaudit::diff
