#!/usr/bin/env python3
"""bench/loghub_compare.py PATCHWATCH LOG [--lines N] [--runs R] [--drain3 DIR]: signature mining throughput and
peak memory, patchwatch beside Drain3 (the miner most log pipelines use), on the same N lines (LOG repeated,
default 1,000,000), interleaved, ratio of minimums.

  patchwatch signatures --assign < lines          (one SIGNATURE_ID<TAB>TEMPLATE per line, to /dev/null)
  Drain3 TemplateMiner().add_log_message(line)    (default configuration, per line, in CPython)

Drain3 is not packaged by Debian and PyPI may be out of reach: give --drain3 a checkout of
github.com/logpai/Drain3 (or DRAIN3_DIR; a git directory is exported to a temporary work tree). It needs
python3-cachetools and python3-jsonpickle. Its code is run from there, never copied into patchwatch."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sidebyside as sbs  # noqa: E402

DRAIN_DRIVER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from drain3 import TemplateMiner
m = TemplateMiner()
n = 0
with open(sys.argv[2], encoding="utf-8", errors="replace") as f:
    for line in f:
        m.add_log_message(line.rstrip("\n"))
        n += 1
print(n, len(m.drain.clusters), file=sys.stderr)
"""


def drain3_tree(given, work):
    """A directory holding the drain3 package, from a work tree or a (bare) git directory; None if absent."""
    for d in [given, os.environ.get("DRAIN3_DIR"), "/work/.mirror/logpai+Drain3/repo"]:
        if not d or not os.path.isdir(d):
            continue
        if os.path.isdir(os.path.join(d, "drain3")):
            return d
        out = os.path.join(work, "drain3-src")
        os.makedirs(out, exist_ok=True)
        try:
            arch = subprocess.run(["git", "--git-dir", d, "archive", "HEAD", "drain3"], check=True,
                                  capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", out], input=arch, check=True)
            return out
        except (subprocess.CalledProcessError, FileNotFoundError):
            continue
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("patchwatch")
    ap.add_argument("log")
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--drain3")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="pw-bench-loghub-")
    try:
        with open(a.log, "rb") as f:
            src = [ln for ln in f.read().split(b"\n") if ln]
        big = os.path.join(work, "in.log")
        with open(big, "wb") as f:
            f.write(b"\n".join(src[i % len(src)] for i in range(a.lines)) + b"\n")
        cases = [("patchwatch", lambda: sbs.run_batch(f"'{a.patchwatch}' signatures --assign < '{big}'"))]
        tree = drain3_tree(a.drain3, work)
        py = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
        if tree:
            drv = os.path.join(work, "drain_driver.py")
            with open(drv, "w") as f:
                f.write(DRAIN_DRIVER)
            cases.append(("Drain3", lambda: sbs.run_batch(f"'{py}' '{drv}' '{tree}' '{big}'")))
        sbs.header(f"signature mining, {a.lines:,} lines of {os.path.basename(a.log)}")
        if not tree:
            print("   note: no Drain3 checkout (--drain3 DIR or DRAIN3_DIR): patchwatch alone, no ratio")
        sbs.compare(cases, a.runs, a.lines, "lines")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
