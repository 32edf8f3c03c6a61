#!/usr/bin/env bash
# Runs load/locustfile.py headless for a fixed time against Feira and writes
# Locust's CSV and HTML report to load/reports/<timestamp>/. Starts the
# platform itself: `feira up` (MODE=embedded, default) or every service behind
# nginx (MODE=distributed; needs PostgreSQL, RabbitMQ, nginx). Loopback only.
#
# Knobs: USERS (default 50), SPAWN_RATE (default 10/s), RUN_TIME (default 60s),
# MODE, PORT (default 18093), PG.
set -euo pipefail
cd "$(dirname "$0")/.."
. load/lib.sh
venv="${FEIRA_LOCUST_VENV:-$HOME/.cache/feira-locust}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
[ -x "$venv/bin/locust" ] || "$venv/bin/pip" install --quiet 'locust==2.32.4'
port="${PORT:-18093}"
export FEIRA_IDENTITY__RATE_LIMITS__PER_IP__REQUESTS=100000000
if [ "${MODE:-embedded}" = distributed ]; then
  start_distributed "${PG:-postgres://postgres@127.0.0.1:5432/postgres}" "$port"
  target="$gateway"
else
  start_feira "$port"
  target="$base"
fi
out="load/reports/$(date +%Y%m%d-%H%M%S)-${MODE:-embedded}"
mkdir -p "$out"
echo "== locust: ${USERS:-50} users, ${RUN_TIME:-60s}, ${MODE:-embedded} mode, $(nproc) cores; report in $out"
"$venv/bin/locust" -f load/locustfile.py --headless --host "$target" \
  -u "${USERS:-50}" -r "${SPAWN_RATE:-10}" -t "${RUN_TIME:-60s}" \
  --csv "$out/feira" --html "$out/report.html" --only-summary --exit-code-on-error 0 2>&1 |
  sed -n '/Type *Name/,$p'
