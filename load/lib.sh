# Sourced by the bench scripts: wrk check, starting `feira up` on a fresh data
# folder, and one line of figures per wrk run.

require_wrk() {
  if ! command -v wrk >/dev/null 2>&1; then
    echo "missing: wrk, the load generator. On Debian/Ubuntu: sudo apt-get install wrk" >&2
    exit 1
  fi
}

# start_feira PORT: builds and starts `feira up` in the background on a temporary
# data folder (extra settings come from the caller's FEIRA_* variables), stops
# it on exit, and waits for /ready. Sets $pid and $base.
start_feira() {
  local port=$1 target="${CARGO_TARGET_DIR:-target}"
  cargo build --release --locked -p feira >&2
  data=$(mktemp -d)
  FEIRA_TELEMETRY__FILTER=warn "$target/release/feira" up --port "$port" --data-dir "$data" &
  pid=$!
  trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data" ${cleanup:-}' EXIT
  base="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do
    if curl -sf "$base/ready" >/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "feira did not become ready" >&2
  exit 1
}

# report NAME WRK_OUTPUT: requests/s and p50/p99 latency on one line.
report() {
  local name=$1 out=$2 rps p50 p99
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$name" "$rps" "$p50" "$p99"
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "  warning: $(grep 'Non-2xx' <<<"$out")"
  fi
}
