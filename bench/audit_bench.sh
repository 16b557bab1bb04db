#!/usr/bin/env bash
# Benchmarks `dbaudit audit` on synthetic SQLite schemas of N tables (see bench/README.md).
#
# usage: bench/audit_bench.sh [BUILD_DIR] [N ...]
#   BUILD_DIR   where dbaudit was built (default: <repo>/build); may be omitted when N follows
#   N           table counts to run (default: 1000 10000; with BENCH_QUICK=1: 50)
#
# environment:
#   BENCH_QUICK=1           smoke test: N defaults to 50
#   BENCH_RUNS=3            timed audit runs per N
#   BENCH_SEED=1            generator seed
#   BENCH_OUT=bench/out     where generated schemas, databases and reports are cached
#   BENCH_PREPARE_ONLY=1    generate and build the databases (and the baseline), skip the audit
#   BENCH_REMEASURE_BASELINE=1  re-time the naive `sqlite3 :memory:` load even if cached
#   DBAUDIT=path            the dbaudit binary (default: BUILD_DIR/dbaudit)
#   DBAUDIT_GEN_SCHEMA=path the generator binary (default: built with CMake in BUILD_DIR)
#   CXX=g++                 compiler for the generator when BUILD_DIR has no dbaudit_gen_schema
#
# Exit status: 0 when every run completed (dbaudit exiting 0 or 1), 1 when dbaudit failed (exit >1
# or no report), 2 on a usage or setup error.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$script_dir")
out_root=${BENCH_OUT:-$script_dir/out}
runs=${BENCH_RUNS:-3}
seed=${BENCH_SEED:-1}
quick=${BENCH_QUICK:-0}
prepare_only=${BENCH_PREPARE_ONLY:-0}

die() { echo "audit_bench: $*" >&2; exit 2; }
note() { echo "# $*"; }

case "${1:-}" in
  -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac

build_dir=$repo_root/build
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+$ ]]; then
  build_dir=$1
  shift
