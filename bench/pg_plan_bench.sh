#!/usr/bin/env bash
# Benchmarks `dbaudit plan` on PostgreSQL: the synthetic drifted schemas of pg_audit_bench.sh
# (bench/pg_gen_schema.cpp), live.sql loaded into a throwaway local cluster, planned against
# expected.sql through dbaudit's own ephemeral shadow cluster. See bench/pg_README.md.
#
# usage: bench/pg_plan_bench.sh [BUILD_DIR] [N ...]     (default: build/, N = 1000 10000)
#
# environment:
#   BENCH_RUNS=3        timed plan runs per N (the median is reported)
#   BENCH_SEED=1        generator seed
#   BENCH_OUT=bench/out where generated schemas and plans go
#   DBAUDIT=path        the dbaudit binary (default: BUILD_DIR/dbaudit)
#
# Prints one row per N: shadow (start + load + inspect + stop) and its load, the live inspection
# (concurrent with the shadow), the diff and the planning itself (DBAUDIT_TIMINGS=1), the whole
# wall time, peak RSS, steps planned; then planning time per object, which must stay flat
# (O(n log n)) from 1,000 to 10,000 tables. The plan of the smallest N is run with psql and the
# database audited against expected.sql: exit 0 only when it finds nothing at or above low
# (column order is info and never needs a migration).
set -euo pipefail

bench_name=pg_plan_bench
# shellcheck source=pg_bench_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg_bench_common.sh" "$@"

echo "# $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-9s %-8s %-8s %-8s %-8s %-8s %-8s %-7s %s\n' N shadow_s load_s live_s diff_s plan_s wall_s peak_MB steps plan_us_per_table
checked=0
for n in "${sizes[@]}"; do
  dir=$out_root/pg-$n
  "$gen" --tables "$n" --seed "$seed" --out "$dir"
  db=planbench_$n
  psql_ -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  psql_ -d "$db" -f "$dir/live.sql" >/dev/null
  url="postgresql://postgres@/$db?host=$cluster"
  shadows=() loads=() lives=() diffs=() plans=() walls=() rss=()
  for ((r = 0; r < runs; r++)); do
    DBAUDIT_TIMINGS=1 /usr/bin/time -f 'rss_kb=%M wall=%e' "$dbaudit" plan --db "$url" --schema "$dir/expected.sql" \
      --allow-destructive --output "$dir/plan.sql" 2>"$dir/plan_timings.txt" >/dev/null ||
      { cat "$dir/plan_timings.txt" >&2; echo "pg_plan_bench: dbaudit plan failed" >&2; exit 1; }
    shadows+=("$(grep 'timing: shadow:' "$dir/plan_timings.txt" | field total)")
    loads+=("$(grep 'timing: shadow:' "$dir/plan_timings.txt" | field load)")
    lives+=("$(grep 'timing: live:' "$dir/plan_timings.txt" | field inspect)")
    diffs+=("$(grep 'timing: planner:' "$dir/plan_timings.txt" | field diff)")
    plans+=("$(grep 'timing: planner:' "$dir/plan_timings.txt" | field plan)")
    walls+=("$(field wall <"$dir/plan_timings.txt")")
    rss+=("$(field rss_kb <"$dir/plan_timings.txt")")
  done
  plan_s=$(printf '%s\n' "${plans[@]}" | median)
  steps=$(grep -c '^-- \[' "$dir/plan.sql" || true)
  printf '%-6s %-9.3f %-8.3f %-8.3f %-8.3f %-8.3f %-8.2f %-8.1f %-7s %.1f\n' "$n" "$(printf '%s\n' "${shadows[@]}" | median)" \
    "$(printf '%s\n' "${loads[@]}" | median)" "$(printf '%s\n' "${lives[@]}" | median)" "$(printf '%s\n' "${diffs[@]}" | median)" \
    "$plan_s" "$(printf '%s\n' "${walls[@]}" | median)" "$(awk -v k="$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)" 'BEGIN { printf "%.1f", k / 1024 }')" \
    "$steps" "$(awk -v s="$plan_s" -v n="$n" 'BEGIN { printf "%.1f", s * 1e6 / n }')"
  grep 'timing:' "$dir/plan_timings.txt" | sed 's/^/#   /'
  if [[ $checked == 0 ]]; then
    # The plan must do what it says: run it, then the audit is clean.
    psql_ -d "$db" -f "$dir/plan.sql" >"$dir/psql.log" 2>&1 || { tail "$dir/psql.log" >&2; echo "pg_plan_bench: the plan failed under psql" >&2; exit 1; }
    "$dbaudit" audit --db "$url" --schema "$dir/expected.sql" --fail-on low >"$dir/audit_after.txt" ||
      { tail -20 "$dir/audit_after.txt" >&2; echo "pg_plan_bench: drift remains after the plan" >&2; exit 1; }
    echo "#   the N=$n plan ran with psql; audit afterwards: clean"
    checked=1
  fi
done
