#!/usr/bin/env bash
# Starts Chorus with demo data: install, services, build, migrate, seed (idempotent), then the
# API and one worker in the foreground (Ctrl-C stops both). Without SMTP_URL, a local mail
# catcher keeps every sent message as an .eml file under var/mail/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
bash scripts/install.sh
bash scripts/ensure-services.sh
npm run build --silent

# A demo is development: the public default secrets and the demo seed are refused otherwise.
export NODE_ENV="${NODE_ENV:-development}"
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/chorus}"
export PORT="${PORT:-3000}"
export PUBLIC_URL="${PUBLIC_URL:-http://localhost:${PORT}}"
node dist/libs/seed/src/cli/seed.js

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

if [ -z "${SMTP_URL:-}" ]; then
  export MAIL_CATCHER_PORT="${MAIL_CATCHER_PORT:-1025}" MAIL_CATCHER_DIR="${MAIL_CATCHER_DIR:-var/mail}"
  export SMTP_URL="smtp://127.0.0.1:${MAIL_CATCHER_PORT}"
  if (exec 3<>"/dev/tcp/127.0.0.1/${MAIL_CATCHER_PORT}") 2>/dev/null; then
    echo "Something already listens on ${SMTP_URL}; using it as the mail server."
  else
    node dist/libs/mail/src/cli/mail-catcher.js & pids+=($!)
  fi
fi

# The request/job context (AsyncLocalStorage) without a promise hook per promise: ~25 % of the
# API's CPU per GraphQL list request (docs/benchmarks.md, read path). Default from Node 24 on.
node --experimental-async-context-frame dist/apps/worker/src/main.js & pids+=($!)
# The API with a larger young generation (3 × 64 MiB): less scavenging per GraphQL list request.
node --experimental-async-context-frame --max-semi-space-size=64 dist/apps/api/src/main.js & pids+=($!)

cat <<INFO

Chorus demo: GraphQL at ${PUBLIC_URL}/graphql (GraphiQL in the browser), health at ${PUBLIC_URL}/health/ready
Demo users (password: chorus-demo-password unless noted):
  ${CHORUS_ADMIN_EMAIL:-admin@chorus.localhost} / ${CHORUS_ADMIN_PASSWORD:-chorus-admin-password}  COALITION_ADMIN
  lead@chorus.localhost        COALITION_ADMIN
  press@chorus.localhost       PRESS_OFFICER
  staff.spu@chorus.localhost   ORG_STAFF, Screen Performers Union
  staff.fom@chorus.localhost   ORG_STAFF, Federation of Musicians
  staff.wgc@chorus.localhost   ORG_STAFF, Writers Guild of the Coast
Sent mail: ${SMTP_URL}${MAIL_CATCHER_DIR:+ (saved under ${MAIL_CATCHER_DIR}/)}
INFO
wait -n "${pids[@]}"
