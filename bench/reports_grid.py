#!/usr/bin/env python3
"""reports_grid: score a collection of labelled posts kept outside the repository (issue 13).

A grid is a JSONL file of posts cut like tests/fixtures/reports/corpus.jsonl (url, title, excerpt, lang, labels) but
without ids or splits: a fresh collection made to be scored, not tuned on. Its halves are fixed by the URL before
anything is scored: "studied" when the first 8 hex digits of sha1(url) are even, else "scoreonly" (only ever scored).
The script writes the chosen half as a corpus file (every line in bench_reports' first-collection halves, by the
URL-hash parity bench_reports checks) and prints `bench_reports --half all` for it.

    bench/reports_grid.py GRID [studied|scoreonly|all] [--bin build/bench/bench_reports] [--rules DIR] [--errors] [--no-model]
"""
import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile

M64 = (1 << 64) - 1


def pw_hash64(s):
    """core/pw_hash.c: FNV-1a 64 with the fmix64 finaliser."""
    h = 0xCBF29CE484222325
    for b in s.encode():
        h = ((h ^ b) * 0x100000001B3) & M64
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & M64
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & M64
    return h ^ (h >> 33)


def half_of(url):
    return "studied" if int(hashlib.sha1(url.encode()).hexdigest()[:8], 16) % 2 == 0 else "scoreonly"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("grid")
    ap.add_argument("half", nargs="?", default="all", choices=["studied", "scoreonly", "all"])
    ap.add_argument("--bin", default="build/bench/bench_reports")
    ap.add_argument("--rules")
    ap.add_argument("--errors", action="store_true", help="list the mistakes (bench_reports --errors)")
    ap.add_argument("--no-model", action="store_true", help="the written rules alone (bench_reports --no-model)")
    a = ap.parse_args()
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        with open(a.grid, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if not line.strip():
                    continue
                p = json.loads(line)
                if a.half != "all" and half_of(p["url"]) != a.half:
                    continue
                p["id"] = "x%d" % n  # no r-number: bench_reports splits it by URL-hash parity
                p["split"] = "held-out" if pw_hash64(p["url"]) & 1 else "tune"
                for k in ("kb", "kb_affected", "kb_fix", "event_ids", "packages"):
                    p["labels"].setdefault(k, [])
                out.write(json.dumps(p, ensure_ascii=False) + "\n")
    cmd = [a.bin, "--corpus", out.name] + (["--rules", a.rules] if a.rules else [])
    cmd += ["--errors"] if a.errors else ["--half", "all"]
    cmd += ["--no-model"] if a.no_model else []
    try:
        return subprocess.run(cmd).returncode
    finally:
        os.unlink(out.name)


if __name__ == "__main__":
    sys.exit(main())
