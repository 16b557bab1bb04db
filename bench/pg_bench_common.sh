# Sourced by the PostgreSQL benchmarks (pg_audit_bench.sh, pg_plan_bench.sh): their shared
# arguments, environment, generator and throwaway "live" cluster. The caller sets `bench_name`
# (for messages) and passes its own arguments: [BUILD_DIR] [N ...].
# Defines: script_dir repo_root out_root runs seed build_dir sizes dbaudit bindir gen cluster,
# and psql_ (psql on the cluster, stopping at the first error), median, field.

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(dirname "$script_dir")
out_root=${BENCH_OUT:-$script_dir/out}
runs=${BENCH_RUNS:-3}
seed=${BENCH_SEED:-1}

build_dir=$repo_root/build
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+$ ]]; then build_dir=$1; shift; fi
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000)
dbaudit=${DBAUDIT:-$build_dir/dbaudit}
[[ -x $dbaudit ]] || { echo "$bench_name: dbaudit not found at $dbaudit" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "$bench_name: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -n $bindir && -x $bindir/pg_dump && -x $bindir/psql ]] || { echo "$bench_name: PostgreSQL binaries not found" >&2; exit 2; }

mkdir -p "$out_root"
gen=$build_dir/bench/dbaudit_pg_gen_schema
if ! cmake --build "$build_dir" --target dbaudit_pg_gen_schema >"$out_root/pg_gen_build.log" 2>&1 || [[ ! -x $gen ]]; then
  mkdir -p "$out_root/bin"
  gen=$out_root/bin/dbaudit_pg_gen_schema
  g++ -std=c++20 -O2 "$script_dir/pg_gen_schema.cpp" -o "$gen"
fi

# The "live" server: its own throwaway cluster, stopped however the script ends.
cluster=$(mktemp -d "/tmp/dbaudit-$bench_name-XXXXXX")
trap 'bash "$repo_root/tests/postgres/pg_cluster.sh" stop "$cluster"' EXIT
bash "$repo_root/tests/postgres/pg_cluster.sh" start "$cluster" >/dev/null
export PGOPTIONS='-c client_min_messages=warning'
psql_() { "$bindir/psql" -X -q -h "$cluster" -p 5432 -U postgres -v ON_ERROR_STOP=1 "$@"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
field() { sed -n "s/\(.*[ :]\)\{0,1\}$1=\([0-9.]*\).*/\2/p" | head -1; }
