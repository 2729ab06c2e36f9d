#!/usr/bin/env bash
# it_sink_outage_sigkill: nothing is lost when a sink dies. `patchwatch sink http` (es-bulk) delivers 1,000
# records to a local _bulk receiver; the receiver goes down for at least 10 s; 3,000 more records arrive and wait in the sink's
# durable queue; the sink is killed with SIGKILL during the outage and started again (the receiver still down),
# then the receiver comes back. Every one of the 4,000 records must arrive, in order, each exactly once by its
# _id (the stable record id), and a resent duplicate may only ever carry the same _id.
set -uo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
. "$HERE/pw_lib.inc"
d=$(mktemp -d /tmp/pw-it-outage-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; tail -20 "$d/sink.err" >&2; exit 1; }
export XDG_STATE_HOME=$d/state
P=$(port)
start_receiver() {
    rm -f "$d/port"
    python3 "$HERE/sink_receiver.py" "$d/req.jsonl" "$d/port" --port "$P" &
    recv=$!
    pids+=($recv)
    for _ in $(seq 100); do [ -s "$d/port" ] && return 0; sleep 0.05; done
    fail "receiver did not start on $P"
}
start_sink() { # extra args
    "$PW" sink http -v --in "ipc://$d/in.sock" --bind --url "http://127.0.0.1:$P" --format es-bulk --batch 200 \
        --queue-dir "$d/queue" "$@" 2>>"$d/sink.err" &
    sink=$!
    pids+=($sink)
}
queued() { python3 -c 'import glob,sys; print(sum(open(f,"rb").read().count(b"PWQ1") for f in glob.glob(sys.argv[1]+"/*.seg")))' "$d/queue"; }
delivered() { python3 - "$d/req.jsonl" <<'PY'
import json, sys
n = 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["path"] == "/_bulk": n += r["body"].count("\n") // 2
print(n)
PY
}
for i in $(seq 1 4000); do echo "{\"@timestamp\":\"2025-07-09T08:00:00Z\",\"host\":{\"name\":\"h$((i % 7))\"},\"n\":$i}"; done >"$d/all.jsonl"
head -1000 "$d/all.jsonl" >"$d/a.jsonl"
tail -3000 "$d/all.jsonl" >"$d/b.jsonl"

start_receiver
start_sink
timeout 30 "$PW" bus send --topic event "ipc://$d/in.sock" "$d/a.jsonl" 2>/dev/null || fail "bus send a"
for _ in $(seq 200); do [ "$(delivered)" -ge 1000 ] && break; sleep 0.05; done
[ "$(delivered)" -eq 1000 ] || fail "first 1000 not delivered: $(delivered)"
kill "$recv"; wait "$recv" 2>/dev/null                                   # the receiver goes down
down=$(date +%s.%N)
timeout 30 "$PW" bus send --topic event "ipc://$d/in.sock" "$d/b.jsonl" 2>/dev/null || fail "bus send b"
for _ in $(seq 200); do [ "$(queued)" -ge 4000 ] && break; sleep 0.05; done
[ "$(queued)" -ge 4000 ] || fail "only $(queued) records reached the queue"
kill -9 "$sink"; wait "$sink" 2>/dev/null                                # the sink dies during the outage
[ "$(delivered)" -eq 1000 ] || fail "records delivered during the outage: $(delivered)"
start_sink --count 3000                                                  # restarted: replays its queue first
sleep "$(python3 -c "import time,sys; print(max(0.5, 10 - (time.time() - float(sys.argv[1]))))" "$down")" # down >= 10 s
start_receiver                                                           # the receiver comes back
timeout 90 tail --pid="$sink" -f /dev/null || fail "the restarted sink did not deliver 3000 records"
wait "$sink" || fail "restarted sink exited $?"
grep -q "3000 undelivered record(s) from a previous run are sent first" "$d/sink.err" || fail "no replay message"

python3 - "$d/req.jsonl" <<'PY' || fail "delivery check"
import json, sys
seen, order, total = {}, [], 0
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["path"] != "/_bulk": continue
    lines = r["body"].splitlines()
    for a, doc in zip(lines[0::2], lines[1::2]):
        _id, n = json.loads(a)["index"]["_id"], json.loads(doc)["n"]
        total += 1
        assert seen.setdefault(_id, n) == n, ("one id, two records", _id)
        if n not in order: order.append(n)
assert len(seen) == 4000, len(seen)                     # every record, by id
assert sorted(seen.values()) == list(range(1, 4001))
assert order == list(range(1, 4001)), "out of order"
assert total == 4000, ("duplicates", total - 4000)      # exactly once: nothing was half-sent before the kill
print("ok: 4000 records, 4000 ids, delivered once each")
PY
echo ok
