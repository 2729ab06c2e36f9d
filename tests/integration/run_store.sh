#!/bin/bash
# it_run_store: `patchwatch run` with a `sqlite` sink fills the timeline store as it goes (installs with their
# ring from the inventory, reports, alerts), and `patchwatch timeline` reads it back in time order: the same
# store `replay --store` makes offline.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SIM=${PW_BINARY_DIR:?}/bench/bench_fleetsim
[ -x "$SIM" ] || { echo "skipped: $SIM not built" >&2; exit 77; }
d=$(mktemp -d /tmp/pw-it-runstore-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$SIM" --out "$d/fleet" --seed 7 --hosts 24 --days 20 --bad csv --report before >/dev/null 2>&1 || fail fleetsim
cat >"$d/run.yaml" <<END
rules: ${PW_SOURCE_DIR:?}/rules
sources:
  - {kind: jsonl, name: fleet, path: $d/fleet/events/*.jsonl}
  - {kind: feeds, name: reports, dir: $d/fleet/feeds, poll: false}
stages:
  correlate: {inventory: $d/fleet/inventory.yaml}
sinks:
  - {kind: jsonl, path: $d/alerts.jsonl}
  - {kind: sqlite, name: store, path: $d/store.db, inventory: $d/fleet/inventory.yaml}
END
timeout 120 "$PW" run -c "$d/run.yaml" 2>"$d/run.err" || fail "run exit $?: $(tail -3 "$d/run.err")"
[ -s "$d/alerts.jsonl" ] || fail "no alert"
"$PW" timeline --store "$d/store.db" --patch KB5062557 --json >"$d/tl.jsonl" || fail "timeline"
python3 - "$d/tl.jsonl" "$d/alerts.jsonl" <<'END' || exit 1
import json, sys
m = [json.loads(l) for l in open(sys.argv[1])]
kinds = [x.get("kind") or x.get("what") for x in m]
ts = [x.get("@timestamp") or x.get("time") for x in m]
assert ts == sorted(ts), "moments out of order"
for k in ("install", "report", "alert", "incident", "notification"):  # incidents: made in run's sink thread
    assert k in kinds, (k, set(kinds))
ids = {json.loads(l)["id"] for l in open(sys.argv[2])}
text = open(sys.argv[1]).read()
assert all(i in text for i in ids), "an alert run emitted is not on the timeline"
assert "ring-0" in text and "ring-1" in text, "rings from the inventory are missing"
print("ok:", len(m), "moments")
END