fi
if [[ $# -gt 0 ]]; then
  sizes=("$@")
elif [[ $quick == 1 ]]; then
  sizes=(50)
else
  sizes=(1000 10000)
fi
for n in "${sizes[@]}"; do
  [[ $n =~ ^[1-9][0-9]*$ ]] || die "not a table count: '$n'"
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
[[ $seed =~ ^[0-9]+$ ]] || die "BENCH_SEED must be a non-negative integer"

command -v sqlite3 >/dev/null || die "sqlite3 CLI not found (apt-get install sqlite3)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"

dbaudit=${DBAUDIT:-$build_dir/dbaudit}
if [[ $prepare_only != 1 && ! -x $dbaudit ]]; then
  die "dbaudit not found at $dbaudit (build it, pass BUILD_DIR, set DBAUDIT=, or BENCH_PREPARE_ONLY=1)"
fi

mkdir -p "$out_root"

# --- the generator ------------------------------------------------------------------------------
gen_src=$script_dir/gen_schema.cpp
gen=${DBAUDIT_GEN_SCHEMA:-}  # a prebuilt generator (the test suite passes it: no build from a test)
if [[ -z $gen && -f $build_dir/CMakeCache.txt ]] &&
   cmake --build "$build_dir" --target dbaudit_gen_schema >"$out_root/gen_build.log" 2>&1; then
  for candidate in "$build_dir/bench/dbaudit_gen_schema" "$build_dir/dbaudit_gen_schema"; do
    if [[ -x $candidate ]]; then gen=$candidate; break; fi
  done
fi
if [[ -z $gen ]]; then
  # No (working) CMake build: compile the standalone generator into the cache directory.
  gen=$out_root/bin/dbaudit_gen_schema
  if [[ ! -x $gen || $gen_src -nt $gen ]]; then
    mkdir -p "$out_root/bin"
    note "compiling $gen with ${CXX:-g++}"
    "${CXX:-g++}" -std=c++20 -O2 "$gen_src" -o "$gen.tmp" || die "cannot compile $gen_src"
    mv -f "$gen.tmp" "$gen"
  fi
fi

# --- helpers ------------------------------------------------------------------------------------
# Prints "<seconds> <max RSS KB>" from a GNU time -o file (its last line; the line before it may
# be "Command exited with non-zero status N").
time_result() { tail -n 1 "$1"; }

# Regenerates DIR's schema unless it is present, made with the same parameters and not older
# than the generator. Files whose content did not change keep their timestamps, so a rebuilt but
# identical generator does not invalidate the cached live.db.
generate() {
  local n=$1 dir=$2 params="tables=$1 seed=$seed"
  local stamp=$dir/.generated
  if [[ -f $dir/expected.sql && -f $dir/live.sql && -f $dir/drift.txt && -f $stamp &&
        ! $gen -nt $stamp && "$(cat "$stamp")" == "$params" ]]; then
    note "N=$n: schema present in $dir (generator not newer), skipping generation"
    return
  fi
  local tmp=$dir/.gen-tmp
  rm -rf "$tmp"
  mkdir -p "$tmp"
  local t0=$EPOCHREALTIME
  "$gen" --tables "$n" --seed "$seed" --out "$tmp"
  local t1=$EPOCHREALTIME
  local f
  for f in expected.sql live.sql drift.txt drift_detail.txt; do
    if [[ -f $dir/$f ]] && cmp -s "$tmp/$f" "$dir/$f"; then
      rm -f "$tmp/$f"
    else
      mv -f "$tmp/$f" "$dir/$f"
    fi
  done
  rmdir "$tmp"
  echo "$params" >"$stamp"
  note "N=$n: generated $dir in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
}

# Builds DIR/live.db from live.sql with the sqlite3 CLI, once; it is cached until live.sql changes.
build_live_db() {
  local n=$1 dir=$2
  if [[ -f $dir/live.db && ! $dir/live.sql -nt $dir/live.db ]]; then
    note "N=$n: live.db cached in $dir"
    return
  fi
  note "N=$n: building live.db from live.sql with sqlite3 (one-off, cached in $dir; SQLite's" \
       "CREATE TABLE cost grows with the schema size, so 10,000 tables take ~30-70 s)"
  rm -f "$dir/live.db.tmp" "$dir/live.db.tmp-journal"
  /usr/bin/time -f '%e %M' -o "$dir/live_db_build.time" \
    sqlite3 -bail -batch "$dir/live.db.tmp" <"$dir/live.sql" ||
    die "N=$n: sqlite3 failed to load $dir/live.sql"
  mv -f "$dir/live.db.tmp" "$dir/live.db"
  read -r secs _ < <(time_result "$dir/live_db_build.time")
  note "N=$n: live.db built in $secs s ($(du -m "$dir/live.db" | cut -f1) MB)"
}

# Times the naive baseline: executing expected.sql into an in-memory database. Cached in
# DIR/baseline.time until expected.sql changes (or BENCH_REMEASURE_BASELINE=1).
baseline() {
  local n=$1 dir=$2
  if [[ ${BENCH_REMEASURE_BASELINE:-0} != 1 && -f $dir/baseline.time &&
        ! $dir/expected.sql -nt $dir/baseline.time ]]; then
    note "N=$n: naive load baseline cached in $dir/baseline.time"
    return
  fi
  note "N=$n: timing the naive baseline: sqlite3 :memory: < expected.sql"
  /usr/bin/time -f '%e %M' -o "$dir/baseline.time.tmp" \
    sqlite3 -bail -batch :memory: <"$dir/expected.sql" ||
    die "N=$n: sqlite3 failed to load $dir/expected.sql"
  mv -f "$dir/baseline.time.tmp" "$dir/baseline.time"
}

# Value of KEY in a drift.txt.
drift_value() { awk -F': ' -v k="$2" '$1 == k { print $2 }' "$1"; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- main ---------------------------------------------------------------------------------------
note "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown CPU)," \
     "$(awk '/^MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo '? GB') RAM," \
     "sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
note "generator: $gen"
[[ $prepare_only == 1 ]] || note "dbaudit: $dbaudit"

rows=()
checks=()
failed=0
for n in "${sizes[@]}"; do
  dir=$out_root/$n
  mkdir -p "$dir"
  generate "$n" "$dir"
  build_live_db "$n" "$dir"
  baseline "$n" "$dir"
  read -r base_secs _ < <(time_result "$dir/baseline.time")
  live_tables=$(sqlite3 -batch "$dir/live.db" "SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
  injected=$(drift_value "$dir/drift.txt" total_drift)
  injected_ix=$(drift_value "$dir/drift.txt" indexes_on_missing_tables)
  injected_col="$injected+$injected_ix"

  if [[ $prepare_only == 1 ]]; then
    rows+=("$(printf '%-7s %-7s %-7s %-9s %-12s %-9s %-9s %s' "$n" "$live_tables" - - - - "$injected_col" "$base_secs")")
    continue
  fi

  times=()
  peak_kb=0
  status=ok
  for ((r = 1; r <= runs; r++)); do
    rm -f "$dir/report.json"
    set +e
    /usr/bin/time -f '%e %M' -o "$dir/audit.time" \
      "$dbaudit" audit --db "$dir/live.db" --schema "$dir/expected.sql" --format json --no-cache \
      --output "$dir/report.json" >"$dir/audit.stdout" 2>"$dir/audit.stderr"
    rc=$?
    set -e
    if ((rc > 1)); then
      echo "audit_bench: N=$n run $r: dbaudit exited with $rc; stderr (tail):" >&2
      tail -n 20 "$dir/audit.stderr" >&2
      status="FAILED(exit $rc)"
      break
    fi
    if [[ ! -s $dir/report.json ]]; then
      echo "audit_bench: N=$n run $r: dbaudit exited with $rc but wrote no $dir/report.json" >&2
      status="FAILED(no report)"
      break
    fi
    if ((rc == 0 && injected > 0)); then
      echo "audit_bench: N=$n run $r: warning: dbaudit exited 0 (in sync) but $injected drifts were injected" >&2
    fi
    read -r secs kb < <(time_result "$dir/audit.time")
    times+=("$secs")
    ((kb > peak_kb)) && peak_kb=$kb
    note "N=$n run $r/$runs: ${secs} s, $((kb / 1024)) MB, exit $rc"
  done

  if [[ $status != ok ]]; then
    failed=1
    rows+=("$(printf '%-7s %-7s %s' "$n" "$live_tables" "$status")")
    continue
  fi
  # The expected-model cache: a cold run (empty cache: load, then write the entry) and a warm run
  # (the entry is read instead of loading expected.sql), each BENCH_RUNS times.
  cold_times=()
  warm_times=()
  for ((r = 1; r <= runs; r++)); do
    rm -rf "$dir/cache"
    for kind in cold warm; do
      set +e
      XDG_CACHE_HOME=$dir/cache /usr/bin/time -f '%e %M' -o "$dir/audit.time" \
        "$dbaudit" audit --db "$dir/live.db" --schema "$dir/expected.sql" --format json \
        --output "$dir/report-cache.json" >/dev/null 2>"$dir/audit.stderr"
      rc=$?
      set -e
      if ((rc > 1)) || ! cmp -s "$dir/report.json" "$dir/report-cache.json"; then
        echo "audit_bench: N=$n $kind run $r: exit $rc or a report that differs from the uncached one" >&2
        status="FAILED($kind cache)"
        break 2
      fi
      read -r secs kb < <(time_result "$dir/audit.time")
      if [[ $kind == cold ]]; then cold_times+=("$secs"); else warm_times+=("$secs"); fi
      ((kb > peak_kb)) && peak_kb=$kb
      note "N=$n $kind-cache run $r/$runs: ${secs} s, $((kb / 1024)) MB"
    done
  done
  if [[ $status != ok ]]; then
    failed=1
    rows+=("$(printf '%-7s %-7s %s' "$n" "$live_tables" "$status")")
    continue
  fi
  cold_med=$(printf '%s\n' "${cold_times[@]}" | median)
  warm_med=$(printf '%s\n' "${warm_times[@]}" | median)
  best=$(printf '%s\n' "${times[@]}" | sort -n | head -n 1)
  med=$(printf '%s\n' "${times[@]}" | median)
  peak_mb=$(awk -v k="$peak_kb" 'BEGIN { printf "%.1f", k / 1024 }')
  findings=$(grep -o '"severity"' "$dir/report.json" | wc -l | tr -d ' ')
  rows+=("$(printf '%-7s %-7s %-7s %-9s %-12s %-9s %-9s %-12s %-7s %s' \
    "$n" "$live_tables" "$best" "$med" "$peak_mb" "$findings" "$injected_col" "$base_secs" "$cold_med" "$warm_med")")
  if ((findings != injected + injected_ix)); then
    failed=1  # wrong findings make the figures meaningless (and the smoke test fail)
    checks+=("N=$n: $findings findings, but $injected drifts + $injected_ix indexes of missing tables were injected; compare $dir/report.json with $dir/drift_detail.txt")
  else
    checks+=("N=$n: findings match the injected drift")
  fi
  if ((n >= 10000)); then
    verdict=$(awk -v t="$med" -v m="$peak_mb" 'BEGIN { print (t < 1 && m < 300) ? "MET" : "MISSED" }')
    target_line="target (10,000 tables audited in < 1 s and < 300 MB): median $med s, peak $peak_mb MB at N=$n: $verdict"
  fi
done

header=$(printf '%-7s %-7s %-7s %-9s %-12s %-9s %-9s %-12s %-7s %s' \
  N tables best_s median_s peak_rss_MB findings injected naive_load_s cold_s warm_s)
{
  echo
  echo "dbaudit audit benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo 'no commit')," \
       "$(nproc) cores, $runs runs per N, seed $seed"
  echo "$header"
  printf '%s\n' "${rows[@]}"
  echo "tables = tables in live.db; findings = \"severity\" entries in report.json;" \
       "injected = total_drift + indexes_on_missing_tables from drift.txt (indexes of a missing table are reported too); naive_load_s = one run of sqlite3 :memory: < expected.sql;" \
       "best_s/median_s with --no-cache; cold_s/warm_s = medians with an empty / a primed expected-model cache"
  ((${#checks[@]} == 0)) || printf "%s\n" "${checks[@]}"
  [[ -z ${target_line:-} ]] || echo "$target_line"
} | if [[ $prepare_only == 1 ]]; then cat; else tee -a "$out_root/results.txt"; fi

exit $((failed ? 1 : 0))
