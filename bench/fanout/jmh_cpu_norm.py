#!/usr/bin/env python3
"""Summarise the CPU-NORM lines RouterFanOutBenchmark prints (one per measurement iteration).

Usage: python3 bench/fanout/jmh_cpu_norm.py jmh-output.txt [more.txt ...]
Prints, per benchmark and parameter set: iterations, mean deliveries per CPU-second of the benchmark
thread, the 99.9 % confidence interval half-width (Student t, as JMH computes its error), min, max, and
the mean share of wall time the thread got on a CPU, and the mean deliveries per CPU-second of the whole
JVM (benchmark thread plus garbage collector and JIT; lines from before that field was added show "-").
"""
import re
import statistics
import sys
from collections import defaultdict

# two-sided 99.9 % Student t quantiles (df -> t); JMH uses the same confidence level
T999 = {1: 636.6, 2: 31.60, 3: 12.92, 4: 8.610, 5: 6.869, 6: 5.959, 7: 5.408, 8: 5.041, 9: 4.781,
        10: 4.587, 11: 4.437, 12: 4.318, 13: 4.221, 14: 4.140, 15: 4.073, 16: 4.015, 17: 3.965,
        18: 3.922, 19: 3.883, 20: 3.850, 24: 3.745, 29: 3.659, 39: 3.551, 59: 3.460, 119: 3.373}


def t999(df):
    keys = sorted(T999)
    for k in keys:
        if df <= k:
            return T999[k]
    return 3.291


LINE = re.compile(r"CPU-NORM (\S+)((?: \S+=\S+)*?) deliveries_per_cpu_s=(\d+) cpu_share=([\d.]+)(?: deliveries_per_process_cpu_s=(\d+))?")

rows = defaultdict(list)
for path in sys.argv[1:]:
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.search(line)
            if m:
                name = ".".join(m.group(1).split(".")[-2:])
                process = float(m.group(5)) if m.group(5) else None
                rows[(name, m.group(2).strip())].append((float(m.group(3)), float(m.group(4)), process))

print("| benchmark | params | n | mean M deliveries/CPU-s | ± 99.9 % CI | min | max | CPU share | mean M deliveries/process-CPU-s |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for (name, params), vals in sorted(rows.items()):
    xs = [v[0] / 1e6 for v in vals]
    n = len(xs)
    mean = statistics.fmean(xs)
    err = t999(n - 1) * statistics.stdev(xs) / n ** 0.5 if n > 1 else float("nan")
    share = statistics.fmean(v[1] for v in vals)
    procs = [v[2] / 1e6 for v in vals if v[2] is not None]
    proc = f"{statistics.fmean(procs):.1f}" if len(procs) == n else "-"
    print(f"| {name} | {params} | {n} | {mean:.1f} | {err:.1f} | {min(xs):.1f} | {max(xs):.1f} | {share:.2f} | {proc} |")
