#!/usr/bin/env bash
# Regenerates the web app's typed API client from what the services serve:
# starts `feira up` on a scratch data folder, saves /openapi.json as
# web/openapi.json, then runs openapi-typescript (web/src/api/schema.d.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cargo build --locked -q -p feira
FEIRA_CONFIG_DIR=/nonexistent FEIRA_TELEMETRY__FILTER=warn \
  "${CARGO_TARGET_DIR:-target}/debug/feira" up --port "$port" --data-dir "$dir" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$port/ready" >/dev/null && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$port/openapi.json" | python3 -m json.tool --indent 2 > web/openapi.json
(cd web && npm run --silent gen:api)
echo "web/openapi.json and web/src/api/schema.d.ts regenerated"
