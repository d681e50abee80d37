#!/bin/bash
# IMAP benchmark: Switchboard against Dovecot (Debian dovecot-imapd) in one run, on loopback, with the
# same 10,000 messages in both. Dovecot: a private instance with its own config under $WORK, Maildir,
# plaintext auth on 127.0.0.1:14300, static passdb (run as root). Switchboard: the built jar on
# 127.0.0.1:14301 with its embedded H2 (or db.url when DB_URL is set), messages imported by APPEND.
# Needs: dovecot-imapd, python3, curl, a built target/switchboard.jar.
# usage: bench/imap/imap-bench.sh [messages] [sessions list] [rounds]
set -eu
MSGS=${1:-10000}
SESSIONS=${2:-1,50}
ROUNDS=${3:-3}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${WORK:-/tmp/imap-bench}
PY=/usr/bin/python3
BENCH="$PY $ROOT/bench/imap/imapbench.py"
rm -rf "$WORK"; mkdir -p "$WORK"
$BENCH generate "$WORK/msgs" "$MSGS"

# --- Dovecot: private config, Maildir owned by nobody, static credentials
mkdir -p "$WORK/dovecot/run" "$WORK/dovecot/state" "$WORK/mail/bench"
$BENCH maildir "$WORK/msgs" "$WORK/mail/bench/Maildir"
chown -R nobody:nogroup "$WORK/mail"
cat > "$WORK/dovecot/dovecot.conf" <<CONF
base_dir = $WORK/dovecot/run
state_dir = $WORK/dovecot/state
log_path = $WORK/dovecot/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:~/Maildir
first_valid_uid = 1
passdb {
  driver = static
  args = password=bench-password
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=$WORK/mail/%n
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = 14300
  }
  inet_listener imaps {
    port = 0
  }
}
service imap {
  process_limit = 200
}
protocol imap {
  mail_max_userip_connections = 200
}
CONF
dovecot -c "$WORK/dovecot/dovecot.conf"
DOVECOT_PID_FILE="$WORK/dovecot/run/master.pid"

# --- Switchboard
SB_DB=()
[ -n "${DB_URL:-}" ] && SB_DB=(--set db.url="$DB_URL" --set db.user="${DB_USER:-switchboard}" --set db.password="${DB_PASSWORD:-switchboard}")
cp "$ROOT/target/switchboard.jar" "$WORK/switchboard.jar"   # a copy: rebuilding during a run must not change it
java ${JAVA_OPTS:-} -jar "$WORK/switchboard.jar" --set data.dir="$WORK/sb" --set http.port=14399 --set http.bind=127.0.0.1 \
  --set imap.enabled=true --set imap.port=14301 --set imaps.port=14302 --set imap.auth.require_tls=false \
  --set ratelimit.enabled=false --set log.level=warn "${SB_DB[@]}" > "$WORK/switchboard.log" 2>&1 &
SB=$!
trap 'kill $SB 2>/dev/null; kill $(cat "$DOVECOT_PID_FILE" 2>/dev/null) 2>/dev/null || true' EXIT
for i in $(seq 1 150); do curl -fs http://127.0.0.1:14399/ >/dev/null 2>&1 && break; sleep 0.2; done
api() { curl -fs -X POST "http://127.0.0.1:14399$1" -H "Content-Type: application/json" ${TOKEN:+-H "Authorization: Bearer $TOKEN"} -d "$2"; }
api /action/user_account/signup '{"attributes":{"name":"Bench","email":"admin@bench.test","password":"bench-password","passwordConfirm":"bench-password"}}' >/dev/null
TOKEN=$(api /action/user_account/signin '{"attributes":{"email":"admin@bench.test","password":"bench-password"}}' | grep -o '"value":"[^"]*"' | head -1 | cut -d'"' -f4)
api /action/world/become_an_administrator '{}' >/dev/null
api /api/mail_account '{"data":{"type":"mail_account","attributes":{"username":"bench@bench.test","password":"bench-password"}}}' >/dev/null
for i in $(seq 1 50); do timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/14301 && head -c4 <&3" 2>/dev/null | grep -q OK && break; sleep 0.2; done
s=$(date +%s)
$BENCH append "$WORK/msgs" 127.0.0.1 14301 bench@bench.test bench-password 4
echo "# imported $MSGS messages into Switchboard by APPEND in $(( $(date +%s) - s )) s; into Dovecot as Maildir files"
echo "# machine: $(nproc) cores, $(grep MemTotal /proc/meminfo | awk '{print int($2/1024)" MiB"}'), load before run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# dovecot $(dovecot --version | cut -d' ' -f1), $(java -version 2>&1 | head -1)"
$BENCH run 127.0.0.1:14300:bench:bench-password:dovecot 127.0.0.1:14301:bench@bench.test:bench-password:switchboard \
  --sessions "$SESSIONS" --rounds "$ROUNDS" --messages "$MSGS"
