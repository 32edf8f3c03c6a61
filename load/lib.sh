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
  trap 'stop_feira; rm -rf "$data" ${cleanup:-}' EXIT
  base="http://127.0.0.1:$port"
  wait_ready "$base"
}

# stop_feira: stops what start_feira or start_distributed started.
stop_feira() {
  local p
  for p in ${pid:-} ${pids:-}; do kill "$p" 2>/dev/null || true; done
  for p in ${pid:-} ${pids:-}; do wait "$p" 2>/dev/null || true; done
  pid="" pids=""
}

# wait_ready URL: waits for URL/ready to answer 200.
wait_ready() {
  for _ in $(seq 1 300); do
    if curl -sf "$1/ready" >/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "$1 did not become ready" >&2
  exit 1
}

# start_distributed PG_URL PORT: identity (PostgreSQL), catalog (SQLite),
# orders and notifications (PostgreSQL, RabbitMQ) as separate `feira serve`
# processes on PORT+1..PORT+4, behind nginx with the repository's gateway
# config on PORT; fresh databases, a fresh RabbitMQ vhost, the demo admin.
# Sets $gateway (and $identity, $catalog, $orders, $notifications).
start_distributed() {
  local pg=$1 port=$2 target="${CARGO_TARGET_DIR:-target}" run feira nginx gw db
  nginx="${FEIRA_TEST_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
  if [ ! -x "$nginx" ]; then
    echo "missing: nginx. On Debian/Ubuntu: sudo apt-get install nginx-light" >&2
    exit 1
  fi
  cargo build --release --locked -p feira >&2
  feira="$target/release/feira"
  run="bench_$(date +%s)_$$"
  data=$(mktemp -d)
  for db in identity orders notifications; do psql "$pg" -qc "CREATE DATABASE ${run}_$db"; done
  rabbitmqctl add_vhost "$run" >/dev/null
  rabbitmqctl set_permissions -p "$run" guest ".*" ".*" ".*" >/dev/null
  trap 'stop_feira; rm -rf "$data" ${cleanup:-}; rabbitmqctl delete_vhost "'"$run"'" >/dev/null; for db in identity orders notifications; do psql "'"$pg"'" -qc "DROP DATABASE IF EXISTS '"${run}"'_$db WITH (FORCE)"; done' EXIT
  local server=${pg%/*}
  export FEIRA_TELEMETRY__FILTER=warn FEIRA_DATA_DIR="$data" FEIRA_CONFIG_DIR=/nonexistent \
    FEIRA_IDENTITY__POSTGRES__URL="$server/${run}_identity" FEIRA_IDENTITY__KEYS__DIR="$data/keys" \
    FEIRA_IDENTITY__RATE_LIMITS__PER_IP__REQUESTS=100000000 \
    FEIRA_IDENTITY__RATE_LIMITS__CLIENT_IP=x_forwarded_for \
    FEIRA_ORDERS__POSTGRES__URL="$server/${run}_orders" FEIRA_CATALOG__STORE=sqlite \
    FEIRA_NOTIFICATIONS__POSTGRES__URL="$server/${run}_notifications" \
    FEIRA_BUS__AMQP_URL="amqp://guest:guest@127.0.0.1:5672/$run"
  identity="http://127.0.0.1:$((port + 1))"
  catalog="http://127.0.0.1:$((port + 2))"
  orders="http://127.0.0.1:$((port + 3))"
  notifications="http://127.0.0.1:$((port + 4))"
  export FEIRA_AUTH__JWKS_URL="$identity/.well-known/jwks.json" \
    FEIRA_ORDERS__IDENTITY_URL="$identity" FEIRA_ORDERS__CATALOG_URL="$catalog"
  "$feira" keys rotate --dir "$data/keys" >/dev/null
  FEIRA_ADMIN_PASSWORD=demo-admin-password "$feira" admin create --store postgres \
    --email admin@example.com >/dev/null
  "$feira" seed --store sqlite >/dev/null
  "$feira" serve identity --port $((port + 1)) & pids="$!"
  "$feira" serve catalog --port $((port + 2)) & pids="$pids $!"
  "$feira" serve orders --port $((port + 3)) & pids="$pids $!"
  "$feira" serve notifications --port $((port + 4)) & pids="$pids $!"
  gw="$data/gateway"
  mkdir -p "$gw"/{body,proxy,fastcgi,uwsgi,scgi} "$data/web"
  echo '<!doctype html><title>Feira</title>' >"$data/web/index.html"
  FEIRA_GATEWAY_PORT=$port FEIRA_GATEWAY_DIR=$gw FEIRA_WEB_ROOT="$data/web" \
    FEIRA_CATALOG=127.0.0.1:$((port + 2)) FEIRA_IDENTITY=127.0.0.1:$((port + 1)) \
    FEIRA_ORDERS=127.0.0.1:$((port + 3)) FEIRA_NOTIFICATIONS=127.0.0.1:$((port + 4)) \
    FEIRA_CORS_ORIGIN=http://localhost:5173 FEIRA_GATEWAY_RATE=1000000r/s \
    envsubst '$FEIRA_GATEWAY_PORT $FEIRA_GATEWAY_DIR $FEIRA_CATALOG $FEIRA_IDENTITY $FEIRA_ORDERS $FEIRA_NOTIFICATIONS $FEIRA_WEB_ROOT $FEIRA_CORS_ORIGIN $FEIRA_GATEWAY_RATE' \
    <deploy/nginx/feira.conf.template >"$gw/nginx.conf"
  "$nginx" -p "$gw" -c "$gw/nginx.conf" -g 'daemon off;' 2>/dev/null & pids="$pids $!"
  gateway="http://127.0.0.1:$port"
  for url in "$identity" "$catalog" "$orders" "$notifications"; do wait_ready "$url"; done
  for _ in $(seq 1 100); do curl -sf "$gateway/health" >/dev/null && return 0; sleep 0.1; done
  echo "the gateway did not start" >&2
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
