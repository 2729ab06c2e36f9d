#!/bin/bash
# it_alert_words: the sentences of alerts tell the truth. On a replayed simulated fleet (two seeds, one with
# unpatched peers and one without): the counts in each recommendation equal the JSON's; a regression compared
# with no unpatched peers says it compared the hosts with their own history (never "0/0 unpatched"); an early
# warning's "N hosts at risk" equals hosts_at_risk; a resolution that states no counts names its update.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SIM=${PW_BINARY_DIR:?}/bench/bench_fleetsim
[ -x "$SIM" ] || { echo "skipped: $SIM not built" >&2; exit 77; }
d=$(mktemp -d /tmp/pw-it-words-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$SIM" --out "$d/a" --seed 7 --hosts 24 --days 20 --bad csv --report before >/dev/null 2>&1 || fail "fleetsim a"
"$SIM" --out "$d/b" --seed 11 --hosts 200 --days 20 --bad csv --fraction 0.3 >/dev/null 2>&1 || fail "fleetsim b"
for f in a b; do
    "$PW" replay --rules "${PW_SOURCE_DIR:?}/rules" --inventory "$d/$f/inventory.yaml" "$d/$f" >"$d/$f.alerts" 2>/dev/null ||
        fail "replay $f"
done
cat "$d/a.alerts" "$d/b.alerts" >"$d/all"
[ -s "$d/all" ] || fail "no alerts at all"
python3 - "$d/all" <<'END' || exit 1
import json, re, sys
n = {"regression": 0, "own": 0, "peers": 0, "early": 0}
for line in open(sys.argv[1]):
    a = json.loads(line)
    r = a["recommendation"]
    if a["kind"] == "early-warning":
        m = re.search(r"; (\d+) hosts? at risk", r)
        assert m and int(m.group(1)) == a["hosts_at_risk"], (r, a["hosts_at_risk"])
        n["early"] += 1
        continue
    if a["status"] == "withdrawn":
        # a withdrawal says which update explains the symptom instead, and that nothing is to be done
        assert a.get("explained_by") and a["explained_by"] in a["reason"] and r.startswith("withdrawn: "), a
        continue
    if a["status"] == "resolved" and not re.search(r"\d+/\d+ patched", r):
        # a resolution that states no counts says what ended it and for which update
        assert r.startswith("resolved: ") and a["patch"] in r, a
        continue
    n["regression"] += 1
    m = re.search(r"(\d+)/(\d+) patched", r)
    assert m and (int(m.group(1)), int(m.group(2))) == (a["patched_affected"], a["patched_total"]), (r, a)
    assert "0/0 unpatched" not in r, r
    if a["unpatched_total"] == 0:
        assert "their own history before it (no unpatched peers)" in r, r
        n["own"] += 1
    else:
        m = re.search(r"vs (\d+)/(\d+) unpatched peers", r)
        assert m and (int(m.group(1)), int(m.group(2))) == (a["unpatched_affected"], a["unpatched_total"]), (r, a)
        n["peers"] += 1
assert n["regression"] and n["early"], n
print("ok:", n)
END
