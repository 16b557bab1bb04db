// Maps what the user typed (--db, DATABASE_URL, --schema) to an engine and its inputs.
#include <algorithm>
#include <filesystem>

#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/postgres/conninfo.hpp"
#include "dbaudit/engine/postgres/postgres_engine.hpp"
#include "dbaudit/engine/sqlite/sqlite_engine.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace dbaudit::engine {

Target parse_target(std::string_view url) {
    const std::string text(util::trim(url));
    if (text.empty()) throw util::InputError("no database given", "pass --db URL or set DATABASE_URL");
    if (postgres::is_postgres_target(text)) return {"postgresql", text, postgres::redact_conninfo(text)};
    if (util::starts_with_icase(text, "sqlite://")) {
        // sqlite:///abs/path -> /abs/path; sqlite://rel/path is read as a relative path.
        std::string path = text.substr(std::string_view("sqlite://").size());
        if (path.empty()) throw util::InputError("database URL " + text + " names no file");
        return {"sqlite", path, path};
    }
    if (util::starts_with_icase(text, "sqlite:") || util::starts_with_icase(text, "file:")) {
        const std::string path = text.substr(text.find(':') + 1);
        if (path.empty()) throw util::InputError("database URL " + text + " names no file");
        return {"sqlite", path, path};
    }
    const auto scheme_end = text.find("://");
    if (scheme_end != std::string::npos)
        throw util::InputError("unknown database URL scheme '" + text.substr(0, scheme_end) + "'",
                               "use postgres://USER@HOST/DB, sqlite:PATH, sqlite:///abs/path or a plain file path");
    return {"sqlite", text, text};
}

std::unique_ptr<Engine> make_engine(std::string_view engine_name, const EngineOptions& options) {
    if (engine_name == "postgresql") return std::make_unique<postgres::PostgresEngine>(options);
    if (!options.dev_url.empty())
        throw util::InputError("--dev-url applies to PostgreSQL targets only", "SQLite loads the expected schema in memory");
    if (engine_name == "sqlite") return std::make_unique<sqlite::SqliteEngine>();
    throw util::InputError("unsupported engine " + std::string(engine_name));
}

std::vector<SchemaFile> read_schema_files(const std::vector<std::string>& paths) {
    namespace fs = std::filesystem;
    std::vector<SchemaFile> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            std::vector<fs::path> entries;
            for (const auto& entry : fs::directory_iterator(path, ec)) {
                if (entry.is_regular_file() && entry.path().extension() == ".sql") entries.push_back(entry.path());
            }
            if (ec) throw util::InputError("cannot list schema directory " + path + ": " + ec.message());
            std::sort(entries.begin(), entries.end());
            if (entries.empty()) throw util::InputError("schema directory " + path + " holds no *.sql files");
            for (const fs::path& entry : entries) files.push_back({entry.string(), util::read_file(entry.string()), entry.stem().string()});
        } else if (fs::exists(path, ec)) {
            files.push_back({path, util::read_file(path)});
        } else {
            throw util::InputError("schema path " + path + " does not exist");
        }
    }
    return files;
}

}  // namespace dbaudit::engine
