#!/usr/bin/env bash
# Benchmarks `dbaudit plan` and `dbaudit apply` on the drifted schema of the audit benchmark's
# generator (bench/gen_schema.cpp), with ROWS rows in every table the plan rebuilds, and checks
# that the result converges (audit clean, second plan empty, every row kept). See bench/README.md.
#
# usage: bench/plan_apply_bench.sh [BUILD_DIR] [N]
#   BUILD_DIR   where dbaudit was built (default: <repo>/build)
#   N           tables in the generated schema (default: 1000)
#
# environment:
#   BENCH_ROWS=10000        rows put into each table the plan rebuilds
#   BENCH_RUNS=3            timed runs of plan and of apply
#   BENCH_SEED=1            generator seed
#   BENCH_OUT=bench/out     where generated schemas and databases are cached
#
# Exit status: 0 when every run converged, 1 when one did not, 2 on a usage or setup error.
set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$script_dir")
build_dir=$repo_root/build
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+$ ]]; then
  build_dir=$1
  shift
fi
n=${1:-1000}
rows=${BENCH_ROWS:-10000}
runs=${BENCH_RUNS:-3}
seed=${BENCH_SEED:-1}
out_root=${BENCH_OUT:-$script_dir/out}

die() { echo "plan_apply_bench: $*" >&2; exit 2; }
note() { echo "# $*"; }

[[ $n =~ ^[1-9][0-9]*$ ]] || die "not a table count: '$n'"
[[ $rows =~ ^[0-9]+$ ]] || die "BENCH_ROWS must be a number"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_RUNS must be a positive integer"
command -v sqlite3 >/dev/null || die "sqlite3 CLI not found (apt-get install sqlite3)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
cmake --build "$build_dir" --target dbaudit dbaudit_gen_schema dbaudit_fill_rows >/dev/null ||
  die "cannot build dbaudit, dbaudit_gen_schema and dbaudit_fill_rows in $build_dir"
dbaudit=$build_dir/dbaudit
gen=$build_dir/bench/dbaudit_gen_schema
fill=$build_dir/bench/dbaudit_fill_rows

dir=$out_root/plan_apply/$n-seed$seed
mkdir -p "$dir"
if [[ ! -f $dir/expected.sql || $gen -nt $dir/expected.sql ]]; then
  "$gen" --tables "$n" --seed "$seed" --out "$dir" >/dev/null
  rm -f "$dir/live.db" "$dir/filled-"*.db
fi
if [[ ! -f $dir/live.db ]]; then
  sqlite3 -bail -batch "$dir/live.db.tmp" <"$dir/live.sql" || die "sqlite3 failed to load $dir/live.sql"
  mv -f "$dir/live.db.tmp" "$dir/live.db"
fi

