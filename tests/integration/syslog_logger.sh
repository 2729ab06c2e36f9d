#!/usr/bin/env bash
# util-linux logger -> patchwatch ingest syslog on 127.0.0.1: RFC 5424 and RFC 3164, over UDP, TCP with
# octet counting and TCP with LF framing. Every message must arrive exactly once with its fields right.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v logger >/dev/null || { echo "skipped: logger (bsdutils) not installed"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
. "$here/syslog_lib.inc"
start_patchwatch

N=40
# one logger run per mode; each line of the input file is one message
send() { # mode name, logger options...
  local mode=$1; shift
  seq 1 $N | sed "s/^/$mode message /" >"$work/in-$mode"
  logger -n 127.0.0.1 --id=4242 -p local3.warning -f "$work/in-$mode" "$@"
}
send u5424 --rfc5424 -d -P "$UDP_PORT" -t appu5 --msgid MSGU5 --sd-id test@32473 --sd-param 'mode="u5424"'
send u3164 --rfc3164 -d -P "$UDP_PORT" -t appu3
send t5424 --rfc5424 -T --octet-count -P "$TCP_PORT" -t appt5 --msgid MSGT5 --sd-id test@32473 --sd-param 'mode="t5424"'
send t3164 --rfc3164 -T --octet-count -P "$TCP_PORT" -t appt3
send l5424 --rfc5424 -T -P "$TCP_PORT" -t appl5 --msgid MSGL5   # LF framing (no --octet-count)
wait_lines $((5 * N))
sleep 0.3 # anything beyond the expected count (duplicates) would arrive now
stop_patchwatch

python3 - "$work/out.jsonl" "$N" "$(hostname)" <<'PY'
import json, sys, collections
path, n, host = sys.argv[1], int(sys.argv[2]), sys.argv[3]
expect = {  # mode: (appname, transport, msgid, sd)
    "u5424": ("appu5", "udp", "MSGU5", True), "u3164": ("appu3", "udp", None, False),
    "t5424": ("appt5", "tcp", "MSGT5", True), "t3164": ("appt3", "tcp", None, False),
    "l5424": ("appl5", "tcp", "MSGL5", False),
}
seen = collections.Counter()
bad = []
for line in open(path):
    e = json.loads(line)
    msg = e.get("message", "")
    seen[msg] += 1
    mode = msg.split(" ")[0]
    app, transport, msgid, sd = expect.get(mode, (None,) * 4)
    s = e.get("log", {}).get("syslog", {})
    checks = [
        (app is not None, "unknown mode"),
        (not e.get("patchwatch", {}).get("parse_error"), "parse error"),
        (s.get("appname") == app and e.get("process", {}).get("name") == app, "appname"),
        (s.get("procid") == "4242" and e.get("process", {}).get("pid") == 4242, "procid"),
        (s.get("facility", {}).get("name") == "local3" and s.get("facility", {}).get("code") == 19, "facility"),
        (s.get("severity", {}).get("name") == "warning" and e.get("log", {}).get("level") == "warning", "severity"),
        (e.get("host", {}).get("name") == host, "hostname"),
        (e.get("source", {}).get("ip") == "127.0.0.1", "source.ip"),
        (e.get("network", {}).get("transport") == transport, "transport"),
        (s.get("msgid") == msgid, "msgid"),
        ("@timestamp" in e, "timestamp"),
    ]
    if sd:
        checks.append((s.get("structured_data", {}).get("test@32473", {}).get("mode") == mode, "structured data"))
    for ok, what in checks:
        if not ok:
            bad.append(f"{what}: {line.strip()}")
want = {f"{m} message {i}" for m in expect for i in range(1, n + 1)}
missing = want - set(seen)
dups = [m for m, c in seen.items() if c > 1]
extra = set(seen) - want
for what, items in (("missing", missing), ("duplicated", dups), ("unexpected", extra)):
    if items:
        bad.append(f"{len(items)} {what}: {sorted(items)[:5]}")
if bad:
    print("\n".join(bad[:20]))
    sys.exit(1)
print(f"ok: {len(seen)} messages, each once, fields right")
PY
grep -q ' 0 parse errors, 0 oversize, 0 udp dropped' "$work/pw.err" || { cat "$work/pw.err"; exit 1; }
