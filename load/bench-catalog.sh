#!/usr/bin/env bash
# Benchmark of the catalog in embedded mode: starts `feira up` on a fresh data
# folder, reports its idle memory, then drives two read endpoints with wrk and
# prints requests/s and p50/p99 latency. Loopback only; every run is bounded.
#
# Knobs: DURATION (default 10s), CONNECTIONS (default 32), THREADS (default 1),
# PORT (default 18090).
set -euo pipefail
cd "$(dirname "$0")/.."
. load/lib.sh
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-1}"
port="${PORT:-18090}"

require_wrk
start_feira "$port"

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
idle_kb=$(rss_kb)

run() {
  local name=$1 url=$2
  curl -sf "$url" >/dev/null # warm the path once
  report "$name" "$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url")"
}

echo "feira up, embedded mode, ${connections} connections, ${duration} per endpoint, $(nproc) cores"
printf 'idle memory (RSS after start and seeding): %d MB\n' $((idle_kb / 1024))
run "GET /api/catalog/products?per_page=20" "$base/api/catalog/products?per_page=20"
run "GET /api/catalog/products?q=wool" "$base/api/catalog/products?q=wool&sort=price"
printf 'memory after load (RSS): %d MB\n' $(($(rss_kb) / 1024))
