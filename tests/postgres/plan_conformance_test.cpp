// Conformance of `plan` on PostgreSQL: for each third-party case (../shared/conformance/postgresql),
// build a database from current.sql, plan the migration to desired.sql (--allow-destructive: the
// goal is the end state), run the plan script's statements as apply would (session settings,
// statements before the transaction, one transaction, statements after COMMIT), then the database
// must have the model of a database built from desired.sql, a new plan must be empty, and the
// normalized `pg_dump --schema-only` of both databases must be equal (cases where only the dump
// differs, for reasons listed, are in plan_conformance_dump_differs.txt).
// Every 8th case by default (the suite must stay fast on 2 cores); DBAUDIT_PG_CONFORMANCE=all
// runs all of them. Cases dbaudit does not support are listed with the reason in
// plan_conformance_unsupported.txt (and conformance_exclusions.txt) and reported as skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <sstream>

#include "dbaudit/diff/differ.hpp"
#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/migration.hpp"
#include "dbaudit/engine/postgres/postgres_engine.hpp"
#include "dbaudit/model/catalog.hpp"
#include "dbaudit/plan/fingerprint.hpp"
#include "dbaudit/plan/plan_script.hpp"
#include "dbaudit/plan/planner.hpp"
#include "dbaudit/engine/in_place_dialect.hpp"
#include "postgres/pg_test_support.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

std::map<std::string, std::string> listed(const std::string& file) {
    std::map<std::string, std::string> out;
    std::istringstream lines(read_bytes(source_path(file)));
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == '#') continue;
        const std::size_t space = line.find(' ');
        out[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
    }
    return out;
}

std::vector<std::string> cases() {
    std::vector<std::string> out;
    const std::filesystem::path root = std::filesystem::path(DBAUDIT_SHARED_DIR) / "conformance/postgresql";
    if (!std::filesystem::exists(root)) return out;
    std::vector<std::string> all;
    for (const auto& entry : std::filesystem::directory_iterator(root))
        if (std::filesystem::exists(entry.path() / "desired.sql")) all.push_back(entry.path().filename().string());
    std::sort(all.begin(), all.end());
    const char* every = std::getenv("DBAUDIT_PG_CONFORMANCE");
    const std::size_t step = every && std::string(every) == "all" ? 1 : 8;
    for (std::size_t i = 0; i < all.size(); i += step) out.push_back(all[i]);
    return out;
}

std::string describe(const diff::ChangeSet& changes) {
    std::string out;
    for (const auto& f : diff::findings_for(changes)) out += "  " + f.message + " [" + f.expected + " | " + f.live + "]\n";
    return out;
}

// What still differs, without the kinds dbaudit reports on both sides by design.
diff::ChangeSet remaining(const model::Catalog& expected, const model::Catalog& live) {
    diff::ChangeSet changes = diff::diff_catalogs(expected, live);
    std::erase_if(changes, [](const diff::Change& c) {
        const auto* u = std::get_if<diff::UnsupportedChange>(&c);
        return (u && u->in_expected && u->in_live) || std::holds_alternative<diff::ReorderColumns>(c);
    });
    return changes;
}

// `pg_dump --schema-only` of a database, normalized so that two databases with the same schema
// give the same text whatever order their columns were added in: comments, SET lines and blank
// lines dropped (and \\restrict lines, whose key is random), the lines of each CREATE TABLE body
// sorted (trailing commas removed).
std::string normalized_dump(const PgDatabase& db) {
    const std::string command = "pg_dump --schema-only --no-owner --no-privileges -h '" + pg_host() + "' -p 5432 -U postgres -d '" +
                                db.name() + "' 2>&1";
    std::string dump;
    if (FILE* pipe = popen(command.c_str(), "r")) {
        char buffer[4096];
        while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) dump.append(buffer, n);
        pclose(pipe);
    }
    std::istringstream lines(dump);
    std::string out;
    std::vector<std::string> body;
    bool in_table = false;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.rfind("--", 0) == 0 || line.rfind("SET ", 0) == 0 || line.rfind("SELECT pg_catalog.set_config", 0) == 0 ||
            line.rfind("\\restrict", 0) == 0 || line.rfind("\\unrestrict", 0) == 0)  // pg_dump's random per-dump key
            continue;
        if (in_table) {
            if (line == ");" || line.rfind(")", 0) == 0) {
                std::sort(body.begin(), body.end());
                for (const std::string& b : body) out += "    " + b + "\n";
                out += line + "\n";
                body.clear();
                in_table = false;
            } else {
                while (!line.empty() && (line.back() == ',' || line.back() == ' ')) line.pop_back();
                body.push_back(line.substr(line.find_first_not_of(' ')));
            }
            continue;
        }
        out += line + "\n";
        if (line.rfind("CREATE TABLE ", 0) == 0 && line.back() == '(') in_table = true;
    }
    return out;
}

