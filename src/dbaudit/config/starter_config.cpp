// The file `dbaudit init` writes: every key, commented out, with what it does. A test parses it.
#include "dbaudit/config/config_file.hpp"

namespace dbaudit::config {

std::string starter_config() {
    return R"(# dbaudit.toml: settings for dbaudit in this project. dbaudit finds this file in the
# working directory or the nearest folder above it (or use --config PATH). Flags on the
# command line override what is set here. Remove the '#' in front of a key to set it.

# The database to audit: a URL (postgres://USER@HOST/DB, sqlite:PATH or a file path) ...
# database_url = "sqlite:app.db"
# ... or the name of the environment variable that holds it (keeps passwords out of this file).
# database_url_env = "DATABASE_URL"

# The expected schema: .sql files, or folders whose *.sql files are read in name order (each
# file of a folder is a feature named after it). Relative to this file's folder.
# schema = ["schema/"]

# PostgreSQL: a server where dbaudit may create and drop a temporary database to load the
# expected schema (default: a throwaway local cluster that dbaudit starts itself).
# dev_url = "postgres://dbaudit@localhost/postgres"

# audit exits 1 when a finding has this severity or higher: critical, high, medium, low, info.
# fail_on = "medium"

# The report format of audit: text, json or markdown.
# format = "text"

# Objects the team does not manage: globs on [schema.]name (*, ?, [...]). They appear nowhere
# in findings or plans; an ignored table takes its columns, indexes and triggers with it.
# ignore = ["legacy_*", "audit.*"]

# Severity per kind of finding: missing_KIND, extra_KIND or changed_KIND, where KIND is table,
# column, primary_key, unique, foreign_key, check, index, view, trigger, ...; also unsupported
# and not_visible. Values: critical, high, medium, low, info.
[severity]
# extra_table = "info"
# changed_column = "low"
)";
}

}  // namespace dbaudit::config
