#!/usr/bin/env bash
# it_sink_syslog_tls: `patchwatch sink syslog --to tls://` (RFC 5425) against a real rsyslogd with its OpenSSL
# stream driver, with a CA, server and client certificates this test makes with openssl. Checks that
#  1. messages arrive over TLS, parsed by rsyslog as sent (RFC 5424 with structured data);
#  2. a receiver whose certificate the sink's CA does not vouch for gets nothing, the sink says the problem
#     cannot heal by itself and keeps running (it keeps the message and retries slowly);
#  3. a receiver that requires client certificates (x509/certvalid) accepts the sink with --tls-cert/--tls-key.
set -euo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
RSYSLOGD=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
[ -x "$RSYSLOGD" ] || { echo "skipped: rsyslogd not installed (apt-get install -y rsyslog)"; exit 77; }
. "$(dirname "$0")/pw_lib.inc"
. "$(dirname "$0")/tls_lib.inc"
tls_need_rsyslog_ossl
d=$(mktemp -d /tmp/pw-it-syslogtls-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$d"/*.err "$d"/rs*.out; do [ -f "$f" ] && { echo "== $f"; cat "$f"; } >&2; done; exit 1; }

# a CA, a server certificate for 127.0.0.1, a client certificate; and a second CA nobody trusts
tls_ca "$d" ca
tls_ca "$d" otherca
tls_cert "$d" server ca "IP:127.0.0.1,DNS:localhost"
tls_cert "$d" pw-sink ca "DNS:pw-sink"

start_rsyslog() { # NAME AUTHMODE [MODULE-PARAMS] -> sets PORT
    PORT=$(port)
    cat >"$d/$1.conf" <<CONF
global(workDirectory="$d" maxMessageSize="64k"
       DefaultNetstreamDriver="ossl" DefaultNetstreamDriverCAFile="$d/ca.pem"
       DefaultNetstreamDriverCertFile="$d/server.pem" DefaultNetstreamDriverKeyFile="$d/server.key")
module(load="imtcp" StreamDriver.Name="ossl" StreamDriver.Mode="1" StreamDriver.AuthMode="$2" ${3:-})
template(name="fields" type="string" string="%hostname% %app-name% %msgid% %structured-data% %msg%\n")
input(type="imtcp" address="127.0.0.1" port="$PORT" ruleset="out")
ruleset(name="out") { action(type="omfile" file="$d/$1.log" template="fields") }
CONF
    "$RSYSLOGD" -n -f "$d/$1.conf" -i "$d/$1.pid" >"$d/rs-$1.out" 2>&1 &
    pids+=($!)
    wait_port "$PORT" || fail "rsyslogd $1 did not listen"
}
alert='{"id":"a-1","@timestamp":"2025-07-09T08:00:01Z","kind":"regression","patch":"KB5062557","status":"open"}'
send_one() { # NAME sink-options...
    local name=$1; shift
    "$PW" sink syslog --in "ipc://$d/$name.sock" --bind --count 1 --hostname collector "$@" 2>"$d/$name.err" &
    SINK=$!
    pids+=($SINK)
    echo "$alert" | timeout 20 "$PW" bus send --topic alert "ipc://$d/$name.sock" - 2>/dev/null || fail "bus send"
}
wait_lines() { # FILE N
    for _ in $(seq 100); do [ "$(wc -l <"$1" 2>/dev/null || echo 0)" -ge "$2" ] && return 0; sleep 0.1; done
    return 1
}

# 1. verified TLS to an address (the certificate's IP SAN)
start_rsyslog plain anon
send_one ok --to "tls://127.0.0.1:$PORT" --ca-file "$d/ca.pem"
timeout 20 tail --pid=$SINK -f /dev/null || fail "sink did not finish"
wait $SINK || fail "sink exited $?"
wait_lines "$d/plain.log" 1 || fail "rsyslog received nothing over TLS"
grep -Eq '^collector patchwatch alert \[patchwatch@32473 id="[0-9a-f]{32}" alertId="a-1" kind="regression" status="open" patch="KB5062557"\] .*"patch":"KB5062557"' \
    "$d/plain.log" || fail "unexpected: $(cat "$d/plain.log")"

# 2. the receiver's certificate is from a CA the sink does not trust: nothing delivered, said once, still running
send_one badca --to "tls://127.0.0.1:$PORT" --ca-file "$d/otherca.pem"
for _ in $(seq 100); do grep -q "cannot heal by itself" "$d/badca.err" && break; sleep 0.1; done
grep -q "certificate verification failed.*cannot heal by itself" "$d/badca.err" || fail "no permanent-error message"
sleep 1
kill -0 $SINK 2>/dev/null || fail "the sink gave up instead of keeping the message"
[ "$(grep -c "cannot heal" "$d/badca.err")" -eq 1 ] || fail "said more than once"
[ "$(wc -l <"$d/plain.log")" -eq 1 ] || fail "something was delivered despite the untrusted certificate"
kill $SINK; wait $SINK 2>/dev/null || true

# 3. client certificates required: refused without, accepted with --tls-cert/--tls-key
start_rsyslog mutual x509/name 'PermittedPeer=["pw-sink"]'
send_one withcert --to "tls://localhost:$PORT" --ca-file "$d/ca.pem" --tls-cert "$d/pw-sink.pem" --tls-key "$d/pw-sink.key"
timeout 20 tail --pid=$SINK -f /dev/null || fail "sink with a client certificate did not finish"
wait_lines "$d/mutual.log" 1 || fail "rsyslog (x509/name) received nothing from a sink with a client certificate"
send_one nocert --to "tls://localhost:$PORT" --ca-file "$d/ca.pem"
sleep 2
[ "$(wc -l <"$d/mutual.log")" -eq 1 ] || fail "rsyslog (x509/name) accepted a sink without a client certificate"
echo ok
