// Runs a migration safely: write lock, fingerprint check, backup, every statement in one
// transaction, foreign-key check and a fresh inspection diffed against the expected schema before
// COMMIT. Anything unexpected rolls everything back.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "dbaudit/diff/finding.hpp"
#include "dbaudit/engine/engine.hpp"
#include "dbaudit/engine/migration.hpp"
#include "dbaudit/plan/fingerprint.hpp"
#include "dbaudit/plan/migration_plan.hpp"

namespace dbaudit::apply {

enum class BackupMode { default_path, explicit_path, none };

struct ApplyOptions {
    bool dry_run = false;  // run and verify everything, then roll back
    BackupMode backup = BackupMode::default_path;
    std::string backup_path;  // with BackupMode::explicit_path
    diff::Severity fail_on = diff::Severity::medium;
};

struct ApplyInput {
    const model::Catalog* expected = nullptr;
    const plan::MigrationPlan* plan = nullptr;  // what is deliberately left undone, what to check
    std::vector<std::string> statements;        // what runs, in order
    std::string live_fingerprint;               // the schema the statements were planned against
    std::vector<plan::ObjectFingerprint> live_objects;
    // Cuts the re-inspected result to the scope the plan was made for (--feature, --ignore)
    // before it is compared with `expected`; unset = the whole schema.
    std::function<void(model::Catalog&)> restrict_live;
};

struct ApplyReport {
    std::size_t statements_run = 0;
    std::string backup_path;  // empty when no backup was written
    bool committed = false;
    std::vector<diff::Finding> left_as_planned;  // held back, still there
};

// `progress` receives one line per thing done (backup written, ...). Throws util::InputError
// when the live schema moved (exit 2), util::ConnectionError when the database stays locked
// (exit 3), util::ApplyError when a statement or a check fails and everything was rolled back
// (exit 4).
ApplyReport apply_migration(engine::Migrator& migrator, const engine::Target& target, const ApplyInput& input,
                            const ApplyOptions& options, const std::function<void(const std::string&)>& progress);

// "20260217T101500Z": the current UTC time, for backup names.
std::string utc_stamp();

}  // namespace dbaudit::apply
