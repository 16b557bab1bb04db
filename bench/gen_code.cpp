// Generates a synthetic multi-language application for benchmarking `dbaudit check-code`: a tree
// of source files (Python, TypeScript, JavaScript, Go, Java, Ruby, PHP, .sql) of a chosen total
// size, with a known number of SQL statements embedded the way each language writes them, and the
// schema they run against.
//
//   dbaudit_gen_code --files 20000 --mb 200 --statements 10000 --tables 500 --seed 1 --out DIR
//
// writes DIR/schema.sql (expected), DIR/live.sql (the same with drift: one column dropped from
// every 20th table), DIR/src/... and DIR/manifest.txt (`key: value` counts: files, bytes,
// statements, checkable, dynamic, broken, lagging, stale_imports). Every statement is distinct, so validation
// prepares each one. Of the statements: 2% are dynamic (interpolated), 1% name a column no schema
// has (fail in both), and those touching a dropped column fail only live. Each folder of 100 files
// has a db.ts the TypeScript/JavaScript files import; the first file of a folder, if it is one of
// those, also imports './legacy', which does not exist (a stale import).
//
// The output depends only on the arguments: its own PRNG (splitmix64), no <random>.
// Standard library only; builds with `g++ -std=c++20 -O2 bench/gen_code.cpp`.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t m_state;
};

constexpr int k_columns = 8;  // c1..c8 besides id

enum class Lang { python, typescript, javascript, go, java, ruby, php, sql };

struct LangInfo {
    Lang lang;
    const char* extension;
    int weight;  // share of files, in percent
};

constexpr LangInfo k_langs[] = {{Lang::python, "py", 30},   {Lang::typescript, "ts", 20}, {Lang::javascript, "js", 10},
                                {Lang::go, "go", 15},       {Lang::java, "java", 10},     {Lang::ruby, "rb", 5},
                                {Lang::php, "php", 5},      {Lang::sql, "sql", 5}};

std::string table_name(std::size_t t) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "t%04zu", t);
    return buffer;
}

bool column_dropped_in_live(std::size_t table) { return table % 20 == 7; }
constexpr int k_dropped_column = 8;

struct Statement {
    std::string sql;
    bool dynamic = false;
    bool broken = false;   // fails in both
    bool lagging = false;  // fails only live
};

// Statement i: distinct text, a table, a few columns.
Statement make_statement(std::size_t i, std::size_t tables, Rng& rng) {
    Statement s;
    const std::size_t table = rng.below(tables);
    const std::string name = table_name(table);
    const int a = 1 + static_cast<int>(rng.below(k_columns));
    const int b = 1 + static_cast<int>(rng.below(k_columns));
    std::string column_a = "c" + std::to_string(a);
    const std::string column_b = "c" + std::to_string(b);
    const std::size_t roll = rng.below(100);
    if (roll < 2) {
        s.dynamic = true;
    } else if (roll < 3) {
        column_a = "missing_col";
        s.broken = true;
    }
    const std::string from = s.dynamic ? "{TABLE}" : name;
    const std::size_t kind = rng.below(10);
    const bool uses_b = kind != 4;  // DELETE names one column
    if (!s.broken && !s.dynamic && column_dropped_in_live(table) && (a == k_dropped_column || (uses_b && b == k_dropped_column)))
        s.lagging = true;
    switch (kind) {
        case 0:
        case 1:
            s.sql = "INSERT INTO " + from + " (" + column_a + ", " + column_b + ") VALUES (?, " + std::to_string(i) + ")";
            if (a == b) s.sql = "INSERT INTO " + from + " (" + column_a + ") VALUES (" + std::to_string(i) + ")";
            break;
        case 2:
        case 3:
            s.sql = "UPDATE " + from + " SET " + column_a + " = ? WHERE id = ? AND " + column_b + " <> " + std::to_string(i);
            break;
        case 4:
            s.sql = "DELETE FROM " + from + " WHERE " + column_a + " = ? AND id > " + std::to_string(i);
            break;
        default:
            s.sql = "SELECT id, " + column_a + ", " + column_b + " FROM " + from + " WHERE " + column_b + " = ? ORDER BY id LIMIT " +
                    std::to_string(i + 1);
    }
    return s;
}

