#!/usr/bin/env python3
"""Hot frames of a JFR recording (run-fanout.sh PROFILE=1 writes <run>/server.jfr).

Usage: python3 bench/fanout/jfr_hot.py server.jfr [--depth 1] [--top 30]
Prints, for Java samples (jdk.ExecutionSample) and for native samples (jdk.NativeMethodSample, threads
in a system call; the idle epoll wait of event loops is counted apart), the most frequent top frames and
the most frequent frames anywhere on the stack (inclusive), with their share of the samples.
"""
import argparse
import collections
import json
import subprocess

ap = argparse.ArgumentParser()
ap.add_argument("jfr")
ap.add_argument("--depth", type=int, default=1, help="frames joined for the top-frame key")
ap.add_argument("--top", type=int, default=30)
args = ap.parse_args()


def frames(event_type):
    out = subprocess.run(["jfr", "print", "--json", "--events", event_type, args.jfr],
                         capture_output=True, text=True, check=True).stdout
    for e in json.loads(out)["recording"]["events"]:
        st = e["values"].get("stackTrace")
        if st:
            yield [f["method"]["type"]["name"].split("/")[-1] + "." + f["method"]["name"] for f in st["frames"]]


def report(title, stacks, skip=None):
    top, incl, n, skipped = collections.Counter(), collections.Counter(), 0, 0
    for names in stacks:
        if skip and skip(names):
            skipped += 1
            continue
        n += 1
        top[" < ".join(names[:args.depth])] += 1
        for name in set(names):
            incl[name] += 1
    print(f"## {title}: {n} samples" + (f" ({skipped} idle epoll waits not counted)" if skip else ""))
    print("top frames:")
    for k, c in top.most_common(args.top):
        print(f"  {100 * c / max(n, 1):5.1f}%  {k}")
    print("inclusive:")
    for k, c in incl.most_common(args.top):
        print(f"  {100 * c / max(n, 1):5.1f}%  {k}")
    print()


report("Java (jdk.ExecutionSample)", frames("jdk.ExecutionSample"))
report("native (jdk.NativeMethodSample)", frames("jdk.NativeMethodSample"),
       skip=lambda names: names and names[0].endswith("epollWait0"))
