#!/bin/bash
# it_sink_jsonl: `patchwatch bus send` -> `patchwatch sink jsonl` end to end, as a user runs them: over ipc://
# (lines arrive in order, invalid lines skipped, pretty JSON compacted, topic filter), and over tcp on
# 127.0.0.1 with CURVE keys from `patchwatch bus keygen` (the right server key and a listed client key deliver;
# a wrong server key, plaintext or an unlisted client do not).
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
d=$(mktemp -d /tmp/pw-it-sink-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# --- ipc: order, invalid lines, compaction ------------------------------------------------------------------
cat >"$d/in.jsonl" <<'EOF'
{"@timestamp":"2025-07-09T08:00:01.000000Z","host":{"name":"node1"},"n":1}
not json at all
{"n":2,"message":"caf\u00e9 \"q\""}
[1,2,3]
{"n":3}
EOF
timeout 30 "$PW" sink jsonl --in "ipc://$d/s.sock" --bind --count 3 --out "$d/out.jsonl" 2>"$d/sink.err" &
pids+=($!); sink=$!
timeout 30 "$PW" bus send "ipc://$d/s.sock" "$d/in.jsonl" 2>"$d/send.err"
rc=$?
[ $rc -eq 1 ] || fail "bus send with 2 bad lines should exit 1, got $rc"
grep -q "in.jsonl:2: skipped" "$d/send.err" || fail "send did not name line 2: $(cat "$d/send.err")"
grep -q "in.jsonl:4: skipped: not a JSON object" "$d/send.err" || fail "send did not name line 4"
wait $sink || fail "sink exited $?: $(cat "$d/sink.err")"
printf '%s\n' '{"@timestamp":"2025-07-09T08:00:01.000000Z","host":{"name":"node1"},"n":1}' \
    '{"n":2,"message":"caf\u00e9 \"q\""}' '{"n":3}' >"$d/want.jsonl"
cmp -s "$d/out.jsonl" "$d/want.jsonl" || fail "sink output differs: $(diff "$d/want.jsonl" "$d/out.jsonl")"

# --- size rotation: five batches of ~2.3 KB, max_size 2000, keep 2: each batch ends in its own file, the
# newest two are kept (PATH.1 newest), the current PATH starts empty ------------------------------------------
timeout 60 "$PW" sink jsonl --in "ipc://$d/r.sock" --bind --count 100 --path "$d/rot.jsonl" --max-size 2000 \
    --keep 2 2>"$d/sinkr.err" &
pids+=($!); sinkr=$!
for b in 0 1 2 3 4; do
    python3 -c 'import json,sys; b=int(sys.argv[1]); [print(json.dumps({"n": b*20+i+1, "pad": "x"*90})) for i in range(20)]' \
        $b >"$d/batch$b.jsonl"
    timeout 30 "$PW" bus send "ipc://$d/r.sock" "$d/batch$b.jsonl" 2>>"$d/sendr.err" || fail "bus send batch $b"
    sleep 0.5
done
wait $sinkr || fail "rotating sink exited $?: $(cat "$d/sinkr.err")"
[ -f "$d/rot.jsonl.1" ] && [ -f "$d/rot.jsonl.2" ] || fail "no rotated files: $(ls "$d")"
[ ! -e "$d/rot.jsonl.3" ] || fail "keep 2 kept a third file"
[ ! -s "$d/rot.jsonl" ] || fail "the current file should be empty after the last rotation"
python3 - "$d" <<'PY' || fail "rotated files hold the wrong lines"
import json, sys
d = sys.argv[1]
one = [json.loads(l)["n"] for l in open(f"{d}/rot.jsonl.1")]
two = [json.loads(l)["n"] for l in open(f"{d}/rot.jsonl.2")]
assert one == list(range(81, 101)), one
assert two == list(range(61, 81)), two
PY

# --- topic filter ---------------------------------------------------------------------------------------------
timeout 30 "$PW" sink jsonl --in "ipc://$d/t.sock" --bind --topic alert --count 1 --out "file:$d/alerts.jsonl" \
    2>"$d/sink2.err" &
pids+=($!); sink=$!
echo '{"kind":"event"}' | timeout 30 "$PW" bus send --topic event "ipc://$d/t.sock" 2>/dev/null || fail "send event"
echo '{"kind":"alert"}' | timeout 30 "$PW" bus send --topic alert "ipc://$d/t.sock" 2>/dev/null || fail "send alert"
wait $sink || fail "topic sink exited $?"
[ "$(cat "$d/alerts.jsonl")" = '{"kind":"alert"}' ] || fail "topic filter: $(cat "$d/alerts.jsonl")"

# --- tcp with CURVE ---------------------------------------------------------------------------------------------
"$PW" bus keygen "$d/server" >/dev/null || fail "keygen"
"$PW" bus keygen "$d/other" >/dev/null || fail "keygen other"
"$PW" bus keygen "$d/client" >/dev/null || fail "keygen client"
[ "$(stat -c %a "$d/server.key")" = 600 ] || fail "secret key file is not 0600"
"$PW" -v sink jsonl --in "tcp://127.0.0.1:*" --bind --curve-secret "$d/server.key" --curve-clients "$d/client.pub" \
    --idle-timeout 20 \
    --out "$d/curve.jsonl" 2>"$d/sink3.err" &
pids+=($!); sink=$!
ep=
for _ in $(seq 100); do
    ep=$(sed -n 's/.*listening on \(tcp:[^ ]*\).*/\1/p' "$d/sink3.err" 2>/dev/null)
    [ -n "$ep" ] && break
    sleep 0.1
done
[ -n "$ep" ] || fail "sink did not say where it listens: $(cat "$d/sink3.err")"
# a wrong server key never completes the handshake: nothing is delivered (send is cut off by timeout)
echo '{"secret":"wrong"}' | timeout 3 "$PW" bus send --curve-server-key "$d/other.pub" "$ep" 2>/dev/null
echo '{"secret":"plain"}' | timeout 3 "$PW" bus send "$ep" 2>/dev/null
# the right server key but a client key that is not on the server's list: refused too
echo '{"secret":"unlisted"}' | timeout 3 "$PW" bus send --curve-server-key "$d/server.pub" "$ep" 2>/dev/null
echo '{"secret":"unlisted again"}' | timeout 3 "$PW" bus send --curve-server-key "$d/server.pub" "$ep" 2>/dev/null
# the refusal is logged with the peer's address and key, once a minute per peer however often it retries
n=$(grep -c 'connection from 127.0.0.1 refused: client key not allowed (client public key' "$d/sink3.err")
[ "$n" -eq 1 ] || fail "an unlisted client's refusals were logged $n times (want 1): $(cat "$d/sink3.err")"
echo '{"secret":"right"}' | timeout 30 "$PW" bus send --curve-server-key "$d/server.pub" \
    --curve-secret "$d/client.key" "$ep" 2>/dev/null || fail "send with the right keys"
for _ in $(seq 100); do [ -s "$d/curve.jsonl" ] && break; sleep 0.1; done
kill -TERM $sink
wait $sink || fail "CURVE sink did not stop cleanly on SIGTERM"
[ "$(cat "$d/curve.jsonl")" = '{"secret":"right"}' ] || fail "CURVE: got $(cat "$d/curve.jsonl")"

# --- usage errors ---------------------------------------------------------------------------------------------
"$PW" sink jsonl >/dev/null 2>&1; [ $? -eq 2 ] || fail "sink jsonl without --in should exit 2"
"$PW" sink http --in x >/dev/null 2>&1; [ $? -eq 2 ] || fail "unbuilt sink should exit 2"
"$PW" sink syslog --in ipc:///tmp/x >/dev/null 2>&1; [ $? -eq 2 ] || fail "syslog without --to should exit 2"
"$PW" bus keygen >/dev/null 2>&1; [ $? -eq 2 ] || fail "keygen without PREFIX should exit 2"
"$PW" sink jsonl --in "tcp://127.0.0.1:1" --out "udp://x" >/dev/null 2>&1; [ $? -eq 1 ] || fail "bad --out should exit 1"
# a producer with --timeout gives up on a receiver that is not there, and says so
echo '{}' | timeout 30 "$PW" bus send --timeout 1 "ipc://$d/nobody.sock" >/dev/null 2>"$d/to.err"; rc=$?
[ $rc -eq 1 ] || fail "bus send --timeout to nobody should exit 1, got $rc"
grep -q "not taking messages" "$d/to.err" || fail "bus send --timeout: $(cat "$d/to.err")"
echo "ok"
