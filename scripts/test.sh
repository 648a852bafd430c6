#!/usr/bin/env bash
# The whole test suite: install, lint and format check, services, build (e2e tests start the
# built worker), then jest.
# Each run creates its own databases (dropped afterwards) and its own Redis key prefixes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
bash scripts/install.sh
echo "Lint (eslint) and format check (prettier)…"
npm run lint --silent
bash scripts/ensure-services.sh
npm run build --silent
results=$(mktemp --suffix=.json)
status=0
# As production starts the processes (package.json start:api): AsyncLocalStorage on async context frames.
NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--experimental-async-context-frame" \
  npx jest --ci --maxWorkers=2 --json --outputFile="$results" "$@" || status=$?
# One plain closing line for tools that read it.
node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$results" || true
rm -f "$results"
exit "$status"
