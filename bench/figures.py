#!/usr/bin/env python3
"""Small calculations for bench/run-all.sh (one sub-command per figure; prints plain words for `read`)."""
import datetime
import json
import os
import re
import statistics
import sys

STAMP = re.compile(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) ")


def day_ms(line):
    m = STAMP.match(line)
    return None if not m else ((int(m[1]) * 60 + int(m[2])) * 60 + int(m[3])) * 1000 + int(m[4])


def first(log, pattern, after=None):
    """Local time of day (ms) of the first line with pattern (at or after `after`)."""
    for line in open(log, errors="replace"):
        t = day_ms(line)
        if t is not None and pattern in line and (after is None or (t - after) % 86_400_000 < 43_200_000):
            return t
    sys.exit(f"figures: '{pattern}' not in {log}")


def between(log, a, b):
    ta = first(log, a)
    print((first(log, b, ta) - ta) % 86_400_000)


def since(t0_ns, log, pattern):
    """ms from an instant (epoch ns, taken just before the process started) to a log line (local time)."""
    t0 = datetime.datetime.fromtimestamp(int(t0_ns) / 1e9)
    start = ((t0.hour * 60 + t0.minute) * 60 + t0.second) * 1000 + t0.microsecond / 1000
    print(round((first(log, pattern) - start) % 86_400_000))


def pairs(*ab):
    """'a:b' per pair -> median a, median b, median b/a, min b/a, max b/a (ratios pair by pair)."""
    a = [float(x.split(":")[0]) for x in ab]
    b = [float(x.split(":")[1]) for x in ab]
    r = [y / x for x, y in zip(a, b)]
    print(f"{statistics.median(a):.0f} {statistics.median(b):.0f} {statistics.median(r):.2f} {min(r):.2f} {max(r):.2f}")


def median(*xs):
    print(f"{statistics.median(float(x) for x in xs):.0f}")


def range_(*xs):
    print(f"{min(float(x) for x in xs):.0f}-{max(float(x) for x in xs):.0f}")


def ratio(a, b):
    print(f"{float(a) / float(b):.2f}")


def gc(log):
    """-Xlog:gc lines 'A->B(C)': largest before, largest after (MiB), count."""
    unit = {"K": 1 / 1024, "M": 1, "G": 1024}
    before = after = 0.0
    n = 0
    for line in open(log, errors="replace"):
        for m in re.finditer(r"(\d+)([KMG])->(\d+)([KMG])\(\d+[KMG]\)", line):
            n += 1
            before = max(before, int(m[1]) * unit[m[2]])
            after = max(after, int(m[3]) * unit[m[4]])
    print(f"{before:.0f} {after:.0f} {n}")


def cpu(pid):
    """utime+stime (clock ticks) of every thread of pid, as JSON {tid: [name, ticks]}."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = [name, int(fields[11]) + int(fields[12])]
    print(json.dumps(out))


def busy(before, after):
    """CPU ms used between two cpu() snapshots, and the threads that used it."""
    b, a = json.loads(before), json.loads(after)
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    used = {}
    for tid, (name, ticks) in a.items():
        d = ticks - b.get(tid, [name, 0])[1]
        if d > 0:
            used[name] = used.get(name, 0) + d * tick
    total = sum(used.values())
    top = ", ".join(f"{n} {ms:.0f}" for n, ms in sorted(used.items(), key=lambda x: -x[1])[:4])
    print(f"{total:.0f}" + (f" ({top})" if top else " (no thread ran)"))


def polls(log):
    """'update check took N us (C us CPU)' lines: first (ms), p50 and p90 of the others (ms), their count, and the
    p50 of their CPU time on the polling thread (ms; '?' from a build that does not log it)."""
    found = re.findall(r"update check took (\d+) us(?: \((\d+) us CPU\))?", open(log, errors="replace").read())
    us = [int(m[0]) for m in found]
    rest = sorted(us[1:])
    p = lambda q: rest[min(len(rest) - 1, int(q * len(rest)))] / 1000
    cpu = [int(m[1]) for m in found[1:] if m[1]]
    c = f"{statistics.median(cpu) / 1000:.2f}" if cpu else "?"
    print(f"{us[0] / 1000:.1f} {statistics.median(rest) / 1000:.2f} {p(0.9):.2f} {len(rest)} {c}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"between": between, "since": since, "pairs": pairs, "median": median, "range": range_, "ratio": ratio,
     "gc": gc, "cpu": cpu, "busy": busy, "polls": polls}[cmd](*args)
