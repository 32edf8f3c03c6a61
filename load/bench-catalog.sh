#!/usr/bin/env bash
# Benchmark of the catalog in embedded mode: starts `feira up` on a fresh data
# folder, reports its idle memory, then drives two read endpoints with wrk and
# prints requests/s and p50/p99 latency. Loopback only; every run is bounded.
#
# Knobs: DURATION (default 10s), CONNECTIONS (default 32), THREADS (default 1),
# PORT (default 18090).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
threads="${THREADS:-1}"
port="${PORT:-18090}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "missing: wrk, the load generator. On Debian/Ubuntu: sudo apt-get install wrk" >&2
  exit 1
fi

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --locked -p feira >&2
data=$(mktemp -d)
FEIRA_TELEMETRY__FILTER=warn "$target/release/feira" up --port "$port" --data-dir "$data" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT

base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  if curl -sf "$base/ready" >/dev/null; then break; fi
  sleep 0.1
done
curl -sf "$base/ready" >/dev/null || { echo "feira did not become ready" >&2; exit 1; }

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
idle_kb=$(rss_kb)

run() {
  local name=$1 url=$2
  local out
  curl -sf "$url" >/dev/null # warm the path once
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url")
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "  warning: $(grep 'Non-2xx' <<<"$out")"
  fi
}

echo "feira up, embedded mode, ${connections} connections, ${duration} per endpoint, $(nproc) cores"
printf 'idle memory (RSS after start and seeding): %d MB\n' $((idle_kb / 1024))
run "GET /api/catalog/products?per_page=20" "$base/api/catalog/products?per_page=20"
run "GET /api/catalog/products?q=wool" "$base/api/catalog/products?q=wool&sort=price"
printf 'memory after load (RSS): %d MB\n' $(($(rss_kb) / 1024))
