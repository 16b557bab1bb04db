// dbaudit_gen_schema: writes a synthetic SQLite schema of N tables and a drifted copy of it, for
// the dbaudit benchmark (bench/audit_bench.sh).
//
//   dbaudit_gen_schema --tables N [--seed S] --out DIR
//
// writes
//   DIR/expected.sql      the schema the code expects
//   DIR/live.sql          the same schema with drift injected (what the "live" database has)
//   DIR/drift.txt         `key: value` lines: object counts and how much of each drift kind
//   DIR/drift_detail.txt  one line per injected drift, `kind object[ detail]`, to match findings
//
// The output depends only on N and the seed: the generator uses its own PRNG (splitmix64) and its
// own shuffling instead of <random>, whose distributions differ between standard libraries. Table
// tNNNNN is the same for every N with the same seed (each table draws from its own stream); only
// the drift, views and triggers depend on N.
//
// The drift is kept unambiguous so that counts can be checked against dbaudit's findings: each
// drifted table carries one drift kind only, dropped columns are never indexed, checked, part of a
// foreign key or used by a view or trigger, tables dropped from live are never referenced by a
// foreign key, and views and triggers only use tables and columns that exist in live.
//
// Standard library only; builds with `g++ -std=c++20 -O2 bench/gen_schema.cpp`.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }

    // Uniform in [lo, hi] (inclusive). The modulo bias is irrelevant at these ranges.
    int range(int lo, int hi) {
        if (hi <= lo) return lo;
        auto span = static_cast<std::uint64_t>(hi - lo) + 1;
        return lo + static_cast<int>(next() % span);
    }

    // True with probability pct/100.
    bool chance(int pct) { return static_cast<int>(next() % 100) < pct; }

    template <typename T>
    const T& pick(const std::vector<T>& v) {
        return v[static_cast<std::size_t>(range(0, static_cast<int>(v.size()) - 1))];
    }

    template <typename T>
    void shuffle(std::vector<T>& v) {
        for (std::size_t i = v.size(); i > 1; --i) {
            auto j = static_cast<std::size_t>(next() % i);
            std::swap(v[i - 1], v[j]);
        }
    }

private:
    std::uint64_t state_;
};

std::uint64_t mix(std::uint64_t a, std::uint64_t b) {
    Rng r(a * 0x100000001B3ULL ^ (b + 0x632BE59BD9B4E019ULL));
    r.next();
    return r.next();
}

// Stream identifiers, so that adding draws to one stage never changes another stage's output.
constexpr std::uint64_t kStreamTable = 1;
constexpr std::uint64_t kStreamDrift = 2;
constexpr std::uint64_t kStreamViews = 3;
constexpr std::uint64_t kStreamTriggers = 4;

// ---------------------------------------------------------------------------------------------
// Model

enum class Kind { integer, text, real, blob, numeric, varchar, timestamp, boolean };

struct Column {
    std::string name;
    Kind kind = Kind::integer;
    std::string type;  // declared type as written
    bool not_null = false;
    std::string default_expr;  // empty = no DEFAULT
    std::string references;    // parent table for a foreign key column, else empty
    std::string on_delete;     // "CASCADE" / "SET NULL" for foreign key columns
    bool pinned = false;       // indexed, checked, a foreign key, or the primary key: never dropped
    bool dropped_in_live = false;
    std::string live_type;     // non-empty when the type differs in live
    std::string live_default;  // non-empty when the default differs in live
};

struct Index {
    std::string name;
    std::string table;
    bool unique = false;
    std::vector<std::string> columns;
    std::string where;  // partial index predicate, empty if none
    bool missing_in_live = false;
};

struct Table {
    std::string name;
    std::vector<Column> columns;  // columns[0] is id
    std::vector<Index> indexes;
    std::string check;  // table CHECK constraint body, empty if none
    bool missing_in_live = false;
};

