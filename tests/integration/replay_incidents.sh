#!/bin/bash
# it_replay_incidents: `patchwatch replay` of the demo fleet makes one incident for KB5062557's failure with the
# record format of the shared incident/notification contract (ids, versions that only grow, a transition with
# its reason, symptoms named in words, counts that agree with the sentence); on a terminal it prints the
# incident table, into a pipe the alerts as JSON lines; --store keeps incidents and notifications for the
# timeline.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SIM=${PW_BINARY_DIR:?}/bench/bench_fleetsim
command -v script >/dev/null || { echo "skipped: script(1) missing (bsdutils)" >&2; exit 77; }
[ -x "$SIM" ] || { echo "skipped: $SIM not built" >&2; exit 77; }
d=$(mktemp -d /tmp/pw-it-rinc-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$SIM" --out "$d/fleet" --seed 7 --hosts 24 --days 20 --bad csv --report before >/dev/null 2>&1 || fail fleetsim
"$PW" replay --incidents "$d/inc.jsonl" --store "$d/store.db" "$d/fleet" >"$d/alerts.jsonl" 2>"$d/err" ||
    fail "replay exit $?: $(cat "$d/err")"
[ -s "$d/alerts.jsonl" ] && [ "$(grep -vc '^{' "$d/alerts.jsonl")" -eq 0 ] || fail "alerts into a pipe are not JSON lines"
python3 - "$d/inc.jsonl" <<'PY' || exit 1
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
inc = [r for r in recs if r["id"].startswith("inc-")]
ntf = [r for r in recs if r["id"].startswith("ntf-")]
def fail(m):
    print("FAIL: " + m, file=sys.stderr); sys.exit(1)
if not inc or not ntf: fail(f"{len(inc)} incident versions, {len(ntf)} notifications")
ids = {r["id"] for r in inc if r["patch"] == "KB5062557"}
if len(ids) != 1: fail(f"KB5062557's failure is {len(ids)} incidents")
last = {}
for r in inc:
    for k in ("id", "@timestamp", "version", "status", "transition", "patch", "title", "symptoms", "hosts",
              "hosts_affected", "hosts_patched", "hosts_at_risk", "rings", "ring_to_hold", "comparison",
              "comparison_text", "first_seen", "opened_at", "escalated_at", "resolved_at", "alerts", "advisories",
              "recommendation", "summary"):
        if k not in r: fail(f"incident without {k}: {r}")
    if r["status"] not in ("open", "escalated", "resolved"): fail(r["status"])
    if r["version"] <= last.get(r["id"], 0): fail(f"version {r['version']} after {last.get(r['id'])}")
    last[r["id"]] = r["version"]
    t = r["transition"]
    if not t["reason"] or t["to"] != r["status"]: fail(f"transition {t} for status {r['status']}")
    if r["hosts_affected"] != len(r["hosts"]): fail("hosts_affected != len(hosts)")
    if f"{r['hosts_affected']} host" not in r["title"]: fail(f"title {r['title']!r} disagrees with the count")
    s = r["symptoms"][0]
    if s["event_code"] != "5120" or "Cluster Shared Volume" not in s["name"]: fail(f"symptom {s}")
    if r["comparison"] == "own_history" and "own history" not in r["comparison_text"]: fail(r["comparison_text"])
    if r["comparison"] == "unpatched_peers" and "unpatched peers" not in r["comparison_text"]: fail(r["comparison_text"])
if sum(1 for n in ntf if n["kind"] == "open") != 1: fail("not exactly one open notification")
for n in ntf:
    if n["kind"] in ("open", "escalated", "resolved") and n["incident_snapshot"]["id"] != n["incident"]: fail("snapshot")
print(f"ok: {len(inc)} incident versions, {len(ntf)} notifications")
PY
"$PW" timeline --store "$d/store.db" --patch KB5062557 --text >"$d/tl.txt" 2>&1 || fail "timeline exit $?"
grep -q "notification (open)" "$d/tl.txt" || fail "the timeline lacks the open notification: $(cat "$d/tl.txt")"
grep -q "incident inc-" "$d/tl.txt" || fail "the timeline lacks the incident"
script -qec "'$PW' replay '$d/fleet'" /dev/null >"$d/tty.out" 2>&1 || fail "replay on a terminal exit $?"
grep -q '^PATCH *SYMPTOM *HOSTS *RING *STATUS *SINCE' "$d/tty.out" || fail "no table on a terminal: $(cat -v "$d/tty.out")"
grep -q '^{' "$d/tty.out" && fail "raw JSON on a terminal"
script -qec "'$PW' replay --json '$d/fleet'" /dev/null >"$d/tty-json.out" 2>&1 || fail "replay --json exit $?"
[ "$(grep -c '^{' "$d/tty-json.out")" -eq "$(wc -l <"$d/alerts.jsonl")" ] || fail "--json on a terminal: not the alerts"
echo "ok: incidents, notifications, table and store"
