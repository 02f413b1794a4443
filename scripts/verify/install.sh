#!/usr/bin/env bash
# Installs the pinned verifier packages into scripts/verify/node_modules (never globally). Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -f "$here/node_modules/.installed" || "$here/package-lock.json" -nt "$here/node_modules/.installed" ]]; then
  npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null
  touch "$here/node_modules/.installed"
fi
