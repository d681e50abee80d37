#!/bin/sh
# CPU seconds (user+system, own + reaped children) a process has used so far: cpu_of.sh PID
awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f\n", ($14 + $15 + $16 + $17) / hz }' "/proc/$1/stat"