// A statement written the way `lang` writes SQL; `{TABLE}` becomes that language's interpolation.
std::string embed(Lang lang, const Statement& s, std::size_t n) {
    std::string sql = s.sql;
    auto interpolate = [&](const std::string& hole) {
        const auto at = sql.find("{TABLE}");
        if (at != std::string::npos) sql.replace(at, 7, hole);
    };
    const std::string fn = std::to_string(n);
    switch (lang) {
        case Lang::python:
            interpolate("{table}");
            return "    async def query_" + fn + "(self, *args):\n        cursor = await self.conn.execute(\n            " +
                   std::string(s.dynamic ? "f" : "") + "\"\"\"" + sql + "\"\"\",\n            args,\n        )\n        return await cursor.fetchall()\n\n";
        case Lang::typescript:
        case Lang::javascript:
            interpolate("${table}");
            return "export function query" + fn + "(db, table, ...args) {\n  return db.prepare(`" + sql + "`).all(...args);\n}\n\n";
        case Lang::go:
            if (s.dynamic) {
                interpolate("%s");
                return "func Query" + fn + "(db *sql.DB, table string) (*sql.Rows, error) {\n\treturn db.Query(fmt.Sprintf(\"" + sql +
                       "\", table))\n}\n\n";
            }
            return "func Query" + fn + "(db *sql.DB, args ...any) (*sql.Rows, error) {\n\treturn db.Query(`" + sql + "`, args...)\n}\n\n";
        case Lang::java:
            if (s.dynamic) {
                const auto at = sql.find("{TABLE}");
                return "    public ResultSet query" + fn + "(String table) throws SQLException {\n        return run(\"" + sql.substr(0, at) +
                       "\" + table + \"" + sql.substr(at + 7) + "\");\n    }\n\n";
            }
            return "    public ResultSet query" + fn + "() throws SQLException {\n        return run(\"\"\"\n            " + sql +
                   "\n            \"\"\");\n    }\n\n";
        case Lang::ruby:
            interpolate("#{table}");
            return "  def query_" + fn + "(table, *args)\n    db.execute(<<~SQL, args)\n      " + sql + "\n    SQL\n  end\n\n";
        case Lang::php:
            interpolate("$table");
            return "    public function query" + fn + "($table, $args) {\n        return $this->pdo->prepare(\"" + sql +
                   "\")->execute($args);\n    }\n\n";
        case Lang::sql:
            return "-- query " + fn + "\n" + sql + ";\n\n";
    }
    return {};
}

