#!/bin/sh
# Small files only, alternating servers, with each server's CPU seconds for the run (robust on a busy machine).
# usage: small_ab.sh ROUNDS FILES PARALLEL NAME:PORT:USER:DIR:PID:CLEANDIR ...
set -eu
ROUNDS=$1; FILES=$2; PAR=$3; shift 3
HERE=$(dirname "$0")
for r in $(seq 1 "$ROUNDS"); do
  for spec in "$@"; do
    IFS=: read -r name port user dir pid clean <<EOT
$spec
EOT
    rm -rf "$clean/small"
    c0=$(sh "$HERE/cpu_of.sh" "$pid"); l0=$(cut -d' ' -f1 /proc/loadavg)
    out=$(python3 "$HERE/ftp_bench.py" 127.0.0.1 "$port" "$user" benchpass1 "$dir" 0 "$FILES" "$PAR")
    c1=$(sh "$HERE/cpu_of.sh" "$pid")
    echo "$name $r $out cpu_s=$(echo "$c1 - $c0" | bc) load=$l0"
  done
done
