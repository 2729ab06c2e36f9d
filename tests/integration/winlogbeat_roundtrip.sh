#!/usr/bin/env bash
# it_winlogbeat_roundtrip: a real Winlogbeat event (Beats' Security 1102 golden file, tests/fixtures/winlogbeat)
# through `patchwatch parse --as winevent-json` as stored (a pretty-printed array), as a compact array, as
# NDJSON with event.module "security", and as objects spread over lines: every input field must come back
# with its value and type (additions allowed only where documented: patchwatch.*, and fields the contract
# derives), @timestamp's 100 ns kept in patchwatch.timestamp_original. Then broken structure must fail with
# the byte offset.
set -euo pipefail
: "${PATCHWATCH:?}"
here=$(cd "$(dirname "$0")" && pwd)
golden="$here/../fixtures/winlogbeat/1102.evtx.golden.json"
work=$(mktemp -d /tmp/pw-it-wlb.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 - "$golden" "$work" <<'PY'
import json, sys
src, work = sys.argv[1], sys.argv[2]
evs = json.load(open(src))
open(work + "/compact.json", "w").write(json.dumps(evs, separators=(",", ":")))
with open(work + "/ndjson.json", "w") as f:
    for e in evs:
        e = dict(e); e["event"] = dict(e["event"], module="security")
        f.write(json.dumps(e) + "\n")
with open(work + "/spread.json", "w") as f:
    for e in evs:
        f.write(json.dumps(e, indent=2) + "\n")
PY
cp "$golden" "$work/pretty.json"
for f in pretty compact ndjson spread; do
  "$PATCHWATCH" parse --as winevent-json "$work/$f.json" >"$work/$f.out"
done
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
def flat(o, pre=""):
    out = {}
    for k, v in o.items():
        key = pre + "." + k if pre else k
        if isinstance(v, dict): out.update(flat(v, key))
        else: out[key] = v
    return out
bad = 0
# what the contract derives from winlog.* for the correlator (docs/logs.md)
DERIVED = ("event.module", "process.pid", "process.thread.id")
for name in ("pretty", "compact", "ndjson", "spread"):
    text = open(work + "/" + name + ".json").read()
    ins = [text] if name == "ndjson" else None
    if name == "ndjson":
        want = [json.loads(l) for l in text.splitlines() if l.strip()]
    elif name == "spread":
        dec, i, want = json.JSONDecoder(), 0, []
        while i < len(text):
            while i < len(text) and text[i].isspace(): i += 1
            if i >= len(text): break
            o, i = dec.raw_decode(text, i); want.append(o)
    else:
        want = json.loads(text)
    got = [json.loads(l) for l in open(work + "/" + name + ".out")]
    if len(got) != len(want):
        print("%s: %d events, want %d" % (name, len(got), len(want))); bad += 1; continue
    for w, g in zip(want, got):
        fw, fg = flat(w), flat(g)
        for k, v in fw.items():
            if k == "@timestamp":
                if fg.get("patchwatch.timestamp_original") != v:
                    print("%s: @timestamp %r not kept (got %r)" % (name, v, fg.get("patchwatch.timestamp_original"))); bad += 1
                if not fg.get("@timestamp", "").startswith(v[:26]):
                    print("%s: @timestamp %r -> %r" % (name, v, fg.get("@timestamp"))); bad += 1
            elif fg.get(k) != v or type(fg.get(k)) != type(v):
                print("%s: %s: %r -> %r" % (name, k, v, fg.get(k))); bad += 1
        for k in fg:
            if k not in fw and not k.startswith("patchwatch.") and k not in DERIVED:
                print("%s: unexpected field %s=%r" % (name, k, fg[k])); bad += 1
        if name == "ndjson" and fg.get("event.module") != "security":
            print("ndjson: event.module not kept: %r" % fg.get("event.module")); bad += 1
print("winlogbeat round trip: %s" % ("FAIL" if bad else "ok"))
sys.exit(1 if bad else 0)
PY
# broken structure: an array that never closes, an object cut off, garbage inside an array
printf '[\n  {"a": 1},\n  {"b": 2}\n' >"$work/open.json"
printf '{"winlog": {"event_id": "1"}}\n{"winlog": {\n' >"$work/cut.json"
printf '[{"a":1}, 42]' >"$work/num.json"
for f in open cut num; do
  if "$PATCHWATCH" parse --as winevent-json "$work/$f.json" >/dev/null 2>"$work/$f.err"; then
    echo "$f.json: exit 0 on broken input"; exit 1
  fi
  grep -q "byte [0-9]* (line [0-9]*)" "$work/$f.err" || { echo "$f.json: no offset in: $(cat "$work/$f.err")"; exit 1; }
done
grep -q "byte 10 (line 1)" "$work/num.err" ||
  { echo "num.json: wrong offset: $(cat "$work/num.err")"; exit 1; }
echo "broken structure: ok"
