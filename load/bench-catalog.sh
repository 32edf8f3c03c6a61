#!/usr/bin/env bash
# Benchmark of the catalog in embedded mode: starts `feira up` on a fresh data
# folder, reports its idle memory, then drives two read endpoints with wrk and
# prints requests/s and p50/p99 latency. Loopback only; every run is bounded.
#
# With MODE=distributed the same endpoints are driven through the nginx gateway
# in front of `feira serve catalog` (SQLite, no read cache) and the other
# services as separate processes (needs PostgreSQL, RabbitMQ, Redis and
# nginx), with one replica of every service and then two (REPLICAS="1 2").
#
# Knobs: DURATION (default 10s), CONNECTIONS (default 32), THREADS (default 1),
# PORT (default 18090), MODE (embedded | distributed; default embedded), PG,
# REPLICAS (distributed: the replica counts to run, default "1 2"),
# TRACING (compare, the default, also measures the list with tracing off, at
# 10 % and at 100 % sampling; anything else skips that).
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
  # One replica of every service, then two, in the same run (ADR 44): on two
  # cores two replicas cannot be faster; what matters is that nothing breaks
  # and the cost per request does not grow.
  for replicas in ${REPLICAS:-1 2}; do
    REPLICAS=$replicas start_distributed "${PG:-postgres://postgres@127.0.0.1:5432/postgres}" "$port"
    echo "distributed mode through nginx, $replicas replica(s) of every service, ${connections} connections, ${duration} per endpoint, $(nproc) cores"
    run "x$replicas GET /api/catalog/products?per_page=20" "$gateway/api/catalog/products?per_page=20"
    run "x$replicas GET /api/catalog/products?q=wool" "$gateway/api/catalog/products?q=wool&sort=price"
    stop_distributed
  done
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

# What tracing costs (ADR 43): the list endpoint with spans off, at 10 % and at
# 100 % sampling (kept in feira up's in-memory store, what it does by
# default), each on a fresh process, back to back.
[ "${TRACING:-compare}" = compare ] || exit 0
stop_feira
rps() { awk '/^Requests\/sec/ {print $2}' <<<"$1"; }
declare -A traced
for setting in off:0:1.0 10%:4000:0.1 100%:4000:1.0; do
  IFS=: read -r name keep ratio <<<"$setting"
  FEIRA_TELEMETRY__RECENT_SPANS=$keep FEIRA_TELEMETRY__SAMPLING_RATIO=$ratio start_feira "$port"
  url="$base/api/catalog/products?per_page=20"
  curl -sf "$url" >/dev/null
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url")
  report "tracing $name: GET /api/catalog/products" "$out"
  traced[$name]=$(rps "$out")
  stop_feira
  rm -rf "$data"
done
awk -v off="${traced[off]}" -v ten="${traced[10%]}" -v all="${traced[100%]}" 'BEGIN {
  printf "tracing cost: 10%% sampling %.1f%% of the untraced figure (target: within 10%%), 100%% sampling %.1f%%\n",
    (off - ten) / off * 100, (off - all) / off * 100 }'
