#!/usr/bin/env bash
# it_sink_syslog_late_receiver: `patchwatch sink syslog --to tcp://...` starts while the receiver is down (it
# used to exit 1), queues what it takes off the bus, and delivers it once a real rsyslogd (started here, after
# the sink, with its own config and port on 127.0.0.1) listens: every record arrives once, in order, with its
# record id as RFC 5424 structured data [patchwatch@32473 id="..."].
set -uo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
HERE=$(cd "$(dirname "$0")" && pwd)
RSYSLOGD=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
[ -x "$RSYSLOGD" ] || { echo "skipped: rsyslogd not installed (apt-get install -y rsyslog)"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
. "$HERE/pw_lib.inc"
d=$(mktemp -d /tmp/pw-it-sinklate-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; cat "$d/sink.err" >&2; [ -f "$d/rs.out" ] && cat "$d/rs.out" >&2; exit 1; }
export XDG_STATE_HOME=$d/state
P=$(port)
timeout 90 "$PW" sink syslog -v --in "ipc://$d/in.sock" --bind --to "tcp://127.0.0.1:$P" --count 5 \
    --hostname collector 2>"$d/sink.err" &
sink=$!
pids+=($sink)
for i in 1 2 3 4 5; do echo "{\"id\":\"a-$i\",\"@timestamp\":\"2025-07-09T08:00:0$i.000000Z\",\"kind\":\"regression\"}"; done >"$d/alerts.jsonl"
timeout 30 "$PW" bus send --topic alert "ipc://$d/in.sock" "$d/alerts.jsonl" 2>/dev/null || fail "bus send"
sleep 1
kill -0 $sink 2>/dev/null || fail "the sink did not keep running while the receiver was down"
grep -q "records are queued until it answers" "$d/sink.err" || fail "no word about the receiver being down"
cat >"$d/rsyslog.conf" <<CONF
global(workDirectory="$d" maxMessageSize="64k")
module(load="imtcp")
template(name="fields" type="string" string="%hostname% %msgid% %structured-data% %msg%\n")
input(type="imtcp" address="127.0.0.1" port="$P" ruleset="out")
ruleset(name="out") { action(type="omfile" file="$d/received.log" template="fields") }
CONF
"$RSYSLOGD" -n -f "$d/rsyslog.conf" -i "$d/rsyslogd.pid" >"$d/rs.out" 2>&1 &
pids+=($!)
timeout 60 tail --pid=$sink -f /dev/null || fail "the sink did not deliver after rsyslogd started"
wait $sink || fail "sink exited $?"
for _ in $(seq 100); do [ "$(wc -l <"$d/received.log" 2>/dev/null || echo 0)" -ge 5 ] && break; sleep 0.1; done
python3 - "$d/received.log" <<'PY' || fail "received: $(cat "$d/received.log")"
import json, re, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 5, lines
ids = []
for i, line in enumerate(lines, 1):
    m = re.fullmatch(r'collector alert \[patchwatch@32473 id="([0-9a-f]{32})"[^\]]*\] (.*)', line)
    assert m, line
    ids.append(m.group(1))
    assert json.loads(m.group(2).lstrip("\ufeff"))["id"] == "a-%d" % i, line   # in order
assert len(set(ids)) == 5, ids
print("ok")
PY
echo ok