struct View {
    std::string name;
    std::string sql;  // full CREATE VIEW statement
    bool missing_in_live = false;
};

struct Trigger {
    std::string name;
    std::string sql;
};

std::string pad(int value, int width) {
    std::string digits = std::to_string(value);
    if (static_cast<int>(digits.size()) < width)
        digits.insert(0, static_cast<std::size_t>(width) - digits.size(), '0');
    return digits;
}

std::string table_name(int i) { return "t" + pad(i, 5); }

// ---------------------------------------------------------------------------------------------
// Expected schema

struct Vocabulary {
    Kind kind;
    int weight;
    std::vector<std::string> words;
};

const std::vector<Vocabulary>& vocabulary() {
    static const std::vector<Vocabulary> v = {
        {Kind::integer, 24, {"count", "qty", "rank", "version", "flags", "score", "status_code", "age",
                             "priority", "retries", "position", "level"}},
        {Kind::text, 22, {"name", "title", "note", "description", "email", "slug", "label", "comment",
                          "body", "path", "owner", "source"}},
        {Kind::real, 8, {"ratio", "weight", "lat", "lon", "price", "temperature", "rate"}},
        {Kind::blob, 4, {"payload", "digest", "thumbnail", "raw"}},
        {Kind::numeric, 8, {"amount", "balance", "total", "fee", "tax", "discount"}},
        {Kind::varchar, 15, {"code", "sku", "country", "currency", "phone", "token", "locale", "kind"}},
        {Kind::timestamp, 12, {"created_at", "updated_at", "deleted_at", "seen_at", "expires_at",
                               "synced_at"}},
        {Kind::boolean, 7, {"is_active", "is_deleted", "enabled", "verified", "archived"}},
    };
    return v;
}

const Vocabulary& pick_vocabulary(Rng& rng) {
    int total = 0;
    for (const auto& v : vocabulary()) total += v.weight;
    int r = rng.range(0, total - 1);
    for (const auto& v : vocabulary()) {
        if (r < v.weight) return v;
        r -= v.weight;
    }
    return vocabulary().front();
}

std::string type_for(Kind kind, Rng& rng) {
    switch (kind) {
    case Kind::integer: return "INTEGER";
    case Kind::text: return "TEXT";
    case Kind::real: return "REAL";
    case Kind::blob: return "BLOB";
    case Kind::numeric: return "NUMERIC";
    case Kind::varchar: {
        static const std::vector<int> sizes = {2, 3, 8, 16, 32, 64, 255};
        return "VARCHAR(" + std::to_string(rng.pick(sizes)) + ")";
    }
    case Kind::timestamp: return "TIMESTAMP";
    case Kind::boolean: return "BOOLEAN";
    }
    return "TEXT";
}

// A DEFAULT clause value for the kind, or empty for none.
std::string default_for(Kind kind, Rng& rng) {
    switch (kind) {
    case Kind::integer:
        if (!rng.chance(35)) return {};
        return rng.pick(std::vector<std::string>{"0", "1", "-1"});
    case Kind::text:
    case Kind::varchar:
        if (!rng.chance(30)) return {};
        return rng.pick(std::vector<std::string>{"'x'", "''", "'n/a'", "'pending'"});
    case Kind::real:
        if (!rng.chance(30)) return {};
        return rng.pick(std::vector<std::string>{"0.0", "1.5"});
    case Kind::numeric:
        if (!rng.chance(40)) return {};
        return rng.pick(std::vector<std::string>{"0", "0.00"});
    case Kind::timestamp:
        if (!rng.chance(50)) return {};
        return "CURRENT_TIMESTAMP";
    case Kind::boolean:
        if (!rng.chance(70)) return {};
        return rng.pick(std::vector<std::string>{"0", "1"});
    case Kind::blob: return {};
    }
    return {};
}

