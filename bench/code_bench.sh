#!/usr/bin/env bash
# Benchmarks `dbaudit check-code` on a generated multi-language application (see bench/README.md).
#
# usage: bench/code_bench.sh [BUILD_DIR] [FILES [MB [STATEMENTS]]]
#   BUILD_DIR    where dbaudit was built (default: <repo>/build); may be omitted when FILES follows
#   FILES MB STATEMENTS   tree to generate (default: 20000 files, 200 MB, 10000 statements;
#                with BENCH_QUICK=1: 200 files, 2 MB, 100 statements)
#
# environment:
#   BENCH_QUICK=1            smoke test sizes
#   BENCH_RUNS=3             extraction runs (the best is reported) and end-to-end runs
#   BENCH_SEED=1             generator seed
#   BENCH_TABLES=500         tables in the generated schema
#   BENCH_OUT=bench/out      where generated trees and databases are cached
#   DBAUDIT=path             the dbaudit binary (default: BUILD_DIR/dbaudit)
#   DBAUDIT_GEN_CODE=path    the generator (default: BUILD_DIR/bench/dbaudit_gen_code)
#   DBAUDIT_CODE_BENCH=path  the timing harness (default: BUILD_DIR/bench/dbaudit_code_bench)
#
# Exit status: 0 when every run completed and dbaudit's counts match what was generated (targets
# missed are reported, not failed), 1 when a run failed or a count differs, 2 on a usage error.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$script_dir")
out_root=${BENCH_OUT:-$script_dir/out}
runs=${BENCH_RUNS:-3}
seed=${BENCH_SEED:-1}
tables=${BENCH_TABLES:-500}

die() { echo "code_bench: $*" >&2; exit 2; }
fail() { echo "code_bench: $*" >&2; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

build_dir=$repo_root/build
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+$ ]]; then
  build_dir=$1
  shift
fi
if [[ ${BENCH_QUICK:-0} == 1 ]]; then
  files=${1:-200} mb=${2:-2} statements=${3:-100}
else
  files=${1:-20000} mb=${2:-200} statements=${3:-10000}
fi
for n in "$files" "$mb" "$statements" "$runs" "$tables"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "not a positive number: '$n'"
done
command -v sqlite3 >/dev/null || die "sqlite3 CLI not found (apt-get install sqlite3)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"

dbaudit=${DBAUDIT:-$build_dir/dbaudit}
gen=${DBAUDIT_GEN_CODE:-$build_dir/bench/dbaudit_gen_code}
harness=${DBAUDIT_CODE_BENCH:-$build_dir/bench/dbaudit_code_bench}
for tool in "$dbaudit" "$gen" "$harness"; do
  [[ -x $tool ]] || die "$tool not built (cmake --build $build_dir --target dbaudit dbaudit_gen_code dbaudit_code_bench)"
done

out=$out_root/code-$files-$mb-$statements-$tables-$seed
if [[ ! -f $out/manifest.txt || $gen -nt $out/manifest.txt ]]; then
  echo "# generating $files files, $mb MB, $statements statements into $out"
  "$gen" --files "$files" --mb "$mb" --statements "$statements" --tables "$tables" --seed "$seed" --out "$out" >/dev/null
fi
if [[ ! -f $out/live.db || $out/live.sql -nt $out/live.db ]]; then
  rm -f "$out/live.db"
  sqlite3 "$out/live.db" < "$out/live.sql"
fi
manifest() { sed -n "s/^$1: //p" "$out/manifest.txt"; }
figure() { sed -n "s/^$1: //p" <<<"$figures"; }

# 1. The two halves in isolation: extraction on one core, validation per statement.
figures=$("$harness" --src "$out/src" --db "$out/live.db" --schema "$out/schema.sql" --runs "$runs") || fail "harness failed"
sed 's/^/  /' <<<"$figures"

# 2. The command end to end (both sides, JSON report), BENCH_RUNS times.
walls=()
for ((run = 1; run <= runs; run++)); do
  status=0
  DBAUDIT_TIMINGS=1 /usr/bin/time -f '%e %M' -o "$out/time.txt" \
    "$dbaudit" check-code "$out/src" --db "$out/live.db" --schema "$out/schema.sql" --against both \
    --format json --output "$out/report.json" 2>"$out/stderr.txt" || status=$?
  [[ $status == 1 ]] || fail "dbaudit check-code exited $status (expected 1: the tree has failing statements); see $out/stderr.txt"
  # GNU time puts "Command exited with non-zero status 1" first: the figures are the last line.
  read -r wall rss < <(tail -n 1 "$out/time.txt")
  walls+=("$wall")
  timings=$(sed -n 's/^dbaudit: timing: list=/list=/p' "$out/stderr.txt")
done
median=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p")
echo "  end_to_end_median_seconds: $median (peak RSS $((rss / 1024)) MB; $timings)"

# 3. dbaudit's counts against what the generator wrote.
summary() { grep -m1 "\"$1\":" "$out/report.json" | sed 's/[^0-9]//g'; }
mismatch=0
check() {
  if [[ $2 != "$3" ]]; then
    echo "  MISMATCH $1: dbaudit $2, generated $3"
    mismatch=1
  fi
}
check statements "$(summary statements)" "$(manifest statements)"
check dynamic "$(summary dynamic)" "$(manifest dynamic)"
check fails_in_both "$(summary fails_in_both)" "$(manifest broken)"
check fails_only_live "$(summary fails_only_live)" "$(manifest lagging)"
check stale_imports "$(summary stale_imports)" "$(manifest stale_imports)"

# 4. Targets: >= 100 MB/s extraction on one core; 10,000 statements validated in < 2 s.
mbps=$(figure extract_mb_per_s)
per_s=$(figure live_statements_per_s)
extraction=MISSED validation=MISSED
(( mbps >= 100 )) && extraction=MET
(( per_s >= 5000 )) && validation=MET
echo "extraction: $mbps MB/s on one core (target >= 100): $extraction"
echo "validation: $per_s statements/s, $(figure live_statements) in $(figure live_validate_seconds) s (target 10,000 in < 2 s): $validation"
printf '%s files=%s MB=%s statements=%s extract_MBps=%s validate_per_s=%s end_to_end_s=%s %s %s\n' \
  "$(date +%F)" "$files" "$(figure megabytes)" "$statements" "$mbps" "$per_s" "$median" "$extraction" "$validation" \
  >>"$out_root/code_results.txt"
[[ $mismatch == 0 ]] || fail "counts differ from the generated tree"
