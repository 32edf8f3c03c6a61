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
. load/lib.sh
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-8}"
threads="${THREADS:-1}"
port="${PORT:-18091}"

require_wrk

echo "== token sign/verify in process (Criterion, one core)"
taskset -c 0 cargo bench --locked -p identity --bench tokens -- --noplot 2>/dev/null |
  grep -E '^(sign|verify)|time:' || true

script=$(mktemp)
cleanup="$script"
FEIRA_IDENTITY__RATE_LIMITS__PER_IP__REQUESTS=100000000 \
  FEIRA_IDENTITY__RATE_LIMITS__PER_EMAIL__REQUESTS=100000000 \
  start_feira "$port"

login='{"email":"customer@example.com","password":"demo-customer-password"}'
token=$(curl -sf -X POST "$base/api/identity/login" -H 'content-type: application/json' -d "$login" |
  sed -E 's/.*"access_token":"([^"]+)".*/\1/')

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
