#!/usr/bin/env python3
"""report.py — writes BENCH.md from the JSON results of scripts/bench.

Usage: report.py RESULTS_DIR COMMAND > BENCH.md
Each figure is the median over rounds of the runs that were valid (a load
phase in which the generator was the bottleneck is not a result: it is
listed as invalid). Ratios are hub / peer from the same rounds.
"""
import glob
import json
import os
import platform
import statistics
import subprocess
import sys

NAMES = {'hub': 'codevhub', 'ws': 'Node ws', 'sio': 'Socket.IO', 'lws': 'naive lws'}
PEERS = ['ws', 'sio', 'lws']


def load(d):
    runs = {}
    for path in sorted(glob.glob(os.path.join(d, '*.json'))):
        kind = os.path.basename(path).split('-')[0]  # cap | load
        try:
            with open(path) as f:
                r = json.load(f)
        except (OSError, ValueError):
            continue
        runs.setdefault((kind, r['server']), []).append(r)
    return runs


def get(r, path):
    for k in path.split('.'):
        if not isinstance(r, dict) or k not in r:
            return None
        r = r[k]
    return r


def median(runs, path, need_valid=None):
    vals = []
    for r in runs:
        if need_valid and get(r, need_valid + '.valid') is False:
            continue
        if path.endswith('_us') and get(r, path.rsplit('.', 1)[0] + '.n') == 0:
            continue  # an empty histogram (e.g. no timers in a peer)
        v = get(r, path)
        if v is not None:
            vals.append(v)
    return statistics.median(vals) if vals else None


def invalid_count(runs, phase):
    return sum(1 for r in runs if get(r, phase + '.valid') is False)


def fmt(v, unit=''):
    if v is None:
        return 'n/a'
    if float(v).is_integer() and abs(v) >= 10 or v == 0:
        v = int(v)
    if isinstance(v, float) and abs(v) < 10:
        s = f'{v:.2f}'
    elif isinstance(v, float) and abs(v) < 100:
        s = f'{v:.1f}'
    else:
        s = f'{v:,.0f}'
    return s + unit


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ''


# (row title, run kind, json path, unit, phase that must be valid, lower is better)
FIGURES = [
    ('connections held', 'cap', 'held', '', None, False),
    ('idle server CPU, % of one core', 'cap', 'idle_cpu_pct', ' %', None, True),
    ('RSS per connection (VmRSS delta)', 'cap', 'rss_per_conn_bytes', ' B', None, True),
    ('RSS per connection, its room included (delta from before the hub\'s rooms were created)', 'cap',
     'rss_per_conn_all_bytes', ' B', None, True),
    ('join ramp: server CPU per join', 'cap', 'join_cpu_us', ' µs', None, True),
    ('join ramp: p50 (32 joins in flight per process)', 'cap', 'join.p50_us', ' µs', None, True),
    ('join ramp: p99', 'cap', 'join.p99_us', ' µs', None, True),
    ('rejoin when full: p50', 'cap', 'probe.p50_us', ' µs', None, True),
    ('rejoin when full: p99', 'cap', 'probe.p99_us', ' µs', None, True),
    ('rejoin when full: server CPU (leave + join)', 'cap', 'probe_cpu_us', ' µs', None, True),
    ('1/room/s: deliveries per second', 'load', 'latency.deliveries_per_s', '', 'latency', False),
    ('1/room/s: fan-out p50', 'load', 'latency.fanout.p50_us', ' µs', 'latency', True),
    ('1/room/s: fan-out p99', 'load', 'latency.fanout.p99_us', ' µs', 'latency', True),
    ('1/room/s: fan-out p99.9', 'load', 'latency.fanout.p999_us', ' µs', 'latency', True),
    ('1/room/s: server CPU per delivery', 'load', 'latency.cpu_per_delivery_us', ' µs', 'latency', True),
    ('1/room/s: timer expiry after deadline, p50', 'load', 'latency.expiry.p50_us', ' µs', 'latency', True),
    ('1/room/s: timer expiry after deadline, p99', 'load', 'latency.expiry.p99_us', ' µs', 'latency', True),
    ('10/room/s: deliveries per second', 'load', 'throughput.deliveries_per_s', '', 'throughput', False),
    ('10/room/s: fan-out p50', 'load', 'throughput.fanout.p50_us', ' µs', 'throughput', True),
    ('10/room/s: fan-out p99', 'load', 'throughput.fanout.p99_us', ' µs', 'throughput', True),
    ('10/room/s: fan-out p99.9', 'load', 'throughput.fanout.p999_us', ' µs', 'throughput', True),
    ('10/room/s: server CPU per delivery', 'load', 'throughput.cpu_per_delivery_us', ' µs', 'throughput', True),
    ('10/room/s: server CPU, % of one core', 'load', 'throughput.server_cpu_pct', ' %', 'throughput', True),
    ('10/room/s: missed events + dropped connections', 'load', 'DROPS', '', 'throughput', True),
    ('1/room/s: generator CPU (its own core)', 'load', 'latency.gen_cpu_pct', ' %', None, True),
    ('1/room/s: commands sent > 5 ms late', 'load', 'latency.late_pct', ' %', None, True),
    ('10/room/s: generator CPU (its own core)', 'load', 'throughput.gen_cpu_pct', ' %', None, True),
    ('10/room/s: commands sent > 5 ms late', 'load', 'throughput.late_pct', ' %', None, True),
]


