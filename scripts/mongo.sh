#!/usr/bin/env bash
# Starts SecantusDB, a MongoDB-wire-compatible server from PyPI, on
# 127.0.0.1:27017 for local runs of the MongoDB tests, inside a virtualenv under
# ~/.cache. Prints the URL to export. With --background it returns once the port
# answers.
set -euo pipefail
venv="${FEIRA_VENV:-$HOME/.cache/feira-venv}"
data="${FEIRA_MONGO_DIR:-$HOME/.cache/feira-mongo}"
port="${FEIRA_MONGO_PORT:-27017}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if ! "$venv/bin/python" -c 'import secantus' 2>/dev/null; then
  "$venv/bin/pip" install --quiet 'secantusdb==0.7.0b3'
fi
mkdir -p "$data"
echo "export FEIRA_TEST_MONGODB_URL=mongodb://127.0.0.1:$port"
if [ "${1:-}" = "--background" ]; then
  nohup "$venv/bin/python" -m secantus --host 127.0.0.1 --port "$port" --storage-path "$data" \
    >"$data/server.log" 2>&1 &
  for _ in $(seq 1 150); do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
    sleep 0.2
  done
  echo "SecantusDB did not open port $port; see $data/server.log" >&2
  exit 1
fi
exec "$venv/bin/python" -m secantus --host 127.0.0.1 --port "$port" --storage-path "$data"
