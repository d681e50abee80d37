#!/usr/bin/env bash
# Fan-out benchmark: the same WebSocket load against Switchboard /live and nchan, alternating, on loopback.
# Usage (from the repository root, after `mvn -q -B -Pbench package -DskipTests`):
#   bench/fanout/run-fanout.sh                       # defaults below
#   CONNS="1000 5000 10000" REPS=3 SECONDS_PER_RUN=20 bench/fanout/run-fanout.sh
# Output: $OUT/results.jsonl (one JSON line per run) and $OUT/summary.md (medians, ratios).
# Everything started here is stopped on exit (trap); every run has a time limit.
set -uo pipefail   # no -e: a failed measurement is logged and the run goes on

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CONNS=${CONNS:-"1000 5000"}                 # connection counts
RATE_FOR=${RATE_FOR:-"1000:50 5000:50 10000:25 15000:17"}   # conns:publish rate (msg/s); conns:r1,r2 runs each rate
REPS=${REPS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
SUBPROCS=${SUBPROCS:-2}                     # load-generator processes (≤ 19,000 connections each)
SUB_THREADS=${SUB_THREADS:-1}               # event-loop threads per load-generator process
IPS_PER_PROC=${IPS_PER_PROC:-4}             # source addresses per process: 127.0.0.2, 127.0.0.3, …
PUB_DIALECT=${PUB_DIALECT:-http}            # Switchboard publisher: http (publish_to_topic) or live (new-message)
PAD=${PAD:-64}                              # payload padding (bytes)
TARGETS=${TARGETS:-"switchboard nchan"}     # add switchboard-base (with SBJAR_BASE) to compare two builds in one run
SBJAR_BASE=${SBJAR_BASE:-}                  # jar of the build to compare against (target switchboard-base, port SB_PORT+2)
SB_PORT=${SB_PORT:-18336}
NCHAN_PORT=${NCHAN_PORT:-18337}
SB_JAVA_OPTS=${SB_JAVA_OPTS:-"-Xmx2g"}
SB_OUTBOUND=${SB_OUTBOUND:-1024}
LG_JAVA_OPTS=${LG_JAVA_OPTS:-"-Xmx1g -XX:+UseParallelGC"}
NGINX_WORKERS=${NGINX_WORKERS:-$(nproc)}
SB_SETTINGS=${SB_SETTINGS:-}                # extra Switchboard settings, e.g. "net.worker.threads=2"
SB_BASE_SETTINGS=${SB_BASE_SETTINGS-$SB_SETTINGS}   # the same for target switchboard-base (default: SB_SETTINGS)
PROFILE=${PROFILE:-0}                       # 1: perf stat (syscalls, context switches) of the server over each publish
                                            #    window, and for Switchboard a JFR recording with 1 ms sampling;
                                            # 2: perf stat and `perf record` of the server, no JFR (kernel/user split by DSO)
PUB_CONNS=${PUB_CONNS:-4}                   # HTTP publisher connections (each sequential, its own sequence numbers)
OUT=${OUT:-/tmp/fanout-$(date -u +%Y%m%d-%H%M%S)}
SBJAR=$ROOT/target/switchboard.jar
LGJAR=$ROOT/target/benchmarks.jar
mkdir -p "$OUT"
# private copies: a rebuild (ours or someone else's) during the run must not change the code under test
[ -f "$LGJAR" ] && cp "$LGJAR" "$OUT/loadgen.jar" && LGJAR=$OUT/loadgen.jar
LG="java $LG_JAVA_OPTS -cp $LGJAR io.switchboard.bench.load.LoadMain"

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$OUT/run.log" >&2; }

STARTED=()
cleanup() {
  for p in "${STARTED[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 1
  for p in "${STARTED[@]}"; do kill -9 "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

ulimit -n "$(ulimit -Hn)"
log "open files limit $(ulimit -n); output $OUT"
[ -f "$SBJAR" ] && [ -f "$LGJAR" ] || { echo "build first: mvn -q -B -Pbench package -DskipTests" >&2; exit 1; }

# ---- nchan (Debian nginx + libnginx-mod-nchan), installed only if missing ----
if [[ " $TARGETS " == *" nchan "* ]]; then
  if ! command -v nginx >/dev/null || [ ! -f /usr/lib/nginx/modules/ngx_nchan_module.so ]; then
    log "installing nginx + libnginx-mod-nchan"
    apt-get update -qq
    NGX=nginx-light; apt-cache policy nginx-light | grep -q 'Candidate: (none)' && NGX=nginx
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$NGX" libnginx-mod-nchan >/dev/null
  fi
  NGDIR=$OUT/nginx; mkdir -p "$NGDIR/logs" "$NGDIR/tmp"
  cat > "$NGDIR/nginx.conf" <<NGINX
load_module /usr/lib/nginx/modules/ngx_nchan_module.so;
worker_processes $NGINX_WORKERS;
worker_rlimit_nofile 20000;
pid $NGDIR/nginx.pid;
error_log $NGDIR/logs/error.log warn;
events { worker_connections 19000; multi_accept on; }
http {
  access_log off;
  client_body_temp_path $NGDIR/tmp;
  nchan_shared_memory_size 256M;
  server {
    listen 127.0.0.1:$NCHAN_PORT backlog=4096;
    location = /sub {
      nchan_subscriber websocket;
      nchan_channel_id \$arg_id;
      nchan_subscriber_first_message newest;
    }
    location = /pub {
      nchan_publisher;
      nchan_channel_id \$arg_id;
      nchan_message_buffer_length 100;
      nchan_message_timeout 60s;
    }
  }
}
NGINX
  nginx -t -c "$NGDIR/nginx.conf" -p "$NGDIR" -g 'daemon off;' 2>>"$OUT/run.log"
  nginx -c "$NGDIR/nginx.conf" -p "$NGDIR" -g 'daemon off;' >"$NGDIR/stdout.log" 2>&1 &
  NGINX_PID=$!; STARTED+=("$NGINX_PID")
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$NCHAN_PORT/pub?id=probe" -X POST -d x && break; sleep 0.2; done
  log "nginx $NGINX_PID: $(nginx -v 2>&1), nchan $(dpkg-query -W -f '${Version}' libnginx-mod-nchan)"
fi

# ---- Switchboard (target switchboard: $SBJAR on SB_PORT; target switchboard-base: $SBJAR_BASE on SB_PORT+2) ----
declare -A SB_PIDS SB_PORTS SB_TOKENS
SB_PORTS[switchboard]=$SB_PORT; SB_PORTS[switchboard-base]=$((SB_PORT + 2))
is_sb() { [[ $1 == switchboard* ]]; }
start_switchboard() {   # target
  local t=$1 jar=$SBJAR port=${SB_PORTS[$1]}
  [ "$t" = switchboard-base ] && jar=$SBJAR_BASE
  [ -f "$jar" ] || { echo "no jar for $t (SBJAR_BASE?)" >&2; exit 1; }
  rm -rf "$OUT/sbdata-$t"
  # a private copy of the jar: other people's `pkill -f switchboard.jar` on a shared machine stopped our server
  cp "$jar" "$OUT/sb-fanout-$t.jar"
  local extra=() kv settings=$SB_SETTINGS
  [ "$t" = switchboard-base ] && settings=$SB_BASE_SETTINGS
  for kv in $settings; do extra+=(--set "$kv"); done
  java $SB_JAVA_OPTS -jar "$OUT/sb-fanout-$t.jar" --set data.dir="$OUT/sbdata-$t" --set http.port=$port --set http.bind=127.0.0.1 \
    --set ratelimit.enabled=false --set password.pbkdf2.iterations=1000 --set ws.outbound.limit=$SB_OUTBOUND "${extra[@]}" \
    >>"$OUT/$t.log" 2>&1 &
  SB_PIDS[$t]=$!; STARTED+=("$!")
  for _ in $(seq 120); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.5; done
  SB_TOKENS[$t]=$($LG setup --base "http://127.0.0.1:$port" 2>>"$OUT/run.log")
  log "$t ${SB_PIDS[$t]} ($jar, $SB_JAVA_OPTS, ws.outbound.limit=$SB_OUTBOUND, settings: ${settings:-none}) up on $port, topic created"
}
ensure_up() {   # the machine is shared: if a server we started is gone, say so and start it again
  if is_sb "$1" && ! kill -0 "${SB_PIDS[$1]}" 2>/dev/null; then
    log "WARNING: $1 ${SB_PIDS[$1]} is gone (exit/kill not ours); restarting"; start_switchboard "$1"
    RESTARTED=1
  fi
  if [ "$1" = nchan ] && ! kill -0 "$NGINX_PID" 2>/dev/null; then
    log "WARNING: nginx $NGINX_PID is gone; stopping"; exit 1
  fi
}
if [ "$PROFILE" != 0 ]; then   # the JDK's profile settings with 1 ms Java and native sampling
  sed -e 's/>10 ms</>1 ms</; s/>20 ms</>1 ms</' "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")/lib/jfr/profile.jfc" >"$OUT/profile.jfc"
fi
for t in $TARGETS; do is_sb "$t" && start_switchboard "$t"; done

rss_kb() { local s=0; for p in "$@"; do s=$((s + $(awk '/VmRSS/{print $2}' /proc/$p/status 2>/dev/null || echo 0))); done; echo $s; }
server_pids() { if [ "$1" = nchan ]; then echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"; else echo "${SB_PIDS[$1]}"; fi; }
sb_heap() { jcmd "${SB_PIDS[$1]}" GC.run >/dev/null 2>&1; sleep 0.5; local h; h=$(curl -s "http://127.0.0.1:${SB_PORTS[$1]}/statistics" | jq '.memory.heap_used' 2>/dev/null); echo "${h:-0}"; }
sb_open() { curl -s "http://127.0.0.1:${SB_PORTS[$1]}/statistics" | jq -c '[.web.connections, .realtime]'; }

run_one() {   # target conns rate rep
  local target=$1 conns=$2 rate=$3 rep=$4 tag="$1-$2-$3-r$4" dir="$OUT/$1-$2-$3-r$4"
  RESTARTED=0
  ensure_up "$target"
  mkdir -p "$dir"; rm -f "$dir"/ready* "$dir"/stop
  local spids; spids=$(server_pids "$target")
  local heap0=0 heap1=0
  is_sb "$target" && heap0=$(sb_heap "$target")
  local rss0; rss0=$(rss_kb $spids)
  local url pub_url pub_dialect chan="bench-$rep-$conns-$RANDOM"
  TOKEN=
  if is_sb "$target"; then
    local port=${SB_PORTS[$target]}; TOKEN=${SB_TOKENS[$target]}
    url="ws://127.0.0.1:$port/live?token=$TOKEN"; pub_dialect=$PUB_DIALECT
    if [ "$PUB_DIALECT" = live ]; then pub_url="ws://127.0.0.1:$port/live?token=$TOKEN"; else pub_url="http://127.0.0.1:$port/action/world/publish_to_topic"; fi
  else
    url="ws://127.0.0.1:$NCHAN_PORT/sub?id=$chan"; pub_url="http://127.0.0.1:$NCHAN_PORT/pub?id=$chan"; pub_dialect=nchan
  fi
  local per=$(( (conns + SUBPROCS - 1) / SUBPROCS )) lg_pids=() i left=$conns
  for ((i = 0; i < SUBPROCS; i++)); do
    local n=$(( left < per ? left : per )); left=$((left - n))
    local lo=$((2 + i * IPS_PER_PROC)) hi=$((1 + (i + 1) * IPS_PER_PROC))
    timeout $((SECONDS_PER_RUN + 260)) $LG subscribe --url "$url" --dialect "$([ "$target" = nchan ] && echo nchan || echo live)" \
      --conns "$n" --src "127.0.0.$lo-127.0.0.$hi" --threads "$SUB_THREADS" --ready-file "$dir/ready$i" \
      --stop-file "$dir/stop" --max-seconds $((SECONDS_PER_RUN + 240)) --drain-ms 60000 \
      >"$dir/sub$i.json" 2>"$dir/sub$i.err" &
    lg_pids+=($!); STARTED+=($!)
  done
  local t=0
  while :; do
    local r=0; for ((i = 0; i < SUBPROCS; i++)); do [ -f "$dir/ready$i" ] && r=$((r + 1)); done
    [ $r -eq $SUBPROCS ] && break
    t=$((t + 1)); [ $t -gt 1500 ] && { log "$tag: not ready after 150 s"; break; }
    sleep 0.1
  done
  sleep 1
  is_sb "$target" && heap1=$(sb_heap "$target")
  local rss1; rss1=$(rss_kb $spids)
  local jpids
  # the `timeout` wrappers are the children of this shell; their java children are the load generators
  jpids=$(for p in "${lg_pids[@]}"; do c=$(pgrep -P "$p" | head -1); echo "${c:-$p}"; done | tr '\n' ',')
  local perf_pid= rec_pid=
  if [ "$PROFILE" != 0 ]; then
    # the publisher starts sending about 1.5 s after it starts (warm-up messages, then 0.5 s)
    ( sleep 1.5; exec perf stat -x, -o "$dir/perf-stat.csv" -p "$(echo $spids | tr ' ' ',')" \
        -e task-clock,context-switches,cpu-migrations,raw_syscalls:sys_enter,syscalls:sys_enter_write,syscalls:sys_enter_writev,syscalls:sys_enter_sendmsg,syscalls:sys_enter_read,syscalls:sys_enter_recvfrom,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_futex \
        -- sleep "$SECONDS_PER_RUN" ) 2>>"$dir/perf.err" &
    perf_pid=$!
    if [ "$PROFILE" = 2 ]; then   # also CPU samples (kernel and user) for `perf report --sort dso,sym`
      ( sleep 1.5; exec perf record -q -F 499 -o "$dir/perf.data" -p "$(echo $spids | tr ' ' ',')" -- sleep "$SECONDS_PER_RUN" ) 2>>"$dir/perf.err" &
      rec_pid=$!
    fi
    [ "$PROFILE" = 1 ] && is_sb "$target" && jcmd "${SB_PIDS[$target]}" JFR.start name=fanout settings="$OUT/profile.jfc" filename="$dir/server.jfr" >/dev/null 2>&1
  fi
  timeout $((SECONDS_PER_RUN * 3 + 120)) $LG publish --dialect "$pub_dialect" --url "$pub_url" --token "${TOKEN:-}" \
    --rate "$rate" --seconds "$SECONDS_PER_RUN" --pad "$PAD" --drain-ms 2000 --connections "$PUB_CONNS" \
    --server-pids "$(echo $spids | tr ' ' ',')" --loadgen-pids "$jpids" >"$dir/pub.json" 2>"$dir/pub.err" || log "$tag: publisher failed: $(tail -3 "$dir/pub.err")"
  if [ "$PROFILE" != 0 ]; then
    [ "$PROFILE" = 1 ] && is_sb "$target" && jcmd "${SB_PIDS[$target]}" JFR.stop name=fanout >/dev/null 2>&1
    wait "$perf_pid" 2>/dev/null; [ -n "$rec_pid" ] && wait "$rec_pid" 2>/dev/null
  fi
  touch "$dir/stop"
  for p in "${lg_pids[@]}"; do wait "$p" || log "$tag: load generator $p exit $?"; done
  local subs=(); for ((i = 0; i < SUBPROCS; i++)); do subs+=("$dir/sub$i.json"); done
  [ -s "$dir/pub.json" ] || { log "$tag: no publisher result, run skipped"; sleep 3; return; }
  $LG merge --pub "$dir/pub.json" "${subs[@]}" >"$dir/merged.json"
  local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
  jq -c --arg target "$target" --argjson rep "$rep" --argjson heap0 "${heap0:-0}" --argjson heap1 "${heap1:-0}" \
     --argjson rss0 "$rss0" --argjson rss1 "$rss1" --arg load "$load" --argjson subprocs "$SUBPROCS" --argjson restarted "$RESTARTED" '
    . + {target: $target, rep: $rep, subprocs: $subprocs, loadavg: $load, server_restarted_before_run: ($restarted == 1),
         heap_before: $heap0, heap_ready: $heap1,
         heap_bytes_per_conn: (if ($target | startswith("switchboard")) and .subscribed > 0 then (($heap1 - $heap0) / .subscribed | floor) else null end),
         rss_kb_before: $rss0, rss_kb_ready: $rss1,
         rss_bytes_per_conn: (if .subscribed > 0 then ((($rss1 - $rss0) * 1024) / .subscribed | floor) else null end),
         loadgen_cpu_seconds: (.loadgen_sub_cpu_seconds_window + .loadgen_pub_cpu_seconds)}' \
     "$dir/merged.json" | tee -a "${OUT_RESULTS:-$OUT/results.jsonl}" | jq -c '{target, conns, rate, subscribed, delivered_per_s, p50_us, p99_us, p999_us, dropped, closed_after_ready, server_cpu_us_per_delivery, heap_bytes_per_conn, rss_bytes_per_conn, loadgen_cpu_seconds, window_seconds, publish_request_p50_us, publish_request_p99_us}' >&2
  is_sb "$target" && log "$target open connections and router counters after run: $(sb_open "$target")"
  sleep 3
}

rate_for() { local c=$1 kv; for kv in $RATE_FOR; do [ "${kv%%:*}" = "$c" ] && { echo "${kv#*:}"; return; }; done; echo 25; }

if [ "${WARMUP:-1}" = 1 ]; then   # one short unrecorded run per target (JIT of server and load generator)
  SAVE_SECONDS=$SECONDS_PER_RUN; SECONDS_PER_RUN=${WARMUP_SECONDS:-5}
  for target in $TARGETS; do   # WARMUP_CONNS=10000 WARMUP_RATE=25: also JIT-compile the paths of a loop that is behind
    log "warm-up $target"; OUT_RESULTS=$OUT/warmup.jsonl run_one "$target" "${WARMUP_CONNS:-1000}" "${WARMUP_RATE:-50}" 0
  done
  SECONDS_PER_RUN=$SAVE_SECONDS
fi

for conns in $CONNS; do
  for rate in $(rate_for "$conns" | tr ',' ' '); do   # RATE_FOR="10000:30,40": both rates, in that order
    for ((rep = 1; rep <= REPS; rep++)); do
      order=$TARGETS
      [ $((rep % 2)) -eq 0 ] && order=$(echo "$TARGETS" | awk '{for (i = NF; i > 0; i--) printf "%s ", $i}')
      for target in $order; do
        log "run $target conns=$conns rate=$rate rep=$rep"
        run_one "$target" "$conns" "$rate" "$rep"
      done
    done
  done
done

python3 "$ROOT/bench/fanout/summarize.py" "$OUT/results.jsonl" >"$OUT/summary.md"
cat "$OUT/summary.md"
log "done: $OUT"
