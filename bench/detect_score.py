#!/usr/bin/env python3
"""bench/detect_score.py: the scenario table, replay and scoring behind bench/detect (see that script)."""
import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone

# name, fleetsim arguments. Traps: rare symptoms (--rare), slow onset (--slow), concurrent .NET update and
# daily Defender definitions (always), random reboots and restart noise (always), fleet-wide incident
# (--incident), no inventory (--no-inventory), noise levels (--noise).
SCENARIOS = [
    ("csv-50-report-before", "--hosts 50 --seed 11 --bad csv --report before"),
    ("csv-50-report-after", "--hosts 50 --seed 12 --bad csv --report after"),
    ("csv-50-no-report", "--hosts 50 --seed 13 --bad csv --report none"),
    ("csv-50-no-inventory", "--hosts 50 --seed 14 --bad csv --no-inventory"),
    ("hyperv-50", "--hosts 50 --seed 21 --bad hyperv --report after"),
    ("hyperv-120-noisy-no-inv", "--hosts 120 --seed 22 --bad hyperv --noise 1.5 --no-inventory"),
    ("bitlocker-60", "--hosts 60 --seed 31 --bad bitlocker --fraction 0.25 --report before"),
    ("bitlocker-300-few", "--hosts 300 --seed 32 --bad bitlocker --fraction 0.05"),
    ("linux-openssl-50", "--hosts 50 --seed 41 --bad linux --linux-share 0.4 --report after"),
    ("linux-openssl-200-slow", "--hosts 200 --seed 42 --bad linux --linux-share 0.5 --slow"),
    ("csv-300-rare", "--hosts 300 --seed 51 --bad csv --rare"),
    ("hyperv-300-rare-no-inv", "--hosts 300 --seed 52 --bad hyperv --rare --no-inventory"),
    ("csv-100-slow", "--hosts 100 --seed 61 --bad csv --slow --report before"),
    ("csv-150-incident", "--hosts 150 --seed 71 --bad csv --incident"),
    ("benign-50-quiet", "--hosts 50 --seed 81 --bad none --noise 0.5"),
    ("benign-100-noisy", "--hosts 100 --seed 82 --bad none --noise 2.0"),
    ("benign-200-incident", "--hosts 200 --seed 83 --bad none --incident"),
    ("benign-300-incident-no-inv", "--hosts 300 --seed 84 --bad none --incident --no-inventory --noise 1.5"),
    ("benign-linux-100", "--hosts 100 --seed 85 --bad none --linux-share 0.6"),
    ("csv-500", "--hosts 500 --seed 91 --bad csv --fraction 0.2"),
    ("linux-500-noisy", "--hosts 500 --seed 92 --bad linux --linux-share 0.3 --noise 1.5 --fraction 0.3"),
    ("bitlocker-1000-slow", "--hosts 1000 --seed 93 --bad bitlocker --fraction 0.03 --slow --report after"),
]
QUICK = {"csv-50-report-before", "hyperv-50", "linux-openssl-50", "benign-200-incident", "csv-300-rare"}
BIG = ("big-10000x30", "--hosts 10000 --seed 99 --bad csv --fraction 0.3 --noise 1.3 --report before")


def ts(s):
    if not s:
        return None
    return datetime.strptime(s[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp()


def run_scenario(name, args, a, big=False):
    d = os.path.join(a.workdir, name)
    if not (big and os.path.exists(os.path.join(d, "truth.json")) and not a.regen):
        shutil.rmtree(d, ignore_errors=True)
        subprocess.run([a.fleetsim, "--out", d, "--days", "30"] + args.split(), check=True,
                       stderr=subprocess.DEVNULL)
    truth = json.load(open(os.path.join(d, "truth.json")))
    out = os.path.join(a.workdir, name + ".alerts.jsonl")
    incs = os.path.join(a.workdir, name + ".incidents.jsonl")
    cmd = [a.patchwatch, "replay", "--stats", "--out", out, "--incidents", incs] + a.replay_args.split() + [d]
    for f in (out, incs):
        if os.path.exists(f):
            os.remove(f)
    t0 = time.time()
    if big:
        cmd = ["/usr/bin/time", "-v"] + cmd
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.time() - t0
    if p.returncode != 0:
        print(f"{name}: replay failed: {p.stderr.strip()[-400:]}", file=sys.stderr)
        sys.exit(1)
    rss = None
    for line in p.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1]) / 1024.0
    alerts = [json.loads(l) for l in open(out)] if os.path.exists(out) else []
    # incident and notification records (ids inc-... and ntf-...), for the notifications per bad patch
    recs = [json.loads(l) for l in open(incs)] if os.path.exists(incs) else []
    alerts.append({"kind": "_incidents", "records": recs, "@timestamp": None, "patch": None})
    return d, truth, alerts, p.stderr, wall, rss


