#!/usr/bin/env bash
# it_run_syslog_rsyslog: `patchwatch run` (not the standalone sink) forwards its alerts to two real rsyslogd
# receivers, started here with their own configs: RFC 5424 over TLS (RFC 5425, rsyslog's OpenSSL driver, a CA
# this test makes; the sink verifies the receiver's certificate) and CEF over TCP. Every alert version run
# wrote to its jsonl sink must arrive at both, with the structured data and CEF fields the SIEM filters on.
set -euo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SIM=${PW_BINARY_DIR:?}/bench/bench_fleetsim
RSYSLOGD=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
[ -x "$SIM" ] || { echo "skipped: $SIM not built"; exit 77; }
[ -x "$RSYSLOGD" ] || { echo "skipped: rsyslogd not installed (apt-get install -y rsyslog)"; exit 77; }
. "$(dirname "$0")/pw_lib.inc"
. "$(dirname "$0")/tls_lib.inc"
tls_need_rsyslog_ossl
d=$(mktemp -d /tmp/pw-it-runsyslog-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$d"/*.err "$d"/rs-*.out; do [ -f "$f" ] && { echo "== $f"; tail -5 "$f"; } >&2; done; exit 1; }

tls_ca "$d" ca
tls_cert "$d" server ca "IP:127.0.0.1"

start_rsyslog() { # NAME DRIVER-GLOBALS MODULE-PARAMS -> sets PORT
    PORT=$(port)
    cat >"$d/$1.conf" <<CONF
global(workDirectory="$d" maxMessageSize="64k" $2)
module(load="imtcp" $3)
template(name="fields" type="string" string="%app-name% %msgid% %structured-data% %msg%\n")
input(type="imtcp" address="127.0.0.1" port="$PORT" ruleset="out")
ruleset(name="out") { action(type="omfile" file="$d/$1.log" template="fields") }
CONF
    "$RSYSLOGD" -n -f "$d/$1.conf" -i "$d/$1.pid" >"$d/rs-$1.out" 2>&1 &
    pids+=($!)
    wait_port "$PORT" || fail "rsyslogd $1 did not listen"
}
start_rsyslog tls "DefaultNetstreamDriver=\"ossl\" DefaultNetstreamDriverCAFile=\"$d/ca.pem\" DefaultNetstreamDriverCertFile=\"$d/server.pem\" DefaultNetstreamDriverKeyFile=\"$d/server.key\"" \
    'StreamDriver.Name="ossl" StreamDriver.Mode="1" StreamDriver.AuthMode="anon"'
TLS_PORT=$PORT
start_rsyslog cef "" ""
CEF_PORT=$PORT

"$SIM" --out "$d/fleet" --seed 7 --hosts 24 --days 20 --bad csv --report before >/dev/null 2>&1 || fail fleetsim
cat >"$d/run.yaml" <<END
rules: ${PW_SOURCE_DIR:?}/rules
sources:
  - {kind: jsonl, name: fleet, path: $d/fleet/events/*.jsonl}
  - {kind: feeds, name: reports, dir: $d/fleet/feeds, poll: false}
stages:
  correlate: {inventory: $d/fleet/inventory.yaml}
sinks:
  - {kind: jsonl, name: file, path: $d/alerts.jsonl, topics: [alert]}
  - {kind: syslog, name: siem-tls, to: "tls://127.0.0.1:$TLS_PORT", ca_file: $d/ca.pem, topics: [alert]}
  - {kind: syslog, name: siem-cef, to: "tcp://127.0.0.1:$CEF_PORT", format: cef, facility: local3, topics: [alert]}
END
"$PW" config check "$d/run.yaml" >/dev/null 2>"$d/check.err" || fail "config check: $(cat "$d/check.err")"
XDG_STATE_HOME="$d/state" timeout 120 "$PW" run -c "$d/run.yaml" 2>"$d/run.err" || fail "run exit $?"
n=$(wc -l <"$d/alerts.jsonl")
[ "$n" -ge 2 ] || fail "run wrote $n alerts (want >= 2)"
for f in tls cef; do
    for _ in $(seq 100); do [ "$(wc -l <"$d/$f.log" 2>/dev/null || echo 0)" -ge "$n" ] && break; sleep 0.1; done
done
python3 - "$d/alerts.jsonl" "$d/tls.log" "$d/cef.log" <<'PY' || fail "what rsyslog received differs from run's alerts"
import json, re, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
tls = open(sys.argv[2], encoding="utf-8").read().splitlines()
cef = open(sys.argv[3], encoding="utf-8").read().splitlines()
assert len(tls) == len(alerts) and len(cef) == len(alerts), (len(alerts), len(tls), len(cef))
for a, line in zip(alerts, tls):                       # in order, over TLS, RFC 5424 with structured data
    m = re.fullmatch(r'patchwatch alert \[patchwatch@32473 id="([0-9a-f]{32})" alertId="([0-9a-f]+)" kind="([a-z-]+)" '
                     r'status="([a-z]+)" patch="(KB\d+)"[^\]]*\] \ufeff(\{.*\})', line)
    assert m, line
    assert (m.group(2), m.group(3), m.group(4), m.group(5)) == (a["id"], a["kind"], a["status"], a["patch"]), line
    assert json.loads(m.group(6)) == a, "MSG is not the alert"
for a, line in zip(alerts, cef):                       # CEF over TCP
    assert line.startswith("patchwatch alert ") and "CEF:0|patchwatch|patchwatch|" in line, line
    ext = line.split("|", 7)[7]
    assert f"cs1={a['patch']}" in ext and f"externalId={a['id']}" in ext and f"cs3={a['status']}" in ext, ext
    if a.get("hosts"):
        assert f"dhost={a['hosts'][0]}" in ext and f"cn1={a['patched_affected']}" in ext, ext
    msg = ext.split(" msg=", 1)[1] if " msg=" in ext else ""
    assert len(msg.replace("\\\\", "\\").replace("\\=", "=")) <= 1023, len(msg)
print("ok:", len(alerts), "alert versions over TLS (RFC 5424) and TCP (CEF)")
PY
echo ok