Table make_table(int i, std::uint64_t seed) {
    Rng rng(mix(mix(seed, kStreamTable), static_cast<std::uint64_t>(i)));
    Table t;
    t.name = table_name(i);

    Column id;
    id.name = "id";
    id.kind = Kind::integer;
    id.type = "INTEGER PRIMARY KEY";
    id.pinned = true;
    t.columns.push_back(id);

    const int total_columns = rng.range(5, 30);  // including id

    // Foreign keys to earlier tables on ~30% of tables, sometimes two.
    if (i > 0 && rng.chance(30)) {
        int n_fk = (i > 1 && rng.chance(20)) ? 2 : 1;
        std::set<int> parents;
        while (static_cast<int>(parents.size()) < n_fk) parents.insert(rng.range(0, i - 1));
        for (int p : parents) {
            Column c;
            c.name = table_name(p) + "_id";
            c.kind = Kind::integer;
            c.type = "INTEGER";
            c.references = table_name(p);
            c.pinned = true;
            if (rng.chance(70)) {
                c.not_null = true;
                c.on_delete = "CASCADE";
            } else {
                c.on_delete = "SET NULL";
            }
            t.columns.push_back(c);
        }
    }

    std::set<std::string> used;
    for (const auto& c : t.columns) used.insert(c.name);
    while (static_cast<int>(t.columns.size()) < total_columns) {
        const Vocabulary& v = pick_vocabulary(rng);
        Column c;
        c.kind = v.kind;
        c.name = rng.pick(v.words);
        if (used.count(c.name)) c.name += "_" + std::to_string(t.columns.size());
        used.insert(c.name);
        c.type = type_for(v.kind, rng);
        c.default_expr = default_for(v.kind, rng);
        if (v.kind == Kind::varchar && c.default_expr.size() > 3 &&
            std::stoul(c.type.substr(8)) + 2 < c.default_expr.size())
            c.default_expr = "'x'";  // keep string defaults within VARCHAR(n)
        c.not_null = rng.chance(c.default_expr.empty() ? 15 : 45);
        t.columns.push_back(c);
    }

    // A CHECK constraint on ~20% of tables.
    if (rng.chance(20)) {
        std::vector<std::size_t> candidates;
        for (std::size_t k = 1; k < t.columns.size(); ++k) {
            const Column& c = t.columns[k];
            if (c.references.empty() && (c.kind == Kind::integer || c.kind == Kind::real ||
                                         c.kind == Kind::numeric || c.kind == Kind::boolean ||
                                         c.kind == Kind::varchar))
                candidates.push_back(k);
        }
        if (!candidates.empty()) {
            Column& c = t.columns[rng.pick(candidates)];
            c.pinned = true;
            if (c.kind == Kind::boolean) {
                t.check = c.name + " IN (0, 1)";
            } else if (c.kind == Kind::varchar) {
                t.check = "length(" + c.name + ") <= " +
                          c.type.substr(8, c.type.size() - 9);  // VARCHAR(n) -> n
            } else {
                t.check = c.name + " >= 0";
            }
        }
    }

    // 0-3 indexes, some UNIQUE, an occasional partial one.
    const int n_indexes = rng.range(0, 3);
    std::set<std::vector<std::string>> seen;
    for (int k = 0; k < n_indexes; ++k) {
        std::vector<std::size_t> fk_columns, plain_columns;
        for (std::size_t c = 1; c < t.columns.size(); ++c) {
            if (!t.columns[c].references.empty())
                fk_columns.push_back(c);
            else if (t.columns[c].kind != Kind::blob)
                plain_columns.push_back(c);
        }
        Index ix;
        ix.table = t.name;
        std::vector<std::size_t> chosen;
        if (!fk_columns.empty() && rng.chance(50)) {
            chosen.push_back(rng.pick(fk_columns));
        } else if (!plain_columns.empty()) {
            chosen.push_back(rng.pick(plain_columns));
            if (plain_columns.size() > 1 && rng.chance(25)) {
                std::size_t second = rng.pick(plain_columns);
                if (second != chosen.front()) chosen.push_back(second);
            }
        } else {
            continue;
        }
        for (std::size_t c : chosen) ix.columns.push_back(t.columns[c].name);
        if (!seen.insert(ix.columns).second) continue;
        for (std::size_t c : chosen) t.columns[c].pinned = true;
        ix.unique = t.columns[chosen.front()].references.empty() && rng.chance(20);
        const Column& first = t.columns[chosen.front()];
        if (!first.not_null && rng.chance(15)) ix.where = first.name + " IS NOT NULL";
        ix.name = std::string(ix.unique ? "ux_" : "ix_") + t.name;
        for (const auto& name : ix.columns) ix.name += "_" + name;
        t.indexes.push_back(ix);
    }
    return t;
}

