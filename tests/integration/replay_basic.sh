#!/usr/bin/env bash
# replay_basic: `patchwatch replay` on a generated 50-host fleet with a bad cumulative update, a concurrent
# benign .NET update, daily Defender definitions, an inventory and a community report before the fleet
# signal: the bad update is blamed (and only it), an early warning comes first, each alert opens once, the
# people are told of one incident, and two runs give byte-identical alerts (event time only). The report
# foretold the symptom, so the first casualty's own signature is alerted at once, beside the miner's
# generalised one an hour or two later: two alerts of one incident.
set -euo pipefail
sim="$PW_BINARY_DIR/bench/bench_fleetsim"
[ -x "$sim" ] || { echo "skipped: $sim not built"; exit 77; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$sim" --out "$tmp/fleet" --seed 11 --hosts 50 --days 30 --bad csv --report before 2>/dev/null
"$PATCHWATCH" replay --out "$tmp/a1.jsonl" --incidents "$tmp/i1.jsonl" "$tmp/fleet"
"$PATCHWATCH" replay --out "$tmp/a2.jsonl" "$tmp/fleet"
cmp "$tmp/a1.jsonl" "$tmp/a2.jsonl"
python3 - "$tmp/a1.jsonl" "$tmp/fleet/truth.json" "$tmp/i1.jsonl" <<'PY'
import json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
truth = json.load(open(sys.argv[2]))
recs = [json.loads(l) for l in open(sys.argv[3])]
bad = truth["bad"][0]["patch"]
reg = [a for a in alerts if a["kind"] in ("regression", "advisory-match")]
assert reg, "no regression alert"
assert {a["patch"] for a in reg} == {bad}, {a["patch"] for a in reg}
for i in {a["id"] for a in reg}:  # each alert opens once, then is updated or resolved under its id
    mine = [a for a in reg if a["id"] == i]
    assert mine[0]["status"] == "open" and all(a["status"] in ("updated", "resolved") for a in mine[1:]), i
opened = {r["incident"] for r in recs if str(r.get("id", "")).startswith("ntf-") and r.get("kind") == "open"}
assert len(opened) == 1, opened  # one incident told, however many signatures it holds
ew = [a for a in alerts if a["kind"] == "early-warning"]
assert ew and ew[0]["@timestamp"] < reg[0]["@timestamp"], "early warning must come first"
assert reg[0]["evidence"] and reg[0]["recommendation"].startswith("hold"), reg[0]["recommendation"]
print("ok:", reg[0]["recommendation"])
PY
