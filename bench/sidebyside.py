#!/usr/bin/env python3
"""bench/sidebyside.py: runs patchwatch and the tool a user would pick instead on the same input, interleaved
(A B A B ...), and prints the minimum and median of each, the ratio of minimums and the load average, so a
figure quoted in docs/ is always one this command printed on the day it names.

Interleaving matters on a shared 2-core machine: both tools see the same background load, and the minimum of
several runs is the run least disturbed by it. The ratio of minimums is the figure to quote; the load average
before and after says how much to trust it.

Two kinds of case:
  batch   a command that reads its input and exits (parse a file, mine a log): wall time of the process.
  server  a receiver started in the background, fed by one sender, stopped once its output holds the expected
          number of lines: time from the first byte sent to the last line written.

Used as a library by bench/evtx, bench/syslog and bench/loghub (import sidebyside), or from the shell:
  bench/sidebyside.py --runs 5 --units 1000000 --unit lines \\
      --case patchwatch 'patchwatch parse --as syslog big.log >/dev/null' \\
      --case rsyslog 'sh run-rsyslog.sh'
"""
import argparse
import os
import socket
import statistics
import subprocess
import sys
import time


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def header(title):
    print(f"== {title}")
    print(f"   {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"load average {loadavg()} (before)")


GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run_batch(cmd, env=None):
    """(wall seconds, peak RSS in KiB or 0) of one shell command; raises when it fails. The peak RSS comes from
    GNU time (Debian package `time`) when installed: a child forked from this Python would report Python's own
    size, since the kernel's peak of a process includes what it held before exec. GNU time is a few hundred KiB
    and its cost is in both tools' times alike."""
    import tempfile
    with tempfile.NamedTemporaryFile() as rssf, tempfile.TemporaryFile() as errf:
        argv = ["sh", "-c", cmd]
        if GNU_TIME:
            argv = [GNU_TIME, "-q", "-f", "%M", "-o", rssf.name] + argv
        t0 = time.perf_counter()
        p = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=errf)
        dt = time.perf_counter() - t0
        if p.returncode != 0:
            errf.seek(0)
            raise RuntimeError(f"{cmd!r} exited {p.returncode}: {errf.read().decode(errors='replace')[-400:]}")
        try:
            kib = int(open(rssf.name).read().split()[-1]) if GNU_TIME else 0
        except (ValueError, IndexError):
            kib = 0
    return dt, kib


def count_lines(path):
    try:
        with open(path, "rb") as f:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    except OSError:
        return 0


def wait_port(host, port, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return True
        except OSError:
            time.sleep(0.02)
    return False


def wait_lines(proc, what, out_path, expect_lines, t0, timeout):
    """Polls out_path until it holds expect_lines lines; returns seconds since t0 (perf_counter)."""
    seen, offset, deadline = 0, 0, time.time() + timeout
    while seen < expect_lines:
        if time.time() > deadline:
            raise RuntimeError(f"{what!r}: {seen} of {expect_lines} lines after {timeout:.0f} s")
        if proc.poll() is not None:
            raise RuntimeError(f"{what!r} exited {proc.returncode}")
        try:
            with open(out_path, "rb") as f:
                f.seek(offset)
                data = f.read()
            seen += data.count(b"\n")
            offset += len(data)
        except OSError:
            pass
        if seen < expect_lines:
            time.sleep(0.005)
    return time.perf_counter() - t0


def stop(proc):
    try:
        os.killpg(proc.pid, 15)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()


def run_reader(cmd, out_path, expect_lines, timeout=300.0):
    """A tool that reads a file and never exits by itself (rsyslogd imfile): seconds from its start until
    out_path holds expect_lines lines."""
    if os.path.exists(out_path):
        os.unlink(out_path)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        return wait_lines(proc, cmd, out_path, expect_lines, t0, timeout)
    finally:
        stop(proc)


def run_server(start_cmd, host, port, payload, out_path, expect_lines, timeout=300.0, env=None):
    """Starts a receiver, sends payload over one TCP connection, waits until out_path has expect_lines lines.
    Returns seconds from the first byte sent to the last line seen."""
    if os.path.exists(out_path):
        os.unlink(out_path)
    proc = subprocess.Popen(start_cmd, shell=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        if not wait_port(host, port):
            raise RuntimeError(f"{start_cmd!r}: nothing listening on {host}:{port}")
        time.sleep(0.2)  # the probe connection above must not count as traffic
        t0 = time.perf_counter()
        with socket.create_connection((host, port)) as s:
            s.sendall(payload)
        return wait_lines(proc, start_cmd, out_path, expect_lines, t0, timeout)
    finally:
        stop(proc)

def compare(cases, runs, units=None, unit="", per=""):
    """cases: [(name, fn)] where fn() returns seconds; the first case is patchwatch. Prints the table and the
    ratio of each other case's minimum to patchwatch's; returns {name: [seconds...]}."""
    times = {name: [] for name, _ in cases}
    rss = {name: 0 for name, _ in cases}
    for _ in range(runs):
        for name, fn in cases:
            r = fn()
            if isinstance(r, tuple):  # (seconds, peak RSS KiB)
                r, kib = r
                rss[name] = max(rss[name], kib)
            times[name].append(r)
    base = min(times[cases[0][0]])
    width = max(len(n) for n, _ in cases)
    for name, _ in cases:
        t = times[name]
        line = f"   {name:<{width}}  min {min(t):8.4f} s  median {statistics.median(t):8.4f} s"
        if units:
            line += f"  {units / min(t):>12,.0f} {unit}/s{per}"
        if rss[name]:
            line += f"  peak RSS {rss[name] / 1024:7.1f} MiB"
        if name != cases[0][0]:
            line += f"  -> patchwatch {min(t) / base:.2f}x faster" if min(t) >= base else \
                    f"  -> patchwatch {base / min(t):.2f}x slower"
        print(line)
    print(f"   ({runs} interleaved runs each; ratio of minimums; load average {loadavg()} after)")
    return times


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--units", type=float, help="work per run (lines, bytes, files) for a rate")
    ap.add_argument("--unit", default="")
    ap.add_argument("--title", default="side by side")
    ap.add_argument("--case", nargs=2, action="append", metavar=("NAME", "SHELL_COMMAND"), required=True,
                    help="the first case is patchwatch")
    a = ap.parse_args()
    header(a.title)
    compare([(n, (lambda c=c: run_batch(c))) for n, c in a.case], a.runs, a.units, a.unit)


if __name__ == "__main__":
    sys.exit(main())