// ---------------------------------------------------------------------------------------------
// Drift

struct DriftCounts {
    int missing_tables = 0;
    int tables_missing_columns = 0;
    int missing_columns = 0;
    int changed_column_types = 0;
    int changed_column_defaults = 0;
    int missing_indexes = 0;
    int indexes_on_missing_tables = 0;
    int extra_tables = 0;
    int missing_views = 0;
};

// round(n * pct / 100), at least 1 when n > 0.
int share(int n, double pct) {
    if (n <= 0) return 0;
    return std::max(1, static_cast<int>(std::llround(n * pct / 100.0)));
}

std::string changed_type(const Column& c) {
    switch (c.kind) {
    case Kind::integer: return "TEXT";
    case Kind::text: return "INTEGER";
    case Kind::real: return "TEXT";
    case Kind::blob: return "TEXT";
    case Kind::numeric: return "REAL";
    case Kind::varchar: return "TEXT";
    case Kind::timestamp: return "TEXT";
    case Kind::boolean: return "INTEGER";
    }
    return "TEXT";
}

std::string changed_default(const std::string& d) {
    if (d == "0") return "1";
    if (d == "1") return "0";
    if (d == "-1") return "0";
    if (d == "0.0") return "1.0";
    if (d == "1.5") return "2.5";
    if (d == "0.00") return "1.00";
    if (d == "'x'") return "'y'";
    if (d == "''") return "'x'";
    if (d == "'n/a'") return "''";
    if (d == "'pending'") return "'new'";
    if (d == "CURRENT_TIMESTAMP") return "'1970-01-01 00:00:00'";
    return "NULL";
}

struct Detail {
    std::string kind, object, detail;
};

