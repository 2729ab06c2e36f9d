#!/usr/bin/env python3
"""bench/report_replay: report understanding end to end, the way an operator meets it.

Each labelled post of tests/fixtures/reports/corpus.jsonl becomes one item of a community RSS feed, published a
day after a small fleet (4 Windows hosts, 2 Debian hosts) installed every update and package the post's labels
name (the ones it blames, the fixes it offers, the ones it names for context). `patchwatch replay` runs on that
fleet and feed; the early warnings it raises are scored against the labels:

  regression posts warned    a post labelled regression-report that blames an update (KB or package) raised an
                             early warning naming one it blames
  warnings naming a fix      a warning named an update the post offers as the fix (must be 0)
  warnings naming another    a warning named an update the post names but does not blame
  non-regression posts warning   an informational post or a fix announcement raised an early warning

This is the outside measurement's shape ("34 real public regression reports, each replayed against a small
fleet that installed the KB the day before"); bench/reports scores the classifier alone. Figures per split;
post-by-post mistakes only for the tuning splits (--errors), never for a held-out split.

usage: bench/report_replay [--patchwatch PATH] [--corpus FILE] [--split NAME[,NAME]] [--errors] [--jobs N]
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TUNING = {"tune", "held-out"}  # held-out (the first half) was tuned on; held-out-2 onwards only scored
T0 = datetime(2026, 7, 1, tzinfo=timezone.utc)


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def fleet_events(labels):
    """Hourly benign noise on every host, every labelled KB installed on the Windows hosts on day 1, every
    labelled package on the Debian hosts on day 1 (one dpkg line per package)."""
    ev = []
    kbs = sorted(k for k in set(labels.get("kb", [])) | set(labels.get("kb_affected", [])) | set(labels.get("kb_fix", []))
                 if k.startswith("KB"))  # a bulletin id (MS14-045) is not something a host installs
    for h in range(4):
        host = "win%02d" % h
        for hour in range(4 * 24):
            ev.append({"@timestamp": stamp(T0 + timedelta(hours=hour, seconds=h)), "host": {"name": host},
                       "event": {"code": "153", "provider": "disk"}, "log": {"level": "warning"},
                       "message": "The IO operation at logical block address was retried."})
        for i, kb in enumerate(kbs):
            ev.append({"@timestamp": stamp(T0 + timedelta(days=1, hours=2, minutes=h * 5 + i)), "host": {"name": host},
                       "event": {"code": "19", "provider": "Microsoft-Windows-WindowsUpdateClient"},
                       "log": {"level": "information"}, "message": "Installation Successful",
                       "winlog": {"event_data": {"updateTitle": "2026-07 Update for Windows (%s)" % kb}}})
    for h in range(2):
        host = "deb%02d" % h
        for hour in range(4 * 24):
            ev.append({"@timestamp": stamp(T0 + timedelta(hours=hour, seconds=h)), "host": {"name": host},
                       "process": {"name": "CRON"}, "log": {"level": "info"},
                       "message": "pam_unix(cron:session): session opened for user root"})
        for i, p in enumerate(labels.get("packages", [])):
            t = T0 + timedelta(days=1, hours=3, minutes=h * 5 + i)
            ev.append({"@timestamp": stamp(t), "host": {"name": host}, "process": {"name": "dpkg"},
                       "log": {"level": "info"}, "message": "%s status installed %s:amd64 %s-1" % (
                           t.strftime("%Y-%m-%d %H:%M:%S"), p["name"], dpkg_version(p["version"]))})
    ev.sort(key=lambda e: e["@timestamp"])
    return ev


def feed(post):
    pub = format_datetime(T0 + timedelta(days=2, hours=9), usegmt=True)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>community</title>'
            '<link>http://127.0.0.1/</link><description>posts</description>\n'
            '<item><guid>%s</guid><title>%s</title><link>%s</link><pubDate>%s</pubDate><description>%s</description>'
            '</item>\n</channel></rss>\n' % (escape(post["id"]), escape(post.get("title") or ""),
                                             escape(post.get("url") or "http://127.0.0.1/"), pub,
                                             escape(post.get("excerpt") or "")))


def replay(pw, post):
    with tempfile.TemporaryDirectory(prefix="pw-rr-") as d:
        os.makedirs(os.path.join(d, "fleet", "feeds"))
        with open(os.path.join(d, "fleet", "events.jsonl"), "w") as f:
            for e in fleet_events(post["labels"]):
                f.write(json.dumps(e) + "\n")
        with open(os.path.join(d, "fleet", "feeds", "community.rss"), "w") as f:
            f.write(feed(post))
        out = os.path.join(d, "alerts.jsonl")
        r = subprocess.run([pw, "replay", "--out", out, os.path.join(d, "fleet")], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("%s: replay exit %d: %s" % (post["id"], r.returncode, r.stderr.strip()[-300:]))
        alerts = [json.loads(l) for l in open(out) if l.strip()]
    return sorted({a.get("patch", "") for a in alerts if a.get("kind") == "early-warning"})


def dpkg_version(v):
    """A label's version as dpkg would carry it: Debian versions start with a digit, so a tag's "v" ("v256") goes."""
    return v[1:] if len(v) > 1 and v[0] in "vV" and v[1].isdigit() else v


def install_name(p):
    return "%s=%s-1" % (p["name"], dpkg_version(p["version"]))  # how the correlator names the fleet's install


def has_roles(labels):
    return any("role" in p for p in labels.get("packages", []))


def blamed_names(labels):
    """What a correct warning may name: the blamed KBs, and each blamed package: the ones labelled "affected", or
    where the labels give no roles every package of a regression report."""
    names = {k for k in labels.get("kb_affected", []) if k.startswith("KB")}
    if labels.get("class") == "regression-report":
        names |= {install_name(p) for p in labels.get("packages", [])
                  if not has_roles(labels) or p.get("role") == "affected"}
    return names


def fix_names(labels):
    """What a warning must never name: the fixes the post offers, KBs and package versions labelled "fix"."""
    return set(labels.get("kb_fix", [])) | {install_name(p) for p in labels.get("packages", [])
                                            if p.get("role") == "fix"}


def score(posts, results):
    s = {"posts": 0, "regression": 0, "warned": 0, "names_fix": 0, "names_other": 0, "other_posts": 0,
         "other_warned": 0, "miss": [], "bad": []}
    for p in posts:
        L = p["labels"]
        got = set(results[p["id"]])
        s["posts"] += 1
        blamed = blamed_names(L)
        fixes = fix_names(L)
        if got & fixes:
            s["names_fix"] += 1
            s["bad"].append((p["id"], "names the fix", sorted(got & fixes)))
        other = got - blamed - fixes
        if L["class"] == "regression-report" and blamed:
            s["regression"] += 1
            if got & blamed:
                s["warned"] += 1
            else:
                s["miss"].append((p["id"], "no warning for", sorted(blamed)))
            if other:
                s["names_other"] += 1
                s["bad"].append((p["id"], "names an update it does not blame", sorted(other)))
        elif L["class"] != "regression-report":
            s["other_posts"] += 1
            if got:
                s["other_warned"] += 1
                s["bad"].append((p["id"], L["class"] + " raised a warning", sorted(got)))
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--patchwatch", default=os.path.join(os.environ.get("PW_BUILD_DIR", os.path.join(ROOT, "build")),
                                                        "patchwatch"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "tests", "fixtures", "reports", "corpus.jsonl"))
    ap.add_argument("--split", help="only these splits (comma-separated); default: every split in the corpus")
    ap.add_argument("--errors", action="store_true", help="list the tuning splits' mistakes post by post")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    posts = [json.loads(l) for l in open(a.corpus, encoding="utf-8") if l.strip()]
    splits = a.split.split(",") if a.split else sorted({p["split"] for p in posts}, key=lambda s: (s != "tune", s))
    posts = [p for p in posts if p["split"] in splits]
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as ex:
        results = dict(zip([p["id"] for p in posts], ex.map(lambda p: replay(a.patchwatch, p), posts)))
    print("report_replay %s: each post as a feed item a day after 4 Windows + 2 Debian hosts installed what it names"
          % datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"))
    print("%-11s %6s %18s %10s %12s %20s" % ("split", "posts", "regression warned", "names fix",
                                            "names other", "non-regression warn"))
    for sp in splits:
        s = score([p for p in posts if p["split"] == sp], results)
        print("%-11s %6d %12d/%-5d %10d %12d %14d/%-5d" % (sp, s["posts"], s["warned"], s["regression"], s["names_fix"],
                                                           s["names_other"], s["other_warned"], s["other_posts"]))
        if a.errors and sp in TUNING:
            for pid, what, names in s["miss"] + s["bad"]:
                print("    %s: %s %s" % (pid, what, ", ".join(names)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
