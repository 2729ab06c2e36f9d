#!/usr/bin/env bash
# it_sink_tls_cannot_heal: a sink whose HTTPS receiver shows a certificate that does not verify (self-signed,
# not in the CA file the sink trusts) must say once that this cannot heal by itself, keep the records (durable
# queue), and retry slowly rather than hammer the receiver; when the operator fixes the CA file, the kept records
# are delivered. The receiver is a local HTTPS server on 127.0.0.1 with a certificate made here by openssl.
set -uo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
command -v openssl >/dev/null || { echo "skipped: openssl not installed"; exit 77; }
d=$(mktemp -d /tmp/pw-it-tls-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; cat "$d/sink.err" >&2; exit 1; }
export XDG_STATE_HOME=$d/state
# the server's self-signed certificate (for 127.0.0.1), and an unrelated CA the sink is told to trust
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
    -keyout "$d/srv.key" -out "$d/srv.pem" 2>/dev/null || fail "openssl"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=other test CA" \
    -keyout "$d/other.key" -out "$d/other.pem" 2>/dev/null || fail "openssl"
python3 "$HERE/sink_receiver.py" "$d/req.jsonl" "$d/port" --cert "$d/srv.pem" --key "$d/srv.key" --token tok &
pids+=($!)
for _ in $(seq 100); do [ -s "$d/port" ] && break; sleep 0.05; done
port=$(cat "$d/port") || fail "receiver did not start"
printf '%s\n' '{"n":1}' '{"n":2}' '{"n":3}' >"$d/in.jsonl"

# 1. wrong CA: the records stay queued; one "cannot heal" line; no second attempt within the slow period
timeout 60 "$PW" sink http -v --in "ipc://$d/in.sock" --bind --url "https://127.0.0.1:$port" --format hec \
    --token tok --ca-file "$d/other.pem" --name tls1 --idle-timeout 4 2>"$d/sink.err" &
sink=$!
pids+=($sink)
timeout 30 "$PW" bus send --topic alert "ipc://$d/in.sock" "$d/in.jsonl" 2>/dev/null || fail "bus send"
wait $sink || fail "sink exited $?"
[ "$(grep -c 'cannot heal by itself' "$d/sink.err")" -eq 1 ] || fail "expected one 'cannot heal by itself' line"
grep 'cannot heal by itself' "$d/sink.err" | grep -qi 'certificate' || fail "the line does not name the certificate"
grep -q '3 undelivered record(s) kept in the queue' "$d/sink.err" || fail "records not kept"
[ "$(grep -c 'retried in' "$d/sink.err")" -eq 0 ] || fail "a TLS failure was retried fast"
[ -s "$d/req.jsonl" ] && fail "a request got through an unverified TLS connection"

# 2. the operator trusts the right certificate: the kept records are delivered (replayed from the queue)
timeout 60 "$PW" sink http -v --in "ipc://$d/in2.sock" --bind --url "https://127.0.0.1:$port" --format hec \
    --token tok --ca-file "$d/srv.pem" --name tls1 --count 3 2>"$d/sink.err" || fail "second sink exited $?"
python3 - "$d/req.jsonl" <<'PY' || fail "requests: $(cat "$d/req.jsonl")"
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
assert len(reqs) == 1 and reqs[0]["code"] == 200, reqs
assert reqs[0]["body"].count('"event":') == 3, reqs
PY
echo ok
