#!/usr/bin/env bash
# Foundation figures (issue 2): wrk against GET /api/{type}/{id} and GET /statistics with 100
# connections on loopback, cold start to first served request, idle heap after start.
# usage: bash bench/http/run-http.sh [seconds]   (from the repo root, after mvn package)
set -euo pipefail
DUR=${1:-15}
PORT=16399
DATA=$(mktemp -d)
JAR=${JAR:-target/switchboard.jar}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install wrk"; exit 1; }
trap 'kill $PID 2>/dev/null || true; rm -rf "$DATA"' EXIT

# cold start: process start to first 200 from /health
T0=$(date +%s%N)
java -jar $JAR --set data.dir=$DATA --set http.port=$PORT --set ratelimit.enabled=false --set log.level=warn >/tmp/sb-bench.log 2>&1 &
PID=$!
until curl -sf -o /dev/null http://127.0.0.1:$PORT/health; do sleep 0.01; done
T1=$(date +%s%N)
echo "cold_start_ms=$(( (T1 - T0) / 1000000 ))"
sleep 3
jcmd $PID GC.run >/dev/null
sleep 1
echo "idle_heap_after_gc_bytes=$(curl -s http://127.0.0.1:$PORT/statistics | python3 -c 'import json,sys; print(json.load(sys.stdin)["memory"]["heap_used"])')"

B=http://127.0.0.1:$PORT
post() { curl -s -XPOST "$B$1" -H 'Content-Type: application/json' ${3:+-H "Authorization: Bearer $3"} -d "$2"; }
post /action/user_account/signup '{"attributes":{"name":"B","email":"b@bench.io","password":"benchpass1","passwordConfirm":"benchpass1"}}' >/dev/null
TOKEN=$(post /action/user_account/signin '{"attributes":{"email":"b@bench.io","password":"benchpass1"}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Attributes"]["value"])')
post /action/world/become_an_administrator '{}' "$TOKEN" >/dev/null
post /api/world '{"data":{"type":"world","attributes":{"table_name":"item","world_schema_json":"{\"TableName\":\"item\",\"Columns\":[{\"Name\":\"title\",\"ColumnName\":\"title\",\"ColumnType\":\"label\"},{\"Name\":\"body\",\"ColumnName\":\"body\",\"ColumnType\":\"content\"}]}"}}}' "$TOKEN" >/dev/null
ID=$(post /api/item '{"data":{"type":"item","attributes":{"title":"hello","body":"a small body of text"}}}' "$TOKEN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')

echo "== GET /api/item/$ID (Bearer token, row permission check, one SELECT)"
wrk -t2 -c100 -d${DUR}s --latency -H "Authorization: Bearer $TOKEN" "$B/api/item/$ID"
echo "== GET /statistics"
wrk -t2 -c100 -d${DUR}s --latency "$B/statistics"
