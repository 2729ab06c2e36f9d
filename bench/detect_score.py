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
# Adversarial additions to the tuning set (seeds 101-112): concurrent rollouts of a benign update on the bad
# one's hosts (a day before, or in the same session), a storage incident that makes unpatched cluster nodes
# log the CSV signature too, partial inventories, noisy hosts, reboot noise, slow rare symptoms.
SCENARIOS += [
    ("csv-100-conc-before", "--hosts 100 --seed 101 --bad csv --concurrent before"),
    ("csv-150-conc-with", "--hosts 150 --seed 102 --bad csv --concurrent with --report after"),
    ("hyperv-120-conc-before-noisy", "--hosts 120 --seed 103 --bad hyperv --concurrent before --noisy-hosts 0.1"),
    ("linux-100-conc-with", "--hosts 100 --seed 104 --bad linux --linux-share 0.5 --concurrent with"),
    ("csv-200-storage", "--hosts 200 --seed 105 --bad csv --storage-incident --inventory-share 0.6"),
    ("bitlocker-150-conc-reboots", "--hosts 150 --seed 106 --bad bitlocker --fraction 0.2 --concurrent before --reboot-noise 3"),
    ("csv-300-rare-slow-conc", "--hosts 300 --seed 107 --bad csv --rare --slow --concurrent before"),
    ("benign-150-conc-storage", "--hosts 150 --seed 108 --bad none --concurrent before --storage-incident"),
    ("benign-200-noisy-hosts", "--hosts 200 --seed 109 --bad none --noisy-hosts 0.15 --reboot-noise 3 --inventory-share 0.5"),
    ("benign-120-conc-with-incident", "--hosts 120 --seed 110 --bad none --concurrent with --incident"),
]


def varied_scenarios(n, master, seed0, prefix):
    """Scenarios drawn with the concurrent-rollout variety (bench_fleetsim.c): a benign update the day before,
    in the same session, the day after, or a mix per host; on the same hosts, a subset (--conc-share) or a
    superset (--bad-share: the bad one reaches only part of the fleet); on the bad one's rings or its own
    (--conc-own-rings); fleet-wide and storage incidents on a ring's day; partial inventories; noisy hosts;
    reports in varied wording, sometimes days before any install (--report early)."""
    import random
    rng = random.Random(master)
    out = []
    for i in range(n):
        bad = rng.choice(["csv", "hyperv", "bitlocker", "linux", "csv", "hyperv", "none"])
        hosts = rng.choice([60, 100, 150, 250, 400])
        a = [f"--hosts {hosts}", f"--seed {seed0 + i}", f"--bad {bad}"]
        if bad == "linux" or rng.random() < 0.2:
            a.append(f"--linux-share {rng.choice([0.3, 0.5])}")
        if bad != "none":
            a.append(f"--fraction {rng.choice([0.1, 0.2, 0.35, 0.5])}")
            a.append(f"--report {rng.choice(['before', 'early', 'after', 'none'])}")
            if rng.random() < 0.25:
                a.append("--slow")
            if rng.random() < 0.15:
                a.append("--rare")
        a.append(f"--concurrent {rng.choice(['before', 'with', 'after', 'mixed', 'before'])}")
        if rng.random() < 0.3:
            a.append(f"--conc-share {rng.choice([0.5, 0.8])}")
        elif rng.random() < 0.3:
            a.append(f"--bad-share {rng.choice([0.5, 0.7])}")
        if rng.random() < 0.4:
            a.append("--conc-own-rings")
        if rng.random() < 0.35:
            a.append(f"--incident --incident-ring {rng.choice([0, 1, 2])}")
        if rng.random() < 0.35:
            a.append(f"--storage-incident --storage-ring {rng.choice([0, 1, 2])}")
        r = rng.random()
        if r < 0.2:
            a.append("--no-inventory")
        elif r < 0.5:
            a.append(f"--inventory-share {rng.choice([0.4, 0.7])}")
        if rng.random() < 0.4:
            a.append(f"--noisy-hosts {rng.choice([0.05, 0.15])}")
        if rng.random() < 0.4:
            a.append(f"--reboot-noise {rng.choice([2, 4])}")
        a.append(f"--noise {rng.choice([0.7, 1.0, 1.5])}")
        out.append((f"{prefix}-{i + 1:02d}-{bad}-{hosts}", " ".join(a)))
    return out


# Concurrent-rollout variety in the tuning set (seeds 201-224): what the fresh set's false alerts were made
# of (a benign update installed beside the bad one, a storage incident on a ring's day), drawn at random.
SCENARIOS += varied_scenarios(24, 0x7E57C0DE, 201, "tv")