DriftCounts inject_drift(std::vector<Table>& tables, int n, std::uint64_t seed,
                         std::vector<Detail>& details) {
    Rng rng(mix(seed, kStreamDrift));
    DriftCounts d;

    std::set<std::string> referenced;
    for (const auto& t : tables)
        for (const auto& c : t.columns)
            if (!c.references.empty()) referenced.insert(c.references);

    std::vector<int> order(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) order[static_cast<std::size_t>(i)] = i;
    rng.shuffle(order);
    std::vector<bool> touched(static_cast<std::size_t>(n), false);

    // Walks the shuffled tables and applies `apply` to untouched ones until it succeeded `want` times.
    auto for_tables = [&](int want, auto&& apply) {
        int done = 0;
        for (int i : order) {
            if (done >= want) break;
            if (touched[static_cast<std::size_t>(i)]) continue;
            if (apply(tables[static_cast<std::size_t>(i)])) {
                touched[static_cast<std::size_t>(i)] = true;
                ++done;
            }
        }
        return done;
    };

    // ~2% of tables missing: only tables no foreign key points at.
    d.missing_tables = for_tables(share(n, 2), [&](Table& t) {
        if (referenced.count(t.name)) return false;
        t.missing_in_live = true;
        d.indexes_on_missing_tables += static_cast<int>(t.indexes.size());
        details.push_back({"missing_table", t.name, ""});
        return true;
    });

    // ~3% of tables missing 1-2 columns that nothing else depends on.
    d.tables_missing_columns = for_tables(share(n, 3), [&](Table& t) {
        std::vector<std::size_t> droppable;
        for (std::size_t k = 1; k < t.columns.size(); ++k)
            if (!t.columns[k].pinned) droppable.push_back(k);
        if (droppable.empty()) return false;
        rng.shuffle(droppable);
        int n_drop = (droppable.size() > 1 && rng.chance(50)) ? 2 : 1;
        for (int k = 0; k < n_drop; ++k) {
            Column& c = t.columns[droppable[static_cast<std::size_t>(k)]];
            c.dropped_in_live = true;
            ++d.missing_columns;
            details.push_back({"missing_column", t.name + "." + c.name, ""});
        }
        return true;
    });

    // ~1% of tables with one column of another declared type.
    d.changed_column_types = for_tables(share(n, 1), [&](Table& t) {
        std::vector<std::size_t> candidates;
        for (std::size_t k = 1; k < t.columns.size(); ++k)
            if (!t.columns[k].pinned) candidates.push_back(k);
        if (candidates.empty()) return false;
        Column& c = t.columns[rng.pick(candidates)];
        c.live_type = changed_type(c);
        details.push_back({"changed_column_type", t.name + "." + c.name, c.type + " -> " + c.live_type});
        return true;
    });

    // ~1% of tables with one column of another default.
    d.changed_column_defaults = for_tables(share(n, 1), [&](Table& t) {
        std::vector<std::size_t> candidates;
        for (std::size_t k = 1; k < t.columns.size(); ++k)
            if (!t.columns[k].default_expr.empty()) candidates.push_back(k);
        if (candidates.empty()) return false;
        Column& c = t.columns[rng.pick(candidates)];
        c.live_default = changed_default(c.default_expr);
        details.push_back(
            {"changed_column_default", t.name + "." + c.name, c.default_expr + " -> " + c.live_default});
        return true;
    });

    // ~2% of the indexes of tables that exist in live.
    std::vector<Index*> indexes;
    for (auto& t : tables)
        if (!t.missing_in_live)
            for (auto& ix : t.indexes) indexes.push_back(&ix);
    rng.shuffle(indexes);
    d.missing_indexes = std::min(share(static_cast<int>(indexes.size()), 2), static_cast<int>(indexes.size()));
    for (int k = 0; k < d.missing_indexes; ++k) {
        Index* ix = indexes[static_cast<std::size_t>(k)];
        ix->missing_in_live = true;
        details.push_back({"missing_index", ix->name, ix->table});
    }

    // ~1% extra legacy tables.
    d.extra_tables = share(n, 1);
    for (int k = 1; k <= d.extra_tables; ++k) details.push_back({"extra_table", "legacy_" + pad(k, 4), ""});
    return d;
}

// ---------------------------------------------------------------------------------------------
// Views and triggers (only over tables and columns that exist in both schemas)

std::vector<std::string> live_columns(const Table& t, std::size_t from) {
    std::vector<std::string> out;
    for (std::size_t k = from; k < t.columns.size(); ++k)
        if (!t.columns[k].dropped_in_live) out.push_back(t.columns[k].name);
    return out;
}

