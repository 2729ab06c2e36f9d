#!/usr/bin/env bash
# syslog over TCP -> patchwatch ingest syslog -> the bus (PUSH, ipc://) -> patchwatch sink jsonl.
# The consumer starts late: until it does, the bus cannot take events, the receiver stops reading and the
# TCP sender has to wait (back-pressure) instead of anything being dropped. Then all 100,000 messages must
# come out of the bus exactly once.
set -euo pipefail
: "${PATCHWATCH:?}"
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
"$PATCHWATCH" sink jsonl --help >/dev/null 2>&1 || { echo "skipped: patchwatch sink jsonl not built"; exit 77; }
work=$(mktemp -d /tmp/pw-it-sysbus.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
N=100000
bus="ipc://$work/bus"

"$PATCHWATCH" ingest syslog --tcp 127.0.0.1:0 --out "$bus" 2>"$work/pw.err" & pw=$!; pids+=($pw)
for _ in $(seq 100); do grep -q 'listening on tcp' "$work/pw.err" 2>/dev/null && break; sleep 0.05; done
port=$(sed -n 's/.*listening on tcp 127.0.0.1:\([0-9]*\).*/\1/p' "$work/pw.err")
[ -n "$port" ] || { cat "$work/pw.err"; exit 1; }

python3 - "$port" "$N" "$work/sent" <<'PY' & pids+=($!)
import socket, sys
port, n, done = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
s = socket.create_connection(("127.0.0.1", port))
buf = bytearray()
for i in range(n):
    m = f"<134>1 2025-07-08T12:00:00Z web{i % 7} app 99 - - message {i:06d} {'x' * 120}".encode()
    buf += str(len(m)).encode() + b" " + m
s.sendall(buf)   # blocks while nobody drains the bus
s.close()
open(done, "w").write("sent\n")
PY
sleep 3
[ ! -e "$work/sent" ] || { echo "the sender finished while the bus had no consumer: nothing held it back"; exit 1; }

"$PATCHWATCH" sink jsonl --in "$bus" --bind --count "$N" --idle-timeout 30 --out "$work/out.jsonl"
for _ in $(seq 100); do [ -e "$work/sent" ] && break; sleep 0.1; done
[ -e "$work/sent" ] || { echo "the sender never finished"; exit 1; }
kill -TERM "$pw"; wait "$pw"
grep -q "$N messages" "$work/pw.err" || { cat "$work/pw.err"; exit 1; }

python3 - "$work/out.jsonl" "$N" <<'PY'
import json, sys, collections
path, n = sys.argv[1], int(sys.argv[2])
seen = collections.Counter()
for line in open(path):
    e = json.loads(line)
    assert e["log"]["syslog"]["appname"] == "app" and e["source"]["ip"] == "127.0.0.1", line
    seen[int(e["message"].split()[1])] += 1
missing = [i for i in range(n) if not seen[i]]
dups = [i for i, c in seen.items() if c > 1]
print(f"{sum(seen.values())} events through the bus, {len(missing)} missing, {len(dups)} duplicated")
sys.exit(1 if missing or dups else 0)
PY
