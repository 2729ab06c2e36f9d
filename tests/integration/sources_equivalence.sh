#!/usr/bin/env bash
# One input path: the same export files through `ingest files` (the `files` source run uses), through
# `ingest evtx` (the evtx source) and through replay's reader (replay --events-out) give the same events.
# Formats: real EVTX files (../shared/data), a Winlogbeat JSON array, the same events as NDJSON, a Windows XML
# export (made from an EVTX file by `ingest evtx --xml`) and a syslog file.
set -euo pipefail
: "${PATCHWATCH:?}" "${PW_SOURCE_DIR:?}"
data="${PW_SHARED_DATA:-$PW_SOURCE_DIR/../shared/data}"
[ -d "$data/evtx" ] || { echo "skipped: $data/evtx is not present"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
mkdir -p "$work/in/winhost" "$work/in/linuxhost" "$work/in/arrays"
for f in security.evtx sysmon.evtx ID4-OpenSSH_server_listening.evtx; do
  cp "$data/evtx/$f" "$work/in/winhost/"
done
cp "$PW_SOURCE_DIR/tests/fixtures/winlogbeat/1102.evtx.golden.json" "$work/in/arrays/winlogbeat.json"
python3 -c 'import json,sys
for o in json.load(open(sys.argv[1])): print(json.dumps(o))' "$work/in/arrays/winlogbeat.json" > "$work/in/arrays/winlogbeat.ndjson"
{ echo '<Events>'; "$PATCHWATCH" ingest evtx --xml --no-progress "$data/evtx/ID4-OpenSSH_server_listening.evtx"; echo '</Events>'; } \
  > "$work/in/winhost/openssh.xml"
cp "$PW_SOURCE_DIR/tests/fixtures/syslog/vendors.log" "$work/in/linuxhost/syslog.log"
touch -d '2026-07-09 12:00:00' "$work/in/linuxhost/syslog.log" # RFC 3164 has no year: the file time stands in

"$PATCHWATCH" ingest files "$work/in" -o "$work/files.jsonl"
"$PATCHWATCH" replay --events-out "$work/replay.jsonl" -o "$work/alerts.jsonl" "$work/in"
n=$(wc -l < "$work/files.jsonl")
[ "$n" -gt 2000 ] || fail "ingest files read only $n events"
# replay adds its signature; everything else must be byte for byte what the files source published. The files
# source reads file after file; replay merges the files in event-time order: the same events, another order.
python3 - "$work/files.jsonl" "$work/replay.jsonl" <<'PY' || fail "replay and the files source saw different events"
import json, sys
def load(p, strip):
    out = []
    for line in open(p):
        o = json.loads(line)
        if strip:
            pw = o.get("patchwatch", {})
            for k in ("signature", "template"):
                pw.pop(k, None)
            if "patchwatch" in o and not pw:
                del o["patchwatch"]
        out.append(json.dumps(o, sort_keys=True))
    return out
a, r = sorted(load(sys.argv[1], False)), sorted(load(sys.argv[2], True))
if a != r:
    print(f"files: {len(a)} events, replay: {len(r)} events")
    for x, y in zip(a, r):
        if x != y:
            print("files: ", x[:400]); print("replay:", y[:400]); break
    sys.exit(1)
print("ok: replay and the files source:", len(a), "identical events")
PY
# each format contributed (and not as damage)
grep -q '"WIN-41OB2LO92CR.wlbeat.local"' "$work/files.jsonl" || fail "the Winlogbeat array gave no event"
[ "$(grep -c '"code":"1102"' "$work/files.jsonl")" -ge 2 ] || fail "the array and the NDJSON copy should both give event 1102"
grep -q 'syslog.log' "$work/files.jsonl" || fail "the syslog file gave no event"
# the evtx source (ingest evtx) and the files source decode EVTX alike
"$PATCHWATCH" ingest evtx --no-progress "$work/in/winhost" -o "$work/evtx.jsonl"
"$PATCHWATCH" ingest files --glob '*.evtx' "$work/in/winhost" -o "$work/files-evtx.jsonl"
cmp -s "$work/evtx.jsonl" "$work/files-evtx.jsonl" || fail "ingest evtx and ingest files --glob '*.evtx' differ"
# the XML export of a file gives the events its EVTX gives (same fields; XML carries no record offsets)
"$PATCHWATCH" ingest files "$work/in/winhost/openssh.xml" -o "$work/xml.jsonl"
"$PATCHWATCH" ingest files "$work/in/winhost/ID4-OpenSSH_server_listening.evtx" -o "$work/xml-evtx.jsonl"
[ "$(wc -l < "$work/xml.jsonl")" = "$(wc -l < "$work/xml-evtx.jsonl")" ] || fail "the XML export and its EVTX give different counts"
echo "ok: ingest evtx, ingest files and replay agree on $n events"
