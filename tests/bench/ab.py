#!/usr/bin/env python3
"""The table of scripts/bench-ab: each figure per run, base and current,
and the ratio of medians (current / base). Usage: ab.py DIR REV"""
import glob
import json
import statistics
import sys

FIGURES = [
    ('load', 'latency.cpu_per_delivery_us', 'CPU per delivery, 1/room/s (µs)'),
    ('load', 'throughput.cpu_per_delivery_us', 'CPU per delivery, 10/room/s (µs)'),
    ('load', 'latency.fanout.p50_us', 'fan-out p50, 1/room/s (µs)'),
    ('load', 'latency.fanout.p99_us', 'fan-out p99, 1/room/s (µs)'),
    ('load', 'join_cpu_us', 'CPU per join, 10k (µs)'),
    ('cap', 'join_cpu_us', 'CPU per join, ramp to 19k (µs)'),
    ('cap', 'probe_cpu_us', 'CPU per leave + rejoin at 19k (µs)'),
    ('cap', 'idle_cpu_pct', 'idle CPU at 19k (%)'),
    ('cap', 'rss_per_conn_bytes', 'RSS per connection (B)'),
    ('cap', 'rss_per_conn_all_bytes', 'RSS per connection with its room (B)'),
]


def value(doc, path):
    for key in path.split('.'):
        doc = doc[key]
    return doc


def runs(out, kind, version, path):
    found = []
    for name in sorted(glob.glob(f'{out}/{kind}-{version}-*.json')):
        with open(name, encoding='utf-8') as f:
            found.append(value(json.load(f), path))
    return found


def main():
    out, rev = sys.argv[1], sys.argv[2]
    print(f'| figure | base {rev} | this tree | ratio of medians |')
    print('|---|---|---|---|')
    for kind, path, label in FIGURES:
        base, cur = runs(out, kind, 'base', path), runs(out, kind, 'cur', path)
        if not base or not cur:
            print(f'| {label} | {len(base)} runs | {len(cur)} runs | - |')
            continue
        ratio = statistics.median(cur) / statistics.median(base)
        fmt = lambda v: ' / '.join('%g' % x for x in v)
        print(f'| {label} | {fmt(base)} | {fmt(cur)} | {ratio:.2f} |')


if __name__ == '__main__':
    main()