def fresh_scenarios(n=16, master=0x5EED2026, first_seed=7001, prefix="fresh"):
    """The fresh set: scenarios drawn at random (bad kind, fleet size, traps) with seeds 7001.. that are only
    ever scored, never looked at while tuning. The draw is itself seeded so the set is the same every run."""
    import random
    rng = random.Random(master)
    out = []
    for i in range(n):
        bad = rng.choice(["csv", "hyperv", "bitlocker", "linux", "csv", "hyperv", "none"])
        hosts = rng.choice([60, 100, 150, 250, 400])
        a = [f"--hosts {hosts}", f"--seed {first_seed + i}", f"--bad {bad}"]
        if bad == "linux" or rng.random() < 0.2:
            a.append(f"--linux-share {rng.choice([0.3, 0.5])}")
        if bad != "none":
            a.append(f"--fraction {rng.choice([0.1, 0.2, 0.35, 0.5])}")
            a.append(f"--report {rng.choice(['before', 'after', 'none', 'none'])}")
            if rng.random() < 0.25:
                a.append("--slow")
            if rng.random() < 0.15:
                a.append("--rare")
        a.append(f"--concurrent {rng.choice(['before', 'with', 'none', 'before'])}")
        if rng.random() < 0.3:
            a.append("--incident")
        if rng.random() < 0.3:
            a.append("--storage-incident")
        r = rng.random()
        if r < 0.2:
            a.append("--no-inventory")
        elif r < 0.5:
            a.append(f"--inventory-share {rng.choice([0.4, 0.7])}")
        if rng.random() < 0.4:
            a.append(f"--noisy-hosts {rng.choice([0.05, 0.15])}")
        if rng.random() < 0.4:
            a.append(f"--reboot-noise {rng.choice([2, 4])}")
        a.append(f"--noise {rng.choice([0.7, 1.0, 1.5])}")
        out.append((f"{prefix}-{i + 1:02d}-{bad}-{hosts}", " ".join(a)))
    return out


def fresh2_scenarios():
    """The second fresh set: the same variety as the tuning set's tv-* scenarios, seeds 8001-8016, drawn
    with its own master seed; only ever scored."""
    return varied_scenarios(16, 0xF2E5D2026, 8001, "fresh2")


def fresh3_scenarios():
    """The third fresh set, defined in session 7 before any code of that session was written (seeds 10001-10016,
    new master seeds): eight drawn with the first fresh set's variety, eight with the tuning set's tv-* variety.
    Only ever scored, once, at the end of a session; deliberately not selectable with --only."""
    return (fresh_scenarios(8, 0xF3E5D2026, 10001, "fresh3a") +
            varied_scenarios(8, 0xF3E5D2027, 10009, "fresh3b"))


def study_scenarios():
    """A third draw of the same variety (seeds 9001-9016) to study when a fresh2 figure is wrong, so that fresh2
    itself stays unread: read these, fix what they show, then score fresh2."""
    return varied_scenarios(16, 0x57D2026, 9001, "study")


def study2_scenarios():
    """A second study draw (seeds 11001-11016, both varieties, like fresh3), defined in session 8 to read when a
    fresh3 figure is wrong, so that fresh3 itself stays unread."""
    return (fresh_scenarios(8, 0x57D2028, 11001, "study2a") +
            varied_scenarios(8, 0x57D2029, 11009, "study2b"))


def fresh4_scenarios():
    """The fourth fresh set, defined in session 8 before any code of that session was written (seeds 12001-12016,
    new master seeds, both varieties). Only ever scored, at the start and the end of a session; deliberately not
    selectable with --only."""
    return (fresh_scenarios(8, 0xF4E5D2026, 12001, "fresh4a") +
            varied_scenarios(8, 0xF4E5D2027, 12009, "fresh4b"))


def study3_scenarios():
    """A third study draw (seeds 13001-13016, both varieties), defined in session 9 before any code of that session
    was written, to read when a fresh3/fresh4/fresh5 figure is wrong, so that those stay unread."""
    return (fresh_scenarios(8, 0x57D2030, 13001, "study3a") +
            varied_scenarios(8, 0x57D2031, 13009, "study3b"))


def study4_scenarios():
    """A fourth study draw (seeds 15001-15016, both varieties), defined in session 10 before any code of that session
    was written, to read when a fresh3/fresh4/fresh5 figure is wrong, so that those stay unread."""
    return (fresh_scenarios(8, 0x57D2040, 15001, "study4a") +
            varied_scenarios(8, 0x57D2041, 15009, "study4b"))


