#!/usr/bin/env bash
# Overload from outside: 200 connections on one tenant's home list while a second tenant asks 5 times a second.
# Runs against a platform already started with `./shelfwise run` (wrk from Debian's packages; loopback only).
#   benchmarks/wrk/overload.sh [base-url] [admin-token-file] [seconds]
# On 2 cores, pin the server to one core and wrk to the other so the client does not starve the server:
#   taskset -a -cp 1 $(pgrep -f shelfwise-app.jar); taskset -c 0 benchmarks/wrk/overload.sh
set -euo pipefail
B=${1:-http://127.0.0.1:8080}; OP=$(cat "${2:-data/admin-token}"); SECONDS_RUN=${3:-15}
command -v wrk >/dev/null || { echo "install wrk (apt-get install wrk)" >&2; exit 1; }
tenant() {
  curl -sf -X POST "$B/admin/v1/tenants" -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' \
       -d "{\"id\":\"$1\",\"displayName\":\"$1\",\"tier\":\"enterprise\"}" >/dev/null
  curl -sf -X POST "$B/admin/v1/tenants/$1/keys" -H "Authorization: Bearer $OP" -H 'Content-Type: application/json' \
       -d '{"label":"overload"}' | sed 's/.*"secret":"\([^"]*\)".*/\1/'
}
run=$(date +%s)
LOUD=$(tenant "loud-$run"); QUIET=$(tenant "quiet-$run")
for key in "$LOUD" "$QUIET"; do
  python3 -c 'import json;print(json.dumps({"items":[{"id":"sku-%d"%i,"title":"t%d"%i,"brand":"b%d"%(i%7),
      "categoryPath":["c%d"%(i%5)],"price":10,"currency":"EUR","inStock":True} for i in range(500)]}))' \
    | curl -sf -X PUT "$B/v1/items" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d @- >/dev/null
  for batch in 0 1 2 3 4; do
    python3 -c "import json,random,datetime
n=datetime.datetime.now(datetime.timezone.utc)
print(json.dumps({'events':[{'eventId':'e$batch-%d'%i,'type':'view','userId':'u%d'%random.randrange(200),
  'itemIds':['sku-%d'%random.randrange(500)],
  'timestamp':(n-datetime.timedelta(seconds=random.randrange(86400))).strftime('%Y-%m-%dT%H:%M:%SZ')} for i in range(500)]}))" \
      | curl -sf -X POST "$B/v1/events" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d @- >/dev/null
  done
done
HOME_URL="$B/v1/recommendations/home?userId=u1&limit=10"
wrk -t1 -c20 -d5s -H "Authorization: Bearer $LOUD" "$HOME_URL" >/dev/null   # warm-up: models built, JIT
# The quiet tenant: one keep-alive connection, 5 requests a second (a process per request would measure fork).
python3 "$(dirname "$0")/quiet_tenant.py" "$B" "$QUIET" $((SECONDS_RUN * 5)) &
wrk -t1 -c200 -d"${SECONDS_RUN}s" --latency -H "Authorization: Bearer $LOUD" "$HOME_URL"
wait
