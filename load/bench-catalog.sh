#!/usr/bin/env bash
# Benchmark of the catalog in embedded mode: starts `feira up` on a fresh data
# folder, reports its idle memory, then drives two read endpoints with wrk and
# prints requests/s and p50/p99 latency. Loopback only; every run is bounded.
#
# With MODE=distributed the same endpoints are driven through the nginx gateway
# in front of `feira serve catalog` (SQLite, no read cache) and the other
# services as separate processes (needs PostgreSQL, RabbitMQ and nginx).
#
# Knobs: DURATION (default 10s), CONNECTIONS (default 32), THREADS (default 1),
# PORT (default 18090), MODE (embedded | distributed; default embedded), PG.
set -euo pipefail
cd "$(dirname "$0")/.."
. load/lib.sh
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-1}"
port="${PORT:-18090}"

require_wrk
run() {
  local name=$1 url=$2
  curl -sf "$url" >/dev/null # warm the path once
  report "$name" "$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url")"
}

if [ "${MODE:-embedded}" = distributed ]; then
  start_distributed "${PG:-postgres://postgres@127.0.0.1:5432/postgres}" "$port"
  echo "distributed mode through nginx, ${connections} connections, ${duration} per endpoint, $(nproc) cores"
  run "GET /api/catalog/products?per_page=20" "$gateway/api/catalog/products?per_page=20"
  run "GET /api/catalog/products?q=wool" "$gateway/api/catalog/products?q=wool&sort=price"
  exit 0
fi

start_feira "$port"

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
idle_kb=$(rss_kb)

echo "feira up, embedded mode, ${connections} connections, ${duration} per endpoint, $(nproc) cores"
printf 'idle memory (RSS after start and seeding): %d MB\n' $((idle_kb / 1024))
run "GET /api/catalog/products?per_page=20" "$base/api/catalog/products?per_page=20"
run "GET /api/catalog/products?q=wool" "$base/api/catalog/products?q=wool&sort=price"
printf 'memory after load (RSS): %d MB\n' $(($(rss_kb) / 1024))