def study5_scenarios():
    """Two more study draws (seeds 16001-16016 and 17001-17016, both varieties), defined in session 10 after study4
    was read and before they were first run, to read: more cases of the kinds the fresh sets still get wrong."""
    return (fresh_scenarios(8, 0x57D2050, 16001, "study5a") +
            varied_scenarios(8, 0x57D2051, 16009, "study5b") +
            fresh_scenarios(8, 0x57D2060, 17001, "study6a") +
            varied_scenarios(8, 0x57D2061, 17009, "study6b"))


def study6_scenarios():
    """A larger study draw (seeds 18001-18064, both varieties), defined in session 10 after study5 showed no false
    alert, to read: the kinds of mistakes the blind sets still hold are rarer than one in thirty scenarios."""
    out = []
    for j in range(4):
        out += fresh_scenarios(8, 0x57D2070 + 2 * j, 18001 + 16 * j, f"study7{chr(97 + 2 * j)}")
        out += varied_scenarios(8, 0x57D2071 + 2 * j, 18009 + 16 * j, f"study7{chr(98 + 2 * j)}")
    return out


def study7_scenarios():
    """The largest study draw (seeds 20001-20128, both varieties), defined in session 11 before any code of that
    session was written and before its first run, to read: the blind sets still hold one mistake in about forty
    scenarios and study6 (64) showed none."""
    out = []
    for j in range(8):
        out += fresh_scenarios(8, 0x57D2090 + 2 * j, 20001 + 16 * j, f"st7{chr(97 + 2 * j)}")
        out += varied_scenarios(8, 0x57D2091 + 2 * j, 20009 + 16 * j, f"st7{chr(98 + 2 * j)}")
    return out


