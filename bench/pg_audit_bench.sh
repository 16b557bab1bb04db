#!/usr/bin/env bash
# Benchmarks `dbaudit audit` on PostgreSQL: synthetic schemas of N tables (bench/pg_gen_schema.cpp)
# loaded into a throwaway local cluster, audited against their drifted copy; pg_dump
# --schema-only runs on the same database in the same run for comparison (see bench/pg_README.md).
#
# usage: bench/pg_audit_bench.sh [BUILD_DIR] [N ...]     (default: build/, N = 1000 10000)
#
# environment:
#   BENCH_RUNS=3        timed audit and pg_dump runs per N (the median is reported)
#   BENCH_SEED=1        generator seed
#   BENCH_OUT=bench/out where generated schemas and reports go
#   DBAUDIT=path        the dbaudit binary (default: BUILD_DIR/dbaudit)
#
# Prints one row per N: live inspection (median of runs that audit against an empty expected
# schema, so that no shadow load competes for the CPU; each run right after a pg_dump -s of the
# same database), pg_dump -s, their ratio; then full audits: shadow (start + load + inspect +
# stop), load alone, whole audit wall time, peak RSS; the naive psql -f load of the expected
# schema; catalog queries; findings against the drift injected; then the expected-model cache:
# whole audit wall time with an empty cache (cold: shadow load, then the entry is written) and a
# primed one (warm: no shadow at all). The other audits run with --no-cache. Exit 0 when every run
# completed and findings matched.
set -euo pipefail

bench_name=pg_audit_bench
# shellcheck source=pg_bench_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg_bench_common.sh" "$@"

elapsed() { awk -v a="$(date +%s.%N)" -v b="$1" 'BEGIN { printf "%.3f", a - b }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }

echo "# $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-8s %-9s %-9s %-8s %-9s %-8s %-9s %-9s %-8s %-10s %-7s %s\n' N live_s pg_dump_s speedup shadow_s load_s audit_s peak_MB psql_f_s queries findings cold_s warm_s
for n in "${sizes[@]}"; do
  dir=$out_root/pg-$n
  "$gen" --tables "$n" --seed "$seed" --out "$dir"
  db=bench_$n
  psql_ -d postgres -c "DROP DATABASE IF EXISTS $db" -c "DROP DATABASE IF EXISTS ${db}_naive" -c "CREATE DATABASE $db" -c "CREATE DATABASE ${db}_naive"
  psql_ -d "$db" -f "$dir/live.sql" >/dev/null
  # The naive load the issue measured: psql -f of the expected schema, statement by statement.
  start=$(date +%s.%N)
  psql_ -d "${db}_naive" -f "$dir/expected.sql" >/dev/null
  naive=$(elapsed "$start")
  psql_ -d postgres -c "DROP DATABASE ${db}_naive"

  dumps=() lives=() shadows=() loads=() totals=() rss=()
  : >"$dir/empty.sql"
  for ((r = 0; r < runs; r++)); do
    start=$(date +%s.%N)
    "$bindir/pg_dump" --schema-only -h "$cluster" -p 5432 -U postgres -d "$db" >"$dir/pg_dump.sql"
    dumps+=("$(elapsed "$start")")
    # Live inspection alone: an empty expected schema on --dev-url costs one CREATE DATABASE.
    DBAUDIT_TIMINGS=1 "$dbaudit" audit --db "postgresql://postgres@/$db?host=$cluster" --schema "$dir/empty.sql" \
      --dev-url "postgresql://postgres@/postgres?host=$cluster" --format json --output /dev/null --no-cache 2>"$dir/live_timings.txt" || true
    lives+=("$(grep 'timing: live:' "$dir/live_timings.txt" | field total)")
  done
  for ((r = 0; r < runs; r++)); do
    set +e
    DBAUDIT_TIMINGS=1 /usr/bin/time -f 'rss_kb=%M wall=%e' "$dbaudit" audit --db "postgresql://postgres@/$db?host=$cluster" \
      --schema "$dir/expected.sql" --format json --output "$dir/report.json" --no-cache 2>"$dir/timings.txt"
    code=$?
    set -e
    if [[ $code -gt 1 ]]; then cat "$dir/timings.txt" >&2; echo "pg_audit_bench: dbaudit exited $code" >&2; exit 1; fi
    shadows+=("$(grep 'timing: shadow:' "$dir/timings.txt" | field total)")
    loads+=("$(grep 'timing: shadow:' "$dir/timings.txt" | field load)")
    totals+=("$(field wall <"$dir/timings.txt")")
    rss+=("$(field rss_kb <"$dir/timings.txt")")
  done
  colds=() warms=()
  for ((r = 0; r < runs; r++)); do
    rm -rf "$dir/cache"
    for kind in cold warm; do
      set +e
      XDG_CACHE_HOME=$dir/cache DBAUDIT_TIMINGS=1 /usr/bin/time -f 'rss_kb=%M wall=%e' "$dbaudit" audit \
        --db "postgresql://postgres@/$db?host=$cluster" --schema "$dir/expected.sql" --format json \
        --output "$dir/report-cache.json" 2>"$dir/cache_timings.txt"
      code=$?
      set -e
      if [[ $code -gt 1 ]] || ! cmp -s "$dir/report.json" "$dir/report-cache.json"; then
        cat "$dir/cache_timings.txt" >&2; echo "pg_audit_bench: $kind-cache audit exited $code or reported differently" >&2; exit 1
      fi
      if [[ $kind == cold ]]; then colds+=("$(field wall <"$dir/cache_timings.txt")"); else warms+=("$(field wall <"$dir/cache_timings.txt")"); fi
    done
  done
  cold=$(printf '%s\n' "${colds[@]}" | median)
  warm=$(printf '%s\n' "${warms[@]}" | median)
  live=$(printf '%s\n' "${lives[@]}" | median)
  dump=$(printf '%s\n' "${dumps[@]}" | median)
  shadow=$(printf '%s\n' "${shadows[@]}" | median)
  load=$(printf '%s\n' "${loads[@]}" | median)
  total=$(printf '%s\n' "${totals[@]}" | median)
  peak=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  queries=$(grep 'timing: live:' "$dir/timings.txt" | field catalog_queries)
  findings=$(grep -c '"severity"' "$dir/report.json" || true)
  injected=$(sed -n 's/^total_findings: //p' "$dir/drift.txt")
  printf '%-6s %-8.3f %-9.3f %-9s %-9.3f %-8.3f %-9.2f %-8.1f %-9.2f %-8s %-10s %-7s %s\n' "$n" "$live" "$dump" \
    "$(ratio "$dump" "$live")" "$shadow" "$load" "$total" "$(awk -v k="$peak" 'BEGIN { printf "%.1f", k / 1024 }')" "$naive" \
    "$queries" "$findings/$injected" "$cold" "$warm"
  grep 'timing:' "$dir/timings.txt" | sed 's/^/#   /'
  echo "#   load average now: $(cut -d' ' -f1-3 /proc/loadavg)"
  [[ $findings == "$injected" ]] || { echo "pg_audit_bench: $findings findings, $injected injected (see $dir/report.json)" >&2; exit 1; }
done
