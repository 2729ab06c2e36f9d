#!/usr/bin/env bash
# it_timeline_demo: the demo fleet (bench_fleetsim, seed 7) replayed into a timeline store; `patchwatch timeline
# --patch KB5062557` then shows installs in every ring, the reports, the first symptom and the alerts in time
# order, ending with the vendor's resolution (the demo's 24 days include it), as JSON lines and as the text table.
set -uo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SIM=${PW_BINARY_DIR:?}/bench/bench_fleetsim
[ -x "$SIM" ] || { echo "skipped: $SIM not built"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
d=$(mktemp -d /tmp/pw-it-tldemo-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$SIM" --out "$d/fleet" --seed 7 --hosts 24 --days 24 --bad csv --report before >/dev/null 2>&1 || fail "fleetsim"
"$PW" replay --store "$d/store.db" "$d/fleet" >"$d/alerts.jsonl" 2>"$d/replay.err" || fail "replay: $(cat "$d/replay.err")"
[ -s "$d/alerts.jsonl" ] || fail "replay emitted no alert"
"$PW" timeline --store "$d/store.db" --patch KB5062557 --json >"$d/tl.jsonl" 2>"$d/tl.err" || fail "timeline: $(cat "$d/tl.err")"
"$PW" timeline --store "$d/store.db" --patch KB5062557 --text >"$d/tl.txt" 2>>"$d/tl.err" || fail "timeline --text"
python3 - "$d/tl.jsonl" "$d/alerts.jsonl" "$d/fleet" <<'PY' || fail "timeline content"
import glob, json, os, sys
tl = [json.loads(l) for l in open(sys.argv[1])]
alerts = [json.loads(l) for l in open(sys.argv[2])]
ts = [e["@timestamp"] for e in tl]
assert ts == sorted(ts), "not in time order"
kinds = [e["kind"] for e in tl]
first = {k: kinds.index(k) for k in set(kinds)}
for k in ("install", "report", "symptom", "alert"):
    assert k in first, "no %s moment: %s" % (k, kinds)
rings = {e.get("ring") for e in tl if e["kind"] == "install"}
assert len(rings) >= 2, rings
# every host whose events say it installed the patch, once, with its ring (read here from the raw events)
want = set()
for path in glob.glob(os.path.join(sys.argv[3], "events", "*.jsonl")):
    for line in open(path):
        if "Installation Successful" in line and "KB5062557" in line:
            want.add(json.loads(line)["host"]["name"])
got = [e["host"] for e in tl if e["kind"] == "install"]
assert sorted(got) == sorted(want), (len(got), len(want))
assert all(e.get("ring", "").startswith("ring-") for e in tl if e["kind"] == "install")
# the first symptom is after the first install and not after the first symptom alert
sym = tl[first["symptom"]]["@timestamp"]
assert tl[first["install"]]["@timestamp"] < sym
sig_alerts = [a for a in alerts if a.get("patch") == "KB5062557" and a.get("signature")]
assert sig_alerts and sym == min(a["first_seen"] for a in sig_alerts), (sym, [a["first_seen"] for a in sig_alerts])
assert sym <= min(a["@timestamp"] for a in sig_alerts)
# every alert the replay emitted for the patch is a moment, by id
ids = {e.get("ref") for e in tl if e["kind"] in ("alert", "resolution")}
assert {a["id"] for a in alerts if a.get("patch") == "KB5062557"} <= ids
# the demo's 24 days include the vendor's "resolved" notice: the story ends with the resolution
assert any(a["status"] == "resolved" for a in alerts if a.get("patch") == "KB5062557"), "no resolution in the demo"
assert "resolution" in first and first["resolution"] > first["alert"]
assert "report" in first and first["report"] < first["alert"]
print("timeline ok: %d moments, rings %s" % (len(tl), sorted(rings)))
PY
head -1 "$d/tl.txt" | grep -q "TIME (UTC)" || fail "text table header"
grep -q "install .* ring-1 .*KB5062557 installed on" "$d/tl.txt" || fail "text table has no ring-1 install"
grep -q "^recommendation: " "$d/tl.txt" || fail "text table has no recommendation"
# a missing store is a clear error, not an empty timeline
"$PW" timeline --store "$d/nope.db" --patch KB5062557 2>"$d/err" && fail "missing store accepted"
grep -q "nope.db: no such store" "$d/err" || fail "missing store message: $(cat "$d/err")"
echo "ok"
