#!/usr/bin/env bash
# it_sink_syslog_rsyslog: `patchwatch sink syslog` against a real rsyslogd (started here with its own config,
# pid file and work directory; the system syslog is not involved). Messages go onto the bus with
# `patchwatch bus send`, the sink forwards them over TCP (RFC 6587 octet counting) and UDP, and rsyslog must
# parse each as RFC 5424 with our PRI, timestamp, host, APP-NAME, MSGID and the JSON (or CEF) as MSG.
set -euo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
RSYSLOGD=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
[ -x "$RSYSLOGD" ] || { echo "skipped: rsyslogd not installed (apt-get install -y rsyslog)"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
d=$(mktemp -d /tmp/pw-it-sinksyslog-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$d"
}
trap cleanup EXIT
export XDG_STATE_HOME=$d/state # the sink's durable queue
fail() { echo "FAIL: $*" >&2; [ -f "$d/rs.out" ] && cat "$d/rs.out" >&2; exit 1; }
free_port() { python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, int(sys.argv[1])); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' "$1"; }
TCP_PORT=$(free_port 1)
UDP_PORT=$(free_port 2)
cat >"$d/rsyslog.conf" <<CONF
global(workDirectory="$d" maxMessageSize="64k")
module(load="imtcp")
module(load="imudp")
template(name="fields" type="string"
         string="%syslogfacility% %syslogseverity% %timereported:::date-rfc3339% %hostname% %app-name% %procid% %msgid% %structured-data% %msg%\n")
input(type="imtcp" address="127.0.0.1" port="$TCP_PORT" ruleset="out")
input(type="imudp" address="127.0.0.1" port="$UDP_PORT" ruleset="out")
ruleset(name="out") { action(type="omfile" file="$d/received.log" template="fields") }
CONF
"$RSYSLOGD" -n -f "$d/rsyslog.conf" -i "$d/rsyslogd.pid" >"$d/rs.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $TCP_PORT), 0.2)" 2>/dev/null && break
    sleep 0.1
done

cat >"$d/alerts.jsonl" <<'JSON'
{"id":"a-1","@timestamp":"2025-07-09T08:00:01.250000Z","kind":"regression","patch":"KB5062557","template":"CSV <*> offline","status":"open","patched_affected":4,"hosts":["node3","node4"],"signature":"s\"q]x","recommendation":"RECO"}
{"id":"a-2","@timestamp":"2025-07-09T09:00:00.000000Z","kind":"early-warning","patch":"KB5062558"}
JSON
cat >"$d/events.jsonl" <<'JSON'
{"@timestamp":"2025-07-09T10:00:00.000000Z","host":{"name":"node7"},"log":{"level":"error"},"event":{"code":"5120"},"message":"CSV paused"}
JSON

run_sink() { # TARGET FORMAT COUNT TOPIC FILE
    "$PW" sink syslog --in "ipc://$d/in.sock" --bind --to "$1" --format "$2" --count "$3" --facility local3 \
        --hostname collector 2>>"$d/sink.err" &
    local sink=$!
    pids+=($sink)
    timeout 30 "$PW" bus send --topic "$4" "ipc://$d/in.sock" "$5" 2>/dev/null || fail "bus send $5"
    timeout 30 tail --pid=$sink -f /dev/null || fail "sink did not finish"
    wait $sink || fail "sink exited $?: $(cat "$d/sink.err")"
}
run_sink "tcp://127.0.0.1:$TCP_PORT" rfc5424 2 alert "$d/alerts.jsonl"
run_sink "udp://127.0.0.1:$UDP_PORT" rfc5424 1 event "$d/events.jsonl"
run_sink "tcp://127.0.0.1:$TCP_PORT" cef 1 alert <(head -1 "$d/alerts.jsonl")
for _ in $(seq 100); do [ "$(wc -l <"$d/received.log" 2>/dev/null || echo 0)" -ge 4 ] && break; sleep 0.1; done

python3 - "$d/received.log" <<'PY' || fail "rsyslog parsed something else"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
assert len(lines) == 4, lines
def fields(line):
    fac, sev, ts, host, app, pid, msgid, rest = line.split(" ", 7)
    # STRUCTURED-DATA is "-" or [ID k="v" ...] where a value may hold an escaped '"', '\\' or ']'
    if rest.startswith("-"):
        sd, msg = "-", rest[2:]
    else:
        i, esc = 1, False
        while not (rest[i] == "]" and not esc):
            esc = rest[i] == "\\" and not esc
            i += 1
        sd, msg = rest[:i + 1], rest[i + 2:]
    SD[line] = sd
    return fac, sev, ts, host, app, msgid, msg.lstrip("\ufeff")
SD = {}
# facility local3 = 19; regression -> err (3), early-warning -> notice (5); event log.level error -> 3
want = [("19", "3", "2025-07-09T08:00:01.25", "collector", "patchwatch", "alert"),
        ("19", "5", "2025-07-09T09:00:00", "collector", "patchwatch", "alert"),
        ("19", "3", "2025-07-09T10:00:00", "node7", "patchwatch", "event")]
for line, w in zip(lines[:3], want):
    fac, sev, ts, host, app, msgid, msg = fields(line)
    assert (fac, sev, host, app, msgid) == (w[0], w[1], w[3], w[4], w[5]), (line, w)
    assert ts.startswith(w[2]), (ts, w[2])
    obj = json.loads(msg)                      # MSG is the JSON object, intact
    assert isinstance(obj, dict), msg
assert json.loads(fields(lines[0])[6])["patch"] == "KB5062557"
# the alert's fields as RFC 5424 structured data under the default SD-ID, escaped as 6.3.3 says
# (after the stable record id the sink engine gives every record, for de-duplication)
import re
def sd(line):
    m = re.fullmatch(r'\[patchwatch@32473 id="[0-9a-f]{32}"(.*)\]', SD[line])
    assert m, SD[line]
    return m.group(1)
assert sd(lines[0]) == (' alertId="a-1" kind="regression" status="open" patch="KB5062557" '
                        'signature="s\\"q\\]x" hostsAffected="4"'), SD[lines[0]]
assert sd(lines[2]) == ' host="node7" code="5120"', SD[lines[2]]
cef = fields(lines[3])[6]
assert cef.startswith("CEF:0|patchwatch|patchwatch|") and "|regression|" in cef and "cs1=KB5062557" in cef, cef
ext = cef.split("|", 7)[7]
for kv in ("dvchost=collector", "shost=collector", "dhost=node3", "cn1Label=hostsAffected cn1=4", "msg=RECO"):
    assert kv in ext, (kv, ext)
print("rsyslog parsed", len(lines), "messages as sent")
PY
echo ok
