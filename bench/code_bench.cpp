// Measures the two halves of `dbaudit check-code` in isolation and prints `key: value` lines:
//
//   extraction: every source file is first read into memory, then the extractor (scan, detect,
//   split, normalise) runs over all of them on one thread; best of --runs, in MB/s of source.
//   validation: every distinct checkable statement is prepared against the live database (and
//   against the expected schema when --schema is given); statements per second.
//
//   dbaudit_code_bench --src DIR --db live.db [--schema schema.sql] [--runs 3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unordered_set>
#include <vector>

#include "dbaudit/code_check/extractor.hpp"
#include "dbaudit/code_check/source_walker.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/statement_checker.hpp"
#include "dbaudit/util/error.hpp"
#include "dbaudit/util/text.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void usage() {
    std::cerr << "usage: dbaudit_code_bench --src DIR --db live.db [--schema schema.sql] [--runs N]\n";
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv) try {
    using namespace dbaudit;
    std::string src, db, schema;
    int runs = 3;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) usage();
        const std::string value = argv[++i];
        if (arg == "--src") src = value;
        else if (arg == "--db") db = value;
        else if (arg == "--schema") schema = value;
        else if (arg == "--runs") runs = std::max(1, std::atoi(value.c_str()));
        else usage();
    }
    if (src.empty() || db.empty()) usage();

    const code_check::SourceListing listing = code_check::list_source_files(src, {});
    std::vector<std::string> texts;
    std::size_t bytes = 0;
    for (const code_check::SourceFile& file : listing.files) {
        texts.push_back(util::read_file(file.path));
        bytes += texts.back().size();
    }

    double best = 1e30;
    code_check::Extraction extraction;
    for (int run = 0; run < runs; ++run) {
        code_check::Extraction out;
        const auto start = Clock::now();
        for (std::size_t i = 0; i < texts.size(); ++i)
            code_check::extract_from_text(texts[i], listing.files[i].language, i, listing.files[i].path,
                                          engine::ParameterStyle::sqlite, out);
        best = std::min(best, seconds_since(start));
        extraction = std::move(out);
    }
    const double megabytes = static_cast<double>(bytes) / (1024.0 * 1024.0);
    std::printf("files: %zu\nmegabytes: %.1f\nstatements_found: %zu\nextract_seconds: %.3f\nextract_mb_per_s: %.0f\n",
                listing.files.size(), megabytes, extraction.statements.size(), best, megabytes / best);

    std::vector<std::string> distinct;
    std::unordered_set<std::string> seen;
    for (const auto& statement : extraction.statements) {
        if (!statement.is_dynamic() && seen.insert(statement.sql).second) distinct.push_back(statement.sql);
    }
    auto engine = engine::make_engine("sqlite");
    const engine::Target target{"sqlite", db, db};
    auto time_checks = [&](engine::StatementChecker& checker, const char* side) {
        std::size_t failed = 0;
        const auto start = Clock::now();
        for (const std::string& sql : distinct) failed += checker.check(sql).status == engine::CheckStatus::failed;
        const double elapsed = seconds_since(start);
        std::printf("%s_statements: %zu\n%s_failed: %zu\n%s_validate_seconds: %.3f\n%s_statements_per_s: %.0f\n", side,
                    distinct.size(), side, failed, side, elapsed, side, static_cast<double>(distinct.size()) / elapsed);
    };
    {
        const auto start = Clock::now();
        auto live = engine->open_statement_checker({&target, nullptr});
        std::printf("live_open_seconds: %.3f\n", seconds_since(start));
        time_checks(*live, "live");
    }
    if (!schema.empty()) {
        const auto files = engine::read_schema_files({schema});
        const auto start = Clock::now();
        auto expected = engine->open_statement_checker({nullptr, &files});
        std::printf("expected_open_seconds: %.3f\n", seconds_since(start));
        time_checks(*expected, "expected");
    }
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "dbaudit_code_bench: %s\n", e.what());
    return 1;
}