// Ordinary code around the SQL: functions, comments, non-SQL strings (some read like SQL keywords).
std::string filler(Lang lang, std::size_t n, Rng& rng) {
    const std::string k = std::to_string(n);
    const std::string m = std::to_string(rng.below(1000));
    static const char* k_words[] = {"Select a city", "Update your profile", "Delete this item?", "Create account", "Replace all",
                                    "Hello, world", "request accepted", "invalid token", "retry later", "user not found"};
    const std::string word = k_words[rng.below(10)];
    switch (lang) {
        case Lang::python:
            return "    def handler_" + k + "(self, update, context):\n"
                   "        \"\"\"Handle command " + k + " and reply with a short message.\"\"\"\n"
                   "        user = update.effective_user  # may be None for channel posts\n"
                   "        text = 'Request " + m + " is being processed: ' + str(user.id)\n"
                   "        label = \"" + word + "\"\n"
                   "        items = [x * " + m + " for x in range(" + k + ") if x % 3 == 0]\n"
                   "        logger.info(\"processed %d items for %s\", len(items), user.id)\n"
                   "        return {\"status\": \"ok\", \"count\": len(items), 'label': label}\n\n";
        case Lang::typescript:
        case Lang::javascript:
            return "// Handles event " + k + ".\n"
                   "export function handle" + k + "(event: { id: number; name: string }) {\n"
                   "  const label = '" + word + "';\n"
                   "  const message = `Event ${event.id} (" + m + ") for ${event.name}`;\n"
                   "  const parts = event.name.split(/[,;'\"]/).filter((p) => p.length > " + m + " / 100);\n"
                   "  if (!parts.length) throw new Error(\"empty event name\");\n"
                   "  return { label, message, parts, total: parts.length * " + k + " };\n"
                   "}\n\n";
        case Lang::go:
            return "// Handle" + k + " handles request " + k + ".\n"
                   "func Handle" + k + "(w http.ResponseWriter, r *http.Request) {\n"
                   "\tname := r.URL.Query().Get(\"name\")\n"
                   "\tif name == \"\" {\n\t\thttp.Error(w, \"" + word + "\", http.StatusBadRequest)\n\t\treturn\n\t}\n"
                   "\tcount := len(name) * " + m + "\n"
                   "\tfmt.Fprintf(w, \"hello %s, %d\\n\", name, count)\n"
                   "}\n\n";
        case Lang::java:
            return "    /** Handles request " + k + ". */\n"
                   "    public String handle" + k + "(String name) {\n"
                   "        if (name == null || name.isEmpty()) {\n"
                   "            return \"" + word + "\";\n"
                   "        }\n"
                   "        char quote = '\\'';\n"
                   "        int count = name.length() * " + m + ";\n"
                   "        return String.format(\"hello %s, %d\", name, count) + quote;\n"
                   "    }\n\n";
        case Lang::ruby:
            return "  # Handles request " + k + ".\n"
                   "  def handle_" + k + "(name)\n"
                   "    return '" + word + "' if name.nil?\n"
                   "    count = name.length * " + m + "\n"
                   "    \"hello #{name}, #{count}\"\n"
                   "  end\n\n";
        case Lang::php:
            return "    // Handles request " + k + ".\n"
                   "    public function handle" + k + "($name) {\n"
                   "        if (!$name) { return '" + word + "'; }\n"
                   "        $count = strlen($name) * " + m + ";\n"
                   "        return \"hello $name, {$count}\";\n"
                   "    }\n\n";
        case Lang::sql:
            return "-- note " + k + ": " + word + " (" + m + ")\n";
    }
    return {};
}

std::string header(Lang lang, std::size_t file) {
    const std::string f = std::to_string(file);
    switch (lang) {
        case Lang::python:
            return "\"\"\"Module " + f + " of the generated application.\"\"\"\nimport logging\n\nfrom app.base import Base\n\n"
                   "logger = logging.getLogger(__name__)\n\n\nclass Module" + f + "(Base):\n";
        case Lang::typescript:
        case Lang::javascript:
            // Every folder has db.ts; one file in a hundred still imports a module that was removed.
            return "// Module " + f + " of the generated application.\nimport { db } from './db';\n" +
                   std::string(file % 100 == 0 ? "import { legacy } from './legacy';\n" : "") + "\n";
        case Lang::go: return "// Package gen is module " + f + " of the generated application.\npackage gen\n\nimport (\n\t\"database/sql\"\n\t\"fmt\"\n\t\"net/http\"\n)\n\n";
        case Lang::java: return "// Module " + f + " of the generated application.\npackage gen;\n\npublic class Module" + f + " extends Base {\n";
        case Lang::ruby: return "# Module " + f + " of the generated application.\nclass Module" + f + " < Base\n";
        case Lang::php: return "<?php\n// Module " + f + " of the generated application.\nclass Module" + f + " extends Base {\n";
        case Lang::sql: return "-- Queries " + f + " of the generated application.\n\n";
    }
    return {};
}

std::string footer(Lang lang) {
    switch (lang) {
        case Lang::java:
        case Lang::php: return "}\n";
        case Lang::ruby: return "end\n";
        default: return "";
    }
}

