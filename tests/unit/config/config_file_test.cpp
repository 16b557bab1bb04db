#include "dbaudit/config/config_file.hpp"

#include <gtest/gtest.h>

#include "dbaudit/util/error.hpp"
#include "support/test_support.hpp"

namespace dbaudit::config {
namespace {

std::string error_of(const std::string& text, const std::string& path = "cfg/dbaudit.toml") {
    try {
        parse_settings(text, path);
    } catch (const util::InputError& e) {
        return e.what();
    }
    return "no error";
}

TEST(ConfigFile, ReadsEveryKey) {
    const Settings s = parse_settings(
        "database_url = \"sqlite:app.db\"\n"
        "schema = [\"schema/\", \"/abs/extra.sql\"]\n"
        "dev_url = \"postgres://dev@localhost/postgres\"\n"
        "fail_on = \"HIGH\"\n"
        "format = \"json\"\n"
        "ignore = [\"legacy_*\", \"audit.*\"]\n"
        "[severity]\n"
        "extra_table = \"info\"\n"
        "changed_column = \"low\"\n"
        "not_visible = \"critical\"\n",
        "proj/dbaudit.toml");
    EXPECT_EQ(s.path, "proj/dbaudit.toml");
    EXPECT_EQ(s.database_url, "sqlite:app.db");
    EXPECT_EQ(s.schema, (std::vector<std::string>{"proj/schema/", "/abs/extra.sql"}));  // relative to the file
    EXPECT_EQ(s.dev_url, "postgres://dev@localhost/postgres");
    EXPECT_EQ(s.fail_on, diff::Severity::high);
    EXPECT_EQ(s.format, "json");
    EXPECT_EQ(s.ignore, (std::vector<std::string>{"legacy_*", "audit.*"}));
    EXPECT_EQ(s.severity, (std::map<std::string, diff::Severity>{
                              {"changed_column", diff::Severity::low}, {"extra_table", diff::Severity::info}, {"not_visible", diff::Severity::critical}}));
}

TEST(ConfigFile, SchemaMayBeOneStringAndDatabaseAVariableName) {
    const Settings s = parse_settings("schema = \"db/schema.sql\"\ndatabase_url_env = \"APP_DB\"\n", "dbaudit.toml");
    EXPECT_EQ(s.schema, (std::vector<std::string>{"db/schema.sql"}));
    EXPECT_EQ(s.database_url_env, "APP_DB");
    EXPECT_EQ(s.database_url_env_at.to_string(), "dbaudit.toml:2:20");
}

TEST(ConfigFile, EveryErrorNamesFileLineAndColumn) {
    const std::pair<std::string, std::string> cases[] = {
        {"databse_url = \"x\"\n", "cfg/dbaudit.toml:1:1: unknown key 'databse_url' (keys: database_url, database_url_env, dev_url, fail_on, format, ignore, schema, severity)"},
        {"\n[database]\nurl = \"x\"\n", "cfg/dbaudit.toml:2:2: unknown key 'database' (keys: database_url, database_url_env, dev_url, fail_on, format, ignore, schema, severity)"},
        {"database_url = 5\n", "cfg/dbaudit.toml:1:16: 'database_url' must be a string, not an integer"},
        {"dev_url = true\n", "cfg/dbaudit.toml:1:11: 'dev_url' must be a string, not a boolean"},
        {"database_url_env = \"\"\n", "cfg/dbaudit.toml:1:20: 'database_url_env' must name an environment variable"},
        {"database_url = \"a\"\ndatabase_url_env = \"B\"\n", "cfg/dbaudit.toml:2:20: give 'database_url' or 'database_url_env', not both"},
        {"schema = 3.5\n", "cfg/dbaudit.toml:1:10: 'schema' must be a string or an array of strings, not a number"},
        {"schema = [\"a\", 1]\n", "cfg/dbaudit.toml:1:16: 'schema' must hold strings only, not an integer"},
        {"ignore = \"legacy_*\"\n", "cfg/dbaudit.toml:1:10: 'ignore' must be an array of strings, not a string"},
        {"fail_on = \"severe\"\n", "cfg/dbaudit.toml:1:11: 'fail_on' is 'severe', not a severity (critical, high, medium, low, info)"},
        {"format = \"html\"\n", "cfg/dbaudit.toml:1:10: 'format' is 'html', not one of: text, json, markdown"},
        {"severity = \"high\"\n", "cfg/dbaudit.toml:1:12: 'severity' must be a table ([severity]), not a string"},
        {"[severity]\nextra_tabel = \"info\"\n", "cfg/dbaudit.toml:2:1: unknown finding kind 'extra_tabel' in [severity]"},
        {"[severity]\nmissing_collation = \"info\"\n", "cfg/dbaudit.toml:2:1: unknown finding kind 'missing_collation' in [severity]"},
        {"[severity]\nextra_table = 1\n", "cfg/dbaudit.toml:2:15: 'extra_table' must be a string, not an integer"},
        {"[severity]\nextra_table = \"none\"\n", "cfg/dbaudit.toml:2:15: 'extra_table' is 'none', not a severity (critical, high, medium, low, info)"},
        {"schema = [\"a\"\n", "cfg/dbaudit.toml:1:15: Error while parsing array: encountered end-of-file"},
    };
    for (const auto& [text, message] : cases) EXPECT_EQ(error_of(text), message) << text;
}

TEST(ConfigFile, StarterFileParsesToEmptySettingsAndMentionsEveryKey) {
    const std::string text = starter_config();
    const Settings s = parse_settings(text, "dbaudit.toml");
    EXPECT_FALSE(s.database_url || s.database_url_env || s.dev_url || s.fail_on || s.format);
    EXPECT_TRUE(s.schema.empty() && s.ignore.empty() && s.severity.empty());
    for (const char* key : {"# database_url =", "# database_url_env =", "# schema =", "# dev_url =", "# fail_on =", "# format =",
                            "# ignore =", "[severity]", "# extra_table ="})
        EXPECT_NE(text.find(key), std::string::npos) << key;
    // Uncommenting every example line gives a file that parses too (except the two database keys together).
    std::string uncommented;
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        std::string line = text.substr(at, end - at);
        if (line.rfind("# ", 0) == 0 && line.find(" = ") != std::string::npos && line.find("database_url_env") == std::string::npos)
            line = line.substr(2);
        uncommented += line + "\n";
        at = end + 1;
    }
    const Settings all = parse_settings(uncommented, "dbaudit.toml");
    EXPECT_EQ(all.database_url, "sqlite:app.db");
    EXPECT_EQ(all.ignore, (std::vector<std::string>{"legacy_*", "audit.*"}));
    EXPECT_EQ(all.severity.at("extra_table"), diff::Severity::info);
}

TEST(ConfigFile, FoundInTheNearestFolderUpward) {
    testing::TempDir dir;
    dir.write("a/dbaudit.toml", "");
    dir.write("a/b/c/keep.txt", "");
    EXPECT_EQ(find_config_file(dir.file("a/b/c")), dir.file("a/dbaudit.toml"));
    dir.write("a/b/dbaudit.toml", "");
    EXPECT_EQ(find_config_file(dir.file("a/b/c")), dir.file("a/b/dbaudit.toml"));
    EXPECT_EQ(find_config_file(dir.path().string()), std::nullopt);  // none above a fresh temp dir
}

TEST(ConfigFile, ExplicitPathMustExist) {
    try {
        load_settings("/nonexistent/dbaudit.toml");
        FAIL() << "no error";
    } catch (const util::InputError& e) {
        EXPECT_STREQ(e.what(), "config file /nonexistent/dbaudit.toml does not exist");
    }
}

}  // namespace
}  // namespace dbaudit::config