def score(name, truth, alerts):
    r = {"name": name, "bad": 0, "caught": 0, "false": 0, "benign": len(truth["benign"]), "delay": None,
         "frac": None, "before_last": None, "early": None}
    recs = next((x["records"] for x in alerts if x["kind"] == "_incidents"), [])
    alerts = [x for x in alerts if x["kind"] != "_incidents"]
    ntf = [x for x in recs if str(x.get("id", "")).startswith("ntf-")]
    r["ntf"] = []   # notifications per bad patch
    r["split"] = 0  # bad patches whose failure was told as more than one incident
    reg = [x for x in alerts if x["kind"] in ("regression", "advisory-match")]
    bad_ids = {b["patch"] for b in truth["bad"]}
    r["ntf_benign"] = sum(1 for x in ntf if x.get("patch") and x["patch"] not in bad_ids)
    false_patches = {x["patch"] for x in reg if x["patch"] not in bad_ids}
    r["false"] = len(false_patches)
    r["false_ids"] = sorted(false_patches)
    for b in truth["bad"]:
        r["bad"] += 1
        hits = sorted(ts(x["@timestamp"]) for x in reg if x["patch"] == b["patch"])
        fa = ts(b["first_affected"])
        if hits:
            r["caught"] += 1
            det = hits[0]
            if fa:
                r["delay"] = (det - fa) / 3600.0
            inst = [ts(i) for i in b["installs"]]
            r["frac"] = sum(1 for i in inst if i <= det) / max(1, truth["hosts"])
            if b["affected_before_last_ring"] >= 2:
                r["before_last"] = det < ts(b["last_ring_start"])
        elif b["affected_before_last_ring"] >= 2:
            r["before_last"] = False
        r["ntf"].append(sum(1 for x in ntf if x.get("patch") == b["patch"]))
        opened = {x["incident"] for x in ntf if x.get("patch") == b["patch"] and x["kind"] == "open"}
        if len(opened) > 1:
            r["split"] += 1
        rep = ts(b.get("report"))
        if rep and fa and rep < fa:
            ew = [ts(x["@timestamp"]) for x in alerts if x["kind"] == "early-warning" and x["patch"] == b["patch"]]
            r["early"] = bool(ew) and min(ew) < fa
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--patchwatch", required=True)
    ap.add_argument("--fleetsim", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--big-only", action="store_true")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--regen", action="store_true", help="regenerate the big scenario even if present")
    ap.add_argument("--replay-args", default="", help="extra arguments for patchwatch replay")
    ap.add_argument("--only", default="", help="comma-separated scenario names")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    todo = [] if a.big_only else [s for s in SCENARIOS if (not a.quick or s[0] in QUICK)]
    if a.only:
        todo = [s for s in SCENARIOS if s[0] in a.only.split(",")]
    rows = []
    print(f"{'scenario':28} {'bad':>3} {'caught':>6} {'false':>5} {'delay_h':>8} {'patched':>7} {'<last':>5} {'early':>5} {'ntf':>4}  events/s")
    for name, args in todo:
        d, truth, alerts, stderr, wall, _ = run_scenario(name, args, a)
        r = score(name, truth, alerts)
        eps = ""
        for line in stderr.splitlines():
            m = re.search(r"\(([0-9.]+) events/s", line)
            if line.startswith("replay:") and m:
                eps = m.group(1)
        rows.append(r)
        f = lambda v, fmt: "-" if v is None else format(v, fmt)
        print(f"{name:28} {r['bad']:>3} {r['caught']:>6} {r['false']:>5} {f(r['delay'], '8.1f')} "
              f"{f(r['frac'], '7.2f')} {f(r['before_last'], '>5')} {f(r['early'], '>5')} {f(max(r['ntf']) if r['ntf'] else None, '>4')}  {eps}"
              + (f"  false: {','.join(r['false_ids'])}" if r["false"] else ""))
        sys.stdout.flush()
    if rows:
        bad = sum(r["bad"] for r in rows)
        caught = sum(r["caught"] for r in rows)
        benign = sum(r["benign"] for r in rows)
        false = sum(r["false"] for r in rows)
        bl = [r["before_last"] for r in rows if r["before_last"] is not None]
        ew = [r["early"] for r in rows if r["early"] is not None]
        delays = sorted(r["delay"] for r in rows if r["delay"] is not None)
        fr = sorted(r["frac"] for r in rows if r["frac"] is not None)
        print(f"\nscenarios {len(rows)}: recall {caught}/{bad} = {caught / max(1, bad):.2f}; false alerts per benign "
              f"patch {false}/{benign} = {false / max(1, benign):.3f}; caught before the last ring {sum(bl)}/{len(bl)}; "
              f"early warning before the fleet signal {sum(ew)}/{len(ew)}")
        nt = [n for r in rows for n in r["ntf"]]
        if nt:
            print(f"notifications per bad patch: max {max(nt)}, mean {sum(nt) / len(nt):.1f} over {len(nt)} bad patches; "
                  f"bad patches told as more than one incident: {sum(r['split'] for r in rows)}; "
                  f"notifications about benign patches: {sum(r['ntf_benign'] for r in rows)}")
        if delays:
            print(f"detection delay after the first affected host: median {delays[len(delays) // 2]:.1f} h, "
                  f"max {delays[-1]:.1f} h; fleet patched at detection: median {fr[len(fr) // 2]:.2f}, max {fr[-1]:.2f}")
    if a.big or a.big_only:
        name, args = BIG
        print(f"\n{name}: generating (once; reused from {a.workdir}/{name}) and replaying ...")
        d, truth, alerts, stderr, wall, rss = run_scenario(name, args, a, big=True)
        r = score(name, truth, alerts)
        print(f"{name}: {truth['events']} events, replay {wall:.1f} s wall = {truth['events'] / wall:,.0f} events/s end "
              f"to end, peak RSS {rss:.0f} MB; caught {r['caught']}/{r['bad']}, false {r['false']}, delay "
              f"{r['delay']} h, before last ring {r['before_last']}, early {r['early']}")
        for line in stderr.splitlines():
            if line.startswith("replay:"):
                print("  " + line)


if __name__ == "__main__":
    main()
