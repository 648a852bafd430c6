#!/usr/bin/env bash
# Installs the exact dependencies of package-lock.json when node_modules is missing or was
# installed from another lock file or another Node.js major (compared by content, not file times).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
wanted="$(sha256sum package-lock.json | cut -d' ' -f1) node$(node_major)"
installed=$(cat node_modules/.chorus-lock-sha256 2>/dev/null || true)
if [ "$wanted" != "$installed" ]; then
  echo "Installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" > node_modules/.chorus-lock-sha256
fi
