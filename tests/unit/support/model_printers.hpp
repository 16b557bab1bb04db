// GoogleTest printers for the model's value types, so a failing EXPECT_EQ shows fields, not bytes,
// and a whole-catalog dump to compare two catalogs field by field.
#pragma once

#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "dbaudit/model/catalog.hpp"

namespace dbaudit::model {

inline std::string quoted_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", \"" : "\"") + items[i] + "\"";
    return out + "]";
}

inline const char* generated_name(Generated generated) {
    switch (generated) {
        case Generated::none: return "none";
        case Generated::virtual_column: return "virtual";
        case Generated::stored_column: return "stored";
    }
    return "?";
}

inline void PrintTo(const Column& c, std::ostream* out) {
    *out << "Column{name=\"" << c.name << "\", type=\"" << c.type << "\", not_null=" << c.not_null
         << ", default=" << (c.default_expr ? "\"" + *c.default_expr + "\"" : std::string("nullopt")) << ", collation=\""
         << c.collation << "\", generated=" << generated_name(c.generated) << ", generation_expr=\"" << c.generation_expr
         << "\", hidden=" << c.hidden << ", position=" << c.position << "}";
}

inline void PrintTo(const PrimaryKey& k, std::ostream* out) {
    *out << "PrimaryKey{name=\"" << k.name << "\", columns=" << quoted_list(k.columns)
         << ", autoincrement=" << k.autoincrement << "}";
}

inline void PrintTo(const UniqueConstraint& u, std::ostream* out) {
    *out << "Unique{name=\"" << u.name << "\", columns=" << quoted_list(u.columns) << "}";
}

inline void PrintTo(const ForeignKey& k, std::ostream* out) {
    *out << "ForeignKey{name=\"" << k.name << "\", columns=" << quoted_list(k.columns) << ", referenced=\""
         << k.referenced_schema << "\".\"" << k.referenced_table << "\"" << quoted_list(k.referenced_columns)
         << ", on_update=" << to_sql(k.on_update) << ", on_delete=" << to_sql(k.on_delete) << ", match=\"" << k.match
         << "\", deferrable=" << k.deferrable << ", initially_deferred=" << k.initially_deferred << "}";
}

inline void PrintTo(const CheckConstraint& c, std::ostream* out) {
    *out << "Check{name=\"" << c.name << "\", expression=\"" << c.expression << "\", column=\"" << c.column << "\"}";
}

inline void PrintTo(const TableOptions& o, std::ostream* out) {
    *out << "TableOptions{without_rowid=" << o.without_rowid << ", strict=" << o.strict << "}";
}

inline void PrintTo(const IndexKey& k, std::ostream* out) {
    *out << "IndexKey{column=\"" << k.column << "\", expression=\"" << k.expression << "\", descending=" << k.descending
         << ", collation=\"" << k.collation << "\"}";
}

inline const char* origin_name(IndexOrigin origin) {
    switch (origin) {
        case IndexOrigin::create_index: return "create_index";
        case IndexOrigin::unique_constraint: return "unique_constraint";
        case IndexOrigin::primary_key: return "primary_key";
    }
    return "?";
}

inline void PrintTo(const Index& i, std::ostream* out) {
    *out << "Index{schema=\"" << i.schema << "\", name=\"" << i.name << "\", table=\"" << i.table
         << "\", unique=" << i.unique << ", origin=" << origin_name(i.origin) << ", keys=[";
    for (const auto& key : i.keys) {
        PrintTo(key, out);
        *out << " ";
    }
    *out << "], predicate=\"" << i.predicate << "\", sql=\"" << i.sql << "\"}";
}

// Everything a catalog holds, one fact per line, in catalog order: two catalogs are the same model
// exactly when their dumps are equal, and a failing comparison shows the differing line.
inline std::string dump_catalog(const Catalog& catalog) {
    std::ostringstream out;
    out << "engine " << catalog.engine << " matching " << static_cast<int>(catalog.name_matching) << "\n";
    for (const Table& t : catalog.tables) {
        out << "table \"" << t.qualified_name() << "\" options ";
        PrintTo(t.options, &out);
        out << " comment \"" << t.comment << "\"\n  sql " << t.sql << "\n";
        auto fact = [&](const auto& value) {
            out << "  ";
            PrintTo(value, &out);
            out << "\n";
        };
        for (const Column& c : t.columns) fact(c);
        if (t.primary_key) fact(*t.primary_key);
        for (const auto& u : t.uniques) fact(u);
        for (const auto& k : t.foreign_keys) fact(k);
        for (const auto& c : t.checks) fact(c);
        for (const auto& i : t.indexes) fact(i);
    }
    for (const View& v : catalog.views) out << "view \"" << v.qualified_name() << "\" " << v.definition << "\n  sql " << v.sql << "\n";
    for (const Trigger& t : catalog.triggers)
        out << "trigger \"" << t.qualified_name() << "\" on \"" << t.table << "\" " << t.timing << " " << t.event << " "
            << t.definition << "\n  sql " << t.sql << "\n";
    for (const SeedStatement& s : catalog.seeds) out << "seed " << s.table << " at " << s.location.to_string() << " " << s.sql << "\n";
    return out.str();
}

}  // namespace dbaudit::model
