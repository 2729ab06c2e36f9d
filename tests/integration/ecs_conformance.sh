#!/usr/bin/env bash
# it_ecs_conformance: every key `patchwatch parse` emits on the shared corpus (all EVTX files in
# ../shared/data/evtx, their XML rendering read back as winevent-xml, the Winlogbeat golden file as
# winevent-json, tests/fixtures/syslog and two loghub logs) is defined by ECS (tests/fixtures/ecs/ecs_fields.tsv)
# or Winlogbeat's winlog set (winlog_fields.tsv) with the same type, or is in allow_list.tsv.
# Without ../shared/data only the fixtures are checked (and the test says so).
set -euo pipefail
: "${PATCHWATCH:?}"
here=$(cd "$(dirname "$0")" && pwd)
fx="$here/../fixtures"
work=$(mktemp -d /tmp/pw-it-ecs.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$PATCHWATCH" parse --as syslog "$fx/syslog/vendors.log" >"$work/syslog-fixture.jsonl"
"$PATCHWATCH" parse --as winevent-json "$fx/winlogbeat/1102.evtx.golden.json" >"$work/winlogbeat.jsonl"
for f in "$fx"/evtx/*.evtx; do "$PATCHWATCH" parse "$f" >"$work/fx-$(basename "$f").jsonl" 2>/dev/null || true; done
data=${PW_SHARED_DATA:-}
if [ -n "$data" ] && [ -d "$data/evtx" ]; then
  n=0
  for f in "$data"/evtx/*.evtx; do
    b=$(basename "$f" .evtx)
    "$PATCHWATCH" parse "$f" >"$work/evtx-$n.jsonl" || { echo "parse failed: $f"; exit 1; }
    # the same records rendered as XML and read back (Windows XML input)
    "$PATCHWATCH" parse --xml "$f" >"$work/x.xml" 2>/dev/null || true
    "$PATCHWATCH" parse --as winevent-xml "$work/x.xml" >"$work/xml-$n.jsonl"
    # and as ECS JSON read back (Windows JSON input)
    "$PATCHWATCH" parse --as winevent-json "$work/evtx-$n.jsonl" >"$work/json-$n.jsonl"
    n=$((n + 1))
  done
  for l in Linux/Linux_2k.log OpenSSH/OpenSSH_2k.log; do
    [ -f "$data/loghub/$l" ] && "$PATCHWATCH" parse --as syslog "$data/loghub/$l" >"$work/loghub-$(basename "$l").jsonl"
  done
  echo "corpus: $n EVTX files (+ XML and JSON of each), loghub Linux and OpenSSH, fixtures"
else
  echo "note: ../shared/data absent: fixtures only"
fi
# the checker itself must catch a wrong type and an unknown key (else this test could not fail)
echo '{"log":{"syslog":{"version":1}},"nosuch":{"key":"x"}}' >"$work/selfcheck.bad"
if python3 "$here/ecs_conformance.py" "$fx/ecs" "$work/selfcheck.bad" >/dev/null; then
  echo "checker accepted a wrong type and an unknown key"; exit 1
fi
# not exec: the EXIT trap must still remove $work (about 76 MB a run)
python3 "$here/ecs_conformance.py" "$fx/ecs" "$work"/*.jsonl
