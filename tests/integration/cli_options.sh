#!/bin/bash
# it_cli_options: options where the docs and --help put them: `ingest evtx DIR -o FILE` (options after the
# paths, as docs/evtx.md writes it) and `sink ... -v` (the help mentions -v); a value given as a flag
# generated from a plugin's config table reaches the plugin (syslog --max-message, tail --max-line), and old
# spellings kept as aliases still work (tail --format raw --once --interval MS). test_cli_tables checks that
# every table key is an option with the table's default.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
d=$(mktemp -d /tmp/pw-it-cli-XXXXXX)
pw_pid=
trap '[ -n "$pw_pid" ] && kill "$pw_pid" 2>/dev/null; rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$PW" ingest evtx "${PW_SOURCE_DIR:?}/examples/evtx" -o "$d/out.jsonl" 2>"$d/err" || fail "ingest evtx DIR -o F: $(cat "$d/err")"
[ -s "$d/out.jsonl" ] || fail "ingest evtx DIR -o F wrote nothing"
timeout 10 "$PW" sink jsonl -v --bind --in "tcp://127.0.0.1:*" --idle-timeout 1 2>"$d/sink.err" || fail "sink -v refused"
grep -q 'listening on tcp://127.0.0.1:' "$d/sink.err" || fail "sink -v did not say where it listens"

# ingest syslog --max-message N: a 2000-byte message comes out cut at N and flagged (the default would keep it)
"$PW" ingest syslog --tcp 127.0.0.1:0 --max-message 600 -o "$d/syslog.jsonl" 2>"$d/syslog.err" &
pw_pid=$!
for _ in $(seq 100); do grep -q 'listening on tcp' "$d/syslog.err" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/.*listening on tcp 127.0.0.1:\([0-9]*\).*/\1/p' "$d/syslog.err")
[ -n "$port" ] || fail "ingest syslog did not start: $(cat "$d/syslog.err")"
python3 - "$port" <<'PY' || fail "could not send to ingest syslog"
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
body = "x" * 2000
s.sendall(("<13>1 2026-01-01T00:00:00Z h app - - - " + body + "\n<13>1 2026-01-01T00:00:01Z h app - - - short\n").encode())
s.close()
PY
for _ in $(seq 100); do [ "$(wc -l <"$d/syslog.jsonl" 2>/dev/null)" = 2 ] && break; sleep 0.05; done
kill "$pw_pid"; wait "$pw_pid" 2>/dev/null; pw_pid=
python3 - "$d/syslog.jsonl" <<'PY' || fail "--max-message 600 did not reach the syslog receiver"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert len(ev) == 2, len(ev)
long = ev[0]
flag = long.get("patchwatch", {}).get("truncated", long.get("patchwatch.truncated"))
assert flag is True, long
assert len(long.get("message", "")) < 600, len(long.get("message", ""))
assert ev[1]["message"] == "short", ev[1]
PY

# ingest tail --max-line N (a table key) and the old spellings --format raw, --once, --interval MS
head -c 3000 /dev/zero | tr '\0' 'y' >"$d/app.log"; printf '\nsecond line\n' >>"$d/app.log"
timeout 20 "$PW" ingest tail "$d/app.log" --checkpoint "$d/ck.json" --format raw --once --interval 20 --max-line 1000 \
    -o "$d/tail.jsonl" 2>"$d/tail.err" || fail "ingest tail with old spellings: $(cat "$d/tail.err")"
python3 - "$d/tail.jsonl" <<'PY' || fail "--max-line 1000 / --format raw did not reach the tail reader"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert len(ev) == 2, len(ev)
def get(e, k):
    for part in k.split("."):
        e = e.get(part, {}) if isinstance(e, dict) else {}
    return e
assert get(ev[0], "patchwatch.truncated") is True or ev[0].get("patchwatch.truncated") is True, ev[0]
assert len(ev[0]["message"]) == 1000, len(ev[0]["message"])
assert ev[1]["message"] == "second line", ev[1]   # raw: the line itself, not parsed as syslog
PY
# a value outside the table's range is refused with the key's name, before anything runs
"$PW" ingest tail "$d/app.log" --checkpoint "$d/ck2.json" --once --max-line 10 2>"$d/range.err" && fail "--max-line 10 accepted"
grep -q 'max_line' "$d/range.err" || fail "the range error does not name the key: $(cat "$d/range.err")"
echo "ok"