std::vector<View> make_views(const std::vector<Table>& tables, int count, std::uint64_t seed) {
    Rng rng(mix(seed, kStreamViews));
    std::vector<int> present;
    for (int i = 0; i < static_cast<int>(tables.size()); ++i)
        if (!tables[static_cast<std::size_t>(i)].missing_in_live) present.push_back(i);
    std::vector<View> views;
    if (present.size() < 2) return views;

    auto find = [&](const std::string& name) -> const Table& {
        return tables[static_cast<std::size_t>(std::stoi(name.substr(1)))];
    };

    for (int v = 1; v <= count; ++v) {
        const Table* a = nullptr;  // parent side
        const Table* b = nullptr;  // child side
        std::string on;
        // Prefer a foreign key relationship between two live tables.
        for (int attempt = 0; attempt < 30 && !a; ++attempt) {
            const Table& child = tables[static_cast<std::size_t>(rng.pick(present))];
            for (const auto& c : child.columns) {
                if (c.references.empty()) continue;
                const Table& parent = find(c.references);
                if (parent.missing_in_live) continue;
                a = &parent;
                b = &child;
                on = "b." + c.name + " = a.id";
                break;
            }
        }
        if (!a) {
            int x = rng.pick(present), y = rng.pick(present);
            while (y == x) y = rng.pick(present);
            a = &tables[static_cast<std::size_t>(x)];
            b = &tables[static_cast<std::size_t>(y)];
            on = "b.id = a.id";
        }
        std::string select = "a.id AS a_id";
        auto add_columns = [&](const Table& t, const char* alias, int want) {
            auto cols = live_columns(t, 1);
            rng.shuffle(cols);
            for (int k = 0; k < want && k < static_cast<int>(cols.size()); ++k)
                select += std::string(", ") + alias + "." + cols[static_cast<std::size_t>(k)] + " AS " +
                          alias + "_" + cols[static_cast<std::size_t>(k)];
        };
        add_columns(*a, "a", rng.range(1, 3));
        add_columns(*b, "b", rng.range(1, 2));
        View view;
        view.name = "v" + pad(v, 5);
        view.sql = "CREATE VIEW " + view.name + " AS SELECT " + select + " FROM " + a->name + " AS a JOIN " +
                   b->name + " AS b ON " + on + ";";
        views.push_back(view);
    }
    return views;
}

std::vector<Trigger> make_triggers(const std::vector<Table>& tables, int count, std::uint64_t seed) {
    Rng rng(mix(seed, kStreamTriggers));
    std::vector<int> present;
    for (int i = 0; i < static_cast<int>(tables.size()); ++i)
        if (!tables[static_cast<std::size_t>(i)].missing_in_live) present.push_back(i);
    std::vector<Trigger> triggers;
    if (present.empty()) return triggers;

    for (int k = 1; k <= count; ++k) {
        Trigger tr;
        tr.name = "trg" + pad(k, 5);
        // Prefer touching a live TIMESTAMP column on update; fall back to a no-op style update.
        for (int attempt = 0; attempt < 30 && tr.sql.empty(); ++attempt) {
            const Table& t = tables[static_cast<std::size_t>(rng.pick(present))];
            for (const auto& c : t.columns) {
                if (c.kind != Kind::timestamp || c.dropped_in_live) continue;
                tr.sql = "CREATE TRIGGER " + tr.name + " AFTER UPDATE ON " + t.name +
                         " FOR EACH ROW BEGIN UPDATE " + t.name + " SET " + c.name +
                         " = CURRENT_TIMESTAMP WHERE id = NEW.id; END;";
                break;
            }
        }
        if (tr.sql.empty()) {
            const Table& t = tables[static_cast<std::size_t>(rng.pick(present))];
            tr.sql = "CREATE TRIGGER " + tr.name + " AFTER DELETE ON " + t.name +
                     " FOR EACH ROW BEGIN SELECT RAISE(IGNORE) WHERE OLD.id IS NULL; END;";
        }
        triggers.push_back(tr);
    }
    return triggers;
}

// ---------------------------------------------------------------------------------------------
// Output

