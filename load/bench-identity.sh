#!/usr/bin/env bash
# Benchmark of identity: (1) signing and verifying an access token in process, a
# Criterion bench on one core (target: verify under 100 µs); (2) POST /login on
# `feira up` (argon2id dominates, by design) and a token-protected GET /me, with
# wrk. Rate limits are raised for the run so they do not cap the figures.
#
# Knobs: DURATION (default 10s), CONNECTIONS (default 8), THREADS (default 1),
# PORT (default 18091).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-8}"
threads="${THREADS:-1}"
port="${PORT:-18091}"

if ! command -v wrk >/dev/null 2>&1; then
  echo "missing: wrk, the load generator. On Debian/Ubuntu: sudo apt-get install wrk" >&2
  exit 1
fi

echo "== token sign/verify in process (Criterion, one core)"
taskset -c 0 cargo bench --locked -p identity --bench tokens -- --noplot 2>/dev/null |
  grep -E '^(sign|verify)|time:' || true

target="${CARGO_TARGET_DIR:-target}"
cargo build --release --locked -p feira >&2
data=$(mktemp -d)
FEIRA_TELEMETRY__FILTER=warn \
  FEIRA_IDENTITY__RATE_LIMITS__PER_IP__REQUESTS=100000000 \
  FEIRA_IDENTITY__RATE_LIMITS__PER_EMAIL__REQUESTS=100000000 \
  "$target/release/feira" up --port "$port" --data-dir "$data" &
pid=$!
script=$(mktemp)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data" "$script"' EXIT

base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  if curl -sf "$base/ready" >/dev/null; then break; fi
  sleep 0.1
done
curl -sf "$base/ready" >/dev/null || { echo "feira did not become ready" >&2; exit 1; }

login='{"email":"customer@example.com","password":"demo-customer-password"}'
token=$(curl -sf -X POST "$base/api/identity/login" -H 'content-type: application/json' -d "$login" |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')

report() {
  local name=$1 out=$2
  local rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "  warning: $(grep 'Non-2xx' <<<"$out")"
  fi
}

cat >"$script" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$login'
LUA
echo "== HTTP on feira up, ${connections} connections, ${duration} each, $(nproc) cores"
report "POST /api/identity/login" \
  "$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$script" "$base/api/identity/login")"
report "GET /api/identity/me (verified JWT)" \
  "$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $token" "$base/api/identity/me")"
