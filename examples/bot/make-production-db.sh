#!/usr/bin/env bash
# Build the drifted "production" SQLite database for the dbaudit bot example.
# Usage: make-production-db.sh [OUTPUT_DB]   (default: production.db next to this script)
set -euo pipefail

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
sql_file="$script_dir/production.sql"
out="${1:-$script_dir/production.db}"

if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "error: sqlite3 CLI not found in PATH" >&2
    exit 1
fi

rm -f -- "$out" "$out-journal" "$out-wal" "$out-shm"
if ! sqlite3 -bail "$out" < "$sql_file"; then
    rm -f -- "$out"
    echo "error: failed to build $out from $sql_file" >&2
    exit 1
fi

tables="$(sqlite3 "$out" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';")"
echo "wrote $out ($tables tables) from $sql_file"
