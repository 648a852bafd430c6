#!/usr/bin/env bash
# The whole test suite: install, services, build (e2e tests start the built worker), then jest.
# Each run creates its own database (dropped afterwards) and its own Redis key prefix.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
bash scripts/ensure-services.sh
npm run build --silent
exec npx jest --ci --maxWorkers=2 "$@"
