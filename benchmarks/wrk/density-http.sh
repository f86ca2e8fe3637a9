#!/usr/bin/env bash
# ./shelfwise bench density-http [TENANTS] [SECONDS] [RATE]: many Standard tenants served over HTTP by one platform
# process with a 4 GiB heap (embedded H2). Steps: (1) a Standard store is generated (50,000 events, 5,000 items) and
# onboarded as tenant dens-0000 through the operator's command (import, model trained, smoke test); (2) TENANTS - 1
# more Standard tenants and their keys are created through the operator's API; (3) with the platform stopped,
# DensitySeeder gives each the template's catalog, the events of a tenth of its shoppers and its model's artifacts
# (importing and training the same store a thousand times would take hours on 2 cores); (4) the platform starts
# again with -Xmx4g and OpenLoopLoad asks home at RATE requests/s (default 1,000) for SECONDS (default 60), tenants
# drawn by a Zipf law (exponent 1), shoppers among the seeded ones, after one request to every tenant and SETTLE
# seconds; (5) the heap after a full GC, the tenant caches' metrics, the bytes mapped outside the heap and the
# process's resident memory. Scheduled training is off and the Standard tier's rate limit lifted for the run. The
# models' arrays are mapped outside the heap (SHELFWISE_MODEL_MEMORY=mapped, a pooled process's setting); run with
# SHELFWISE_MODEL_MEMORY=heap to hold them on the heap.
set -euo pipefail
cd "$(dirname "$0")/../.."
tenants=${1:-1000}; seconds=${2:-60}; rate=${3:-1000}
# DENSITY_WORK=DIR runs steps (4) and (5) again on the tenants an earlier run left in DIR; SERVER_JVM_OPTS are added
# to the platform's -Xmx4g (e.g. -XX:+UseZGC).
work=${DENSITY_WORK:-$(mktemp -d /tmp/shelfwise-density.XXXX)}
port=${SHELFWISE_PORT:-8080}; base=http://127.0.0.1:$port; mgmt=http://127.0.0.1:${SHELFWISE_MANAGEMENT_PORT:-9090}
cp="benchmarks/target/classes:benchmarks/target/libs/*"
server=
trap '[ -n "$server" ] && kill "$server" 2>/dev/null || true' EXIT
start_server() {
  SHELFWISE_DATA_DIR=$work/data SHELFWISE_PORT=$port SHELFWISE_TRAINING_INTERVAL_HOURS=0 \
    SHELFWISE_MODEL_MEMORY=${SHELFWISE_MODEL_MEMORY:-mapped} \
    SHELFWISE_TIER_STANDARD_RPS=1000000 SHELFWISE_TIER_STANDARD_BURST=1000000 \
    JAVA_TOOL_OPTIONS="-Xmx4g ${SERVER_JVM_OPTS:-}" \
    ./shelfwise run >> "$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 180); do curl -sf -o /dev/null "$base/console" && return 0; sleep 1; done
  echo "the platform did not start: $work/server.log" >&2; exit 1
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

if [ -z "${DENSITY_WORK:-}" ]; then
echo "shelfwise: (1) a Standard store onboarded as the template (minutes) ..." >&2
java -cp "$cp" io.shelfwise.datasets.ExportStore --dir "$work/store" --events 50000 --items 5000 --seed 42 >&2
start_server
op=$(cat "$work/data/admin-token")
SHELFWISE_ADMIN_TOKEN=$op ./shelfwise onboard --id dens-0000 --tier standard --url "$base" --data "$work/store" \
  > "$work/onboard.log" 2>&1 || { tail -20 "$work/onboard.log" >&2; exit 1; }
sed -n 's/^API key (shown once): *//p' "$work/onboard.log" > "$work/keys"

echo "shelfwise: (2) $((tenants - 1)) more tenants and keys through the operator's API ..." >&2
ids=()
for n in $(seq 1 $((tenants - 1))); do
  id=$(printf 'dens-%04d' "$n"); ids+=("$id")
  curl -sf -X POST "$base/admin/v1/tenants" -H "Authorization: Bearer $op" -H 'Content-Type: application/json' \
    -d "{\"id\":\"$id\",\"displayName\":\"Density $n\",\"tier\":\"standard\"}" > /dev/null
  curl -sf -X POST "$base/admin/v1/tenants/$id/keys" -H "Authorization: Bearer $op" \
    -H 'Content-Type: application/json' -d '{"label":"bench"}' | sed 's/.*"secret":"\([^"]*\)".*/\1/' >> "$work/keys"
  echo >> "$work/keys"   # the answer ends without a newline
done
stop_server

echo "shelfwise: (3) seeding their catalogs, events and models ..." >&2
java -Xmx2g -cp "$cp" io.shelfwise.benchmarks.DensitySeeder "$work/data" dens-0000 "${ids[@]}" >&2
fi

echo "shelfwise: (4) home over HTTP at $rate req/s for $seconds s, tenants by Zipf(1) ..." >&2
start_server
pid=$(pgrep -f "shelfwise-app.jar" | head -1)
# Every tenant asked once first (its model, catalog and bestsellers load; co-occurrence builds in the background),
# then SETTLE seconds (default 30) for the background work: the run measures serving, not a cold start.
warm_start=$(date +%s%N)
while read -r key; do
  curl -s -o /dev/null -H "Authorization: Bearer $key" "$base/v1/recommendations/home?userId=u-10&limit=10"
done < "$work/keys"
echo "first request of every tenant, one after another: $(( ($(date +%s%N) - warm_start) / 1000000 )) ms"
sleep "${SETTLE:-30}"
shoppers=$(grep -o '"userId":"u-[0-9]*"' "$work/store/events.jsonl" | sed 's/.*u-//; s/"//' | sort -n | tail -1)
KEYS_FILE=$work/keys SHOPPERS=$((shoppers + 1)) SHOPPER_STEP=10 ITEMS=5000 WARMUP=${WARMUP:-30} TIMELINE=1 \
  java -Xmx512m -XX:+UseZGC -cp "$cp" io.shelfwise.benchmarks.OpenLoopLoad "$base" home "$rate" "$seconds" \
  > "$work/load.out"
grep '^RESULT' "$work/load.out"

echo "shelfwise: (5) heap and tenant caches ..." >&2
jcmd "$pid" GC.run > /dev/null
jcmd "$pid" GC.heap_info | grep -E 'garbage-first heap|used' | head -2
jcmd "$pid" GC.class_histogram > "$work/histogram.txt"
echo "largest classes on the heap (all: $work/histogram.txt):"; sed -n 3,17p "$work/histogram.txt"
curl -s "$mgmt/observe/metrics" \
  | grep -E '^shelfwise_(tenant_cache_(entries|bytes|loads|evictions)|answers_while_loading|model_arrays_mapped)' || true
echo "resident memory of the process (heap, mapped model arrays and the rest): $(ps -o rss= -p "$pid") kB"
du -sh "$work/data/shelfwise.mv.db"
echo "data and logs: $work"