def fresh5_scenarios():
    """The fifth fresh set, defined in session 9 before any code of that session was written (seeds 14001-14016,
    new master seeds, both varieties). Only ever scored, at the start and the end of a session; deliberately not
    selectable with --only."""
    return (fresh_scenarios(8, 0xF5E5D2026, 14001, "fresh5a") +
            varied_scenarios(8, 0xF5E5D2027, 14009, "fresh5b"))


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
    if not big and not a.keep:
        # a tuning run generates ~12 GB of JSON lines; only the alerts and incidents are scored
        shutil.rmtree(d, ignore_errors=True)
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
    """false: benign patches with a regression alert still standing at the end (not withdrawn); raised: benign
    patches that were ever alerted (withdrawn later or not) -- both are printed."""
    r = {"name": name, "bad": 0, "caught": 0, "false": 0, "benign": len(truth["benign"]), "delay": None,
         "frac": None, "before_last": None, "early": None}
    # early warnings that name an update the truth does not call bad (the fix KB a report mentions, a benign
    # update beside it): never acceptable
    bad_ids0 = {b["patch"] for b in truth["bad"]}
    r["ew_wrong"] = sorted({x["patch"] for x in alerts if x["kind"] == "early-warning" and x["patch"] not in bad_ids0})
    recs = next((x["records"] for x in alerts if x["kind"] == "_incidents"), [])
    alerts = [x for x in alerts if x["kind"] != "_incidents"]
    ntf = [x for x in recs if str(x.get("id", "")).startswith("ntf-")]
    r["ntf"] = []   # notifications per bad patch
    r["split"] = 0  # bad patches whose failure was told as more than one incident
    reg = [x for x in alerts if x["kind"] in ("regression", "advisory-match")]
    bad_ids = {b["patch"] for b in truth["bad"]}
    last = {}
    for x in reg:
        last[x["id"]] = x
    standing = {x["patch"] for x in last.values() if x["patch"] not in bad_ids and x.get("status") != "withdrawn"}
    raised = {x["patch"] for x in reg if x["patch"] not in bad_ids and x.get("status") != "withdrawn"}
    r["false"] = len(standing)
    r["false_ids"] = sorted(standing)
    r["raised"] = len(raised)
    r["conc"] = truth.get("concurrent", "none") != "none"
    reg = [x for x in reg if x.get("status") != "withdrawn"]
    r["ntf_benign"] = sum(1 for x in ntf if x.get("patch") and x["patch"] not in bad_ids)
    for b in truth["bad"]:
        if not b.get("affected_hosts") or not b.get("first_affected"):
            continue  # no host it reached broke (a rare symptom on hosts it skipped): nothing to catch
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
    ap.add_argument("--keep", action="store_true", help="keep each generated scenario under the workdir "
                    "(default: deleted once replayed; alerts and incidents files stay)")
    ap.add_argument("--regen", action="store_true", help="regenerate the big scenario even if present")
    ap.add_argument("--replay-args", default="", help="extra arguments for patchwatch replay")
    ap.add_argument("--only", default="", help="comma-separated scenario names")
    ap.add_argument("--set", default="both", choices=["tune", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "study", "study2",
                                                 "study3", "study4", "study5", "study6", "study7", "both",
                                                 "all"],
                    help="tune: the tuning scenarios; fresh: the fresh seeds (only ever scored); both (default): "
                         "those two; fresh2: the second fresh set (concurrent-rollout variety); all: the three; study: a "
                         "third draw of fresh2's variety (seeds 9001-9016) to read instead of fresh2; fresh3: the "
                         "third fresh set (seeds 10001-10016, both varieties), only ever scored; study2: a draw of fresh3's "
                         "varieties (seeds 11001-11016) to read instead of fresh3; fresh4: the fourth fresh set (seeds "
                         "12001-12016), only ever scored; study3: a draw of both varieties (seeds 13001-13016) to read; "
                         "fresh5: the fifth fresh set (seeds 14001-14016), only ever scored; study4: a draw of both varieties "
                         "(seeds 15001-15016) to read; study5: two more (seeds 16001-16016, 17001-17016) to read; study6: 64 more (seeds 18001-18064) to read; "
                         "study7: 128 more (seeds 20001-20128) to read")
    ap.add_argument("--scale", action="store_true", help="evaluation cost per event at 100, 1,000, 10,000 hosts: "
                    "CPU time of the evaluating thread (replay --stats), median of 7/5/3 replays")
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    if a.scale:
        return scale(a)
    fresh = fresh_scenarios()
    fresh2 = fresh2_scenarios()
    sets = []
    if not a.big_only:
        if a.only:
            sets.append(("selected", [s for s in SCENARIOS + fresh + fresh2 + study_scenarios() + study2_scenarios()
                                         + study3_scenarios() + study4_scenarios() + study5_scenarios()
                                         + study6_scenarios() + study7_scenarios()
                                         if s[0] in a.only.split(",")]))
        else:
            if a.set in ("tune", "both", "all"):
                sets.append(("tuning", [s for s in SCENARIOS if (not a.quick or s[0] in QUICK)]))
            if a.set in ("fresh", "both", "all") and not a.quick:
                sets.append(("fresh", fresh))
            if a.set in ("fresh2", "all") and not a.quick:
                sets.append(("fresh2", fresh2))
            if a.set == "fresh3":
                sets.append(("fresh3", fresh3_scenarios()))
            if a.set == "fresh4":
                sets.append(("fresh4", fresh4_scenarios()))
            if a.set == "fresh5":
                sets.append(("fresh5", fresh5_scenarios()))
            if a.set == "study3":
                sets.append(("study3", study3_scenarios()))
            if a.set == "study4":
                sets.append(("study4", study4_scenarios()))
            if a.set == "study5":
                sets.append(("study5", study5_scenarios()))
            if a.set == "study6":
                sets.append(("study6", study6_scenarios()))
            if a.set == "study7":
                sets.append(("study7", study7_scenarios()))
            if a.set == "study":
                sets.append(("study", study_scenarios()))
            if a.set == "study2":
                sets.append(("study2", study2_scenarios()))
    for label, todo in sets:
        run_set(label, todo, a)
    big(a)


