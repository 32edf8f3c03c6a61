#!/usr/bin/env bash
# The web app's two speed figures: initial JavaScript (gzipped) of the
# production build, and how soon the catalog page shows its first products
# after navigation on `feira up` (Chromium, cold loads). Knobs: PORT, RUNS.
set -euo pipefail
cd "$(dirname "$0")/.."
. load/lib.sh
(cd web && npm run --silent build >/dev/null && node scripts/size.mjs)
FEIRA_WEB__DIR="$PWD/web/dist" start_feira "${PORT:-18095}"
(cd web && BASE_URL="$base" node scripts/first-products.mjs)
