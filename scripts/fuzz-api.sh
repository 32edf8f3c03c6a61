#!/usr/bin/env bash
# Property-based fuzzing of the API against its own OpenAPI document
# (Schemathesis): starts `feira up` on a scratch data folder and runs
# Schemathesis over its /openapi.json, once with an admin's bearer token and
# once with none; then runs identity and the catalog apart (distributed mode
# on SQLite) and fuzzes the catalog's internal API (the internal listener's
# /openapi.json) with a service token from identity's client-credentials
# endpoint and without one, and identity's internal API (that endpoint). A run fails on any 5xx, any status or content type the
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
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"

# wait_ready URL PID LOG: until URL/ready answers, or the process has exited.
wait_ready() {
  for _ in $(seq 1 300); do
    if curl -sf "$1/ready" >/dev/null; then return 0; fi
    if ! kill -0 "$2" 2>/dev/null; then
      echo "the process behind $1 exited before it was ready:" >&2
      cat "$3" >&2
      return 1
    fi
    sleep 0.2
  done
  echo "$1 was not ready in 60 s:" >&2
  cat "$3" >&2
  return 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_ready "$base" "${pids[0]}" "$dir/feira.log"

token=$(curl -sf "$base/api/identity/login" -H 'content-type: application/json' \
  -d '{"email":"admin@example.com","password":"demo-admin-password"}' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

# One worker: CPython before 3.11.9 can fail compiling from several threads at
# once ("AST constructor recursion depth mismatch"), an error of the tool,
# not of the API.
fuzz() {
  local document=$1 label=$2
  shift 2
  echo "== fuzzing $document $label (${budget}s)"
  # Schemathesis keeps its state in the working folder: the scratch one.
  (cd "$dir" && "$venv/bin/st" run "$document" "$@" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --exclude-path-regex '/me/stream$' \
    --phases examples,coverage,fuzzing \
    --max-time "$budget" --workers 1 --request-timeout 10 \
    --suppress-health-check all --warnings off --no-color)
}
status=0
fuzz "$base/openapi.json" "as an admin" -H "Authorization: Bearer $token" || status=1
fuzz "$base/openapi.json" "without a token" || status=1

# Identity and the catalog apart, as in production but on SQLite, with a
# client allowed the catalog's internal scopes.
secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
digest=$(printf %s "$secret" | sha256sum | cut -d' ' -f1)
mkdir -p "$dir/apart"
printf '{"clients": [{"id": "fuzz", "secret_sha256": "%s", "grants": {"catalog": ["catalog:reservations", "catalog:products"]}}]}' \
  "$digest" >"$dir/apart/clients.json"
identity_port=$(free_port) identity_internal=$(free_port)
catalog_port=$(free_port) catalog_internal=$(free_port)
# `exec`: the background job's pid ($!) is the service itself, so the EXIT
# trap's kill stops it rather than only the subshell around it.
apart() {
  FEIRA_CONFIG_DIR=/nonexistent FEIRA_TELEMETRY__FILTER=warn FEIRA_DATA_DIR="$dir/apart" \
    FEIRA_IDENTITY__STORE=sqlite FEIRA_CATALOG__STORE=sqlite \
    FEIRA_IDENTITY__KEYS__DIR="$dir/apart/keys" \
    FEIRA_IDENTITY__SERVICE_CLIENTS_FILE="$dir/apart/clients.json" \
    FEIRA_AUTH__JWKS_URL="http://127.0.0.1:$identity_port/.well-known/jwks.json" \
    exec "${CARGO_TARGET_DIR:-target}/debug/feira" serve "$@"
}
apart identity --port "$identity_port" --internal-port "$identity_internal" >"$dir/identity.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$identity_port" "${pids[-1]}" "$dir/identity.log"
apart catalog --port "$catalog_port" --internal-port "$catalog_internal" >"$dir/catalog.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$catalog_port" "${pids[-1]}" "$dir/catalog.log"
service_token=$(curl -sf "http://127.0.0.1:$identity_internal/oauth/token" -u "fuzz:$secret" \
  -d grant_type=client_credentials -d audience=catalog -d 'scope=catalog:reservations catalog:products' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
internal="http://127.0.0.1:$catalog_internal/openapi.json"
fuzz "$internal" "with a service token" -H "Authorization: Bearer $service_token" || status=1
fuzz "$internal" "without a token" || status=1
fuzz "http://127.0.0.1:$identity_internal/openapi.json" "(client credentials)" || status=1

if [ "$status" -ne 0 ]; then
  echo "the API disagrees with its OpenAPI document (see the failures above)" >&2
  tail -30 "$dir"/*.log >&2
fi
exit "$status"
