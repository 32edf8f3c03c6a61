#!/usr/bin/env bash
# Starts moto's server, a stand-in for AWS APIs (Cognito, S3, CloudFront, ECS)
# from PyPI, on 127.0.0.1:5055 for local runs of the AWS tests, inside the same
# virtualenv as SecantusDB. Prints the URL to export. With --background it
# returns once the port answers.
set -euo pipefail
venv="${FEIRA_VENV:-$HOME/.cache/feira-venv}"
port="${FEIRA_MOTO_PORT:-5055}"
log="${FEIRA_MOTO_LOG:-$HOME/.cache/feira-moto.log}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import moto.server' 2>/dev/null; then
  "$venv/bin/pip" install --quiet 'moto[server]==5.2.5'
fi
echo "export FEIRA_TEST_MOTO_URL=http://127.0.0.1:$port"
if [ "${1:-}" = "--background" ]; then
  mkdir -p "$(dirname "$log")"
  nohup "$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  for _ in $(seq 1 150); do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
    sleep 0.2
  done
  echo "moto did not open port $port; see $log" >&2
  exit 1
fi
exec "$venv/bin/moto_server" -H 127.0.0.1 -p "$port"
