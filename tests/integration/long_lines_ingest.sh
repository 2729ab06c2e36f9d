#!/bin/bash
# it_long_lines_ingest: over-long lines in the live inputs, as `parse` already does (it_long_lines): a line over
# the maximum becomes ONE event, cut, flagged patchwatch.truncated with patchwatch.original_length, the rest of
# it discarded and counted - not one event per buffer of it.
#  - ingest tail (max line 1 MiB): a 100 MB line between two short ones -> 3 events; the discarded bytes said;
#  - ingest syslog over TCP (max message 64 KiB): an LF-framed 100 MB line, an octet-counted 5 MB frame and a
#    short message after each, on one connection -> 4 events, the counter of discarded bytes in the summary.
set -u
source "$(dirname "$0")/syslog_lib.inc"
fail() { echo "FAIL: $*" >&2; exit 1; }
python3 - "$work" <<'END'
import sys
d = sys.argv[1]
with open(d + "/app.log", "wb") as f:
    f.write(b"<13>Jun 14 15:16:01 web1 app[1]: before\n")
    f.write(b"<13>Jun 14 15:16:02 web1 app[1]: " + b"x" * 100000000 + b"\n")
    f.write(b"<13>Jun 14 15:16:03 web1 app[1]: after\n")
END
"$PATCHWATCH" ingest tail "$work/app.log" --checkpoint "$work/ck.json" --once -o "$work/tail.jsonl" 2>"$work/tail.err" ||
    fail "ingest tail exit $?: $(cat "$work/tail.err")"
[ "$(wc -l <"$work/tail.jsonl")" -eq 3 ] || fail "tail: $(wc -l <"$work/tail.jsonl") events for 3 lines (want 3)"
python3 - "$work/tail.jsonl" <<'END' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
pw = lambda e: e.get("patchwatch", {})
assert "before" in ev[0]["message"] and not pw(ev[0]).get("truncated"), ev[0]
assert pw(ev[1]).get("truncated") is True and pw(ev[1]).get("original_length") == 100000033, pw(ev[1])
assert len(json.dumps(ev[1])) < 2 * 1048576, "the cut event is larger than the maximum line"
assert "after" in ev[2]["message"] and ev[2]["log"]["offset"] == 100000074, ev[2]
END
grep -q 'over-long lines were cut.*98951457 bytes beyond the maximum line length discarded' "$work/tail.err" ||
    fail "tail: the discarded bytes were not said: $(cat "$work/tail.err")"

start_patchwatch
python3 - "$TCP_PORT" <<'END' || exit 1
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(b"<13>Jun 14 15:16:02 web1 app[1]: ")
chunk = b"y" * (1 << 20)
for _ in range(100):
    s.sendall(chunk)
s.sendall(b"\n<13>Jun 14 15:16:03 web1 app[1]: after-lf\n")
body = b"<13>Jun 14 15:16:04 web1 app[1]: " + b"z" * 5000000
s.sendall(str(len(body)).encode() + b" " + body)
msg = b"<13>Jun 14 15:16:05 web1 app[1]: after-octet"
s.sendall(str(len(msg)).encode() + b" " + msg)
s.close()
END
wait_lines 4 || fail "syslog tcp: events missing"
sleep 0.3
stop_patchwatch
[ "$(wc -l <"$work/out.jsonl")" -eq 4 ] || fail "syslog tcp: $(wc -l <"$work/out.jsonl") events, want 4"
python3 - "$work/out.jsonl" <<'END' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
pw = lambda e: e.get("patchwatch", {})
assert pw(ev[0]).get("truncated") is True and pw(ev[0]).get("original_length") == 104857633, pw(ev[0])
assert "after-lf" in ev[1]["message"] and not pw(ev[1]).get("truncated"), ev[1]
assert pw(ev[2]).get("truncated") is True and pw(ev[2]).get("original_length") == 5000033, pw(ev[2])
assert "after-octet" in ev[3]["message"], ev[3]
END
grep -q "2 oversize, .* $((104857633 + 5000033 - 2 * 65536)) bytes beyond the maximum discarded" "$work/pw.err" ||
    fail "syslog: the discarded bytes were not counted: $(tail -2 "$work/pw.err")"
echo "ok: 100 MB lines are one flagged event in tail and syslog TCP"
