// `dbaudit diff FROM TO` with every kind of side (database, .sql file, directory, snapshot), `diff
// --plan`, and `audit --schema SNAPSHOT`: the same findings whatever form a schema takes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

const char* const k_v1_users = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);\n";
const char* const k_v1_posts = "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));\n"
                               "CREATE INDEX idx_posts_user ON posts(user_id);\n";
const char* const k_v2_users = "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT DEFAULT 'x');\n";
const char* const k_v2_posts = "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id));\n"
                               "CREATE INDEX idx_posts_user ON posts(user_id);\n"
                               "CREATE TABLE tags (id INTEGER PRIMARY KEY, label TEXT);\n";

// One schema version in every form a side can take.
struct Forms {
    std::string database, file, directory, snapshot;
};

class Diff : public ::testing::Test {
protected:
    void SetUp() override {
        v1 = make_forms("v1", k_v1_users, k_v1_posts);
        v2 = make_forms("v2", k_v2_users, k_v2_posts);
    }

    Forms make_forms(const std::string& name, const std::string& users, const std::string& posts) {
        Forms forms;
        forms.database = dir.file(name + ".db");
        make_sqlite_db(forms.database, users + posts);
        forms.file = dir.write(name + ".sql", users + posts);
        dir.write(name + "/01_users.sql", users);
        dir.write(name + "/02_posts.sql", posts);
        forms.directory = dir.file(name);
        const auto snapshot = run_dbaudit({"inspect", "--db", forms.database, "--format", "json", "--output", dir.file(name + ".json")});
        EXPECT_EQ(snapshot.exit_code, 0) << snapshot.err;
        forms.snapshot = dir.file(name + ".json");
        return forms;
    }

    static std::vector<std::string> all(const Forms& forms) { return {forms.database, forms.file, forms.directory, forms.snapshot}; }

    TempDir dir;
    Forms v1, v2;
};

// The findings without their feature: `audit` of a schema directory names each file's feature,
// `diff` compares two models and groups nothing, and the rest must be the same.
nlohmann::json findings_of(const std::string& report) {
    nlohmann::json findings = nlohmann::json::parse(report)["findings"];
    for (auto& finding : findings) finding.erase("feature");
    return findings;
}

TEST_F(Diff, EveryCombinationOfSidesReportsTheSameFindings) {
    const auto reference = run_dbaudit({"audit", "--db", v1.database, "--schema", v2.directory, "--format", "json"});
    ASSERT_EQ(reference.exit_code, 1) << reference.err;
    const nlohmann::json expected = findings_of(reference.out);
    ASSERT_EQ(expected.size(), 2u) << expected.dump(2);  // users.name and tags are missing
    for (const std::string& from : all(v1)) {
        for (const std::string& to : all(v2)) {
            std::vector<std::string> args{"diff", from, to, "--format", "json"};
            if (from != v1.database && from != v1.snapshot && to != v2.database && to != v2.snapshot) {
                args.push_back("--engine");
                args.push_back("sqlite");
            }
            const auto result = run_dbaudit(args);
            ASSERT_EQ(result.exit_code, 1) << from << " -> " << to << ": " << result.err;
            EXPECT_EQ(findings_of(result.out), expected) << from << " -> " << to;
            const auto json = nlohmann::json::parse(result.out);
            EXPECT_EQ(json["target"], from);
            EXPECT_EQ(json["schema"], nlohmann::json::array({to}));
        }
    }
}

TEST_F(Diff, SameSchemaInAnyTwoFormsIsInSync) {
    for (const std::string& from : all(v2)) {
        for (const std::string& to : all(v2)) {
            const auto result = run_dbaudit({"diff", from, to, "--engine", "sqlite"});
            EXPECT_EQ(result.exit_code, 0) << from << " -> " << to << ": " << result.out << result.err;
            EXPECT_NE(result.out.find("In sync"), std::string::npos) << result.out;
        }
    }
}