void write_table(std::string& out, const Table& t, bool live) {
    out += "CREATE TABLE " + t.name + " (\n";
    bool first = true;
    for (const auto& c : t.columns) {
        if (live && c.dropped_in_live) continue;
        out += first ? "  " : ",\n  ";
        first = false;
        out += c.name + " " + (live && !c.live_type.empty() ? c.live_type : c.type);
        if (c.not_null) out += " NOT NULL";
        const std::string& def = live && !c.live_default.empty() ? c.live_default : c.default_expr;
        if (!def.empty()) out += " DEFAULT " + def;
        if (!c.references.empty())
            out += " REFERENCES " + c.references + "(id) ON DELETE " + c.on_delete;
    }
    if (!t.check.empty()) out += ",\n  CHECK (" + t.check + ")";
    out += "\n);\n";
    for (const auto& ix : t.indexes) {
        if (live && ix.missing_in_live) continue;
        out += std::string("CREATE ") + (ix.unique ? "UNIQUE " : "") + "INDEX " + ix.name + " ON " + t.name + " (";
        for (std::size_t k = 0; k < ix.columns.size(); ++k) out += (k ? ", " : "") + ix.columns[k];
        out += ")";
        if (!ix.where.empty()) out += " WHERE " + ix.where;
        out += ";\n";
    }
}

std::string render(const std::vector<Table>& tables, const std::vector<View>& views,
                   const std::vector<Trigger>& triggers, int extra_tables, bool live, int n,
                   std::uint64_t seed) {
    std::string out;
    out.reserve(tables.size() * 700);
    out += std::string("-- dbaudit benchmark schema (") + (live ? "live, drifted" : "expected") +
           "): generated by dbaudit_gen_schema --tables " + std::to_string(n) + " --seed " +
           std::to_string(seed) + "\n";
    out += "BEGIN;\n";
    for (const auto& t : tables) {
        if (live && t.missing_in_live) continue;
        write_table(out, t, live);
    }
    if (live) {
        for (int k = 1; k <= extra_tables; ++k) {
            out += "CREATE TABLE legacy_" + pad(k, 4) +
                   " (\n  id INTEGER PRIMARY KEY,\n  payload TEXT,\n"
                   "  migrated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP\n);\n";
        }
    }
    for (const auto& v : views) {
        if (live && v.missing_in_live) continue;
        out += v.sql + "\n";
    }
    for (const auto& tr : triggers) out += tr.sql + "\n";
    out += "COMMIT;\n";
    return out;
}

// Writes through a temporary file and a rename, so a reader never sees a half-written file.
void write_file(const fs::path& path, const std::string& text) {
    fs::path tmp = path;
    tmp += ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) throw std::runtime_error("cannot write " + tmp.string());
        f.write(text.data(), static_cast<std::streamsize>(text.size()));
        f.close();
        if (!f) throw std::runtime_error("error writing " + tmp.string());
    }
    fs::rename(tmp, path);
}

[[noreturn]] void usage(int code) {
    (code == 0 ? std::cout : std::cerr)
        << "usage: dbaudit_gen_schema --tables N [--seed S] --out DIR\n"
           "  writes DIR/expected.sql, DIR/live.sql (drifted), DIR/drift.txt, DIR/drift_detail.txt\n";
    std::exit(code);
}

