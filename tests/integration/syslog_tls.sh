#!/usr/bin/env bash
# it_syslog_tls: syslog over TLS (RFC 5425) into `patchwatch ingest syslog --tls`, with client certificates
# required, against real peers on 127.0.0.1:
#  - rsyslogd with its OpenSSL driver (rsyslog-openssl, omfwd StreamDriver="ossl", x509/certvalid) forwarding
#    50 messages from logger, octet-counted, presenting a client certificate from the test CA: all arrive once,
#    fields right, tls.established;
#  - openssl s_client with the client certificate: its octet-counted message arrives;
#  - openssl s_client without a certificate, and with a self-signed one: refused, logged with the peer's address
#    and the reason, counted, and nothing they sent is kept;
#  - the same listener with --tls-verify-client optional takes a client without a certificate.
# Certificates are made here with the openssl command (a CA, a server certificate for IP 127.0.0.1, clients).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
command -v openssl >/dev/null || { echo "skipped: openssl not installed (apt-get install -y openssl)"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
RSYSLOGD=$(command -v rsyslogd || echo /usr/sbin/rsyslogd)
HAVE_RS=1
{ [ -x "$RSYSLOGD" ] && [ -e /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_ossl.so ] || ls /usr/lib/*/rsyslog/lmnsd_ossl.so >/dev/null 2>&1; } || HAVE_RS=0
. "$here/syslog_lib.inc"
fail() { echo "FAIL: $*" >&2; cat "$work/pw.err" >&2; exit 1; }
c="$work/certs"
mkdir -p "$c"
(
  cd "$c"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=patchwatch test CA" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >srv.ext
  openssl req -newkey rsa:2048 -nodes -keyout srv.key -out srv.csr -subj "/CN=127.0.0.1" 2>/dev/null
  openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem -days 2 -extfile srv.ext 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' >cli.ext
  openssl req -newkey rsa:2048 -nodes -keyout cli.key -out cli.csr -subj "/CN=web1.example" 2>/dev/null
  openssl x509 -req -in cli.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out cli.pem -days 2 -extfile cli.ext 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -keyout rogue.key -out rogue.pem -days 2 -subj "/CN=web1.example" 2>/dev/null
)

start_tls() { # $1: verify mode
  "$PATCHWATCH" ingest syslog --tls 127.0.0.1:0 --tls-cert "$c/srv.pem" --tls-key "$c/srv.key" --tls-ca "$c/ca.pem" \
      --tls-verify-client "$1" >"$work/out.jsonl" 2>"$work/pw.err" &
  pw_pid=$!
  for _ in $(seq 100); do
    grep -q 'listening on tls' "$work/pw.err" 2>/dev/null && break
    sleep 0.05
  done
  TLS_PORT=$(sed -n 's/.*listening on tls 127.0.0.1:\([0-9]*\).*/\1/p' "$work/pw.err")
  [ -n "$TLS_PORT" ] || fail "patchwatch did not start"
}
octet() { printf '%d %s' "${#1}" "$1"; }
send_sclient() { # message, extra s_client options...
  local m=$1; shift
  octet "$m" | timeout 10 openssl s_client -connect "127.0.0.1:$TLS_PORT" -CAfile "$c/ca.pem" -verify_return_error \
      -no_ign_eof -quiet "$@" >/dev/null 2>&1 || true
}

start_tls require
send_sclient "<13>1 2026-12-04T05:00:00Z web1 app 11 - - with a good client certificate" -cert "$c/cli.pem" -key "$c/cli.key"
send_sclient "<13>1 2026-12-04T05:00:01Z web1 app 12 - - without a certificate"
send_sclient "<13>1 2026-12-04T05:00:02Z web1 app 13 - - with a self-signed certificate" -cert "$c/rogue.pem" -key "$c/rogue.key"
# not TLS at all
python3 -c "import socket; s=socket.create_connection(('127.0.0.1', $TLS_PORT)); s.sendall(b'20 <13>plaintext hello'); s.close()"

N=0
if [ $HAVE_RS = 1 ]; then
  N=50
  IN_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$work/rs"
  cat >"$work/rs/rsyslog.conf" <<CONF
global(workDirectory="$work/rs" maxMessageSize="64k"
       DefaultNetstreamDriver="ossl" DefaultNetstreamDriverCAFile="$c/ca.pem"
       DefaultNetstreamDriverCertFile="$c/cli.pem" DefaultNetstreamDriverKeyFile="$c/cli.key")
module(load="imtcp")
input(type="imtcp" address="127.0.0.1" port="$IN_PORT" ruleset="fwd")
ruleset(name="fwd") {
  action(type="omfwd" target="127.0.0.1" port="$TLS_PORT" protocol="tcp" TCP_Framing="octet-counted"
         StreamDriver="ossl" StreamDriverMode="1" StreamDriverAuthMode="x509/certvalid"
         template="RSYSLOG_SyslogProtocol23Format")
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
  seq 1 $N | sed 's/^/via rsyslog over tls /' >"$work/in"
  logger --rfc5424 -T --octet-count -n 127.0.0.1 -P "$IN_PORT" --id=777 -p daemon.err -t rsapp -f "$work/in"
  wait_lines $((N + 1)) || { cat "$work/rs/out"; fail "rsyslog's messages did not all arrive"; }
  sleep 0.3
  kill -TERM $rs_pid; wait $rs_pid || true
  extra_cleanup=
else
  echo "note: rsyslogd with the ossl driver (rsyslog-openssl) not installed: the rsyslog part is skipped"
fi
sleep 0.3
stop_patchwatch
python3 - "$work/out.jsonl" "$N" <<'PY' || fail "events wrong"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
n = int(sys.argv[2])
msgs = [e.get("message") for e in ev]
assert msgs.count("with a good client certificate") == 1, msgs[:5]
assert not any("without a certificate" in (m or "") or "self-signed" in (m or "") or "plaintext" in (m or "") for m in msgs), msgs
for i in range(1, n + 1):
    assert msgs.count("via rsyslog over tls %d" % i) == 1, ("rsyslog message", i, msgs.count("via rsyslog over tls %d" % i))
assert len(ev) == n + 1, len(ev)
for e in ev:
    assert e["network"]["transport"] == "tcp" and e["tls"]["established"] is True, e
    assert e["source"]["ip"] == "127.0.0.1" and not e.get("patchwatch", {}).get("parse_error"), e
PY
[ "$(grep -c 'tls 127.0.0.1: handshake refused' "$work/pw.err")" -ge 3 ] || fail "refusals not logged"
grep -q 'handshake refused: .*peer did not return a certificate' "$work/pw.err" || fail "no-certificate refusal without its reason"
grep -q 'handshake refused: .*certificate: self-signed certificate' "$work/pw.err" || fail "self-signed refusal without its reason"
grep -Eq "$((1 + (N > 0 ? 1 : 0))) tls sessions \(3 refused\)" "$work/pw.err" || fail "refusals not counted: $(tail -1 "$work/pw.err")"

start_tls optional
send_sclient "<13>1 2026-12-04T05:00:03Z web1 app 14 - - optional, no certificate"
send_sclient "<13>1 2026-12-04T05:00:04Z web1 app 15 - - optional, self-signed" -cert "$c/rogue.pem" -key "$c/rogue.key"
wait_lines 1 || fail "optional: the client without a certificate was refused"
sleep 0.3
stop_patchwatch
grep -q 'optional, no certificate' "$work/out.jsonl" || fail "optional: message missing"
! grep -q 'optional, self-signed' "$work/out.jsonl" || fail "optional: a bad certificate that was presented was accepted"
echo "ok: syslog over TLS from rsyslog ($N) and s_client; clients without a valid certificate refused, logged, counted"
