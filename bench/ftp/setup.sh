#!/bin/sh
# Starts the two servers of the FTP bench on loopback (see bench/results/ftp-*.md):
#   Switchboard (target/switchboard.jar, embedded H2) on 16021 with site "alpha" writable by bench@example.com,
#   pure-ftpd on 17021 with virtual user "bench" whose home holds b/.
# Prints the environment run_vs_pureftpd.sh needs. Stop them with: kill $(cat $BASE/*.pid)
# Passive ranges lie below the ephemeral range (32768-60999): loopback clients TIME_WAIT sockets must not
# sit on ports the servers want to bind (that slowed pure-ftpd down 3x in a first run).
# usage: setup.sh [BASE_DIR]   (default /tmp/ftpbench)
set -eu
BASE=${1:-/tmp/ftpbench}
JAR=${JAR:-$(dirname "$0")/../../target/switchboard.jar}
rm -rf "$BASE"; mkdir -p "$BASE/data" "$BASE/pure/b"
java -Xmx1g -jar "$JAR" --set data.dir="$BASE/data" --set http.port=16336 --set http.bind=127.0.0.1 \
  --set ftp.enable=true --set ftp.port=16021 --set ftps.port=16990 --set ftp.passive.ports=21000-21999 \
  --set password.pbkdf2.iterations=1000 --set log.level=warn --set ratelimit.enabled=false \
  >"$BASE/switchboard.log" 2>&1 &
echo $! >"$BASE/switchboard.pid"
B=http://127.0.0.1:16336
for i in $(seq 1 100); do curl -fs "$B/health" >/dev/null 2>&1 && break; sleep 0.3; done
curl -fs -XPOST $B/action/user_account/signup -d '{"attributes":{"name":"Bench","email":"bench@example.com","password":"benchpass1","passwordConfirm":"benchpass1"}}' >/dev/null
TOKEN=$(curl -fs -XPOST $B/action/user_account/signin -d '{"attributes":{"email":"bench@example.com","password":"benchpass1"}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["Attributes"]["value"])')
curl -fs -XPOST $B/action/world/become_an_administrator -H "Authorization: Bearer $TOKEN" >/dev/null
curl -fs -XPOST $B/api/site -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"data":{"type":"site","attributes":{"name":"alpha","hostname":"alpha"}}}' >/dev/null
mkdir -p "$BASE/data/sites/alpha"
chown -R nobody:nogroup "$BASE/pure"
printf 'benchpass1\nbenchpass1\n' | pure-pw useradd bench -u nobody -g nogroup -d "$BASE/pure" -f "$BASE/pureftpd.passwd" >/dev/null
pure-pw mkdb "$BASE/pureftpd.pdb" -f "$BASE/pureftpd.passwd"
pure-ftpd -S 127.0.0.1,17021 -l "puredb:$BASE/pureftpd.pdb" -p 22000:23999 -E -A -H -c 64 -C 64 >"$BASE/pure.log" 2>&1 &
echo $! >"$BASE/pure.pid"
sleep 1
echo "SB_DATA=$BASE/data SB_PORT=16021 SB_USER=bench@example.com SB_PASS=benchpass1 PURE_HOME=$BASE/pure PURE_PORT=17021 PURE_USER=bench PURE_PASS=benchpass1"
