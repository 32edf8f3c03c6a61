#!/usr/bin/env bash
# Benchmark of notifications: publishes EVENTS (default 10000) order
# confirmations (`order.paid`) through RabbitMQ to the notifications service
# and measures each one's time from publish to "email accepted" by a local SMTP
# sink: throughput and p50/p99. Target: at least 1,000 events/s with p99 under
# 500 ms on this machine.
#
# Needs RabbitMQ on this machine (the run makes and drops its own vhost with
# rabbitmqctl) and, with STORE=postgres, PostgreSQL.
# Knobs: EVENTS, RATE (offered events/s, default 1000; 0 = as fast as the
# publishers go), STORE (sqlite | postgres; default sqlite), AMQP, PG.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
if ! command -v rabbitmqctl >/dev/null 2>&1; then
  echo "missing: rabbitmqctl (RabbitMQ on this machine)" >&2
  exit 1
fi
cargo build --release --locked -p notifications --example bench_notify >&2
"$target/release/examples/bench_notify" \
  --events "${EVENTS:-10000}" --rate "${RATE:-1000}" --store "${STORE:-sqlite}" \
  --amqp "${AMQP:-amqp://guest:guest@127.0.0.1:5672/%2f}" \
  --postgres "${PG:-postgres://postgres@127.0.0.1:5432/postgres}"
