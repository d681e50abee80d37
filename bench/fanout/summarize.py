#!/usr/bin/env python3
"""Medians per (connections, target) from run-fanout.sh's results.jsonl, as a Markdown table with ratios."""
import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
groups = defaultdict(list)
for r in rows:
    # one group per connection count, offered rate and target (RATE_FOR may give several rates)
    groups[((r["conns"], r["rate"]), r["target"])].append(r)


def med(rs, k):
    vals = [r[k] for r in rs if r.get(k) is not None]
    return statistics.median(vals) if vals else None


def fmt(v, unit=""):
    if v is None:
        return "n/a"
    if isinstance(v, float) and v != int(v):
        return f"{v:,.2f}{unit}"
    return f"{int(v):,}{unit}"


def ms(us):
    return "n/a" if us is None else f"{us / 1000:.1f}"


print("| conns | target | runs | rate msg/s | subscribed | delivered msgs/s | p50 ms | p99 ms | p99.9 ms | dropped | closed | server CPU µs/delivery | server CPU s | heap B/conn | RSS B/conn | load-gen CPU s (window) | window s |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for (ck, target) in sorted(groups):
    rs = groups[(ck, target)]
    conns = ck[0]
    print(f"| {conns:,} | {target} | {len(rs)} | {fmt(med(rs, 'rate'))} | {fmt(med(rs, 'subscribed'))} | "
          f"{fmt(med(rs, 'delivered_per_s'))} | {ms(med(rs, 'p50_us'))} | {ms(med(rs, 'p99_us'))} | {ms(med(rs, 'p999_us'))} | "
          f"{fmt(med(rs, 'dropped'))} | {fmt(med(rs, 'closed_after_ready'))} | {fmt(med(rs, 'server_cpu_us_per_delivery'))} | "
          f"{fmt(med(rs, 'server_cpu_seconds'))} | {fmt(med(rs, 'heap_bytes_per_conn'))} | {fmt(med(rs, 'rss_bytes_per_conn'))} | "
          f"{fmt(med(rs, 'loadgen_cpu_seconds'))} | {fmt(med(rs, 'window_seconds'))} |")

print()
print("Ratios (Switchboard / nchan, medians): delivered msgs/s (>1 is better), p99 and CPU per delivery (<1 is better)")
print()
print("| conns | delivered ratio | p50 ratio | p99 ratio | p99.9 ratio | CPU µs/delivery ratio | RSS/conn ratio | publish request p99 ratio |")
print("|---|---|---|---|---|---|---|---|")
for conns in sorted({c for c, _ in groups}):
    s, n = groups.get((conns, "switchboard")), groups.get((conns, "nchan"))
    if not s or not n:
        continue

    def ratio(k):
        a, b = med(s, k), med(n, k)
        return "n/a" if not a or not b else f"{a / b:.2f}"

    print(f"| {conns[0]:,} × {fmt(conns[1])}/s | {ratio('delivered_per_s')} | {ratio('p50_us')} | {ratio('p99_us')} | {ratio('p999_us')} | "
          f"{ratio('server_cpu_us_per_delivery')} | {ratio('rss_bytes_per_conn')} | {ratio('publish_request_p99_us')} |")

if any(t == "switchboard-base" for _, t in groups):
    print()
    print("Builds compared in the same run (switchboard / switchboard-base, medians)")
    print()
    print("| conns | delivered ratio | p50 ratio | p99 ratio | CPU µs/delivery ratio | publish request p99 ratio |")
    print("|---|---|---|---|---|---|")
    for conns in sorted({c for c, _ in groups}):
        s, n = groups.get((conns, "switchboard")), groups.get((conns, "switchboard-base"))
        if not s or not n:
            continue

        def ratio(k):
            a, b = med(s, k), med(n, k)
            return "n/a" if not a or not b else f"{a / b:.2f}"

        print(f"| {conns[0]:,} × {fmt(conns[1])}/s | {ratio('delivered_per_s')} | {ratio('p50_us')} | {ratio('p99_us')} | "
              f"{ratio('server_cpu_us_per_delivery')} | {ratio('publish_request_p99_us')} |")

print()
print("Per run:")
print()
print("| target | conns | rep | offered/s | delivered/s | p50 ms | p99 ms | p99.9 ms | dropped | gaps | holes | reordered | dup | closed | CPU µs/del | server cores | LG cores | heap B/conn | RSS B/conn | LG CPU s | publish req p50/p99/max ms | loadavg |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")


def cores(r, k):
    w = r.get("window_seconds") or 0
    return "n/a" if not w else f"{r[k] / w:.2f}"


for r in rows:
    print(f"| {r['target']} | {r['conns']:,} | {r['rep']} | {fmt(r['rate'] * r['subscribed'])} | {fmt(r['delivered_per_s'])} | {ms(r['p50_us'])} | {ms(r['p99_us'])} | "
          f"{ms(r['p999_us'])} | {fmt(r['dropped'])} | {fmt(r['gaps'])} | {fmt(r.get('holes'))} | {fmt(r['reordered'])} | {fmt(r.get('duplicates'))} | {fmt(r['closed_after_ready'])} | "
          f"{fmt(r['server_cpu_us_per_delivery'])} | {cores(r, 'server_cpu_seconds')} | {cores(r, 'loadgen_cpu_seconds')} | "
          f"{fmt(r.get('heap_bytes_per_conn'))} | {fmt(r.get('rss_bytes_per_conn'))} | "
          f"{fmt(r['loadgen_cpu_seconds'])} | {ms(r.get('publish_request_p50_us'))}/{ms(r.get('publish_request_p99_us'))}/{ms(r.get('publish_request_max_us'))} | {r['loadavg']} |")
