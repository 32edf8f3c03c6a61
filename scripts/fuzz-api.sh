#!/usr/bin/env bash
# Property-based fuzzing of the API against its own OpenAPI document
# (Schemathesis): starts `feira up` on a scratch data folder, then runs
# Schemathesis twice over /openapi.json, once with an admin's bearer token
# and once with none. A run fails on any 5xx, any status or content type the
# document does not list for the operation, and any body that does not match
# its schema. The live notification stream never ends, so it is left to the
# API tests (which check its status and headers against the document).
#
#   scripts/fuzz-api.sh [SECONDS]   time budget per run (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
budget=${1:-60}
# shellcheck source=scripts/pyserver.sh
. scripts/pyserver.sh

if ! ensure_package schemathesis "schemathesis==4.32.5" 2>/dev/null; then
  if [ -n "${FEIRA_REQUIRE_BACKENDS:-}" ]; then
    echo "missing: schemathesis could not be installed from PyPI" >&2
    exit 1
  fi
  echo "skipped: API fuzzing needs schemathesis from PyPI, which could not be installed"
  exit 0
fi

cargo build --locked -q -p feira
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
FEIRA_CONFIG_DIR=/nonexistent FEIRA_TELEMETRY__FILTER=warn \
  "${CARGO_TARGET_DIR:-target}/debug/feira" up --port "$port" --data-dir "$dir/data" >"$dir/feira.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  if curl -sf "$base/ready" >/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "feira up exited before it was ready:" >&2
    cat "$dir/feira.log" >&2
    exit 1
  fi
  sleep 0.2
done
curl -sf "$base/ready" >/dev/null || { echo "feira up was not ready in 60 s" >&2; cat "$dir/feira.log" >&2; exit 1; }

token=$(curl -sf "$base/api/identity/login" -H 'content-type: application/json' \
  -d '{"email":"admin@example.com","password":"demo-admin-password"}' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

fuzz() {
  local label=$1
  shift
  echo "== fuzzing $base/openapi.json $label (${budget}s)"
  # Schemathesis keeps its state in the working folder: the scratch one.
  (cd "$dir" && "$venv/bin/st" run "$base/openapi.json" "$@" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --exclude-path-regex '/me/stream$' \
    --phases examples,coverage,fuzzing \
    --max-time "$budget" --workers 2 --request-timeout 10 \
    --suppress-health-check all --warnings off --no-color)
}
status=0
fuzz "as an admin" -H "Authorization: Bearer $token" || status=1
fuzz "without a token" || status=1
if [ "$status" -ne 0 ]; then
  echo "the API disagrees with its OpenAPI document (see the failures above)" >&2
  tail -50 "$dir/feira.log" >&2
fi
exit "$status"