void usage() {
    std::cerr << "usage: dbaudit_gen_code [--files N] [--mb MB] [--statements S] [--tables T] [--seed S] --out DIR\n";
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t files = 20000, megabytes = 200, statements = 10000, tables = 500;
    std::uint64_t seed = 1;
    std::string out;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) usage();
        const std::string value = argv[++i];
        if (arg == "--files") files = std::stoul(value);
        else if (arg == "--mb") megabytes = std::stoul(value);
        else if (arg == "--statements") statements = std::stoul(value);
        else if (arg == "--tables") tables = std::stoul(value);
        else if (arg == "--seed") seed = std::stoull(value);
        else if (arg == "--out") out = value;
        else usage();
    }
    if (out.empty() || files == 0 || tables == 0) usage();
    namespace fs = std::filesystem;
    fs::remove_all(out);
    fs::create_directories(fs::path(out) / "src");

    {
        std::ofstream schema(fs::path(out) / "schema.sql"), live(fs::path(out) / "live.sql");
        schema << "BEGIN;\n";
        live << "BEGIN;\n";
        for (std::size_t t = 0; t < tables; ++t) {
            std::string columns;
            std::string live_columns;
            for (int c = 1; c <= k_columns; ++c) {
                const std::string column = ", c" + std::to_string(c) + (c % 2 ? " TEXT" : " INTEGER");
                columns += column;
                if (!(column_dropped_in_live(t) && c == k_dropped_column)) live_columns += column;
            }
            schema << "CREATE TABLE " << table_name(t) << " (id INTEGER PRIMARY KEY" << columns << ");\n";
            live << "CREATE TABLE " << table_name(t) << " (id INTEGER PRIMARY KEY" << live_columns << ");\n";
        }
        schema << "COMMIT;\n";
        live << "COMMIT;\n";
    }

    Rng rng(seed);
    const std::size_t target_bytes = megabytes * 1024 * 1024;
    const std::size_t per_file = std::max<std::size_t>(target_bytes / files, 256);
    std::size_t bytes = 0, written_statements = 0, dynamic = 0, broken = 0, lagging = 0, stale_imports = 0;
    std::size_t next_statement = 0;
    for (std::size_t f = 0; f < files; ++f) {
        std::size_t pick = rng.below(100);
        Lang lang = Lang::python;
        const char* extension = "py";
        for (const LangInfo& info : k_langs) {
            if (pick < static_cast<std::size_t>(info.weight)) {
                lang = info.lang;
                extension = info.extension;
                break;
            }
            pick -= static_cast<std::size_t>(info.weight);
        }
        // Statements spread evenly over the files.
        const std::size_t quota = (f + 1) * statements / files - f * statements / files;
        std::string text = header(lang, f);
        stale_imports += (lang == Lang::typescript || lang == Lang::javascript) && f % 100 == 0;
        std::size_t block = 0;
        for (std::size_t q = 0; q < quota; ++q) {
            const Statement s = make_statement(next_statement++, tables, rng);
            text += embed(lang, s, block++);
            ++written_statements;
            dynamic += s.dynamic;
            broken += s.broken;
            lagging += s.lagging;
        }
        while (text.size() < per_file) text += filler(lang, block++, rng);
        text += footer(lang);
        char dir[32];
        std::snprintf(dir, sizeof dir, "d%03zu", f / 100);
        const fs::path path = fs::path(out) / "src" / dir / ("m" + std::to_string(f) + "." + extension);
        if (f % 100 == 0) {
            fs::create_directories(path.parent_path());
            std::ofstream(path.parent_path() / "db.ts") << "export const db = openDatabase();\n";
        }
        std::ofstream(path, std::ios::binary) << text;
        bytes += text.size();
    }
    std::ofstream manifest(fs::path(out) / "manifest.txt");
    manifest << "files: " << files << "\nbytes: " << bytes << "\ntables: " << tables << "\nstatements: " << written_statements
             << "\ncheckable: " << written_statements - dynamic << "\ndynamic: " << dynamic << "\nbroken: " << broken
             << "\nlagging: " << lagging << "\nstale_imports: " << stale_imports << "\n";
    std::cout << "wrote " << files << " files, " << bytes / (1024 * 1024) << " MB, " << written_statements << " statements to "
              << out << "\n";
    return 0;
}
