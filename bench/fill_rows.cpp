// dbaudit_fill_rows: puts N rows into named tables of a SQLite database, for the plan/apply
// benchmark (bench/plan_apply_bench.sh).
//
//   dbaudit_fill_rows DB ROWS TABLE...
//
// Values follow each column's declared type and are unique per row (1, 'v1', 1.5, ...), so
// unique indexes take them; booleans alternate 0/1 and short VARCHARs are cut to their length,
// so the generator's CHECKs hold. Rows a constraint still rejects are skipped (INSERT OR
// IGNORE); the number inserted per table is printed. Foreign-key columns get values too; the
// benchmark does not fill parent tables, so those rows have no parent, as they may in a live
// database that never enforced foreign keys (apply checks that no *new* violation appears).
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

std::string quoted(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        out += c;
        if (c == '"') out += '"';
    }
    return out + "\"";
}

std::string upper(std::string text) {
    for (char& c : text) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    return text;
}

// An SQL expression over the row number `i` for a column of declared type `type`.
std::string value_for(const std::string& type) {
    const std::string t = upper(type);
    if (t.find("BOOL") != std::string::npos) return "i % 2";
    if (t.find("INT") != std::string::npos) return "i";
    if (t.rfind("VARCHAR(", 0) == 0) {
        const int length = std::atoi(t.c_str() + 8);
        return "substr(printf('%x', i), -" + std::to_string(length > 0 ? length : 8) + ")";
    }
    if (t.find("CHAR") != std::string::npos || t.find("CLOB") != std::string::npos || t.find("TEXT") != std::string::npos)
        return "'v' || i";
    if (t.find("BLOB") != std::string::npos) return "randomblob(16)";
    if (t.find("REAL") != std::string::npos || t.find("FLOA") != std::string::npos || t.find("DOUB") != std::string::npos)
        return "i + 0.5";
    if (t.find("TIMESTAMP") != std::string::npos) return "datetime(1700000000 + i, 'unixepoch')";
    return "i";  // NUMERIC and the rest
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: dbaudit_fill_rows DB ROWS TABLE...\n");
        return 2;
    }
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        std::fprintf(stderr, "dbaudit_fill_rows: cannot open %s\n", argv[1]);
        return 1;
    }
    const long rows = std::strtol(argv[2], nullptr, 10);
    sqlite3_exec(db, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN", nullptr, nullptr, nullptr);
    int status = 0;
    for (int t = 3; t < argc; ++t) {
        const std::string table = argv[t];
        std::vector<std::string> names, values;
        sqlite3_stmt* columns = nullptr;
        sqlite3_prepare_v2(db, ("SELECT name, type, pk FROM pragma_table_xinfo(" + quoted(table) + ") WHERE hidden = 0 ORDER BY cid").c_str(), -1,
                           &columns, nullptr);
        while (sqlite3_step(columns) == SQLITE_ROW) {
            names.push_back(quoted(reinterpret_cast<const char*>(sqlite3_column_text(columns, 0))));
            const auto* type = sqlite3_column_text(columns, 1);
            values.push_back(value_for(type ? reinterpret_cast<const char*>(type) : ""));
        }
        sqlite3_finalize(columns);
        if (names.empty()) {
            std::fprintf(stderr, "dbaudit_fill_rows: no table %s\n", table.c_str());
            status = 1;
            continue;
        }
        std::string list, exprs;
        for (std::size_t i = 0; i < names.size(); ++i) {
            list += (i ? ", " : "") + names[i];
            exprs += (i ? ", " : "") + values[i];
        }
        const std::string sql = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + std::to_string(rows) +
                                ") INSERT OR IGNORE INTO " + quoted(table) + " (" + list + ") SELECT " + exprs + " FROM n";
        char* error = nullptr;
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            std::fprintf(stderr, "dbaudit_fill_rows: %s: %s\n", table.c_str(), error);
            sqlite3_free(error);
            status = 1;
            continue;
        }
        std::printf("%s %d\n", table.c_str(), sqlite3_changes(db));
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return status;
}
