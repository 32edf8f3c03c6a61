#!/usr/bin/env bash
# Checks that the tools the build needs are installed, and says how to get any
# that are missing.
set -euo pipefail
missing=0
if ! command -v cargo >/dev/null 2>&1; then
  echo "missing: cargo (the Rust toolchain). Install it from https://rustup.rs, then run the command again." >&2
  missing=1
fi
if ! command -v cc >/dev/null 2>&1; then
  echo "missing: a C compiler (cc), needed to build SQLite. On Debian/Ubuntu: sudo apt-get install build-essential" >&2
  missing=1
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "missing: Node.js 20+ and npm, to build the web app. On Debian/Ubuntu: sudo apt-get install nodejs npm (or https://nodejs.org)" >&2
  missing=1
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "too old: Node.js $(node --version); the web app needs 20 or newer (https://nodejs.org)" >&2
  missing=1
fi
exit "$missing"
