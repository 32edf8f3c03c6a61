#!/usr/bin/env bash
# The AWS CDK app (deploy/aws), offline. Both modes synthesize the templates
# first (`cdk synth`, no AWS account needed).
#   --test  the assertion tests on the templates, then the static-site
#           rehearsal on moto (FEIRA_TEST_MOTO_URL; skipped without it unless
#           FEIRA_REQUIRE_BACKENDS=1)                        (make test-aws)
#   --lint  type check and Prettier, cfn-lint and checkov on the templates
#                                                            (make lint-deploy)
set -euo pipefail
cd "$(dirname "$0")/../deploy/aws"
mode="${1:-}"
case "$mode" in --test | --lint) ;; *) echo "usage: $0 --test | --lint" >&2; exit 2 ;; esac
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --silent
fi
export CDK_DISABLE_CLI_TELEMETRY=true
npx cdk synth --quiet --no-notices --no-version-reporting >/dev/null
echo "cdk synth: $(ls cdk.out/*.template.json | wc -l) templates in deploy/aws/cdk.out"

if [ "$mode" = --lint ]; then
  npm run -s lint
  cfn_venv="${FEIRA_CFNLINT_VENV:-$HOME/.cache/feira-cfnlint}"
  [ -x "$cfn_venv/bin/python" ] || python3 -m venv "$cfn_venv"
  [ -x "$cfn_venv/bin/cfn-lint" ] || "$cfn_venv/bin/pip" install --quiet 'cfn-lint==1.58.0'
  "$cfn_venv/bin/cfn-lint" cdk.out/*.template.json
  echo "cfn-lint: clean"
  checkov_venv="${FEIRA_CHECKOV_VENV:-$HOME/.cache/feira-checkov}"
  [ -x "$checkov_venv/bin/python" ] || python3 -m venv "$checkov_venv"
  [ -x "$checkov_venv/bin/checkov" ] || "$checkov_venv/bin/pip" install --quiet 'checkov==3.2.334'
  # Every finding fails the run; decided exceptions are skips with their
  # reason in the template (lib/checks.ts).
  BC_SKIP_MAPPING=TRUE "$checkov_venv/bin/checkov" --quiet --compact --skip-download \
    -d cdk.out --framework cloudformation
  exit 0
fi

npx vitest run
if [ -z "${FEIRA_TEST_MOTO_URL:-}" ]; then
  if [ -n "${FEIRA_REQUIRE_BACKENDS:-}" ]; then echo "missing: FEIRA_TEST_MOTO_URL (make moto-dev)" >&2; exit 1; fi
  echo "skipped: the static-site rehearsal needs moto (FEIRA_TEST_MOTO_URL; make moto-dev)"
  exit 0
fi
cargo build --locked -q -p feira
venv="${FEIRA_VENV:-$HOME/.cache/feira-venv}"
"$venv/bin/python" rehearse_site.py --endpoint-url "$FEIRA_TEST_MOTO_URL" \
  --feira "${CARGO_TARGET_DIR:-../../target}/debug/feira"