TEST_F(Diff, TextReportNamesBothSides) {
    const auto result = run_dbaudit({"diff", v1.database, v2.snapshot, "--color", "never"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_EQ(result.out.substr(0, result.out.find("\n\n")),
              "dbaudit diff · sqlite · " + v1.database + "\ncompared with: " + v2.snapshot);
}

TEST_F(Diff, ReverseDirectionReportsExtras) {
    const auto result = run_dbaudit({"diff", v2.snapshot, v1.database, "--format", "json", "--fail-on", "critical"});
    EXPECT_EQ(result.exit_code, 0) << "extra objects are below critical: " << result.out;
    const std::string text = findings_of(result.out).dump();
    EXPECT_NE(text.find("tags"), std::string::npos) << text;
}

TEST_F(Diff, PlanFromADatabaseToASnapshotAppliesAndConverges) {
    const std::string plan_file = dir.file("plan.sql");
    const auto plan = run_dbaudit({"diff", v1.database, v2.snapshot, "--plan", "--output", plan_file});
    ASSERT_EQ(plan.exit_code, 0) << plan.err;
    const std::string script = read_bytes(plan_file);
    EXPECT_NE(script.find("ALTER TABLE"), std::string::npos) << script;
    EXPECT_NE(script.find("CREATE TABLE tags"), std::string::npos) << script;
    // The plan is applied like any reviewed plan, with the snapshot as the expected schema.
    const auto apply = run_dbaudit({"apply", "--db", v1.database, "--schema", v2.snapshot, "--plan", plan_file, "--yes", "--no-backup"});
    ASSERT_EQ(apply.exit_code, 0) << apply.out << apply.err;
    const auto after = run_dbaudit({"diff", v1.database, v2.snapshot});
    EXPECT_EQ(after.exit_code, 0) << after.out;
}

TEST_F(Diff, PlanNeedsADatabaseToStartFrom) {
    const auto result = run_dbaudit({"diff", v1.snapshot, v2.directory, "--plan"});
    EXPECT_EQ(result.exit_code, 2);
    EXPECT_EQ(result.err.substr(0, result.err.find('\n')),
              "dbaudit: error: --plan needs FROM to be a database: a plan is computed against the data it will change");
}

TEST_F(Diff, BadSidesAreInputErrors) {
    struct Case {
        std::vector<std::string> args;
        std::string first_line;
    };
    const std::string bad_json = dir.write("bad.json", "{\"format\": \"dbaudit-snapshot\", \"version\": 1, \"engine\": \"sqlite\", "
                                                       "\"tables\": [{\"name\": 1}]}");
    const std::string pg_snapshot = dir.write("pg.json", "{\"format\": \"dbaudit-snapshot\", \"version\": 1, \"engine\": \"postgresql\"}");
    for (const Case& c : std::vector<Case>{
             {{"diff", v1.file, v2.directory},
              "dbaudit: error: both sides are schema files: dbaudit cannot tell which engine should load them"},
             {{"diff", v1.database, dir.file("nope.sql")}, "dbaudit: error: TO " + dir.file("nope.sql") + " does not exist"},
             {{"diff", bad_json, v2.database}, "dbaudit: error: " + bad_json + ": $.tables[0].name: expected a string, got a number"},
             {{"diff", pg_snapshot, v2.database},
              "dbaudit: error: cannot compare across engines: " + v2.database + " is sqlite, but " + pg_snapshot + " is postgresql"},
             {{"diff", v1.file, v2.file, "--engine", "oracle"}, ""},
         }) {
        const auto result = run_dbaudit(c.args);
        EXPECT_EQ(result.exit_code, 2) << c.args[1] << " " << c.args[2] << ": " << result.err;
        if (!c.first_line.empty()) EXPECT_EQ(result.err.substr(0, result.err.find('\n')), c.first_line);
        EXPECT_EQ(result.out, "");
    }
}

TEST_F(Diff, AuditAcceptsASnapshotAsTheExpectedSchema) {
    const auto from_files = run_dbaudit({"audit", "--db", v1.database, "--schema", v2.directory, "--format", "json"});
    const auto from_snapshot = run_dbaudit({"audit", "--db", v1.database, "--schema", v2.snapshot, "--format", "json"});
    ASSERT_EQ(from_snapshot.exit_code, 1) << from_snapshot.err;
    EXPECT_EQ(findings_of(from_snapshot.out), findings_of(from_files.out));
    EXPECT_EQ(run_dbaudit({"audit", "--db", v2.database, "--schema", v2.snapshot}).exit_code, 0);

    const auto combined = run_dbaudit({"audit", "--db", v1.database, "--schema", v2.snapshot, "--schema", v2.file});
    EXPECT_EQ(combined.exit_code, 2);
    EXPECT_EQ(combined.err.substr(0, combined.err.find('\n')),
              "dbaudit: error: --schema " + v2.snapshot + " is a snapshot, which cannot be combined with other --schema paths");
    const std::string pg_snapshot = dir.write("pg.json", "{\"format\": \"dbaudit-snapshot\", \"version\": 1, \"engine\": \"postgresql\"}");
    const auto engine_mismatch = run_dbaudit({"audit", "--db", v1.database, "--schema", pg_snapshot});
    EXPECT_EQ(engine_mismatch.exit_code, 2);
    EXPECT_EQ(engine_mismatch.err.substr(0, engine_mismatch.err.find('\n')),
              "dbaudit: error: snapshot " + pg_snapshot + " holds a postgresql schema, but the database is sqlite");
    const std::string broken = dir.write("broken.json", "{\"format\": \"dbaudit-snapshot\",\n \"version\": 1,,\n}");
    const auto syntax = run_dbaudit({"audit", "--db", v1.database, "--schema", broken});
    EXPECT_EQ(syntax.exit_code, 2);
    EXPECT_EQ(syntax.err.substr(0, syntax.err.find(':', 16) + 1), "dbaudit: error: " + broken + ":");
    EXPECT_NE(syntax.err.find(broken + ":2:"), std::string::npos) << syntax.err;
}

}  // namespace
}  // namespace dbaudit::testing
