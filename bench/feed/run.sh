#!/usr/bin/env bash
# The feed benchmark: a fresh server from the shaded jar (rate limiting off, log level warn so the
# access log does not write a line per request), the data from setup.py, then wrk on a cached
# 20-item public feed (100 connections, 10 s, three runs per format) and first-generation times.
# usage: bench/feed/run.sh [PORT]   (after mvn -B package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${1:-18990}
data=$(mktemp -d "${TMPDIR:-/tmp}/sb-feed-bench-XXXXXX")
base=http://127.0.0.1:$port
# a copy of the jar under its own name, so another session's `pkill -f switchboard.jar` on this
# shared machine cannot end the run
cp target/switchboard.jar "$data/feed-bench-server.jar"
java -Xms512m -Xmx512m -jar "$data/feed-bench-server.jar" --set data.dir="$data" --set http.port="$port" --set http.bind=127.0.0.1 \
  --set ratelimit.enabled=false --set log.level=warn --set public.url=http://feeds.example.org \
  --set password.pbkdf2.iterations=1000 > "$data/server.log" 2>&1 &
pid=$!
log=${FEED_BENCH_LOG:-/tmp/sb-feed-bench-server.log}
finish() {
  if kill -0 $pid 2>/dev/null; then
    kill $pid; wait $pid || true
  else
    st=0; wait $pid || st=$?
    echo "== the server had exited by itself, status $st (143 = SIGTERM, 137 = SIGKILL)"
  fi
  cp "$data/server.log" "$log" || true
  rm -rf "$data"
}
trap finish EXIT
for i in $(seq 1 60); do curl -s -o /dev/null "$base/statistics" && break; sleep 0.5; done
echo "== setup (1,020 rows over HTTP)"
token=$(python3 bench/feed/setup.py "$base")
echo "== first generation"
bash bench/feed/first-generation.sh "$base" "$token" bench1000
bash bench/feed/first-generation.sh "$base" "$token" bench1000-all
bash bench/feed/first-generation.sh "$base" "$token" bench20
for fmt in rss atom json; do
  curl -s -o /dev/null "$base/feed/bench20.$fmt"
  echo "== wrk warm-up $fmt"
  wrk -t2 -c100 -d3s "$base/feed/bench20.$fmt" > /dev/null
  for run in 1 2 3; do
    kill -0 $pid 2>/dev/null || { st=0; wait $pid || st=$?; echo "server exited with status $st; log in $log"; exit 1; }
    echo "== wrk bench20.$fmt run $run"
    wrk -t2 -c100 -d10s --latency -s bench/feed/report.lua "$base/feed/bench20.$fmt"
  done
done
echo "== wrk bench20.rss with a Bearer token (the blocking-executor path), one run"
wrk -t2 -c100 -d10s --latency -s bench/feed/report.lua -H "Authorization: Bearer $token" "$base/feed/bench20.rss"
echo "== server CPU seconds (utime+stime) and feed statistics"
awk '{print "utime_ticks=" $14 " stime_ticks=" $15}' /proc/$pid/stat
curl -s "$base/statistics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["feed"])'
