// The one interface every database engine implements: inspect a live database, load an expected
// schema into the same model. diff/, plan/ and report/ see engines only through this.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dbaudit::model {
struct Catalog;
}

namespace dbaudit::engine {

class StatementChecker;
struct CheckAgainst;
class Migrator;
struct VerificationRequest;
struct VerificationQuery;

// A database the user named (--db, DATABASE_URL). `location` is what the engine opens;
// `display` is safe to print (no password).
struct Target {
    std::string engine;  // "sqlite", "postgresql"
    std::string location;
    std::string display;
};

// One file of expected schema, already read.
struct SchemaFile {
    std::string path;  // as the user named it, for file:line:col messages
    std::string text;
    std::string feature;  // the file's own feature: its stem when it was read from a --schema directory
};

class Engine {
public:
    virtual ~Engine() = default;

    virtual std::string_view name() const = 0;

    // check-code: a checker that prepares application SQL against the live database (read-only)
    // or the expected schema, never executing it (statement_checker.hpp). Throws like
    // inspect_live / load_expected. The default throws util::InputError: not supported yet.
    virtual std::unique_ptr<StatementChecker> open_statement_checker(const CheckAgainst& against);

    // Reads the live schema without writing anything. Throws util::ConnectionError when the
    // database cannot be opened or read.
    virtual model::Catalog inspect_live(const Target& target) = 0;

    // Interprets the expected schema with the engine itself and inspects the result.
    // Throws util::InputError with file:line:col when a statement fails.
    virtual model::Catalog load_expected(const std::vector<SchemaFile>& files) = 0;

    // Checks what needs no database (syntax), before any connection is made. Throws
    // util::InputError with file:line:col. `files` must outlive the next load_expected.
    virtual void prepare_expected(const std::vector<SchemaFile>& files) { (void)files; }

    // Plans and applies migrations (engine/migration.hpp); nullptr when the engine cannot yet.
    virtual std::unique_ptr<Migrator> make_migrator();

    // `inspect --format sql`: the schema as statements that load into an empty database of this
    // engine as exactly `catalog` again, in a deterministic dependency order. The default throws
    // util::InputError: not supported yet.
    virtual std::string render_schema_sql(const model::Catalog& catalog) const;

    // What the model load_expected returns depends on besides the schema files, for the
    // expected-model cache: the engine's version (SQLite's library; for PostgreSQL the server the
    // shadow database runs on). Empty when the result must not be cached.
    virtual std::string expected_model_identity() { return {}; }
    // Queries a person can run by hand to check these findings (engine/verification.hpp). The
    // default returns none.
    virtual std::vector<VerificationQuery> verification_queries(const VerificationRequest& request) const;
};

// Settings some engines take from the command line.
struct EngineOptions {
    std::string dev_url;  // PostgreSQL: the server for the shadow database (--dev-url); empty = own cluster
};

// Parses --db / DATABASE_URL into a target. Throws util::InputError for an unknown scheme.
Target parse_target(std::string_view url);

// The engine that handles a target's kind.
std::unique_ptr<Engine> make_engine(std::string_view engine_name, const EngineOptions& options = {});

// Reads --schema paths: a file as is, a directory as its *.sql files in name order (each one a
// feature named by its stem).
std::vector<SchemaFile> read_schema_files(const std::vector<std::string>& paths);

}  // namespace dbaudit::engine