class PgPlanConformance : public ::testing::TestWithParam<std::string> {};

TEST_P(PgPlanConformance, PlanReachesDesired) {
    const std::string name = GetParam();
    static const auto excluded = listed("tests/postgres/conformance_exclusions.txt");
    static const auto unsupported = listed("tests/postgres/plan_conformance_unsupported.txt");
    if (const auto it = excluded.find(name); it != excluded.end()) GTEST_SKIP() << "excluded: " << it->second;
    if (const auto it = unsupported.find(name); it != unsupported.end()) GTEST_SKIP() << "unsupported: " << it->second;

    const std::filesystem::path dir = std::filesystem::path(DBAUDIT_SHARED_DIR) / "conformance/postgresql" / name;
    PgDatabase db;
    if (std::filesystem::exists(dir / "current.sql")) db.exec_script(engine::read_schema_files({(dir / "current.sql").string()}));

    engine::postgres::PostgresEngine engine({pg_dev_url()});
    const auto desired_files = engine::read_schema_files({(dir / "desired.sql").string()});
    const model::Catalog expected = engine.load_expected(desired_files);
    const auto migrator = engine.make_migrator();
    const engine::Target target{"postgresql", db.url(), db.name()};

    plan::PlanOptions options;
    options.allow_destructive = true;
    std::string script;
    {
        auto reader = migrator->open_reader(target);
        const model::Catalog live = reader->inspect();
        const plan::MigrationPlan migration = plan::make_plan(expected, live, *reader, migrator->dialect(), options);
        plan::ScriptHeader header;
        header.engine = "postgresql";
        header.target = db.name();
        header.allow_destructive = true;
        header.session_settings = migrator->dialect().in_place()->session_settings(options.lock_timeout_ms, options.statement_timeout_ms);
        header.live = plan::fingerprint_live(live);
        header.expected_fingerprint = plan::fingerprint_expected(expected);
        script = plan::render_plan_script(migration, migrator->dialect(), header);
    }
    const plan::PlanFile file = plan::parse_plan_script(script, "plan.sql", migrator->dialect());
    auto connection = db.connect();
    std::vector<std::string> statements = file.session_settings;
    statements.insert(statements.end(), file.before_transaction.begin(), file.before_transaction.end());
    statements.push_back("BEGIN");
    statements.insert(statements.end(), file.statements.begin(), file.statements.end());
    statements.push_back("COMMIT");
    statements.insert(statements.end(), file.after_transaction.begin(), file.after_transaction.end());
    for (const std::string& sql : statements) {
        try {
            connection.exec(sql);
        } catch (const engine::postgres::StatementError& error) {
            FAIL() << sql << "\nfailed: " << error.error().message << "\n" << script;
        }
    }

    auto reader = migrator->open_reader(target);
    const model::Catalog after = reader->inspect();
    const diff::ChangeSet left = remaining(expected, after);
    EXPECT_TRUE(left.empty()) << "after the plan:\n" << describe(left) << script;
    const plan::MigrationPlan again = plan::make_plan(expected, after, *reader, migrator->dialect(), options);
    EXPECT_EQ(again.running_count(), 0u) << "a second plan is not empty:\n"
                                         << plan::render_plan_script(again, migrator->dialect(), plan::ScriptHeader{});

    // Judged independently of dbaudit's inspector: PostgreSQL's own rendering of both databases.
    PgDatabase desired;
    desired.exec_script(desired_files);
    const std::string want = normalized_dump(desired), have = normalized_dump(db);
    if (want != have) {
        static const auto dump_differs = listed("tests/postgres/plan_conformance_dump_differs.txt");
        if (!dump_differs.count(name)) ADD_FAILURE() << "pg_dump --schema-only differs\n--- desired\n" << want << "--- after the plan\n" << have;
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, PgPlanConformance, ::testing::ValuesIn(cases()), [](const ::testing::TestParamInfo<std::string>& info) {
    std::string name = info.param;
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
});

}  // namespace
}  // namespace dbaudit::testing
