#!/usr/bin/env bash
# Runs a command with every test backend this machine can offer, exported the
# way the tests read them (FEIRA_TEST_*), and FEIRA_TEST_FILTER, a nextest
# filter that leaves out the tests of any backend it could not find.
#
#   PostgreSQL, RabbitMQ and Redis: used on their default local ports when they
#                            answer (or where FEIRA_TEST_POSTGRES_URL / _AMQP_URL /
#                            _REDIS_URL say)
#   MongoDB wire protocol:   SecantusDB, started here in the project venv
#   AWS (S3, CloudFront, Cognito): moto's server, started here in the same venv
#   nginx (the gateway of the end-to-end suite) and Chromium: looked up
#   Prometheus: looked up; RabbitMQ's metrics: its plugin, turned on here
#
# Backend tests are named after their backend (a module or binary `postgres`,
# `mongodb`, `rabbitmq`, `moto`; Cognito and the site deploy run on moto), so a
# missing backend's tests can be left out by name.
#
# What it starts it stops by PID when the command ends. It prints one line
# saying what it has and, for anything missing, how to get it. With
# FEIRA_REQUIRE_BACKENDS=1 (CI) a missing backend is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
port_open() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while port_open "$p"; do p=$((p + 1)); done; echo "$p"; }

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

have=()
missing=()
exclude=()

if [ -z "${FEIRA_TEST_POSTGRES_URL:-}" ] && port_open 5432; then
  export FEIRA_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:5432/postgres"
fi
if [ -n "${FEIRA_TEST_POSTGRES_URL:-}" ] && psql "$FEIRA_TEST_POSTGRES_URL" -Atqc 'select 1' >/dev/null 2>&1; then
  have+=("PostgreSQL")
  # Test databases left behind by an interrupted earlier run.
  psql "$FEIRA_TEST_POSTGRES_URL" -Atc "SELECT datname FROM pg_database WHERE datname LIKE 'feira_test_%'" |
    while read -r db; do psql "$FEIRA_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true; done
else
  unset FEIRA_TEST_POSTGRES_URL
  missing+=("PostgreSQL (start it on 127.0.0.1:5432, e.g. pg_ctlcluster <version> main start, or set FEIRA_TEST_POSTGRES_URL)")
  exclude+=("test(/postgres/)")
fi

if [ -z "${FEIRA_TEST_AMQP_URL:-}" ] && port_open 5672; then
  export FEIRA_TEST_AMQP_URL="amqp://guest:guest@127.0.0.1:5672/%2f"
fi
if [ -n "${FEIRA_TEST_AMQP_URL:-}" ] && command -v rabbitmqctl >/dev/null 2>&1; then
  have+=("RabbitMQ")
else
  unset FEIRA_TEST_AMQP_URL
  missing+=("RabbitMQ with rabbitmqctl (start it on 127.0.0.1:5672: rabbitmq-server -detached)")
  exclude+=("test(/rabbitmq/) | binary(/rabbitmq/)")
fi

# Redis (rate limits shared by replicas): the local server when it answers.
if [ -z "${FEIRA_TEST_REDIS_URL:-}" ] && port_open 6379; then
  export FEIRA_TEST_REDIS_URL="redis://127.0.0.1:6379"
fi
if [ -n "${FEIRA_TEST_REDIS_URL:-}" ]; then
  have+=("Redis")
else
  missing+=("Redis (start it on 127.0.0.1:6379: redis-server --daemonize yes, or set FEIRA_TEST_REDIS_URL)")
  exclude+=("test(/redis/)")
fi

if [ -z "${FEIRA_TEST_MONGODB_URL:-}" ]; then
  port=$(free_port 27117)
  if FEIRA_PID_FILE="$work/mongo.pid" FEIRA_MONGO_DIR="$work/mongo" FEIRA_MONGO_PORT="$port" \
    scripts/mongo.sh --background >/dev/null; then
    pids+=("$(cat "$work/mongo.pid")")
    export FEIRA_TEST_MONGODB_URL="mongodb://127.0.0.1:$port"
  fi
fi
if [ -n "${FEIRA_TEST_MONGODB_URL:-}" ]; then
  have+=("MongoDB protocol")
else
  missing+=("the MongoDB protocol (SecantusDB from PyPI did not start: see scripts/mongo.sh)")
  exclude+=("test(/mongodb/)")
fi

