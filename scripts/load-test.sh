#!/usr/bin/env bash
# Load test of the HTTP API with wrk, loopback only, bounded in time (each run -d ${DURATION}).
# Starts `bench api-serve` (real API, cached mode, generated graph, temporal-dev + worker), then measures
# GET /graph (whole and a 500-component page, identity and gzip, and the 304 revalidation),
# GET /graph/query/downstream/..., and a POST /request-change burst, and checks that every
# accepted request became exactly one queued change.
#   scripts/load-test.sh [components=10000] [duration=10s]
set -euo pipefail
COMPONENTS=${1:-10000}
DURATION=${2:-10s}
PORT=${PORT:-18080}
TOKEN=load-test-token
BASE="http://127.0.0.1:${PORT}"
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d)
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 2; }

dotnet build -c Release "$ROOT/tests/Karma.Benchmarks" >/dev/null
dotnet "$ROOT/tests/Karma.Benchmarks/bin/Release/net10.0/Karma.Benchmarks.dll" bench api-serve --port "$PORT" --components "$COMPONENTS" >"$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 120); do
  curl -fs "$BASE/readyz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$BASE/readyz" >/dev/null || { cat "$WORK/serve.log"; echo "API never became ready" >&2; exit 1; }

# A component with dependents, taken from the served graph.
TARGET=$(curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/graph?type=vpc" | python3 -c 'import json,sys; print(json.load(sys.stdin)["nodes"][0]["id"])')
echo "graph: $COMPONENTS components; downstream target $TARGET"

run() { # name, url, extra wrk args...
  local name=$1 url=$2; shift 2
  echo "== $name"
  wrk -t2 -c32 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$@" "$url" | tee "$WORK/$name.txt" \
    | grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
}
size() { # bytes of a response body as sent (compressed when asked), extra curl args...
  curl -fs -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $TOKEN" "$@"
}
echo "uptime before: $(uptime)"
# Warm every representation once (each is serialised/compressed once per graph version, then served as bytes).
echo "body bytes: whole=$(size "$BASE/graph") whole-gzip=$(size -H 'Accept-Encoding: gzip' "$BASE/graph")" \
  "page500=$(size "$BASE/graph?limit=500") page500-gzip=$(size -H 'Accept-Encoding: gzip' "$BASE/graph?limit=500")"
run get-graph "$BASE/graph"
run get-graph-gzip "$BASE/graph" -H "Accept-Encoding: gzip"
run get-graph-page500 "$BASE/graph?limit=500"
run get-graph-page500-gzip "$BASE/graph?limit=500" -H "Accept-Encoding: gzip"
ETAG=$(curl -fs -D - -o /dev/null -H "Authorization: Bearer $TOKEN" "$BASE/graph" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
run get-graph-revalidate "$BASE/graph" -H "If-None-Match: $ETAG"
run get-downstream "$BASE/graph/query/downstream/$TARGET"
echo "uptime after reads: $(uptime)"

cat >"$WORK/post.lua" <<'LUA'
local counter, threads = 0, {}
local id = 0
function setup(thread) id = id + 1; thread:set("tid", id); table.insert(threads, thread) end
function init(args) accepted = 0; other = 0 end
request = function()
  counter = counter + 1
  local body = string.format('{"component":"load/c%d","proposed_change":{"n":%d},"change_id":"wrk-%d-%d"}', counter % 8, counter, tid, counter)
  return wrk.format("POST", "/request-change", {["Content-Type"]="application/json", ["Authorization"]="Bearer load-test-token"}, body)
end
response = function(status) if status == 202 then accepted = accepted + 1 else other = other + 1 end end
function done(summary, latency, requests)
  local a, o = 0, 0
  for _, t in ipairs(threads) do a = a + t:get("accepted"); o = o + t:get("other") end
  io.write(string.format("accepted=%d other=%d\n", a, o))
end
LUA
echo "== post-request-change burst"
wrk -t2 -c16 -d"$DURATION" --latency -s "$WORK/post.lua" "$BASE/request-change" | tee "$WORK/post.txt" | grep -E "Requests/sec|99%|accepted=|Socket errors" || true
ACCEPTED=$(sed -n 's/^accepted=\([0-9]*\).*/\1/p' "$WORK/post.txt")

# Every accepted request must be exactly one change in its component's queue (running + queued; none can finish
# because the load host registers no terraform activities). Queues settle once in-flight requests are answered.
COUNTED=$(for c in 0 1 2 3 4 5 6 7; do
  curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/changes?component=load/c$c"
done | python3 -c '
import json, sys
ids = []
for line in sys.stdin.read().replace("}{", "}\n{").splitlines():
    q = json.loads(line)["queue"]
    ids += ([q["running"]["change_id"]] if q["running"] else []) + [e["change_id"] for e in q["queued"]] + [e["change_id"] for e in q["recent"]]
print(len(ids), len(set(ids)))')
echo "burst: accepted=$ACCEPTED changes_in_queues(total distinct)=$COUNTED"
read -r TOTAL DISTINCT <<<"$COUNTED"
# wrk stops at the deadline with up to one request in flight per connection (-c16): the server accepts those
# but wrk never counts their 202s, so the queues may hold up to 16 more than wrk counted, never fewer.
INFLIGHT=$((TOTAL - ACCEPTED))
if [ "$TOTAL" = "$DISTINCT" ] && [ "$INFLIGHT" -ge 0 ] && [ "$INFLIGHT" -le 16 ]; then
  echo "burst: OK (nothing lost, no duplicates; $INFLIGHT accepted after wrk's deadline)"
else
  echo "burst: MISMATCH" >&2; exit 1
fi
