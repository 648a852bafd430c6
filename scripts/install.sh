#!/usr/bin/env bash
# Installs the exact dependencies of package-lock.json when node_modules is missing or was
# installed from another lock file (compared by content, not by file times).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "Node.js 20.19+ is required (https://nodejs.org)." >&2; exit 1; }
wanted=$(sha256sum package-lock.json | cut -d' ' -f1)
installed=$(cat node_modules/.chorus-lock-sha256 2>/dev/null || true)
if [ "$wanted" != "$installed" ]; then
  echo "Installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$wanted" > node_modules/.chorus-lock-sha256
fi
