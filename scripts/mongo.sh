#!/usr/bin/env bash
# Starts SecantusDB, a MongoDB-wire-compatible server from PyPI, on
# 127.0.0.1:27017 for local runs of the MongoDB tests, inside a virtualenv under
# ~/.cache. Prints the URL to export. With --background it returns once the port
# answers.
set -euo pipefail
. "$(dirname "$0")/pyserver.sh"
data="${FEIRA_MONGO_DIR:-$HOME/.cache/feira-mongo}"
port="${FEIRA_MONGO_PORT:-27017}"
ensure_package secantus 'secantusdb==0.7.0b3'
mkdir -p "$data"
echo "export FEIRA_TEST_MONGODB_URL=mongodb://127.0.0.1:$port"
run_server "${1:-}" "$port" "$data/server.log" \
  "$venv/bin/python" -m secantus --host 127.0.0.1 --port "$port" --storage-path "$data"
