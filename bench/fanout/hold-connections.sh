#!/usr/bin/env bash
# Holds N idle subscribed /live connections on one Switchboard process and measures the heap they cost:
# jcmd GC.heap_info and GC.class_histogram (after a full GC) before the clients connect and once all are
# subscribed, plus /statistics. Clients: LoadMain subscribe processes on disjoint 127.0.0.x addresses.
# Usage (repository root, after `mvn -q -B -Pbench package -DskipTests`):
#   CONNS=15000 PROCS=3 HOLD_SECONDS=30 bench/fanout/hold-connections.sh
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONNS=${CONNS:-15000}
PROCS=${PROCS:-3}
IPS_PER_PROC=${IPS_PER_PROC:-4}
HOLD_SECONDS=${HOLD_SECONDS:-30}
PORT=${PORT:-18346}
SB_JAVA_OPTS=${SB_JAVA_OPTS:-"-Xmx2g"}
SBJAR=${SBJAR:-$ROOT/target/switchboard.jar}
LGJAR=$ROOT/target/benchmarks.jar
LG="java -Xmx1g -XX:+UseParallelGC -cp $LGJAR io.switchboard.bench.load.LoadMain"
OUT=${OUT:-/tmp/hold-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }
STARTED=()
cleanup() { for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done; sleep 1; for p in "${STARTED[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM
ulimit -n "$(ulimit -Hn)"
log "open files limit $(ulimit -n); output $OUT; load $(cut -d' ' -f1-3 /proc/loadavg)"

cp "$SBJAR" "$OUT/sb-hold.jar"
java $SB_JAVA_OPTS -jar "$OUT/sb-hold.jar" --set data.dir="$OUT/sbdata" --set http.port=$PORT --set http.bind=127.0.0.1 \
  --set ratelimit.enabled=false --set password.pbkdf2.iterations=1000 >>"$OUT/switchboard.log" 2>&1 &
SB=$!; STARTED+=("$SB")
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
TOKEN=$($LG setup --base "http://127.0.0.1:$PORT" 2>>"$OUT/run.log")

snapshot() {   # name
  jcmd "$SB" GC.run >/dev/null 2>&1; sleep 1
  jcmd "$SB" GC.heap_info >"$OUT/heap_info-$1.txt" 2>&1
  jcmd "$SB" GC.class_histogram >"$OUT/histogram-$1.txt" 2>&1
  curl -s "http://127.0.0.1:$PORT/statistics" >"$OUT/statistics-$1.json"
  echo "$(awk '/VmRSS/{print $2}' /proc/$SB/status) $(ls /proc/$SB/fd | wc -l) $(jq '.memory.heap_used' "$OUT/statistics-$1.json")"
}
read -r RSS0 FD0 HEAP0 < <(snapshot before)
log "before: RSS ${RSS0} kB, fds $FD0, heap used $HEAP0"

per=$(( (CONNS + PROCS - 1) / PROCS )); left=$CONNS; pids=()
for ((i = 0; i < PROCS; i++)); do
  n=$(( left < per ? left : per )); left=$((left - n))
  lo=$((2 + i * IPS_PER_PROC)); hi=$((1 + (i + 1) * IPS_PER_PROC))
  $LG subscribe --url "ws://127.0.0.1:$PORT/live?token=$TOKEN" --dialect live --conns "$n" --src "127.0.0.$lo-127.0.0.$hi" \
    --ready-file "$OUT/ready$i" --stop-file "$OUT/stop" --max-seconds $((HOLD_SECONDS + 300)) --drain-ms 1000 \
    >"$OUT/sub$i.json" 2>"$OUT/sub$i.err" &
  pids+=($!); STARTED+=($!)
done
t=0
while :; do
  r=0; for ((i = 0; i < PROCS; i++)); do [ -f "$OUT/ready$i" ] && r=$((r + 1)); done
  [ $r -eq $PROCS ] && break
  t=$((t + 1)); [ $t -gt 3000 ] && { log "not ready after 300 s"; break; }
  sleep 0.1
done
log "all $PROCS client processes ready after $((t / 10)) s; holding ${HOLD_SECONDS} s"
sleep "$HOLD_SECONDS"
read -r RSS1 FD1 HEAP1 < <(snapshot held)
OPEN=$(jq -c '.web.connections' "$OUT/statistics-held.json")
SUBS=$(jq '.realtime.subscriptions' "$OUT/statistics-held.json")
log "held: RSS ${RSS1} kB, fds $FD1, heap used $HEAP1, open $OPEN, subscriptions $SUBS"
touch "$OUT/stop"
for p in "${pids[@]}"; do wait "$p"; done
python3 - "$OUT" "$CONNS" "$HEAP0" "$HEAP1" "$RSS0" "$RSS1" "$FD0" "$FD1" "$SUBS" <<'PY' | tee "$OUT/summary.md"
import sys, re
out, conns, h0, h1, r0, r1, f0, f1, subs = sys.argv[1], int(sys.argv[2]), *map(int, sys.argv[3:])
def hist(name):
    d = {}
    for line in open(f"{out}/histogram-{name}.txt"):
        m = re.match(r"\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)", line)
        if m:
            d[m.group(3)] = (int(m.group(1)), int(m.group(2)))
    return d
a, b = hist("before"), hist("held")
rows = sorted(((b[k][1] - a.get(k, (0, 0))[1], b[k][0] - a.get(k, (0, 0))[0], k) for k in b), reverse=True)
print(f"connections {conns}, live subscriptions {subs}, file descriptors {f0} -> {f1}")
print(f"heap used after full GC: {h0:,} -> {h1:,} bytes = {(h1 - h0) / conns:,.0f} B per connection")
print(f"RSS: {r0:,} -> {r1:,} kB = {(r1 - r0) * 1024 / conns:,.0f} B per connection")
total = sum(r[0] for r in rows if r[0] > 0)
print(f"class histogram growth (live objects): {total:,} bytes = {total / conns:,.0f} B per connection; top 15:")
print("| class | instances added | bytes added | bytes per connection |")
print("|---|---:|---:|---:|")
for d_bytes, d_n, k in rows[:15]:
    print(f"| `{k}` | {d_n:,} | {d_bytes:,} | {d_bytes / conns:,.0f} |")
PY
log "done: $OUT"
