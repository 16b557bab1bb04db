#!/usr/bin/env bash
# Installs every Debian 12 package dbaudit needs to build, run and test. Idempotent; run as root.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config git
  # libraries
  libsqlite3-dev libpq-dev libpg-query-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libtomlplusplus-dev
  # tests and benchmarks
  libgtest-dev sqlite3 postgresql-15 postgresql-client-15 time
  # golden tests: GitHub's CommonMark parser reads the Markdown report back (tables extension)
  cmark-gfm
)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: run as root (or via sudo)" >&2
  exit 2
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
echo "install-deps.sh: ${#packages[@]} packages present"
