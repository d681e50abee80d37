#!/bin/sh
# Alternating FTP bench: Switchboard vs pure-ftpd on loopback, same client (ftp_bench.py).
# Needs: a Switchboard with ftp.enable=true on $SB_PORT, user $SB_USER/$SB_PASS able to write site /alpha
# (data dir $SB_DATA), and pure-ftpd on $PURE_PORT with virtual user $PURE_USER/$PURE_PASS whose home
# is $PURE_HOME containing b/ (see bench/results/ftp-*.md for the exact set-up commands).
# usage: run_vs_pureftpd.sh ROUNDS BIG_MIB SMALL_FILES PARALLEL
set -eu
ROUNDS=${1:-3}; BIG=${2:-1024}; SMALL=${3:-10000}; PAR=${4:-10}
HERE=$(dirname "$0")
for r in $(seq 1 "$ROUNDS"); do
  rm -rf "$SB_DATA/sites/alpha/small"; rm -rf "$PURE_HOME/b/small"
  printf 'switchboard %s ' "$r"
  python3 "$HERE/ftp_bench.py" 127.0.0.1 "$SB_PORT" "$SB_USER" "$SB_PASS" /alpha "$BIG" "$SMALL" "$PAR"
  printf 'pure-ftpd %s ' "$r"
  python3 "$HERE/ftp_bench.py" 127.0.0.1 "$PURE_PORT" "$PURE_USER" "$PURE_PASS" /b "$BIG" "$SMALL" "$PAR"
done
