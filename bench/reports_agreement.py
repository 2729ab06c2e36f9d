#!/usr/bin/env python3
"""Two labellers on the tuning posts (issue 13, session 14): how far the corpus labels can be trusted, and the rules
against both.

tests/fixtures/reports/second_labels.jsonl holds a second labelling of 224 tuning posts (those whose sha1(id) first
byte is below 110), made by a helper session from title and excerpt with the README's rules, blind to the corpus
labels and to the extractor; third_labels.jsonl (session 22) a third, by another helper the same way, of 200 tune
posts drawn at random (seed 22). This prints, for the regression-report class, each labeller against the corpus
labels, the rules (bench_reports --features) against each, and the two labellers against each other where they
overlap.

usage: bench/reports_agreement.py [--bench-reports build/bench/bench_reports]
"""
import argparse, json, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--bench-reports", default="build/bench/bench_reports")
args = ap.parse_args()
if not os.access(args.bench_reports, os.X_OK):
    sys.exit(f"{args.bench_reports}: not found or not executable (build first, or pass --bench-reports)")
out = subprocess.run([args.bench_reports, "--features"], capture_output=True, text=True, check=True).stdout
corpus, rules = {}, {}
for line in out.splitlines():
    d = json.loads(line)
    corpus[d["id"]], rules[d["id"]] = d["label"], d["rules"]


def read_labels(name):
    lab, sure = {}, {}
    with open(os.path.join(here, "..", "tests", "fixtures", "reports", name), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            lab[d["id"]], sure[d["id"]] = d["class"], d["sure"]
    return lab, sure


REG = "regression-report"


def score(ref, got, ids):
    tp = sum(ref[i] == REG and got[i] == REG for i in ids)
    fp = sum(ref[i] != REG and got[i] == REG for i in ids)
    fn = sum(ref[i] == REG and got[i] != REG for i in ids)
    agree = sum(ref[i] == got[i] for i in ids) / len(ids)
    po = sum((ref[i] == REG) == (got[i] == REG) for i in ids) / len(ids)
    pa, pb = sum(ref[i] == REG for i in ids) / len(ids), sum(got[i] == REG for i in ids) / len(ids)
    pe = pa * pb + (1 - pa) * (1 - pb)
    return (f"precision {tp / (tp + fp):.3f} recall {tp / (tp + fn):.3f} (tp {tp}, fp {fp}, fn {fn}); "
            f"three-class agreement {agree:.3f}; kappa {(po - pe) / (1 - pe):.3f}")


labels = {name: read_labels(f"{name}_labels.jsonl") for name in ("second", "third")}
for name, (lab, sure) in labels.items():
    ids = [i for i in lab if i in corpus]
    print(f"{len(ids)} tuning posts labelled again ({name}_labels.jsonl)")
    print(f"  {name} labeller against the corpus labels:", score(corpus, lab, ids))
    print(f"  rules against the corpus labels:          ", score(corpus, rules, ids))
    print(f"  rules against the {name} labeller:        ", score(lab, rules, ids))
    s = [i for i in ids if sure[i]]
    print(f"  the {len(s)} the {name} labeller was sure of: {name} against corpus:", score(corpus, lab, s))
second, third = labels["second"][0], labels["third"][0]
both = [i for i in third if i in second and i in corpus]
print(f"{len(both)} posts labelled by both helpers: third against second:", score(second, third, both))
