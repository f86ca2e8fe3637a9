#!/usr/bin/env bash
# One serving variant on an onboarded data directory: restarts the platform there with JVM options OPTS (e.g. a
# system property or a GC flag, via JAVA_TOOL_OPTIONS), asks one home list to start the tenant's preload, lets
# background work settle, warms every surface with wrk, then measures SURFACES closed loop (wrk, 4 connections,
# 15 s, REPEAT times) and as an open loop at RATE requests/s (OpenLoopLoad, 20 s); HIGHC=1 adds home at 16 and 64
# connections. Prints RESULT lines (label req/s p50 p99 p99.9 max non-2xx timeouts). Usage, from the repository root:
#   ./shelfwise bench variant DATA_DIR KEY "OPTS"
# where DATA_DIR holds a store onboarded with `./shelfwise onboard --generate 1000000` (50,000 shoppers, 20,000
# items) and KEY is its API key, e.g. for the H2 page-cache comparison in README "Tail latency":
#   ./shelfwise bench variant /tmp/perf/data "$(cat /tmp/perf/key)" "-Dshelfwise.h2.cache-mb=16 -Xlog:gc:file=gc.log"
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:?data directory}; key=${2:?API key}; opts=${3:-}
surfaces=${SURFACES:-home cart}; repeat=${REPEAT:-2}; rate=${RATE:-1000}; settle=${SETTLE:-60}
base=http://127.0.0.1:${SHELFWISE_PORT:-8080}
pkill -f shelfwise-app.jar 2>/dev/null && sleep 2 || true
SHELFWISE_DATA_DIR=$data SHELFWISE_TIER_ENTERPRISE_RPS=1000000 SHELFWISE_TIER_ENTERPRISE_BURST=1000000 \
  JAVA_TOOL_OPTIONS="$opts" ./shelfwise run > "$data/variant-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 180); do curl -sf -o /dev/null "$base/console" && break; sleep 1; done
curl -s -o /dev/null -H "Authorization: Bearer $key" "$base/v1/recommendations/home?userId=u-1&limit=10"
sleep "$settle"
closed() { # surface connections label seconds
  SURFACE=$1 LABEL=$3 SHELFWISE_KEY=$key SHOPPERS=50000 ITEMS=20000 wrk -t1 -c"$2" -d"$4s" --latency \
    -s benchmarks/wrk/surface.lua "$base" | grep '^RESULT'
}
for s in popular home similar cart; do closed "$s" 4 "$s" 10 > /dev/null; done
for _ in $(seq "$repeat"); do for s in $surfaces; do closed "$s" 4 "$s" 15; done; done
for s in $surfaces; do
  SHELFWISE_KEY=$key SHOPPERS=50000 ITEMS=20000 java -Xmx512m -XX:+UseZGC \
    -cp "benchmarks/target/classes:benchmarks/target/libs/*" io.shelfwise.benchmarks.OpenLoopLoad "$base" "$s" \
    "$rate" 20 | grep '^RESULT'
done
if [ -n "${HIGHC:-}" ]; then for c in 16 64; do closed home "$c" "home-c$c" 15; done; fi
