#!/usr/bin/env bash
# it_sink_syslog_outage_sigkill: nothing is lost when a syslog sink dies. `patchwatch sink syslog --to tcp://`
# takes 4,000 records off the bus while its receiver is down (they wait in the durable queue), is killed with
# SIGKILL, started again, and then the receiver comes up: a local RFC 6587 receiver (octet counting, python on
# 127.0.0.1) must get every record once, in order, each with its record id as [patchwatch@32473 id="..."].
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
N=4000
start_sink() { # extra args
    "$PW" sink syslog -v --in "ipc://$d/in.sock" --bind --to "tcp://127.0.0.1:$P" --queue-dir "$d/queue" "$@" \
        2>>"$d/sink.err" &
    sink=$!
    pids+=($sink)
}
queued() { python3 -c 'import glob,sys; print(sum(open(f,"rb").read().count(b"PWQ1") for f in glob.glob(sys.argv[1]+"/*.seg")))' "$d/queue"; }
for i in $(seq 1 $N); do echo "{\"id\":\"a-$i\",\"@timestamp\":\"2025-07-09T08:00:00Z\",\"kind\":\"regression\",\"n\":$i}"; done >"$d/all.jsonl"

start_sink
timeout 30 "$PW" bus send --topic alert "ipc://$d/in.sock" "$d/all.jsonl" 2>/dev/null || fail "bus send"
for _ in $(seq 200); do [ "$(queued)" -ge $N ] && break; sleep 0.05; done
[ "$(queued)" -ge $N ] || fail "only $(queued) records reached the queue"
kill -9 "$sink"; wait "$sink" 2>/dev/null
start_sink --count $N
sleep 1
cat >"$d/recv.py" <<'PY'
import json, re, socket, sys
port, n, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port)); srv.listen(4)
got, buf = [], b""
while len(got) < n:
    c, _ = srv.accept()
    c.settimeout(60)
    while len(got) < n:
        data = c.recv(65536)
        if not data: break
        buf += data
        while True:                                  # RFC 6587 octet counting: LEN SP MSG
            sp = buf.find(b" ")
            if sp < 0: break
            ln = int(buf[:sp]); 
            if len(buf) < sp + 1 + ln: break
            got.append(buf[sp + 1:sp + 1 + ln].decode()); buf = buf[sp + 1 + ln:]
    c.close()
ids, ns = [], []
for m in got:
    r = re.match(r'<\d+>1 \S+ \S+ \S+ \S+ alert \[patchwatch@32473 id="([0-9a-f]{32})"[^\]]*\] \ufeff(.*)$', m)
    assert r, m
    ids.append(r.group(1)); ns.append(json.loads(r.group(2))["n"])
assert len(set(ids)) == n and ns == list(range(1, n + 1)), (len(set(ids)), ns[:5])
open(out, "w").write("ok %d\n" % len(got))
PY
timeout 90 python3 "$d/recv.py" "$P" $N "$d/result" &
recv=$!
pids+=($recv)
wait $recv || fail "receiver check failed"
timeout 30 tail --pid="$sink" -f /dev/null || fail "the restarted sink did not finish"
wait "$sink" || fail "restarted sink exited $?"
grep -q "$N undelivered record(s) from a previous run are sent first" "$d/sink.err" || fail "no replay message"
cat "$d/result"
echo ok