# The tables the plan rebuilds, found on the empty database; then ROWS rows in each of them.
"$dbaudit" plan --db "$dir/live.db" --schema "$dir/expected.sql" --allow-destructive >"$dir/plan-empty.sql"
mapfile -t rebuilt < <(grep -oE '^-- \[[0-9]+/[0-9]+\] rebuild [^ ]+ \(1/' "$dir/plan-empty.sql" | awk '{ print $4 }' | sort -u)
filled=$dir/filled-$rows.db
if [[ ! -f $filled || $dir/live.db -nt $filled ]]; then
  cp "$dir/live.db" "$filled.tmp"
  ((${#rebuilt[@]} == 0)) || "$fill" "$filled.tmp" "$rows" "${rebuilt[@]}" >"$dir/fill-$rows.txt"
  mv -f "$filled.tmp" "$filled"
fi
copied_rows=$(awk '{ s += $2 } END { print s + 0 }' "$dir/fill-$rows.txt" 2>/dev/null || echo 0)
db_mb=$(du -m "$filled" | cut -f1)

note "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown CPU)," \
     "load $(cut -d' ' -f1-3 /proc/loadavg), sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
note "N=$n: ${#rebuilt[@]} tables rebuilt, $copied_rows rows in them ($rows asked per table), database $db_mb MB"

# Sums "name=value" pairs of the "dbaudit: timing:" lines of a stderr file.
timing() { grep -o "\b$2=[0-9.]*" "$1" | cut -d= -f2 | awk '{ s += $1 } END { printf "%.3f", s }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

plan_times=()
for ((r = 1; r <= runs; r++)); do
  /usr/bin/time -f '%e %M' -o "$dir/plan.time" env DBAUDIT_TIMINGS=1 \
    "$dbaudit" plan --db "$filled" --schema "$dir/expected.sql" --allow-destructive --output "$dir/plan.sql" >/dev/null 2>"$dir/plan.stderr"
  read -r secs kb <"$dir/plan.time"
  plan_times+=("$secs")
  note "plan run $r/$runs: $secs s, $((kb / 1024)) MB ($(grep -c '^-- \[' "$dir/plan.sql") steps)"
done

status=0
apply_times=() copy_times=() other_times=() dbaudit_times=() backup_times=()
for ((r = 1; r <= runs; r++)); do
  work=$dir/work.db
  rm -f "$work" "$work"-journal "$work".*.bak
  cp "$filled" "$work"
  backup_flag=(--no-backup)
  ((r == runs)) && backup_flag=()  # the last run also takes the backup, timed separately
  /usr/bin/time -f '%e %M' -o "$dir/apply.time" env DBAUDIT_TIMINGS=1 \
    "$dbaudit" apply --db "$work" --schema "$dir/expected.sql" --plan "$dir/plan.sql" --yes "${backup_flag[@]}" >"$dir/apply.out" 2>"$dir/apply.stderr" ||
    { echo "plan_apply_bench: apply failed:" >&2; tail -n 5 "$dir/apply.stderr" >&2; exit 1; }
  read -r secs kb <"$dir/apply.time"
  insert=$(timing "$dir/apply.stderr" insert)
  other=$(timing "$dir/apply.stderr" other)
  # CREATE TEMP TABLE ... AS SELECT copies rows too (a rebuild that copies the table aside).
  # Everything but executing the statements and the backup: start-up, reading the plan file,
  # re-planning, lock, fingerprint, foreign-key checks, verification, COMMIT.
  own=$(awk -v e="$secs" -v s="$(timing "$dir/apply.stderr" statements)" -v b="$(timing "$dir/apply.stderr" backup)" \
        'BEGIN { printf "%.3f", e - s - b }')
  apply_times+=("$secs")
  copy_times+=("$insert")
  other_times+=("$other")
  dbaudit_times+=("$own")
  ((r == runs)) && backup_times+=("$(timing "$dir/apply.stderr" backup)")
  note "apply run $r/$runs: $secs s, $((kb / 1024)) MB; statements: INSERT $insert s, other $other s; planning and checks $own s"
done
# Time the rebuild's CREATE TEMP TABLE ... AS SELECT (a row copy) separately from the other DDL.
rm -f "$dir/work2.db"
cp "$filled" "$dir/work2.db"
DBAUDIT_TIMINGS=statements "$dbaudit" apply --db "$dir/work2.db" --schema "$dir/expected.sql" --plan "$dir/plan.sql" --yes --no-backup \
  >/dev/null 2>"$dir/statements.stderr" || die "apply failed"
by_kind=$(grep '^dbaudit: timing: statement ' "$dir/statements.stderr" |
  awk '{ k = $6 " " $7; if ($6 == "ALTER") k = "ALTER TABLE " $9 " " $10; if ($6 == "CREATE" && $7 == "TEMP") k = "CREATE TEMP (copy aside)";
         if ($6 == "CREATE" && $7 == "UNIQUE") k = "CREATE INDEX"; if ($6 == "DROP" && index($0, "temp.")) k = "DROP temp copy";
         t[k] += $5; c[k]++ } END { for (k in t) printf "  %7.3f s %4d x %s\n", t[k], c[k], k }' | sort -rn)
rm -f "$dir/work2.db"

# Convergence: audit clean, second plan empty, every row of the rebuilt tables kept.
set +e
"$dbaudit" audit --db "$work" --schema "$dir/expected.sql" >/dev/null
audit_rc=$?
set -e
second=$("$dbaudit" plan --db "$work" --schema "$dir/expected.sql" --allow-destructive | grep -c '^-- \[' || true)
kept=0
for t in "${rebuilt[@]}"; do kept=$((kept + $(sqlite3 "$work" "SELECT count(*) FROM \"$t\""))); done
checks="audit exit $audit_rc, second plan $second steps, rows kept $kept / $copied_rows"
((audit_rc == 0 && second == 0 && kept == copied_rows)) || status=1

plan_med=$(printf '%s\n' "${plan_times[@]}" | median)
apply_med=$(printf '%s\n' "${apply_times[@]}" | median)
copy_med=$(printf '%s\n' "${copy_times[@]}" | median)
other_med=$(printf '%s\n' "${other_times[@]}" | median)
own_med=$(printf '%s\n' "${dbaudit_times[@]}" | median)
{
  echo
  echo "dbaudit plan/apply benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git -C "$repo_root" rev-parse --short HEAD 2>/dev/null || echo 'no commit')," \
       "$(nproc) cores, $runs runs, seed $seed"
  echo "N=$n tables, ${#rebuilt[@]} rebuilt with $rows rows each ($copied_rows rows), database $db_mb MB, $(grep -c '^-- \[' "$dir/plan.sql") steps"
  echo "plan:  median $plan_med s"
  echo "apply: median $apply_med s (--no-backup); of which"
  echo "       INSERT statements (rows copied into the rebuilt tables): $copy_med s"
  echo "       other statements (DDL; a rebuild's CREATE TEMP ... AS SELECT copies rows too): $other_med s"
  echo "       dbaudit's own work (reading the plan file, re-planning, lock, fingerprint, FK checks, verification, COMMIT): $own_med s"
  echo "       backup (last run only): ${backup_times[0]:-?} s"
  echo "statements by kind (one run):"
  echo "$by_kind"
  echo "convergence: $checks"
} | tee -a "$out_root/plan_apply_results.txt"
exit $status
