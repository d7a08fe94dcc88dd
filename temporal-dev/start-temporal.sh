#!/usr/bin/env bash
# Starts a Temporal frontend on 127.0.0.1:7233 for Karma, using the best thing available:
#   1. the temporal CLI      → temporal server start-dev (real Temporal, with Web UI on :8233)
#   2. docker compose        → the same, in a container (docker-compose.yml next to this script)
#   3. otherwise             → karma-temporal-dev (this project), persisted in $KARMA_HOME/temporal-dev.db
# Then: export TEMPORAL_ADDRESS=127.0.0.1:7233
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
karma_home="${KARMA_HOME:-$HOME/.karma}"
mkdir -p "$karma_home"
port="${TEMPORAL_PORT:-7233}"

if command -v temporal >/dev/null 2>&1; then
  echo "using the temporal CLI (db: $karma_home/temporal-cli.db)" >&2
  exec temporal server start-dev --ip 127.0.0.1 --port "$port" --db-filename "$karma_home/temporal-cli.db" --namespace karma
elif command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  echo "using docker compose ($here/docker-compose.yml)" >&2
  exec docker compose -f "$here/docker-compose.yml" up
else
  echo "no temporal CLI or docker: using karma-temporal-dev (db: $karma_home/temporal-dev.db)" >&2
  exec dotnet run --project "$here" -c Release -- --port "$port" --db "$karma_home/temporal-dev.db" --namespace karma
fi
