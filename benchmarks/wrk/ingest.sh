#!/usr/bin/env bash
# Ingestion from outside: starts the platform on a fresh data directory (embedded H2, or PostgreSQL when
# SHELFWISE_DB_URL is set: that database should be empty), creates an enterprise tenant, warms up for 10 s, then
# posts 500-event batches from CONNECTIONS connections for SECONDS (benchmarks/wrk/ingest.lua); with SERVE_SECONDS,
# then asks for recommendations that long (SERVE_SURFACE, default home, for random shoppers: every answer is a list
# written to the recommendation log), waits 20 s and prints the size of the stored data (the H2 file, also after
# shutdown, or PostgreSQL's database with its row counts). Needs wrk (Debian: apt-get install wrk). Usage, from the repository root:
#   benchmarks/wrk/ingest.sh CONNECTIONS SECONDS [SERVE_SECONDS]
#   SHELFWISE_DB_URL=jdbc:postgresql://127.0.0.1:55432/shelfwise SHELFWISE_DB_USER=postgres benchmarks/wrk/ingest.sh 8 15
set -euo pipefail
cd "$(dirname "$0")/../.."
connections=${1:?connections}; seconds=${2:?seconds}; serve=${3:-0}
data=$(mktemp -d /tmp/shelfwise-ingest.XXXX)
port=${SHELFWISE_PORT:-8080}
SHELFWISE_DATA_DIR=$data SHELFWISE_PORT=$port ./shelfwise run > "$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; pkill -f "shelfwise-app.jar" 2>/dev/null || true' EXIT
base=http://127.0.0.1:$port
for _ in $(seq 180); do curl -sf -o /dev/null "$base/console" && break; sleep 1; done
op=$(cat "$data/admin-token")
curl -sf -X POST "$base/admin/v1/tenants" -H "Authorization: Bearer $op" -H 'Content-Type: application/json' \
  -d '{"id":"ingest","displayName":"Ingest","tier":"enterprise"}' > /dev/null
key=$(curl -sf -X POST "$base/admin/v1/tenants/ingest/keys" -H "Authorization: Bearer $op" \
  -H 'Content-Type: application/json' -d '{"label":"bench"}' | sed 's/.*"secret":"\([^"]*\)".*/\1/')
SHELFWISE_KEY=$key RUN=warm wrk -t1 -c"$connections" -d10s -s benchmarks/wrk/ingest.lua "$base" | sed 's/^/warm-up: /' | tail -1
SHELFWISE_KEY=$key RUN=run wrk -t1 -c"$connections" -d"${seconds}s" --latency -s benchmarks/wrk/ingest.lua "$base"
if [ "$serve" -gt 0 ]; then
  SURFACE=${SERVE_SURFACE:-home} SHELFWISE_KEY=$key SHOPPERS=50000 wrk -t1 -c4 -d"${serve}s" \
    -s benchmarks/wrk/surface.lua "$base" | grep -E 'requests in|Requests/sec'
  sleep 20
  if [ -n "${SHELFWISE_DB_URL:-}" ]; then
    echo "events, lists logged, database bytes: $(psql "${SHELFWISE_DB_URL#jdbc:}" -U "${SHELFWISE_DB_USER:-postgres}" -At \
      -c "select (select count(*) from events) || ', ' || (select count(*) from recommendation_log) || ', ' || pg_database_size(current_database())")"
  else
    echo "H2 file bytes: $(stat -c %s "$data/shelfwise.mv.db")"
    kill $server; wait $server 2>/dev/null || true
    echo "H2 file bytes after shutdown: $(stat -c %s "$data/shelfwise.mv.db")"
  fi
fi
echo "data directory: $data"
