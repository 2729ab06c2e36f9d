#!/usr/bin/env bash
# replay_basic: `patchwatch replay` on a generated 50-host fleet with a bad cumulative update, a concurrent
# benign .NET update, daily Defender definitions, an inventory and a community report before the fleet
# signal: the bad update is blamed (and only it), an early warning comes first, and two runs give
# byte-identical alerts (event time only).
set -euo pipefail
sim="$PW_BINARY_DIR/bench/bench_fleetsim"
[ -x "$sim" ] || { echo "skipped: $sim not built"; exit 77; }
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$sim" --out "$tmp/fleet" --seed 11 --hosts 50 --days 30 --bad csv --report before 2>/dev/null
"$PATCHWATCH" replay --out "$tmp/a1.jsonl" "$tmp/fleet"
"$PATCHWATCH" replay --out "$tmp/a2.jsonl" "$tmp/fleet"
cmp "$tmp/a1.jsonl" "$tmp/a2.jsonl"
python3 - "$tmp/a1.jsonl" "$tmp/fleet/truth.json" <<'PY'
import json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
truth = json.load(open(sys.argv[2]))
bad = truth["bad"][0]["patch"]
reg = [a for a in alerts if a["kind"] in ("regression", "advisory-match")]
assert reg, "no regression alert"
assert {a["patch"] for a in reg} == {bad}, {a["patch"] for a in reg}
ids = {a["id"] for a in reg}
assert len(ids) == 1, ids  # one alert, updated with the same id
assert reg[0]["status"] == "open" and all(a["status"] in ("updated", "resolved") for a in reg[1:])
ew = [a for a in alerts if a["kind"] == "early-warning"]
assert ew and ew[0]["@timestamp"] < reg[0]["@timestamp"], "early warning must come first"
assert reg[0]["evidence"] and reg[0]["recommendation"].startswith("hold"), reg[0]["recommendation"]
print("ok:", reg[0]["recommendation"])
PY
