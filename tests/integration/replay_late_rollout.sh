#!/bin/bash
# it_replay_late_rollout: late in a rollout the bad update's open alert no longer passes its own test (its unpatched
# peers are gone), and a servicing-stack update installed on its casualties passes alone; the joint model still
# names the bad one, so the servicing-stack update is never alerted. The fleet is one of bench/heldout's study draws
# (gen.py, the independent generator: Windows Event XML per host, RSS feeds; +4000 offset, scenario 6), where
# KB5000587 (the servicing-stack update) was alerted before the open alert counted in the joint model.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
GEN=${PW_SOURCE_DIR:?}/bench/heldout/gen.py
command -v python3 >/dev/null || { echo "skipped: python3 missing" >&2; exit 77; }
d=$(mktemp -d /tmp/pw-it-late-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
python3 "$GEN" --out "$d/fleet" --seed 4006 --hosts 45 --bad hyperv --noisy 0.2 --forum before --slow >/dev/null ||
    fail "gen.py"
"$PW" replay --out "$d/alerts.jsonl" "$d/fleet" >/dev/null 2>"$d/err" || fail "replay exit $?: $(cat "$d/err")"
python3 - "$d/alerts.jsonl" "$d/fleet/truth.json" <<'PY' || exit 1
import json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
truth = json.load(open(sys.argv[2]))
bad = truth["bad"][0]["patch"]
reg = [a for a in alerts if a["kind"] in ("regression", "advisory-match")]
def fail(m):
    print("FAIL: " + m, file=sys.stderr); sys.exit(1)
if not any(a["patch"] == bad for a in reg): fail(f"the bad update {bad} was not alerted")
for benign in truth["benign"]:
    named = [a for a in reg if a["patch"] == benign]
    if named: fail(f"{benign} (benign) alerted: {named[0].get('recommendation', '')}")
PY
echo "ok: $(grep -c '"kind":"regression"' "$d/alerts.jsonl") regression alert versions, none for a benign update"