if [ -z "${FEIRA_TEST_MOTO_URL:-}" ]; then
  port=$(free_port 5155)
  if FEIRA_PID_FILE="$work/moto.pid" FEIRA_MOTO_PORT="$port" FEIRA_MOTO_LOG="$work/moto.log" \
    scripts/moto.sh --background >/dev/null; then
    pids+=("$(cat "$work/moto.pid")")
    export FEIRA_TEST_MOTO_URL="http://127.0.0.1:$port"
  fi
fi
if [ -n "${FEIRA_TEST_MOTO_URL:-}" ]; then
  have+=("moto")
else
  missing+=("moto (from PyPI; did not start: see scripts/moto.sh)")
  exclude+=("test(/moto/) | binary(/cognito/) | (package(site) & binary(deploy))")
fi

if [ -z "${FEIRA_TEST_NGINX:-}" ]; then
  FEIRA_TEST_NGINX=$(command -v nginx || { [ -x /usr/sbin/nginx ] && echo /usr/sbin/nginx; } || true)
fi
if [ -n "${FEIRA_TEST_NGINX:-}" ]; then
  export FEIRA_TEST_NGINX
  have+=("nginx")
else
  unset FEIRA_TEST_NGINX
  missing+=("nginx (Debian: apt-get install nginx-light)")
  exclude+=("test(/nginx/)")
fi

# Prometheus (the e2e scrapes the services and fires the alert rules) and
# RabbitMQ's own metrics (queue depths), from its rabbitmq_prometheus plugin,
# turned on here when the local broker has it off.
if [ -z "${FEIRA_TEST_PROMETHEUS:-}" ]; then
  FEIRA_TEST_PROMETHEUS=$(command -v prometheus || true)
fi
if [ -n "${FEIRA_TEST_PROMETHEUS:-}" ]; then
  export FEIRA_TEST_PROMETHEUS
  have+=("Prometheus")
else
  unset FEIRA_TEST_PROMETHEUS
  missing+=("Prometheus (Debian: apt-get install prometheus)")
  exclude+=("test(/prometheus/)")
fi
if [ -z "${FEIRA_TEST_RABBITMQ_METRICS_URL:-}" ] && [ -n "${FEIRA_TEST_AMQP_URL:-}" ]; then
  if ! port_open 15692 && command -v rabbitmq-plugins >/dev/null 2>&1; then
    rabbitmq-plugins enable --quiet rabbitmq_prometheus >/dev/null 2>&1 || true
    for _ in $(seq 1 100); do port_open 15692 && break; sleep 0.1; done
  fi
  if port_open 15692; then export FEIRA_TEST_RABBITMQ_METRICS_URL="http://127.0.0.1:15692"; fi
fi
if [ -n "${FEIRA_TEST_RABBITMQ_METRICS_URL:-}" ]; then
  have+=("RabbitMQ metrics")
else
  missing+=("RabbitMQ's metrics (rabbitmq-plugins enable rabbitmq_prometheus)")
  exclude+=("test(/prometheus/)")
fi

chromium=${FEIRA_CHROMIUM:-/usr/bin/chromium}
if [ -x "$chromium" ]; then
  have+=("Chromium")
else
  missing+=("Chromium at $chromium (Debian: apt-get install chromium)")
fi

summary="backends: $(IFS=,; echo "${have[*]:-none}" | sed 's/,/, /g')"
if [ ${#missing[@]} -gt 0 ]; then
  printf '%s; missing, so their tests are skipped: %s\n' "$summary" "$(IFS=';'; echo "${missing[*]}" | sed 's/;/; /g')"
  if [ "${FEIRA_REQUIRE_BACKENDS:-}" = 1 ]; then
    echo "FEIRA_REQUIRE_BACKENDS=1: every backend must be there" >&2
    exit 1
  fi
else
  echo "$summary"
fi

# The end-to-end suite needs all four of its backends at once.
if [ ${#exclude[@]} -gt 0 ] && printf '%s\n' "${exclude[@]}" | grep -qv moto; then
  exclude+=("binary(e2e)")
fi
if [ ${#exclude[@]} -gt 0 ]; then
  FEIRA_TEST_FILTER="not ($(IFS='|'; echo "${exclude[*]}" | sed 's/|/ | /g'))"
else
  FEIRA_TEST_FILTER="all()"
fi
export FEIRA_TEST_FILTER

"$@"
