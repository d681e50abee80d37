#!/usr/bin/env bash
# DAV benchmark: Switchboard vs Radicale (Debian radicale), same data (10 calendars x 1,000 events),
# wrk with 20 connections: PUT, PROPFIND Depth 1, calendar-query (one month), sync-collection after
# 10 changes. Appends a dated section to bench/results/dav-radicale.md (earlier runs stay above it). Needs: wrk, radicale, curl, python3 (Debian),
# target/switchboard.jar (mvn -q -B package -DskipTests).
# usage: bench/dav-bench.sh [SECONDS_PER_RUN] [ROUNDS] [RADICALE_READ_SECONDS]
# Radicale's reads take seconds each; with 20 in flight none may finish in a short run, so its read
# runs last RADICALE_READ_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10}
ROUNDS=${2:-2}
RAD_DUR=${3:-60}
CONNS=20
THREADS=2
SB_PORT=${SB_PORT:-27511}
RAD_PORT=${RAD_PORT:-27512}
WORK=$(mktemp -d /tmp/dav-bench-XXXXXX)
B=bench/dav
PY=/usr/bin/python3
EMAIL=bench@example.com
PASS=bench-secret
OUT=bench/results/dav-radicale.md
for t in wrk radicale curl; do command -v $t >/dev/null || { echo "missing $t (apt-get install -y $t)"; exit 1; }; done

