#!/usr/bin/env bash
# it_sink_syslog_outage_sigkill: nothing is lost when a syslog sink dies. `patchwatch sink syslog --to tcp://`
# delivers 1,000 records to a local RFC 6587 receiver (octet counting, python on 127.0.0.1); the receiver is
# killed and stays down at least 10 s; 3,000 more records arrive and wait in the sink's durable queue; the sink
# is SIGKILLed during the outage and started again (the receiver still down); then the receiver comes back.
# Every one of the 4,000 records must arrive, in order, each with its record id as
# [patchwatch@32473 id="..."]; a record sent twice may only ever carry the same id.
set -uo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
. "$HERE/pw_lib.inc"
d=$(mktemp -d /tmp/pw-it-syslogkill-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; tail -5 "$d/sink.err" >&2; exit 1; }
export XDG_STATE_HOME=$d/state
P=$(port)
OUTAGE=10 # seconds the receiver stays down
start_sink() { # extra args
    "$PW" sink syslog -v --in "ipc://$d/in.sock" --bind --to "tcp://127.0.0.1:$P" --queue-dir "$d/queue" "$@" \
        2>>"$d/sink.err" &
    sink=$!
    pids+=($sink)
}
queued() { python3 -c 'import glob,sys; print(sum(open(f,"rb").read().count(b"PWQ1") for f in glob.glob(sys.argv[1]+"/*.seg")))' "$d/queue"; }
got() { [ -f "$d/got.txt" ] && wc -l <"$d/got.txt" || echo 0; }
cat >"$d/recv.py" <<'PY'
# An RFC 6587 receiver (octet counting): appends each message, one per line, to a file as it arrives.
import socket, sys
port, out = int(sys.argv[1]), open(sys.argv[2], "a")
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port)); srv.listen(4)
while True:
    c, _ = srv.accept()
    buf = b""
    while True:
        data = c.recv(65536)
        if not data: break
        buf += data
        while True:                                  # LEN SP MSG
            sp = buf.find(b" ")
            if sp < 0: break
            ln = int(buf[:sp])
            if len(buf) < sp + 1 + ln: break
            out.write(buf[sp + 1:sp + 1 + ln].decode().replace("\n", "\\n") + "\n"); out.flush()
            buf = buf[sp + 1 + ln:]
    c.close()
PY
start_receiver() {
    python3 "$d/recv.py" "$P" "$d/got.txt" &
    recv=$!
    pids+=($recv)
    for _ in $(seq 100); do python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1",int(sys.argv[1])),1).close()' "$P" 2>/dev/null && return 0; sleep 0.05; done
    fail "receiver did not start on $P"
}
for i in $(seq 1 4000); do echo "{\"id\":\"a-$i\",\"@timestamp\":\"2025-07-09T08:00:00Z\",\"kind\":\"regression\",\"n\":$i}"; done >"$d/all.jsonl"
head -1000 "$d/all.jsonl" >"$d/a.jsonl"
tail -3000 "$d/all.jsonl" >"$d/b.jsonl"

start_receiver
start_sink
timeout 30 "$PW" bus send --topic alert "ipc://$d/in.sock" "$d/a.jsonl" 2>/dev/null || fail "bus send a"
for _ in $(seq 200); do [ "$(got)" -ge 1000 ] && break; sleep 0.05; done
[ "$(got)" -ge 1000 ] || fail "first 1000 not delivered: $(got)"
kill -9 "$recv"; wait "$recv" 2>/dev/null                                # the receiver goes down
down=$(date +%s.%N)
timeout 30 "$PW" bus send --topic alert "ipc://$d/in.sock" "$d/b.jsonl" 2>/dev/null || fail "bus send b"
for _ in $(seq 200); do [ "$(queued)" -ge 4000 ] && break; sleep 0.05; done
[ "$(queued)" -ge 4000 ] || fail "only $(queued) records reached the queue"
kill -9 "$sink"; wait "$sink" 2>/dev/null                                # the sink dies during the outage
[ "$(got)" -eq 1000 ] || fail "records arrived during the outage: $(got)"
start_sink --count 3000                                                  # restarted: replays its queue first
sleep "$(python3 -c "import time,sys; print(max(0.5, $OUTAGE - (time.time() - float(sys.argv[1]))))" "$down")"
start_receiver                                                           # the receiver comes back
timeout 90 tail --pid="$sink" -f /dev/null || fail "the restarted sink did not deliver 3000 records"
wait "$sink" || fail "restarted sink exited $?"
grep -q "3000 undelivered record(s) from a previous run are sent first" "$d/sink.err" || fail "no replay message"
python3 - "$d/got.txt" "$down" <<'PY' || fail "delivery check"
import json, re, sys
seen, order = {}, []
for m in open(sys.argv[1]):
    r = re.match(r'<\d+>1 \S+ \S+ \S+ \S+ alert \[patchwatch@32473 id="([0-9a-f]{32})"[^\]]*\] \ufeff(.*)$', m.rstrip("\n"))
    assert r, m
    _id, n = r.group(1), json.loads(r.group(2))["n"]
    assert seen.setdefault(_id, n) == n, ("one id, two records", _id)
    if n not in order: order.append(n)
assert len(seen) == 4000 and sorted(seen.values()) == list(range(1, 4001)), len(seen)
assert order == list(range(1, 4001)), "out of order"
print("ok: 4000 records, 4000 ids, in order")
PY
echo ok