def drops(r):
    return (get(r, 'throughput.gaps') or 0) + (get(r, 'throughput.server_closed') or 0)


def fig(runs, kind, server, path, valid):
    rs = runs.get((kind, server), [])
    if path == 'DROPS':
        vals = [drops(r) for r in rs if get(r, 'throughput') is not None]
        return statistics.median(vals) if vals else None
    return median(rs, path, valid)


def table(runs, out):
    out.append('| figure | ' + ' | '.join(NAMES[s] for s in ['hub'] + PEERS) +
               ' | hub ÷ ws | hub ÷ Socket.IO | hub ÷ naive lws |')
    out.append('|---|' + '---|' * 7)
    for title, kind, path, unit, valid, _ in FIGURES:
        vals = {s: fig(runs, kind, s, path, valid) for s in ['hub'] + PEERS}
        cells = []
        for s in ['hub'] + PEERS:
            v = fmt(vals[s], unit)
            bad = valid and invalid_count(runs.get((kind, s), []), valid)
            cells.append(v + (f' ({bad} invalid)' if bad else ''))
        ratios = []
        for p in PEERS:
            h, q = vals['hub'], vals[p]
            ratios.append(f'{h / q:.2f}×' if h is not None and q not in (None, 0) else '—')
        out.append(f'| {title} | ' + ' | '.join(cells) + ' | ' + ' | '.join(ratios) + ' |')


def targets(runs, out):
    f = lambda kind, path, valid=None, s='hub': fig(runs, kind, s, path, valid)
    # Judged at 1 command per room per second: every server keeps up there, so
    # all deliver the same traffic; at 10/room/s they fall behind differently.
    cpd = f('load', 'latency.cpu_per_delivery_us', 'latency')
    peer = {p: f('load', 'latency.cpu_per_delivery_us', 'latency', p) for p in PEERS}
    ratio = lambda p: (cpd / peer[p]) if cpd and peer[p] else None
    tcpd = f('load', 'throughput.cpu_per_delivery_us', 'throughput')
    tpeer = {p: f('load', 'throughput.cpu_per_delivery_us', 'throughput', p) for p in PEERS}
    tratio = lambda p: (tcpd / tpeer[p]) if tcpd and tpeer[p] else None

    def ok(cond):
        return 'n/a' if cond is None else ('**met**' if cond else '**missed**')

    held, idle = f('cap', 'held'), f('cap', 'idle_cpu_pct')
    rss = f('cap', 'rss_per_conn_bytes')
    tput = f('load', 'throughput.deliveries_per_s', 'throughput')
    tp99 = f('load', 'throughput.fanout.p99_us', 'throughput')
    tdrop = fig(runs, 'load', 'hub', 'DROPS', None)
    l50 = f('load', 'latency.fanout.p50_us', 'latency')
    l99 = f('load', 'latency.fanout.p99_us', 'latency')
    j99, jcpu = f('cap', 'probe.p99_us'), f('cap', 'probe_cpu_us')
    jramp = f('cap', 'join_cpu_us')
    e99 = f('load', 'latency.expiry.p99_us', 'latency')
    both = lambda a, b: None if a is None or b is None else (a and b)

    def vs(kind, path, valid=None, label=''):
        # hub ÷ each peer for the row's main figure, from the same rounds.
        h = f(kind, path, valid)
        cells = []
        for p in PEERS:
            q = f(kind, path, valid, p)
            cells.append(f'{h / q:.2f}×' if h is not None and q else '—')
        return (label + ' ' if label else '') + ' / '.join(cells)

    peers = [
        vs('cap', 'idle_cpu_pct', None, 'idle CPU'),
        vs('cap', 'rss_per_conn_bytes'),
        vs('load', 'throughput.deliveries_per_s', 'throughput', 'delivered') + '; p99 ' +
        vs('load', 'throughput.fanout.p99_us', 'throughput'),
        'p50 ' + vs('load', 'latency.fanout.p50_us', 'latency') + '; p99 ' +
        vs('load', 'latency.fanout.p99_us', 'latency'),
        'rejoin p99 ' + vs('cap', 'probe.p99_us') + '; CPU per join ' + vs('cap', 'join_cpu_us'),
        'the peers run no timers',
        'see the measured column',
    ]
    rows = [
        ('19,000 participants in one process, idle CPU < 5 %',
         f'{fmt(held)} held, idle CPU {fmt(idle, " %")}',
         ok(both(held is not None and held >= 19000, idle is not None and idle < 5))),
        ('memory per idle participant ≤ 2 KB', fmt(rss, ' B'),
         ok(None if rss is None else rss <= 2048)),
        ('≥ 100,000 deliveries/s, p99 < 5 ms, nothing dropped',
         f'{fmt(tput)}/s, p99 {fmt(tp99, " µs")}, dropped {fmt(tdrop)}',
         ok(None if tput is None or tp99 is None else
            (tput >= 100000 and tp99 < 5000 and not tdrop))),
        ('fan-out at 10,000, 1 update/room/s: p50 ≤ 150 µs, p99 ≤ 1 ms',
         f'p50 {fmt(l50, " µs")}, p99 {fmt(l99, " µs")}',
         ok(None if l50 is None or l99 is None else (l50 <= 150 and l99 <= 1000))),
        ('join with 19,000 connected: p99 ≤ 2 ms, ≤ 40 µs server CPU',
         f'p99 {fmt(j99, " µs")}, CPU {fmt(jcpu, " µs")} per leave+join '
         f'({fmt(jramp, " µs")} per join over the ramp)',
         ok(None if j99 is None or jramp is None else (j99 <= 2000 and jramp <= 40))),
        ('timer expiry reaching all 8: p99 ≤ 2 ms after the deadline', f'p99 {fmt(e99, " µs")}',
         ok(None if e99 is None else e99 <= 2000)),
        ('CPU per delivery ≤ 0.5× ws and Socket.IO, ≤ 0.6× naive lws',
         'at 1/room/s: ' + ', '.join(f'{fmt(ratio(p))}× {NAMES[p]}' for p in PEERS) +
         f' ({fmt(cpd, " µs")} per delivery); at 10/room/s: ' +
         ', '.join(f'{fmt(tratio(p))}× {NAMES[p]}' for p in PEERS),
         ok(None if None in (ratio('ws'), ratio('sio'), ratio('lws')) else
            (ratio('ws') <= 0.5 and ratio('sio') <= 0.5 and ratio('lws') <= 0.6))),
    ]
    out.append('| target | measured (median) | hub ÷ Node ws / Socket.IO / naive lws | |')
    out.append('|---|---|---|---|')
    for (t, m, s), r in zip(rows, peers):
        out.append(f'| {t} | {m} | {r} | {s} |')


