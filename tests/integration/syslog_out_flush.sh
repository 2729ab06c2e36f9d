#!/bin/bash
# it_syslog_out_flush: `patchwatch ingest syslog -o FILE` shows what came within a second while the stream is
# quiet (10 messages, then silence: all 10 in the file after 2 s, the receiver still running), and keeps
# flushing at least every second under a steady trickle that never goes quiet for a whole poll.
set -u
. "$(dirname "$0")/syslog_lib.inc"
out=$work/file.jsonl
"$PATCHWATCH" ingest syslog --tcp 127.0.0.1:0 -o "$out" 2>"$work/pw.err" &
pw_pid=$!
for _ in $(seq 100); do grep -q 'listening on tcp' "$work/pw.err" 2>/dev/null && break; sleep 0.05; done
TCP_PORT=$(sed -n 's/.*listening on tcp 127.0.0.1:\([0-9]*\).*/\1/p' "$work/pw.err")
[ -n "$TCP_PORT" ] || { echo "FAIL: patchwatch did not start"; cat "$work/pw.err"; exit 1; }
python3 - "$TCP_PORT" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
for i in range(10):
    s.sendall(b"<13>Jun 14 15:16:01 web1 app[1]: quiet message %d\n" % i)
s.close()
PY
sleep 2
n=$(wc -l <"$out" 2>/dev/null || echo 0)
[ "$n" -eq 10 ] || { echo "FAIL: $n of 10 messages in the file after 2 s of quiet"; exit 1; }
kill -0 "$pw_pid" || { echo "FAIL: the receiver exited"; exit 1; }
# a trickle: one message every 50 ms for 3 s; the file must grow while it lasts
python3 - "$TCP_PORT" "$out" <<'PY'
import os, socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
sizes = []
for i in range(60):
    s.sendall(b"<13>Jun 14 15:16:02 web1 app[1]: trickle %d\n" % i)
    time.sleep(0.05)
    if i in (20, 40, 59):
        sizes.append(os.path.getsize(sys.argv[2]))
s.close()
if not (sizes[0] < sizes[1] < sizes[2]):
    print("FAIL: the file did not grow during a steady trickle:", sizes)
    sys.exit(1)
PY
[ $? -eq 0 ] || exit 1
stop_patchwatch
n=$(wc -l <"$out")
[ "$n" -eq 70 ] || { echo "FAIL: $n of 70 messages after stop"; exit 1; }
echo "ok: quiet and trickling streams reach the file within a second"
