# Sourced by mongo.sh and moto.sh: a Python server from PyPI, installed into a
# shared virtualenv under ~/.cache, run in the foreground or in the background.
venv="${FEIRA_VENV:-$HOME/.cache/feira-venv}"

# ensure_package MODULE SPEC: installs SPEC unless MODULE imports already.
ensure_package() {
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  if ! "$venv/bin/python" -c "import $1" 2>/dev/null; then
    "$venv/bin/pip" install --quiet "$2"
  fi
}

# run_server MODE PORT LOG COMMAND...: with MODE --background, starts COMMAND
# detached (output to LOG) and returns once PORT answers, writing its PID to
# $FEIRA_PID_FILE when that is set (so whoever started it stops that process,
# not every process with a similar name); otherwise execs it.
run_server() {
  local mode=$1 port=$2 log=$3
  shift 3
  if [ "$mode" != "--background" ]; then
    exec "$@"
  fi
  mkdir -p "$(dirname "$log")"
  nohup "$@" >"$log" 2>&1 &
  if [ -n "${FEIRA_PID_FILE:-}" ]; then echo "$!" >"$FEIRA_PID_FILE"; fi
  for _ in $(seq 1 150); do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "$1 did not open port $port; see $log" >&2
  return 1
}