def run_set(label, todo, a):
    rows = []
    print(f"\n== {label} set ({len(todo)} scenarios) ==")
    print(f"{'scenario':28} {'bad':>3} {'caught':>6} {'false':>5} {'delay_h':>8} {'patched':>7} {'<last':>5} {'early':>5} {'raised':>6} {'ntf':>4}  events/s")
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
              f"{f(r['frac'], '7.2f')} {f(r['before_last'], '>5')} {f(r['early'], '>5')} {r['raised']:>6} "
              f"{f(max(r['ntf']) if r['ntf'] else None, '>4')}  {eps}"
              + (f"  false: {','.join(r['false_ids'])}" if r["false"] else "")
              + (f"  early warning names: {','.join(r['ew_wrong'])}" if r["ew_wrong"] else ""))
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
        conc = [r for r in rows if r["conc"]]
        print(f"\n{label}: scenarios {len(rows)}: recall {caught}/{bad} = {caught / max(1, bad):.2f}; false alerts per benign "
              f"patch {false}/{benign} = {false / max(1, benign):.3f}; caught before the last ring {sum(bl)}/{len(bl)}; "
              f"early warning before the fleet signal {sum(ew)}/{len(ew)}")
        print(f"{label}: early warnings naming an update that is not bad (a fix, a benign one): "
              f"{sum(len(r['ew_wrong']) for r in rows)}")
        print(f"{label}: false alerts standing at the end in scenarios with a concurrent rollout "
              f"{sum(r['false'] for r in conc)} (in {len(conc)} scenarios); benign patches ever alerted "
              f"{sum(r['raised'] for r in rows)} (withdrawn or not)")
        nt = [n for r in rows for n in r["ntf"]]
        if nt:
            print(f"{label}: notifications per bad patch: max {max(nt)}, mean {sum(nt) / len(nt):.1f} over {len(nt)} "
                  f"bad patches; bad patches told as more than one incident: {sum(r['split'] for r in rows)}; "
                  f"notifications about benign patches: {sum(r['ntf_benign'] for r in rows)}")
        if delays:
            print(f"{label}: detection delay after the first affected host: median {delays[len(delays) // 2]:.1f} h, "
                  f"max {delays[-1]:.1f} h; fleet patched at detection: median {fr[len(fr) // 2]:.2f}, max {fr[-1]:.2f}")


def scale(a):
    """Evaluation cost per event at 100, 1,000 and 10,000 hosts (30 days each, the same per-host density: a
    bad CSV update on 30 %, a concurrent benign one a day before, noise 0.5). What is measured: the replay's
    own evaluation (advancing event time over the whole month once every event is in, replay --stats
    'evaluating ... s cpu'), as CPU time of the thread that evaluates, so reading and parsing JSON do not dilute
    it and a busy machine's waiting does not inflate it; the median of several replays (7, 5 and 3), because a
    shared machine still moves CPU time by tens of percent (caches, frequency). Wall time (median) and the
    spread of the CPU figures are printed beside it, and the load average before and after."""
    runs = {100: 7, 1000: 5, 10000: 3}
    load0 = os.getloadavg()[0]
    print(f"{'hosts':>6} {'events':>11} {'runs':>4} {'cpu_s':>8} {'min-max cpu_s':>15} {'wall_s':>8} {'us/event':>9}")
    res = []
    for hosts in (100, 1000, 10000):
        name = f"scale-{hosts}"
        d = os.path.join(a.workdir, name)
        if not os.path.exists(os.path.join(d, "truth.json")) or a.regen:
            shutil.rmtree(d, ignore_errors=True)
            subprocess.run([a.fleetsim, "--out", d, "--days", "30", "--hosts", str(hosts), "--seed", "4242",
                            "--bad", "csv", "--fraction", "0.3", "--concurrent", "before", "--noise", "0.5"],
                           check=True, stderr=subprocess.DEVNULL)
        out = os.path.join(a.workdir, name + ".alerts.jsonl")
        ev, cpus, walls = None, [], []
        for _ in range(runs[hosts]):
            if os.path.exists(out):
                os.remove(out)
            p = subprocess.run([a.patchwatch, "replay", "--stats", "--out", out] + a.replay_args.split() + [d],
                               capture_output=True, text=True)
            if p.returncode != 0:
                print(f"{name}: replay failed: {p.stderr.strip()[-400:]}", file=sys.stderr)
                sys.exit(1)
            for line in p.stderr.splitlines():
                m = re.search(r"replay: .*? (\d+) events in .*?evaluating ([0-9.]+) s, ([0-9.]+) s cpu", line)
                if m:
                    ev = int(m.group(1))
                    walls.append(float(m.group(2)))
                    cpus.append(float(m.group(3)))
        if ev is None or not cpus:
            print(f"{name}: no stats line with the evaluation's CPU time from replay", file=sys.stderr)
            sys.exit(1)
        med = lambda v: sorted(v)[len(v) // 2]
        us = med(cpus) * 1e6 / max(1, ev)
        res.append(us)
        print(f"{hosts:>6} {ev:>11} {len(cpus):>4} {med(cpus):>8.4f} {min(cpus):>7.4f}-{max(cpus):<7.4f} "
              f"{med(walls):>8.3f} {us:>9.4f}")
        sys.stdout.flush()
    print(f"ratio 10,000 / 100 hosts: {res[-1] / max(res[0], 1e-9):.2f}x; largest / smallest of the three: "
          f"{max(res) / max(min(res), 1e-9):.2f}x (target <= 1.5x); load average {load0:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")


def big(a):
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
