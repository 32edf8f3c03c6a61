#!/usr/bin/env bash
# Benchmark of checkout: signed-in virtual users each loop "add to cart, check
# out" against `feira up` (embedded, SQLite), then, with MODE=distributed,
# through the nginx gateway to `feira serve` processes (identity, orders and
# notifications on PostgreSQL and RabbitMQ, catalog on SQLite). Prints checkouts/s and checkout p50/p99. Target (embedded, this
# machine): at least 300 checkouts/s with p99 under 150 ms.
#
# Knobs: USERS (default 32), DURATION_SECS (default 10), PORT (default 18092),
# MODE (embedded | distributed | both; default embedded), REPLICAS
# (distributed: the replica counts to run, default "1 2"),
# PG (default postgres://postgres@127.0.0.1:5432/postgres, for distributed).
set -euo pipefail
cd "$(dirname "$0")/.."
. load/lib.sh
users="${USERS:-32}"
seconds="${DURATION_SECS:-10}"
port="${PORT:-18092}"
mode="${MODE:-embedded}"
target="${CARGO_TARGET_DIR:-target}"

cargo build --release --locked -p feira --example bench_checkout >&2
bench="$target/release/examples/bench_checkout"

if [ "$mode" = embedded ] || [ "$mode" = both ]; then
  echo "== embedded: feira up (SQLite), $(nproc) cores"
  FEIRA_IDENTITY__RATE_LIMITS__PER_IP__REQUESTS=100000000 start_feira "$port"
  "$bench" --base "$base" --users "$users" --seconds "$seconds"
  stop_feira
fi

if [ "$mode" = distributed ] || [ "$mode" = both ]; then
  echo "== distributed: every service its own process (PostgreSQL, RabbitMQ) behind nginx, $(nproc) cores"
  # One replica of every service, then two (ADR 44).
  for replicas in ${REPLICAS:-1 2}; do
    echo "-- $replicas replica(s) of every service"
    REPLICAS=$replicas start_distributed "${PG:-postgres://postgres@127.0.0.1:5432/postgres}" "$port"
    "$bench" --base "$gateway" --users "$users" --seconds "$seconds"
    stop_distributed
  done
fi
