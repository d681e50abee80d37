#!/usr/bin/env bash
# Yjs figures of issue 4, Switchboard vs @hocuspocus/server side by side on loopback.
# Starts Switchboard (yjs.fsync=batch, the default group commit), Switchboard with yjs.fsync=never (as a
# reference point: Hocuspocus does not fsync) and Hocuspocus (file persistence, default 2 s store debounce),
# runs every scenario alternately ROUNDS times, prints raw JSON lines and a median/ratio summary, stops all.
# usage: bash bench/yjs/run-yjs.sh [rounds] [seconds]   (from the repo root, after mvn package)
# env: OUT=file for the raw JSON lines (default /tmp/yjs-bench-raw.jsonl); WINDOW=updates in flight per
#      writer (default 8); ONLY=fanout|latejoin|memory runs one scenario
set -euo pipefail
ROUNDS=${1:-3}
DUR=${2:-10}
WARM=3
WINDOW=${WINDOW:-8}
ONLY=${ONLY:-all}
want() { [ "$ONLY" = all ] || [ "$ONLY" = "$1" ]; }
OUT=${OUT:-/tmp/yjs-bench-raw.jsonl}
P_SB=16411 P_SBN=16413 P_HP=16412
JAR=target/switchboard.jar
HERE=bench/yjs
[ -f $JAR ] || { echo "build first: mvn -q -B package -DskipTests"; exit 1; }
D_SB=$(mktemp -d /tmp/yjsb-sb.XXXX) D_SBN=$(mktemp -d /tmp/yjsb-sbn.XXXX) D_HP=$(mktemp -d /tmp/yjsb-hp.XXXX)
PIDS=()
DIED=0
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true
  if [ $DIED = 0 ]; then rm -rf "$D_SB" "$D_SBN" "$D_HP"; else echo "# a server died: data kept in $D_SB $D_SBN $D_HP"; fi
}
trap cleanup EXIT INT TERM

(cd $HERE && npm install --no-audit --no-fund --silent)

rm -f /tmp/yjsb-sb-$P_SB.pid /tmp/yjsb-sb-$P_SBN.pid
start_sb() { # port dir fsync; a wrapper records the JVM's exit code in /tmp/yjsb-sb-PORT.log
  bash -c 'java -jar "$0" --set data.dir=$2 --set http.port=$1 --set ratelimit.enabled=false \
    --set password.pbkdf2.iterations=1000 --set log.level=warn --set yjs.fsync=$3 & echo $! > /tmp/yjsb-sb-$1.pid
    wait $!; echo "$(date -u +%T) java exited with code $?" >&2' $JAR "$@" >/tmp/yjsb-sb-$1.log 2>&1 &
  for i in $(seq 1 50); do [ -s /tmp/yjsb-sb-$1.pid ] && break; sleep 0.1; done
  PIDS+=($(cat /tmp/yjsb-sb-$1.pid))
}
start_sb $P_SB $D_SB batch; PID_SB=${PIDS[-1]}
start_sb $P_SBN $D_SBN never; PID_SBN=${PIDS[-1]}
(cd $HERE && exec node --expose-gc hocuspocus-server.mjs $P_HP $D_HP >/tmp/yjsb-hp.log 2>&1) &
PIDS+=($!); PID_HP=${PIDS[-1]}
for p in $P_SB $P_SBN; do
  for i in $(seq 1 300); do curl -sf -o /dev/null http://127.0.0.1:$p/health && break; sleep 0.2; done
done
for i in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:$P_HP/ && break; sleep 0.1; done

token() { # port
  local B=http://127.0.0.1:$1
  curl -s -XPOST $B/action/user_account/signup -H 'Content-Type: application/json' \
    -d '{"attributes":{"name":"B","email":"b@bench.io","password":"benchpass1","passwordConfirm":"benchpass1"}}' >/dev/null
  curl -s -XPOST $B/action/user_account/signin -H 'Content-Type: application/json' \
    -d '{"attributes":{"email":"b@bench.io","password":"benchpass1"}}' | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Attributes"]["value"])'
}
TOK_SB=$(token $P_SB); TOK_SBN=$(token $P_SBN)

drive() { # target args...   (target: sb | sbn | hp), one JSON line appended to $OUT tagged with the target
  local t=$1; shift
  local line pid
  case $t in sb) pid=$PID_SB ;; sbn) pid=$PID_SBN ;; hp) pid=$PID_HP ;; esac
  if ! kill -0 $pid 2>/dev/null; then echo "# $t (pid $pid) is not running: skipped $*"; DIED=1; return 0; fi
  case $t in
    sb)  line=$(TOKEN=$TOK_SB timeout 180 node $HERE/driver.mjs sb ws://127.0.0.1:$P_SB/yjs "$@" --pid $PID_SB) ;;
    sbn) line=$(TOKEN=$TOK_SBN timeout 180 node $HERE/driver.mjs sb ws://127.0.0.1:$P_SBN/yjs "$@" --pid $PID_SBN) ;;
    hp)  line=$(timeout 180 node $HERE/driver.mjs hp ws://127.0.0.1:$P_HP "$@" --pid $PID_HP) ;;
  esac || true
  if ! kill -0 $pid 2>/dev/null; then echo "# $t (pid $pid) DIED during: $*"; DIED=1; cat /tmp/yjsb-sb-*.log; fi
  [ -n "$line" ] || { echo "# $t failed: $*"; return 0; }
  line="{\"target\":\"$t\",\"load1\":$(cut -d' ' -f1 /proc/loadavg),${line#\{}"
  echo "$line" | tee -a "$OUT"
}

: > "$OUT"
echo "# raw results -> $OUT"
# memory per loaded document: heap after GC with 400 open documents (one client each) minus before, / 400
SB_MEM="jcmd $PID_SB GC.run >/dev/null; sleep 0.5; curl -s http://127.0.0.1:$P_SB/statistics | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"memory\"][\"heap_used\"])'"
HP_MEM="curl -s http://127.0.0.1:$P_HP/mem | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"heapUsed\"])'"
want memory && for r in $(seq 1 $ROUNDS); do
  drive sb memory --docs 400 --doc-bytes 4096 --measure "$SB_MEM"
  drive hp memory --docs 400 --doc-bytes 4096 --measure "$HP_MEM"
done
# late joiner: 1 MB merged state, 7 fresh clients each
want latejoin && for r in $(seq 1 $ROUNDS); do
  for t in sb hp sbn; do drive $t latejoin --bytes 1048576 --runs 7; done
done
# update throughput and latency in one room: closed loop, WINDOW updates in flight per writer
want fanout && for r in $(seq 1 $ROUNDS); do
  for spec in "2 2" "50 10" "500 10"; do
    set -- $spec
    for t in sb hp sbn; do drive $t fanout --clients $1 --writers $2 --window $WINDOW --seconds $DUR --warmup $WARM; done
  done
done
node $HERE/summarize.mjs "$OUT"
