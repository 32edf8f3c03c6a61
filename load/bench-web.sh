#!/usr/bin/env bash
# The web app's speed figures, each against its target:
#   initial JavaScript of the production build, gzipped (< 200 kB);
#   first products on screen after navigation, p50 of cold loads (< 1 s);
#   LCP (< 1.5 s) and CLS (< 0.05), p50 of cold loads of the catalog and a
#   product page, from Chromium's performance timeline.
# Against `feira up` built with PROFILE (release unless set; debug builds
# faster on a small machine, and its figures are the slower ones).
# Knobs: PORT, RUNS, PROFILE, WEB_DIST (build folder, web/dist unless set),
# CATALOG_PATH (the catalog's address, /products unless set). Prints every figure,
# then exits 1 if any target was missed.
set -uo pipefail
cd "$(dirname "$0")/.."
. load/lib.sh
profile="${PROFILE:-release}"
dist="${WEB_DIST:-$PWD/web/dist}"
target="${CARGO_TARGET_DIR:-target}"
missed=0

# Vite alone: type checks are the lint's and tests' job, the figures are the bundle's.
(cd web && npx vite build --outDir "$dist" --emptyOutDir >/dev/null) || exit 1
(cd web && DIST="$dist" node scripts/size.mjs) || missed=1

if [ "$profile" = release ]; then
  cargo build --release --locked -p feira >&2 || exit 1
  bin="$target/release/feira"
else
  cargo build --locked -p feira >&2 || exit 1
  bin="$target/debug/feira"
fi
port="${PORT:-18095}"
data=$(mktemp -d)
FEIRA_WEB__DIR="$dist" FEIRA_TELEMETRY__FILTER=warn \
  "$bin" up --port "$port" --data-dir "$data" &
pid=$!
trap 'stop_feira; rm -rf "$data"' EXIT
base="http://127.0.0.1:$port"
wait_ready "$base"
echo "feira up ($profile build) on $base"

(cd web && BASE_URL="$base" node scripts/first-products.mjs) || missed=1
(cd web && BASE_URL="$base" node scripts/web-vitals.mjs) || missed=1

if [ "$missed" -ne 0 ]; then
  echo "bench-web: a target was missed (see MISSED above)"
  exit 1
fi
echo "bench-web: every target met"