bool parse_number(std::string_view s, std::uint64_t& out) {
    if (s.empty()) return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t n_tables = 0, seed = 1;
    bool have_tables = false;
    std::string out_dir;
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= argc) {
                std::cerr << "dbaudit_gen_schema: " << arg << " needs a value\n";
                usage(2);
            }
            return argv[++i];
        };
        if (arg == "--tables") {
            if (!parse_number(value(), n_tables) || n_tables < 1 || n_tables > 99999) {
                std::cerr << "dbaudit_gen_schema: --tables must be 1..99999\n";
                return 2;
            }
            have_tables = true;
        } else if (arg == "--seed") {
            if (!parse_number(value(), seed)) {
                std::cerr << "dbaudit_gen_schema: --seed must be a non-negative integer\n";
                return 2;
            }
        } else if (arg == "--out") {
            out_dir = value();
        } else if (arg == "-h" || arg == "--help") {
            usage(0);
        } else {
            std::cerr << "dbaudit_gen_schema: unknown argument " << arg << "\n";
            usage(2);
        }
    }
    if (!have_tables || out_dir.empty()) usage(2);

    try {
        const int n = static_cast<int>(n_tables);
        std::vector<Table> tables;
        tables.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) tables.push_back(make_table(i, seed));

        std::vector<Detail> details;
        DriftCounts drift = inject_drift(tables, n, seed, details);

        const int n_views = std::max(n / 100, n >= 10 ? 2 : 0);
        const int n_triggers = std::max(n / 200, n >= 10 ? 1 : 0);
        std::vector<View> views = make_views(tables, n_views, seed);
        std::vector<Trigger> triggers = make_triggers(tables, n_triggers, seed);

        // "A couple" of views missing: 2, or 1 when there are only 2 or 3 views.
        {
            Rng rng(mix(seed, kStreamViews + 100));
            std::vector<std::size_t> idx(views.size());
            for (std::size_t k = 0; k < idx.size(); ++k) idx[k] = k;
            rng.shuffle(idx);
            drift.missing_views = std::min<int>(2, static_cast<int>(views.size()) / 2);
            for (int k = 0; k < drift.missing_views; ++k) {
                View& v = views[idx[static_cast<std::size_t>(k)]];
                v.missing_in_live = true;
                details.push_back({"missing_view", v.name, ""});
            }
        }

        long columns = 0, indexes = 0, foreign_keys = 0, checks = 0, unique_indexes = 0, partial_indexes = 0;
        for (const auto& t : tables) {
            columns += static_cast<long>(t.columns.size());
            indexes += static_cast<long>(t.indexes.size());
            checks += t.check.empty() ? 0 : 1;
            for (const auto& c : t.columns) foreign_keys += c.references.empty() ? 0 : 1;
            for (const auto& ix : t.indexes) {
                unique_indexes += ix.unique ? 1 : 0;
                partial_indexes += ix.where.empty() ? 0 : 1;
            }
        }
        const long live_tables = n - drift.missing_tables + drift.extra_tables;
        const long total = drift.missing_tables + drift.missing_columns + drift.changed_column_types +
                           drift.changed_column_defaults + drift.missing_indexes + drift.extra_tables +
                           drift.missing_views;

        std::string counts;
        auto kv = [&](const char* key, long value) { counts += std::string(key) + ": " + std::to_string(value) + "\n"; };
        kv("seed", static_cast<long>(seed));
        kv("expected_tables", n);
        kv("expected_columns", columns);
        kv("expected_indexes", indexes);
        kv("expected_unique_indexes", unique_indexes);
        kv("expected_partial_indexes", partial_indexes);
        kv("expected_foreign_keys", foreign_keys);
        kv("expected_checks", checks);
        kv("expected_views", static_cast<long>(views.size()));
        kv("expected_triggers", static_cast<long>(triggers.size()));
        kv("live_tables", live_tables);
        kv("missing_tables", drift.missing_tables);
        kv("tables_missing_columns", drift.tables_missing_columns);
        kv("missing_columns", drift.missing_columns);
        kv("changed_column_types", drift.changed_column_types);
        kv("changed_column_defaults", drift.changed_column_defaults);
        kv("missing_indexes", drift.missing_indexes);
        kv("indexes_on_missing_tables", drift.indexes_on_missing_tables);
        kv("extra_tables", drift.extra_tables);
        kv("missing_views", drift.missing_views);
        kv("total_drift", total);

        std::string detail_text;
        for (const auto& d : details)
            detail_text += d.kind + " " + d.object + (d.detail.empty() ? "" : " " + d.detail) + "\n";

        fs::path dir(out_dir);
        fs::create_directories(dir);
        write_file(dir / "expected.sql", render(tables, views, triggers, 0, false, n, seed));
        write_file(dir / "live.sql", render(tables, views, triggers, drift.extra_tables, true, n, seed));
        write_file(dir / "drift_detail.txt", detail_text);
        write_file(dir / "drift.txt", counts);  // last: its presence means the set is complete
    } catch (const std::exception& e) {
        std::cerr << "dbaudit_gen_schema: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