SB_PID=; RAD_PID=
cleanup() { [ -n "$SB_PID" ] && kill "$SB_PID" 2>/dev/null; [ -n "$RAD_PID" ] && kill "$RAD_PID" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT

# --- Switchboard (H2 embedded, defaults)
cp target/switchboard.jar "$WORK/dav-bench-server.jar"   # own name: broad pkill patterns of other runs do not hit it
java -jar "$WORK/dav-bench-server.jar" --set data.dir="$WORK/sb" --set http.port=$SB_PORT --set http.bind=127.0.0.1 \
  --set caldav.enable=true --set ratelimit.enabled=false --set log.level=warn > "$WORK/sb.log" 2>&1 &
SB_PID=$!
# --- Radicale (filesystem storage, fsync on by default, plain htpasswd so auth costs little on both sides)
mkdir -p "$WORK/rad"
echo "bench:$PASS" > "$WORK/rad/users"
cat > "$WORK/rad/config" <<CONF
[server]
hosts = 127.0.0.1:$RAD_PORT
max_connections = $CONNS
[auth]
type = htpasswd
htpasswd_filename = $WORK/rad/users
htpasswd_encryption = plain
[rights]
type = owner_only
[storage]
filesystem_folder = $WORK/rad/collections
[logging]
level = warning
CONF
$PY -m radicale --config "$WORK/rad/config" > "$WORK/rad.log" 2>&1 &
RAD_PID=$!
for i in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$SB_PORT/statistics" && curl -s -o /dev/null "http://127.0.0.1:$RAD_PORT/" && break
  sleep 1
done
curl -s -X POST "http://127.0.0.1:$SB_PORT/action/user_account/signup" -H 'Content-Type: application/json' \
  -d "{\"attributes\":{\"name\":\"Bench\",\"email\":\"$EMAIL\",\"password\":\"$PASS\",\"passwordConfirm\":\"$PASS\"}}" > /dev/null
SB_AUTH="Basic $(printf '%s' "$EMAIL:$PASS" | base64 -w0)"
RAD_AUTH="Basic $(printf '%s' "bench:$PASS" | base64 -w0)"
SB_HOME=$(curl -s -X PROPFIND -H 'Depth: 0' -H "Authorization: $SB_AUTH" "http://127.0.0.1:$SB_PORT/caldav/" \
  --data '<D:propfind xmlns:D="DAV:"><D:prop><D:current-user-principal/></D:prop></D:propfind>' \
  | tr -d '\n' | sed -E 's|.*<D:current-user-principal><D:href>([^<]+)</D:href>.*|\1|')
RAD_HOME=/bench/
curl -s -o /dev/null -X PROPFIND -H 'Depth: 0' -H "Authorization: $RAD_AUTH" "http://127.0.0.1:$RAD_PORT$RAD_HOME"

# --- same data on both
T0=$(date +%s.%N)
$PY $B/fill.py "http://127.0.0.1:$SB_PORT" "$SB_HOME" "$EMAIL" "$PASS" 10 1000
T1=$(date +%s.%N)
$PY $B/fill.py "http://127.0.0.1:$RAD_PORT" "$RAD_HOME" bench "$PASS" 10 1000 "$WORK/rad/collections"
SB_FILL=$(echo "10000 / ($T1 - $T0)" | bc -l)
for h in "$SB_PORT $SB_HOME $SB_AUTH" "$RAD_PORT $RAD_HOME $RAD_AUTH"; do :; done

cat > "$WORK/propfind.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/><D:getcontenttype/><D:resourcetype/></D:prop></D:propfind>
XML
cat > "$WORK/query.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"><C:time-range start="20260301T000000Z" end="20260401T000000Z"/></C:comp-filter></C:comp-filter></C:filter></C:calendar-query>
XML
sync_body() { # token
  echo "<?xml version=\"1.0\" encoding=\"utf-8\"?><D:sync-collection xmlns:D=\"DAV:\"><D:sync-token>$1</D:sync-token><D:sync-level>1</D:sync-level><D:prop><D:getetag/></D:prop></D:sync-collection>"
}
# sync token, then 10 changes on cal2 of each server
prepare_sync() { # port home auth out
  local tok
  tok=$(curl -s -X REPORT -H 'Depth: 1' -H "Authorization: $3" -H 'Content-Type: application/xml' "http://127.0.0.1:$1$2cal2/" \
    --data "$(sync_body '')" | grep -o '<[A-Za-z0-9]*:\?sync-token>[^<]*' | tail -1 | sed 's/.*>//')
  for i in $(seq 0 9); do
    curl -s -o /dev/null -X PUT -H "Authorization: $3" -H 'Content-Type: text/calendar' "http://127.0.0.1:$1$2cal2/e$i.ics" \
      --data-binary "$(printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\nBEGIN:VEVENT\r\nUID:c2-e%d@bench\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T100000Z\r\nDTEND:20260105T103000Z\r\nSUMMARY:changed %d\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' $i $i)"
  done
  sync_body "$tok" > "$4"
}
prepare_sync $SB_PORT "$SB_HOME" "$SB_AUTH" "$WORK/sync-sb.xml"
prepare_sync $RAD_PORT "$RAD_HOME" "$RAD_AUTH" "$WORK/sync-rad.xml"
for p in "$SB_PORT $SB_HOME" "$RAD_PORT $RAD_HOME"; do
  set -- $p
  curl -s -o /dev/null -X MKCALENDAR -H "Authorization: $([ $1 = $SB_PORT ] && echo "$SB_AUTH" || echo "$RAD_AUTH")" "http://127.0.0.1:$1$2putbench/"
done

rps() { grep -E '^Requests/sec' | awk '{print $2}'; }
run() { # name port home auth
  local name=$1 port=$2 home=$3 auth=$4 syncfile=$5 r d=$DUR
  [ "$name" = radicale ] && d=$RAD_DUR
  r=$(wrk -t$THREADS -c$CONNS -d${DUR}s --timeout 60s -s $B/put.lua "http://127.0.0.1:$port" -- "${home}putbench/" "$auth" | rps)
  echo "$name put $r"
  for w in "propfind PROPFIND 1 $WORK/propfind.xml cal0/" "query REPORT 1 $WORK/query.xml cal1/" "sync REPORT 1 $syncfile cal2/"; do
    set -- $w
    # warm-up so first-use costs are not measured: one request fills Radicale's item cache; the JVM needs a few
    # seconds of the same load before its JIT has compiled the path (5 s of wrk; Radicale's would keep its
    # worker busy with abandoned slow requests into the measured run, so it gets the single request)
    curl -s -o /dev/null -X $2 -H "Depth: $3" -H "Authorization: $auth" -H 'Content-Type: application/xml' --data-binary @"$4" "http://127.0.0.1:$port$home$5"
    [ "$name" = switchboard ] && wrk -t$THREADS -c$CONNS -d5s --timeout 60s -s $B/method.lua "http://127.0.0.1:$port$home$5" -- $2 $3 "$4" "$auth" > /dev/null
    r=$(wrk -t$THREADS -c$CONNS -d${d}s --timeout 120s -s $B/method.lua "http://127.0.0.1:$port$home$5" -- $2 $3 "$4" "$auth" | rps)
    echo "$name $1 $r"
  done
}
: > "$WORK/raw.txt"
for round in $(seq 1 $ROUNDS); do
  run switchboard $SB_PORT "$SB_HOME" "$SB_AUTH" "$WORK/sync-sb.xml" | tee -a "$WORK/raw.txt"
  run radicale $RAD_PORT "$RAD_HOME" "$RAD_AUTH" "$WORK/sync-rad.xml" | tee -a "$WORK/raw.txt"
done
# sanity: what the reads return
SB_Q=$(curl -s -X REPORT -H 'Depth: 1' -H "Authorization: $SB_AUTH" --data-binary @"$WORK/query.xml" "http://127.0.0.1:$SB_PORT${SB_HOME}cal1/" | grep -o '<D:response>' | wc -l)
RAD_Q=$(curl -s -X REPORT -H 'Depth: 1' -H "Authorization: $RAD_AUTH" --data-binary @"$WORK/query.xml" "http://127.0.0.1:$RAD_PORT${RAD_HOME}cal1/" | grep -o '<[a-zA-Z0-9]*:\?response>' | wc -l)
SB_S=$(curl -s -X REPORT -H 'Depth: 1' -H "Authorization: $SB_AUTH" --data-binary @"$WORK/sync-sb.xml" "http://127.0.0.1:$SB_PORT${SB_HOME}cal2/" | grep -o '<D:response>' | wc -l)
RAD_S=$(curl -s -X REPORT -H 'Depth: 1' -H "Authorization: $RAD_AUTH" --data-binary @"$WORK/sync-rad.xml" "http://127.0.0.1:$RAD_PORT${RAD_HOME}cal2/" | grep -o '<[a-zA-Z0-9]*:\?response>' | wc -l)

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
[ -s "$OUT" ] || echo "# DAV benchmark: Switchboard vs Radicale" > "$OUT"
{
  echo
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) ($(git rev-parse --short HEAD 2>/dev/null || echo 'no git'))"
  echo
  echo "- machine load (1/5/15 min) at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); machine: $(nproc) cores (shared with other sessions), $(free -g | awk '/Mem/{print $2}') GB RAM; $(java -version 2>&1 | head -1)"
  echo "- peer: Radicale $($PY -c 'import radicale; print(radicale.VERSION)') (Debian), filesystem storage (fsync on, its default), plain htpasswd, max_connections=$CONNS"
  echo "- Switchboard: embedded H2 (default; every PUT committed before the answer: survives a killed process, power loss needs PostgreSQL per BENCHMARKS.md), defaults otherwise; WebDAV file PUTs (not measured here) are fsynced"
  echo "- data: 10 calendars x 1,000 events each on both (Switchboard filled over HTTP: $(printf '%.0f' $SB_FILL) PUT/s with 8 Python threads; Radicale's .ics files written into its storage)"
  echo "- load: \`wrk -t$THREADS -c$CONNS -d${DUR}s\` (Radicale reads: \`-d${RAD_DUR}s --timeout 120s\`), Lua scripts bench/dav/put.lua (new event per request into an empty calendar) and bench/dav/method.lua (Switchboard reads after a 5 s wrk warm-up, Radicale's after one request); $ROUNDS rounds alternating Switchboard and Radicale; command: \`bench/dav-bench.sh $DUR $ROUNDS $RAD_DUR\`"
  echo "- responses per request: calendar-query (March 2026) Switchboard $SB_Q, Radicale $RAD_Q; sync-collection after 10 changes Switchboard $SB_S, Radicale $RAD_S"
  echo
  echo "| workload | Switchboard req/s (median) | Radicale req/s (median) | ratio |"
  echo "|---|---|---|---|"
  for w in put propfind query sync; do
    s=$(grep "^switchboard $w " "$WORK/raw.txt" | awk '{print $3}' | median)
    r=$(grep "^radicale $w " "$WORK/raw.txt" | awk '{print $3}' | median)
    ratio=$(echo "$s / $r" | bc -l 2>/dev/null || echo "n/a")
    case $w in put) label="PUT (new event)";; propfind) label="PROPFIND Depth 1 (1,000 events)";; query) label="calendar-query, one month";; sync) label="sync-collection after 10 changes";; esac
    printf '| %s | %s | %s | %.0fx |\n' "$label" "$s" "$r" "$ratio"
  done
  echo
  echo "Per-round ratios (each Switchboard run against the Radicale run right after it):"
  echo '```'
  for w in put propfind query sync; do
    paste <(grep "^switchboard $w " "$WORK/raw.txt" | awk '{print $3}') <(grep "^radicale $w " "$WORK/raw.txt" | awk '{print $3}') \
      | awk -v w=$w '{ if ($2 > 0) printf "%s round %d: %.0fx\n", w, NR, $1 / $2; else printf "%s round %d: Radicale finished no request\n", w, NR }'
  done
  echo '```'
  echo
  echo "Raw (workload req/s per run):"
  echo '```'
  cat "$WORK/raw.txt"
  echo '```'
} > "$WORK/section.md"
cat "$WORK/section.md" >> "$OUT"
cat "$WORK/section.md"
rm -rf "$WORK"
