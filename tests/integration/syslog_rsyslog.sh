#!/usr/bin/env bash
# A real rsyslogd (Debian rsyslog), started here with its own config, pid file and work directory (the
# system syslog is not involved), receives messages from logger on a loopback port and forwards each one to
# patchwatch three ways: TCP octet-counted RFC 5424 (RSYSLOG_SyslogProtocol23Format), UDP with an RFC 3339
# timestamp in the BSD position (RSYSLOG_ForwardFormat), and TCP LF-framed classic BSD
# (RSYSLOG_TraditionalForwardFormat). Every message must arrive once per forwarding rule, fields right.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
RSYSLOGD=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
[ -x "$RSYSLOGD" ] || { echo "skipped: rsyslogd not installed (apt-get install -y rsyslog)"; exit 77; }
command -v logger >/dev/null || { echo "skipped: logger (bsdutils) not installed"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
. "$here/syslog_lib.inc"
start_patchwatch

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
IN_PORT=$(free_port)
mkdir -p "$work/rs"
cat >"$work/rs/rsyslog.conf" <<CONF
global(workDirectory="$work/rs" maxMessageSize="64k")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="$IN_PORT" ruleset="fwd")
ruleset(name="fwd") {
  action(type="omfwd" target="127.0.0.1" port="$TCP_PORT" protocol="tcp" TCP_Framing="octet-counted"
         template="RSYSLOG_SyslogProtocol23Format")
  action(type="omfwd" target="127.0.0.1" port="$UDP_PORT" protocol="udp" template="RSYSLOG_ForwardFormat")
  action(type="omfwd" target="127.0.0.1" port="$TCP_PORT" protocol="tcp" template="RSYSLOG_TraditionalForwardFormat")
}
CONF
"$RSYSLOGD" -n -f "$work/rs/rsyslog.conf" -i "$work/rs/rsyslogd.pid" >"$work/rs/out" 2>&1 &
rs_pid=$!
extra_cleanup='kill $rs_pid 2>/dev/null; wait $rs_pid 2>/dev/null || true'
for _ in $(seq 100); do
  python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $IN_PORT), 0.2)" 2>/dev/null && break
  kill -0 $rs_pid 2>/dev/null || { echo "rsyslogd failed:"; cat "$work/rs/out"; exit 1; }
  sleep 0.1
done

N=50
seq 1 $N | sed 's/^/via rsyslog message /' >"$work/in"
logger --rfc5424 -T --octet-count -n 127.0.0.1 -P "$IN_PORT" --id=777 -p daemon.err -t rsapp -f "$work/in"
wait_lines $((3 * N))
sleep 0.3
kill -TERM $rs_pid; wait $rs_pid || true
extra_cleanup=
stop_patchwatch

python3 - "$work/out.jsonl" "$N" "$(hostname)" <<'PY'
import json, sys, collections
path, n, host = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seen = collections.Counter()
bad = []
for line in open(path):
    e = json.loads(line)
    s = e.get("log", {}).get("syslog", {})
    transport = e.get("network", {}).get("transport")
    kind = "5424" if s.get("version") in (1, "1") else ("udp-iso" if transport == "udp" else "bsd")
    seen[(kind, e.get("message"))] += 1
    checks = [
        (not e.get("patchwatch", {}).get("parse_error"), "parse error"),
        (s.get("appname") == "rsapp", "appname"),
        (e.get("process", {}).get("pid") == 777, "pid"),
        (s.get("facility", {}).get("name") == "daemon", "facility"),
        (e.get("log", {}).get("level") == "err", "level"),
        (e.get("host", {}).get("name") == host, "hostname"),
        (e.get("source", {}).get("ip") == "127.0.0.1", "source.ip"),
        (e.get("@timestamp", "").startswith("20"), "timestamp"),
    ]
    for ok, what in checks:
        if not ok:
            bad.append(f"{what}: {line.strip()}")
for kind in ("5424", "udp-iso", "bsd"):
    for i in range(1, n + 1):
        c = seen.get((kind, f"via rsyslog message {i}"), 0)
        if c != 1:
            bad.append(f"{kind} message {i} arrived {c} times")
extra = [k for k in seen if not k[1] or not k[1].startswith("via rsyslog message ")]
if extra:
    bad.append(f"unexpected: {extra[:5]}")
if bad:
    print("\n".join(bad[:20]))
    sys.exit(1)
print(f"ok: {n} messages x 3 forwarding rules, each once, fields right")
PY
