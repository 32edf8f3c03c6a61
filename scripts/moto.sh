#!/usr/bin/env bash
# Starts moto's server, a stand-in for AWS APIs (Cognito, S3, CloudFront, ECS)
# from PyPI, on 127.0.0.1:5055 for local runs of the AWS tests, inside the same
# virtualenv as SecantusDB. Prints the URL to export. With --background it
# returns once the port answers.
set -euo pipefail
. "$(dirname "$0")/pyserver.sh"
port="${FEIRA_MOTO_PORT:-5055}"
log="${FEIRA_MOTO_LOG:-$HOME/.cache/feira-moto.log}"
ensure_package moto.server 'moto[server]==5.2.5'
echo "export FEIRA_TEST_MOTO_URL=http://127.0.0.1:$port"
run_server "${1:-}" "$port" "$log" "$venv/bin/moto_server" -H 127.0.0.1 -p "$port"
