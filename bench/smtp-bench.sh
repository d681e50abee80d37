#!/bin/bash
# SMTP acceptance benchmark: Postfix's smtp-source against Switchboard and against Postfix itself,
# alternating, on loopback. Needs the Debian package postfix (smtp-source is in it), curl, and a
# built target/switchboard.jar. Run as root (Postfix runs on 127.0.0.1:2525, Switchboard on 2526).
# usage: bench/smtp-bench.sh [messages] [sessions] [rounds]
set -eu
MSGS=${1:-2000}
SESS=${2:-50}
ROUNDS=${3:-3}
WARM=${WARM:-3000}
WARM100=${WARM100:-500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/smtp-bench}
rm -rf "$WORK"; mkdir -p "$WORK/vmail"; chown 65534:65534 "$WORK/vmail"

# --- Postfix: accepts on 127.0.0.1:2525 and delivers to a local Maildir (virtual(8), static map)
cp /usr/share/postfix/master.cf.dist /etc/postfix/master.cf
sed -i 's/^smtp      inet  n       -       y/127.0.0.1:2525      inet  n       -       n/; s/^\([a-z]*  *unix  *[-n]  *-  *\)y/\1n/' /etc/postfix/master.cf
cat > /etc/postfix/main.cf <<CF
compatibility_level = 3.6
myhostname = bench.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
virtual_mailbox_domains = bench.test
virtual_mailbox_base = $WORK/vmail
virtual_mailbox_maps = static:inbox/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
default_process_limit = 100
smtpd_client_connection_rate_limit = 0
smtpd_client_connection_count_limit = 0
maillog_file = /var/log/postfix-smtp-bench.log
CF
postfix check >/dev/null 2>&1 || true
postfix stop >/dev/null 2>&1 || true
postfix start >/dev/null 2>&1

# --- Switchboard on 127.0.0.1:2526, H2 (WRITE_DELAY=0) + fsynced blobs
java -jar "$ROOT/target/switchboard.jar" --set data.dir="$WORK/sb" --set http.port=6399 --set http.bind=127.0.0.1 \
  --set smtp.enable=true --set smtp.listen.override=127.0.0.1:2526 --set ratelimit.enabled=false --set log.level=warn \
  > "$WORK/switchboard.log" 2>&1 &
SB=$!
trap 'kill $SB 2>/dev/null; postfix stop >/dev/null 2>&1 || true' EXIT
for i in $(seq 1 100); do curl -fs http://127.0.0.1:6399/ >/dev/null 2>&1 && break; sleep 0.2; done
api() { curl -fs -X POST "http://127.0.0.1:6399$1" -H "Content-Type: application/json" ${TOKEN:+-H "Authorization: Bearer $TOKEN"} -d "$2"; }
api /action/user_account/signup '{"attributes":{"name":"Bench","email":"bench@bench.test","password":"bench-password","passwordConfirm":"bench-password"}}' >/dev/null
TOKEN=$(api /action/user_account/signin '{"attributes":{"email":"bench@bench.test","password":"bench-password"}}' | grep -o '"value":"[^"]*"' | head -1 | cut -d'"' -f4)
api /action/world/become_an_administrator '{}' >/dev/null
api /api/mail_server '{"data":{"type":"mail_server","attributes":{"hostname":"bench.test","is_enabled":true,"listen_interface":"127.0.0.1:2526","max_size":10485760,"max_clients":1000,"always_on_tls":false,"authentication_required":false}}}' >/dev/null
api /api/mail_account '{"data":{"type":"mail_account","attributes":{"username":"inbox@bench.test","password":"inbox-password"}}}' >/dev/null
for i in $(seq 1 50); do timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/2526 && head -c3 <&3" 2>/dev/null | grep -q 220 && break; sleep 0.2; done

sbcpu() { awk '{print $14+$15}' /proc/$SB/stat; }
run() { # name port size
  c0=$(sbcpu); s=$(date +%s.%N)
  smtp-source -s "$SESS" -m "$MSGS" -l "$3" -f sender@client.test -t inbox@bench.test 127.0.0.1:"$2"
  e=$(date +%s.%N); c1=$(sbcpu)
  extra=""; [ "$1" = switchboard ] && extra=" server_cpu_ms_per_msg=$(echo "($c1 - $c0) * 10 / $MSGS" | bc -l | cut -c1-5)"
  echo "$1 size=$3 msgs=$MSGS sessions=$SESS seconds=$(echo "$e - $s" | bc) rate=$(echo "$MSGS / ($e - $s)" | bc)$extra load=$(cut -d' ' -f1 /proc/loadavg)"
}
# warm-up (not reported): the JIT compiles the hot paths, Postfix forks its daemons
smtp-source -s "$SESS" -m "$WARM" -l 1024 -f sender@client.test -t inbox@bench.test 127.0.0.1:2525
smtp-source -s "$SESS" -m "$WARM" -l 1024 -f sender@client.test -t inbox@bench.test 127.0.0.1:2526
# and 100 KB ones, so the first measured 100 KB round is not the one that warms their paths
smtp-source -s "$SESS" -m "$WARM100" -l 102400 -f sender@client.test -t inbox@bench.test 127.0.0.1:2525
smtp-source -s "$SESS" -m "$WARM100" -l 102400 -f sender@client.test -t inbox@bench.test 127.0.0.1:2526
for r in $(seq 1 "$ROUNDS"); do
  for size in 1024 102400; do
    run postfix 2525 "$size"
    run switchboard 2526 "$size"
  done
done
# Postfix delivers after accepting: wait for the Maildir to hold everything it accepted
expected=$((MSGS * ROUNDS * 2 + WARM + WARM100))
for i in $(seq 1 600); do
  n=$(find "$WORK/vmail/inbox/new" -type f 2>/dev/null | wc -l)
  [ "$n" -ge "$expected" ] && break; sleep 1
done
echo "postfix delivered to Maildir: $(find "$WORK/vmail/inbox/new" -type f | wc -l) of $expected"
echo "switchboard accepted (250 after fsync + commit): $(curl -s http://127.0.0.1:6399/statistics | grep -o '"accepted":[0-9]*' | cut -d: -f2) of $expected"
