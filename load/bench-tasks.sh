#!/usr/bin/env bash
# Feira Tasks at size: one user with 100,000 tasks among 1,000 users, then
# filtered and sorted list pages and insights over HTTP, p50/p99 per query.
# STORE=sqlite (default, the embedded store) | mongodb (MONGODB_URL, default
# mongodb://127.0.0.1:27017; SecantusDB here, which is not MongoDB).
# Knobs: TASKS, USERS, REQUESTS, CONCURRENCY.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p tasks --example bench_tasks
"${CARGO_TARGET_DIR:-target}/release/examples/bench_tasks" \
  --store "${STORE:-sqlite}" --mongodb-url "${MONGODB_URL:-mongodb://127.0.0.1:27017}" \
  --tasks "${TASKS:-100000}" --users "${USERS:-1000}" \
  --requests "${REQUESTS:-200}" --concurrency "${CONCURRENCY:-1}"