def load_line(d):
    """The 1-minute load average before each run: on this 2-CPU box, above
    ~1.5 other jobs were competing with the server or the generator."""
    path = os.path.join(d, 'loadavg-runs')
    try:
        rows = [l.split() for l in open(path) if l.strip()]
        loads = sorted(float(r[3]) for r in rows)
    except (OSError, ValueError, IndexError):
        return '- load average before each run: not recorded'
    if not loads:
        return '- load average before each run: not recorded'
    busy = sum(1 for v in loads if v > 1.5)
    return (f'- 1-minute load average before each of the {len(loads)} runs: '
            f'min {loads[0]:.2f}, median {statistics.median(loads):.2f}, '
            f'max {loads[-1]:.2f}; {busy} of them started above 1.5 '
            '(other jobs competing for the 2 CPUs)')


def main():
    d, command = sys.argv[1], sys.argv[2]
    runs = load(d)
    rounds = max((len(v) for v in runs.values()), default=0)
    cpu = sh("lscpu | sed -n 's/^Model name: *//p'") or platform.processor()
    mem = sh("free -g | awk '/Mem:/{print $2}'")
    notes_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'NOTES.md')
    out = ['# codevhub benchmark', '',
           'Written by `scripts/bench` (do not edit by hand: the notes come from '
           '`tests/bench/NOTES.md`).', '',
           '## Machine and command', '',
           f'- machine: {cpu}, {os.cpu_count()} CPUs, {mem} GiB RAM, Linux {platform.release()}',
           f'- libwebsockets {sh("pkg-config --modversion libwebsockets")}, '
           f'libuv {sh("pkg-config --modversion libuv")}, Node {sh("node -v")}',
           f'- load average when the matrix started: {open(os.path.join(d, "loadavg")).read().strip() if os.path.exists(os.path.join(d, "loadavg")) else "?"}',
           load_line(d),
           f'- command: `{command}`; {rounds} rounds, servers interleaved '
           'hub / ws / Socket.IO / naive lws in each round; every figure is the median of the rounds',
           '- server pinned to CPU 0, generator to CPU 1 (both at nice -10); loopback only',
           '- `cap` runs: 2,375 rooms × 8 = 19,000 connections: join ramp, 10 s idle, '
           '200 rejoins one at a time with the server full',
           '- `load` runs: 1,250 rooms × 8 = 10,000 connections: 15 s at 1 command per room per '
           'second (latency), then 10 s at 10 per room per second (throughput), each after 2 s warm-up',
           '', '## Targets (codevhub)', '']
    targets(runs, out)
    out += ['', '## Every figure, with its ratio to each peer', '']
    table(runs, out)
    out += ['', 'A load phase is *invalid* when the generator was the bottleneck (its process '
            'used > 85 % of its core, or > 5 % of commands left > 5 ms after their slot); '
            'invalid rounds are left out of the median and counted in the cell.', '']
    if os.path.exists(notes_path):
        out.append(open(notes_path).read().rstrip())
    print('\n'.join(out))


if __name__ == '__main__':
    main()
