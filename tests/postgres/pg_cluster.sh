#!/usr/bin/env bash
# Starts or stops the one throwaway PostgreSQL cluster a test run uses (ctest fixtures
# pg_cluster_start / pg_cluster_stop). Unix socket only, fsync off; as root the server runs as the
# `postgres` OS user. Under CI=true a server that cannot start fails the run instead of skipping.
#
# usage: tests/postgres/pg_cluster.sh start|stop DIR
#   DIR holds the cluster (DIR/data) and its socket (DIR/.s.PGSQL.5432); connect with
#   host=DIR port=5432 user=postgres.
set -euo pipefail

action=${1:?usage: pg_cluster.sh start|stop DIR}
dir=${2:?usage: pg_cluster.sh start|stop DIR}

bindir=${DBAUDIT_PG_BINDIR:-}
if [[ -z $bindir ]]; then
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x $candidate/initdb ]]; then bindir=$candidate; break; fi
  done
fi

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_cluster() {
  if [[ -f $dir/data/postmaster.pid ]]; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -s stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case $action in
  start)
    if [[ -z $bindir ]]; then
      echo "pg_cluster.sh: no PostgreSQL server binaries found (apt-get install postgresql-15)" >&2
      exit 1
    fi
    stop_cluster  # a cluster left over by an interrupted run
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale --no-sync \
      --no-instructions >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # One role must give a password (the wrong-password tests); everyone else is trusted.
    sed -i '1i local all dbaudit_pw_user scram-sha-256' "$dir/data/pg_hba.conf"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -s -o \
      "-k $dir -p 5432 -c listen_addresses= -F -c full_page_writes=off -c synchronous_commit=off -c autovacuum=off -c max_connections=100 -c wal_level=minimal -c max_wal_senders=0 -c shared_preload_libraries=pg_stat_statements" \
      start || { cat "$dir/postgres.log" >&2; exit 1; }
    # Roles some test schemas name (cluster-wide, so created once here).
    "$bindir/psql" -q -h "$dir" -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE authenticated; CREATE ROLE dbaudit_pw_user LOGIN PASSWORD 'correct-horse-battery'; CREATE EXTENSION pg_stat_statements;" >/dev/null
    # Roles the conformance cases name (shared/conformance/setup/pg_roles.sql), when present.
    roles_sql=$(dirname "$0")/../../../shared/conformance/setup/pg_roles.sql
    if [[ -f $roles_sql ]]; then
      "$bindir/psql" -q -h "$dir" -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 -f "$roles_sql" >/dev/null
    fi
    echo "pg_cluster.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on $dir"
    ;;
  stop)
    stop_cluster
    ;;
  *)
    echo "usage: pg_cluster.sh start|stop DIR" >&2
    exit 2
    ;;
esac
