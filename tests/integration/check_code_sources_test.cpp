// Which files check-code reads: git's list inside a work tree (tracked and untracked, never
// ignored), a walk that skips dependencies, virtualenvs and build output elsewhere; and stale
// imports that git history proves were deleted from the repository.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "dbaudit/util/subprocess.hpp"
#include "support/test_support.hpp"

namespace dbaudit::testing {
namespace {

using Json = nlohmann::json;

std::set<std::string> statement_files(const Json& report, const std::string& root) {
    std::set<std::string> files;
    for (const auto& s : report["statements"]) files.insert(s["file"].get<std::string>().substr(root.size() + 1));
    return files;
}

void git(const std::string& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"git", "-C", dir, "-c", "user.name=dbaudit", "-c", "user.email=dbaudit@example.invalid",
                               "-c", "commit.gpgsign=false"});
    const auto result = util::run_process(args);
    ASSERT_TRUE(result && result->exit_code == 0) << "git " << args[9];
}

class CheckCodeSources : public ::testing::Test {
protected:
    void SetUp() override { make_sqlite_db(db, "CREATE TABLE leads (id INTEGER PRIMARY KEY, name TEXT);"); }
    Json run(const std::string& root) {
        const auto result = run_dbaudit({"check-code", root, "--db", db, "--format", "json"});
        EXPECT_LE(result.exit_code, 1) << result.err;
        return Json::parse(result.out);
    }
    TempDir dir;
    std::string db = dir.file("app.db");
};

TEST_F(CheckCodeSources, TheWalkSkipsDependenciesVirtualenvsAndBuildOutput) {
    const std::string root = dir.file("src");
    const std::string sql = "q = 'SELECT id FROM leads'\n";
    for (const char* path : {"app.py", "pkg/models.py", "node_modules/orm/index.js", "venv/lib/site.py", ".venv/lib/site.py",
                             "env2/lib/site.py", "build/gen.py", "dist/bundle.js", "target/Gen.java", "__pycache__/x.py",
                             ".git/hooks/pre-commit.py"})
        dir.write(std::string("src/") + path, sql);
    dir.write("src/env2/pyvenv.cfg", "home = /usr/bin\n");
    dir.write("src/blob.py", std::string("q = 'SELECT id FROM leads'\0\1\2", 29));  // binary: skipped
    const Json report = run(root);
    EXPECT_EQ(statement_files(report, root), (std::set<std::string>{"app.py", "pkg/models.py"}));
    EXPECT_EQ(report["summary"]["files"], 2);
    EXPECT_EQ(report["summary"]["skipped_files"], 1);
}

TEST_F(CheckCodeSources, GitListsTrackedAndUntrackedButNotIgnoredFiles) {
    const std::string root = dir.file("repo");
    dir.write("repo/app.py", "q = 'SELECT id FROM leads'\n");
    dir.write("repo/.gitignore", "generated/\n");
    dir.write("repo/generated/q.py", "q = 'SELECT id FROM leads'\n");
    dir.write("repo/node_modules_tracked/x.js", "const q = 'SELECT name FROM leads';\n");
    git(root, {"init", "-q"});
    git(root, {"add", "."});
    git(root, {"commit", "-q", "-m", "first"});
    dir.write("repo/new_module.py", "q = 'SELECT name FROM leads'\n");
    EXPECT_EQ(statement_files(run(root), root),
              (std::set<std::string>{"app.py", "new_module.py", "node_modules_tracked/x.js"}));
}

TEST_F(CheckCodeSources, AnImportOfAModuleGitHistoryShowsDeletedIsStale) {
    const std::string root = dir.file("bot");
    dir.write("bot/chat_parser.py", "def start_monitoring():\n    pass\n");
    dir.write("bot/run_all.py", "import os\nimport requests\nfrom chat_parser import start_monitoring\n");
    git(root, {"init", "-q"});
    git(root, {"add", "."});
    git(root, {"commit", "-q", "-m", "first"});
    git(root, {"rm", "-q", "chat_parser.py"});
    git(root, {"commit", "-q", "-m", "Deep Cleaning"});
    const auto hash = util::run_process({"git", "-C", root, "log", "-1", "--format=%h"});
    ASSERT_TRUE(hash);
    const std::string commit = hash->out.substr(0, hash->out.find('\n'));

    const Json report = run(root);
    ASSERT_EQ(report["stale_imports"].size(), 1u) << report["stale_imports"].dump();
    const Json& stale = report["stale_imports"][0];
    EXPECT_EQ(stale["file"], root + "/run_all.py");
    EXPECT_EQ(stale["line"], 3);
    EXPECT_EQ(stale["column"], 6);
    EXPECT_EQ(stale["module"], "chat_parser");
    EXPECT_EQ(stale["reason"], "chat_parser.py was deleted from the repository (commit " + commit + ")");
    EXPECT_EQ(report["exit_code"], 1);
}

TEST_F(CheckCodeSources, RelativeImportsResolveLikePythonAndTypeScript) {
    const std::string root = dir.file("proj");
    dir.write("proj/pkg/__init__.py", "");
    dir.write("proj/pkg/a.py", "from . import b\nfrom .b import f\nfrom .gone import g\nfrom ..outside import h\nfrom ...beyond import i\n");
    dir.write("proj/pkg/b.py", "def f():\n    pass\n");
    dir.write("proj/web/api.ts",
              "import { x } from './client.js';\nimport y from './dir';\nimport data from './data.json';\n"
              "import z from './missing';\nimport w from '../../elsewhere';\n");
    dir.write("proj/web/client.ts", "export const x = 1;\n");
    dir.write("proj/web/dir/index.tsx", "export default 1;\n");
    dir.write("proj/web/data.json", "{}\n");
    const Json report = run(root);
    std::vector<std::string> stale;
    for (const auto& s : report["stale_imports"])
        stale.push_back(s["file"].get<std::string>().substr(root.size() + 1) + ":" + std::to_string(s["line"].get<int>()) + " " +
                        s["reason"].get<std::string>());
    // `...beyond` climbs above the listed root: nothing there to judge.
    EXPECT_EQ(stale, (std::vector<std::string>{"pkg/a.py:3 pkg/ has no gone.py or gone/",
                                               "pkg/a.py:4 the source root has no outside.py or outside/",
                                               "web/api.ts:4 no file web/missing (with .ts, .tsx, .js, ... or /index)"}));
}

}  // namespace
}  // namespace dbaudit::testing
