#!/usr/bin/env python3
"""drain3_tsv.py [--drain3 DIR] [--bench-loghub PATH] FILE.tsv...: grouping accuracy of Drain3 beside patchwatch's
miner on hand-labelled files of this directory (EventId<TAB>Content), the same score bench_loghub prints (a line is
right when its group holds exactly the lines of its label).

Drain3 runs twice: its default configuration, and the settings the Loghub benchmark tuned for Android (depth 6,
similarity 0.2, masks for paths, dotted names of three parts or more, numbers and hex words of 4+ digits: the
configuration behind Drain's published 0.911 on Loghub Android). Drain3 is a checkout of github.com/logpai/Drain3
(--drain3, DRAIN3_DIR, or /work/.mirror/logpai+Drain3/repo; a git directory is exported), run from there, never
copied; it needs python3-cachetools and python3-jsonpickle (Debian's, so run it with /usr/bin/python3 where another
python3 comes first in PATH). patchwatch's figure is bench_loghub's own (--dump).
Scoring a *_heldout file here is scoring, like bench_loghub: print it, do not study its lines."""
import argparse
import collections
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from loghub_compare import drain3_tree  # noqa: E402

ANDROID = dict(depth=6, sim=0.2, masks=[r"(/[\w-]+)+", r"([\w-]+\.){2,}[\w-]+",
                                        r"\b(\-?\+?\d+)\b|\b0[Xx][a-fA-F\d]+\b|\b[a-fA-F\d]{4,}\b"])


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                eid, content = line.split("\t", 1)
                rows.append((eid, content))
    return rows


def accuracy(truth, pred):
    want, got = collections.defaultdict(set), collections.defaultdict(set)
    for i, (t, p) in enumerate(zip(truth, pred)):
        want[t].add(i)
        got[p].add(i)
    ok = 0
    for members in got.values():
        labels = {truth[i] for i in members}
        if len(labels) == 1 and want[next(iter(labels))] == members:
            ok += len(members)
    return ok / len(truth) if truth else 1.0


def drain3(rows, settings):
    try:
        from drain3 import TemplateMiner
    except ImportError as e:
        sys.exit("drain3_tsv: %s (apt-get install python3-cachetools python3-jsonpickle; run with /usr/bin/python3)" % e)
    from drain3.masking import MaskingInstruction
    from drain3.template_miner_config import TemplateMinerConfig
    cfg = TemplateMinerConfig()
    cfg.profiling_enabled = False
    if settings:
        cfg.drain_depth = settings["depth"]
        cfg.drain_sim_th = settings["sim"]
        cfg.masking_instructions = [MaskingInstruction(p, "*") for p in settings["masks"]]
    m = TemplateMiner(config=cfg)
    for _, text in rows:
        m.add_log_message(text)
    out = []
    for _, text in rows:  # the final clusters, as bench_loghub scores the final templates
        c = m.match(text)
        out.append(c.cluster_id if c else -1)
    return out


def patchwatch(bench, path):
    d = os.path.dirname(os.path.abspath(path))
    out = subprocess.run([bench, "--tuning", d, "--repeat-lines", "0", "--random", "0", "--dump",
                          os.path.basename(path), os.path.join(ROOT, "..", "shared", "data", "loghub")],
                         capture_output=True, text=True).stdout
    return [ln.split("\t")[2] for ln in out.splitlines() if ln.startswith("DUMP")]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+")
    ap.add_argument("--drain3")
    ap.add_argument("--bench-loghub", default=os.path.join(ROOT, "build", "bench", "bench_loghub"))
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="pw-drain3-tsv-") as work:
        tree = drain3_tree(a.drain3, work)
        if not tree:
            sys.exit("drain3_tsv: no Drain3 checkout (--drain3 DIR or DRAIN3_DIR)")
        sys.path.insert(0, tree)
        print("%-24s %6s %10s %14s %14s" % ("file", "lines", "patchwatch", "Drain3 default", "Drain3 Android"))
        for path in a.files:
            rows = load(path)
            truth = [e for e, _ in rows]
            pw = patchwatch(a.bench_loghub, path) if path.endswith("_tune.tsv") else None
            if pw is not None and len(pw) != len(rows):
                sys.exit("drain3_tsv: %s: bench_loghub dumped %d lines, the file has %d" % (path, len(pw), len(rows)))
            # bench_loghub --dump prints only *_tune files; a held-out file's patchwatch figure is in its summary
            print("%-24s %6d %10s %14.3f %14.3f" % (os.path.basename(path), len(rows),
                                                   "%.3f" % accuracy(truth, pw) if pw else "(summary)",
                                                   accuracy(truth, drain3(rows, None)),
                                                   accuracy(truth, drain3(rows, ANDROID))))


if __name__ == "__main__":
    main()
