#!/bin/bash
# it_long_lines: a line longer than the maximum (1 MiB) becomes ONE event, cut and flagged
# (patchwatch.truncated, patchwatch.original_length), the rest of it dropped and reported - not one event per
# MiB of it. Syslog and NDJSON (Windows JSON) input, a long line in the middle and one at the end without LF.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
d=$(mktemp -d /tmp/pw-it-long-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
python3 - "$d" <<'END'
import sys
d = sys.argv[1]
with open(d + "/s.log", "wb") as f:
    f.write(b"<13>Jun 14 15:16:01 web1 app[1]: before\n")
    f.write(b"<13>Jun 14 15:16:02 web1 app[1]: " + b"x" * 5000000 + b"\n")
    f.write(b"<13>Jun 14 15:16:03 web1 app[1]: after\n")
    f.write(b"<13>Jun 14 15:16:04 web1 app[1]: " + b"y" * 3000000)  # the last line, no LF
with open(d + "/w.jsonl", "wb") as f:
    f.write(b'{"message":"before","host":{"name":"a"}}\n')
    f.write(b'{"message":"' + b"z" * 3000000 + b'"}\n')
    f.write(b'{"message":"after","host":{"name":"a"}}\n')
END
"$PW" parse --as syslog "$d/s.log" >"$d/s.out" 2>"$d/s.err" || fail "parse syslog exit $?"
[ "$(wc -l <"$d/s.out")" -eq 4 ] || fail "syslog: $(wc -l <"$d/s.out") events, want 4"
python3 - "$d/s.out" <<'END' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
def flag(e, k): return e.get("patchwatch", {}).get(k)
assert "before" in ev[0]["message"] and not flag(ev[0], "truncated"), ev[0]
assert flag(ev[1], "truncated") is True and flag(ev[1], "original_length") == 5000033, ev[1].get("patchwatch")
assert "after" in ev[2]["message"] and not flag(ev[2], "truncated"), "the line after a cut one was lost or mangled"
assert flag(ev[3], "truncated") is True and flag(ev[3], "original_length") == 3000033, ev[3].get("patchwatch")
END
grep -q 'over-long lines were cut' "$d/s.err" || fail "the cut was not reported"
"$PW" parse --as winevent-json "$d/w.jsonl" >"$d/w.out" 2>"$d/w.err"
[ "$(wc -l <"$d/w.out")" -eq 3 ] || fail "NDJSON: $(wc -l <"$d/w.out") events, want 3"
grep -q '"message":"after"' "$d/w.out" || fail "NDJSON: the line after the long one was lost"
echo "ok: over-long lines are one flagged event each"
