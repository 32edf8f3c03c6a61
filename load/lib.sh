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

# wait_ready URL [LOG]: waits for URL/ready to answer 200; if it never does,
# says so with the end of LOG, the process's own output.
wait_ready() {
  for _ in $(seq 1 300); do
    if curl -sf "$1/ready" >/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "$1 did not become ready" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then tail -n 30 "$2" >&2; fi
  exit 1
}

# start_distributed PG_URL PORT: every service (identity, catalog, orders,
# notifications, tasks) as `feira serve` processes, REPLICAS of each (default
# 1), behind nginx with the repository's gateway config on PORT. Identity,
# orders and notifications on PostgreSQL (fresh databases), catalog and tasks
# on one SQLite file each (`feira serve` keeps no read cache, so replicas may
# share it), a fresh RabbitMQ vhost, login limits in Redis shared by identity's
# replicas, the demo admin. Calls between services go through a second nginx,
# one address per service spread over its replicas, as a cluster's Service
# does, whatever REPLICAS is, so one and two replicas compare like for like.
# A process that does not start has its own log printed. Sets $gateway.
start_distributed() {
  local pg=$1 port=$2 target="${CARGO_TARGET_DIR:-target}" replicas="${REPLICAS:-1}"
  local run feira nginx gw lb db service r i p secret
  nginx="${FEIRA_TEST_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}"
  if [ ! -x "$nginx" ]; then
    echo "missing: nginx. On Debian/Ubuntu: sudo apt-get install nginx-light" >&2
    exit 1
  fi
  if ! (echo >/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    echo "missing: Redis on 127.0.0.1:6379 (identity's shared login limits). On Debian/Ubuntu: sudo apt-get install redis-server" >&2
    exit 1
  fi
  cargo build --release --locked -p feira >&2
  feira="$target/release/feira"
  run="bench_$(date +%s)_$$"
  data=$(mktemp -d)
  logs="$data/logs"
  mkdir -p "$logs"
  for db in identity orders notifications; do psql "$pg" -qc "CREATE DATABASE ${run}_$db"; done
  rabbitmqctl add_vhost "$run" >/dev/null
  rabbitmqctl set_permissions -p "$run" guest ".*" ".*" ".*" >/dev/null
  dist_run=$run dist_pg=$pg
  trap 'stop_distributed; rm -rf ${cleanup:-}' EXIT
  local server=${pg%/*}
  local services=(identity catalog orders notifications tasks)
  # Replica r of service i: public port PORT+10+20r+2i, internal the next one.
  public() { echo $((port + 10 + 20 * $2 + 2 * $1)); }
  # The balancer's addresses: identity, identity's internal listener, the
  # catalog's internal listener.
  local via_identity=$((port + 1)) via_identity_internal=$((port + 2)) via_catalog_internal=$((port + 3))
  secret="bench-orders-secret-$run"
  mkdir -p "$data/secrets"
  printf %s "$secret" >"$data/secrets/orders-client-secret"
  printf '{"clients":[{"id":"orders","secret_sha256":"%s","grants":{"catalog":["catalog:reservations","catalog:products"]}}]}' \
    "$(printf %s "$secret" | sha256sum | cut -d' ' -f1)" >"$data/secrets/service-clients.json"
  export FEIRA_TELEMETRY__FILTER=warn FEIRA_DATA_DIR="$data" FEIRA_CONFIG_DIR=/nonexistent \
    FEIRA_IDENTITY__POSTGRES__URL="$server/${run}_identity" FEIRA_IDENTITY__KEYS__DIR="$data/keys" \
    FEIRA_IDENTITY__RATE_LIMITS__PER_IP__REQUESTS=100000000 \
    FEIRA_IDENTITY__RATE_LIMITS__CLIENT_IP=x_forwarded_for \
    FEIRA_IDENTITY__RATE_LIMITS__REDIS_URL=redis://127.0.0.1:6379 \
    FEIRA_IDENTITY__RATE_LIMITS__REDIS_PREFIX="$run" \
    FEIRA_IDENTITY__SERVICE_CLIENTS_FILE="$data/secrets/service-clients.json" \
    FEIRA_ORDERS__POSTGRES__URL="$server/${run}_orders" FEIRA_CATALOG__STORE=sqlite \
    FEIRA_TASKS__STORE=sqlite \
    FEIRA_NOTIFICATIONS__POSTGRES__URL="$server/${run}_notifications" \
    FEIRA_BUS__AMQP_URL="amqp://guest:guest@127.0.0.1:5672/$run" \
    FEIRA_AUTH__JWKS_URL="http://127.0.0.1:$via_identity/.well-known/jwks.json" \
    FEIRA_ORDERS__IDENTITY_URL="http://127.0.0.1:$via_identity" \
    FEIRA_ORDERS__CATALOG_URL="http://127.0.0.1:$via_catalog_internal" \
    FEIRA_ORDERS__SERVICE_AUTH__TOKEN_URL="http://127.0.0.1:$via_identity_internal/oauth/token" \
    FEIRA_ORDERS__SERVICE_AUTH__SECRET_FILE="$data/secrets/orders-client-secret"
  "$feira" keys rotate --dir "$data/keys" >/dev/null
  "$feira" migrate >"$logs/migrate.log" 2>&1 || { cat "$logs/migrate.log" >&2; exit 1; }
  FEIRA_ADMIN_PASSWORD=demo-admin-password "$feira" admin create --store postgres \
    --email admin@example.com >/dev/null
  "$feira" seed --store sqlite >/dev/null
  pids=""
  for ((r = 0; r < replicas; r++)); do
    for i in "${!services[@]}"; do
      p=$(public "$i" "$r")
      "$feira" serve "${services[$i]}" --port "$p" --internal-port $((p + 1)) \
        >"$logs/${services[$i]}-$r.log" 2>&1 &
      pids="$pids $!"
    done
  done
  # `upstreams I OFFSET`: nginx `server` lines for every replica of service I
  # (OFFSET 0 the public port, 1 the internal one).
  upstreams() {
    for ((r = 0; r < replicas; r++)); do echo "server 127.0.0.1:$(($(public "$1" "$r") + $2));"; done
  }
  lb="$data/balancer"
  mkdir -p "$lb"/{body,proxy,fastcgi,uwsgi,scgi}
  cat >"$lb/nginx.conf" <<CONF
worker_processes 1;
pid $lb/nginx.pid;
error_log $lb/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $lb/body; proxy_temp_path $lb/proxy; fastcgi_temp_path $lb/fastcgi;
  uwsgi_temp_path $lb/uwsgi; scgi_temp_path $lb/scgi;
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  upstream identity { $(upstreams 0 0) keepalive 32; }
  upstream identity_internal { $(upstreams 0 1) keepalive 8; }
  upstream catalog_internal { $(upstreams 1 1) keepalive 32; }
  server { listen 127.0.0.1:$via_identity; location / { proxy_pass http://identity; } }
  server { listen 127.0.0.1:$via_identity_internal; location / { proxy_pass http://identity_internal; } }
  server { listen 127.0.0.1:$via_catalog_internal; location / { proxy_pass http://catalog_internal; } }
}
CONF
  "$nginx" -p "$lb" -c "$lb/nginx.conf" -g 'daemon off;' 2>"$logs/balancer.log" & pids="$pids $!"
  gw="$data/gateway"
  mkdir -p "$gw"/{body,proxy,fastcgi,uwsgi,scgi} "$data/web"
  echo '<!doctype html><title>Feira</title>' >"$data/web/index.html"
  # Every replica of a service is a `server` of its upstream in the template.
  join() { upstreams "$1" 0 | sed 's/^server //; s/;$//' | paste -sd' ' | sed 's/ /; server /g'; }
  FEIRA_GATEWAY_PORT=$port FEIRA_GATEWAY_DIR=$gw FEIRA_WEB_ROOT="$data/web" \
    FEIRA_IDENTITY=$(join 0) FEIRA_CATALOG=$(join 1) FEIRA_ORDERS=$(join 2) \
    FEIRA_NOTIFICATIONS=$(join 3) FEIRA_TASKS=$(join 4) \
    FEIRA_CORS_ORIGIN=http://localhost:5173 FEIRA_GATEWAY_RATE=1000000r/s \
    envsubst "$(grep -o '\${FEIRA_[A-Z_]*}' deploy/nginx/feira.conf.template | sort -u | tr '\n' ' ')" \
    <deploy/nginx/feira.conf.template >"$gw/nginx.conf"
  if ! "$nginx" -t -q -p "$gw" -c "$gw/nginx.conf" 2>"$logs/gateway.log"; then
    echo "the gateway's config does not load:" >&2
    cat "$logs/gateway.log" >&2
    exit 1
  fi
  "$nginx" -p "$gw" -c "$gw/nginx.conf" -g 'daemon off;' 2>>"$logs/gateway.log" & pids="$pids $!"
  gateway="http://127.0.0.1:$port"
  for ((r = 0; r < replicas; r++)); do
    for i in "${!services[@]}"; do
      wait_ready "http://127.0.0.1:$(public "$i" "$r")" "$logs/${services[$i]}-$r.log"
    done
  done
  for _ in $(seq 1 100); do curl -sf "$gateway/health" >/dev/null && return 0; sleep 0.1; done
  echo "the gateway did not start:" >&2
  cat "$logs/gateway.log" >&2
  exit 1
}

# stop_distributed: stops what start_distributed started and drops its
# databases and vhost, so a script may start it again (with other REPLICAS).
stop_distributed() {
  stop_feira
  [ -n "${dist_run:-}" ] || return 0
  rm -rf "$data"
  rabbitmqctl delete_vhost "$dist_run" >/dev/null 2>&1 || true
  for db in identity orders notifications; do
    psql "$dist_pg" -qc "DROP DATABASE IF EXISTS ${dist_run}_$db WITH (FORCE)" || true
  done
  dist_run=""
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
