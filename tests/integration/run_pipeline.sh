#!/usr/bin/env bash
# patchwatch run: the whole pipeline in one process over inproc:// bus endpoints, on a seeded simulated fleet
# (bench_fleetsim) plus a real EVTX file and a syslog file. Checks that the bad patch is caught, that run and
# replay of the same inputs decide alike, that a missing input is an error naming it, and that a live source
# (syslog listener) runs until SIGTERM and then shuts down cleanly with exit 0.
set -euo pipefail
: "${PATCHWATCH:?}" "${PW_BINARY_DIR:?}" "${PW_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
pid=
"$PW_BINARY_DIR/bench/bench_fleetsim" --out "$work/fleet" --seed 11 --hosts 24 --days 20 --bad csv --report after >/dev/null
mkdir -p "$work/evtx"
cp "$PW_SOURCE_DIR/examples/evtx/"*.evtx "$work/evtx/"
cat > "$work/pw.yaml" <<YAML
rules: $PW_SOURCE_DIR/rules
sources:
  - kind: evtx
    path: evtx
  - kind: tail
    path: $PW_SOURCE_DIR/examples/logs/*.log
  - kind: jsonl
    path: fleet/events/*.jsonl
  - kind: feeds
    dir: fleet/feeds
stages:
  correlate:
    inventory: fleet/inventory.yaml
sinks:
  - kind: jsonl
    path: alerts.jsonl
YAML
"$PATCHWATCH" config check "$work/pw.yaml"
"$PATCHWATCH" run -c "$work/pw.yaml"
test -s "$work/alerts.jsonl" || { echo "FAIL: run wrote no alert"; exit 1; }
grep -q '"patch":"KB5062557"' "$work/alerts.jsonl" || { echo "FAIL: KB5062557 not blamed"; cat "$work/alerts.jsonl"; exit 1; }
grep -q 'Cluster Shared Volume' "$work/alerts.jsonl" || { echo "FAIL: the CSV signature is not in any alert"; exit 1; }

# the same fleet through replay decides the same (run adds only the EVTX/syslog samples, which carry no patch)
"$PATCHWATCH" replay --rules "$PW_SOURCE_DIR/rules" "$work/fleet" > "$work/replay.jsonl"
summary() { python3 -c 'import json,sys
for l in open(sys.argv[1]):
    a=json.loads(l); print(a["id"], a["kind"], a.get("patch"), a.get("signature"), a["status"], a["@timestamp"])' "$1"; }
if ! diff <(summary "$work/alerts.jsonl") <(summary "$work/replay.jsonl"); then
  echo "FAIL: run and replay disagree"; exit 1
fi

# a missing input is a runtime error that names it, and the other sources are still read
sed 's#dir: fleet/feeds#dir: fleet/no-such-dir#' "$work/pw.yaml" > "$work/bad.yaml"
rc=0; "$PATCHWATCH" run -c "$work/bad.yaml" 2> "$work/err.txt" || rc=$?
[ "$rc" = 1 ] || { echo "FAIL: missing feed dir gave exit $rc"; exit 1; }
grep -q 'no-such-dir' "$work/err.txt" || { echo "FAIL: error does not name the directory"; cat "$work/err.txt"; exit 1; }

# live: a syslog listener keeps run going until SIGTERM; then it exits 0
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/live.yaml" <<YAML
rules: $PW_SOURCE_DIR/rules
sources:
  - kind: syslog
    listen_tcp: 127.0.0.1:$port
sinks:
  - kind: jsonl
    path: live.jsonl
YAML
"$PATCHWATCH" run -c "$work/live.yaml" & pid=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
printf '<27>1 2026-07-09T13:40:51Z web1 kernel - - - EXT4-fs error (device sda1)\n' > /dev/tcp/127.0.0.1/$port
sleep 0.5
kill -0 $pid || { echo "FAIL: run with a live source exited by itself"; exit 1; }
kill -TERM $pid
rc=0; wait $pid || rc=$?
pid=
[ "$rc" = 0 ] || { echo "FAIL: run exited $rc after SIGTERM"; exit 1; }
echo "run_pipeline: ok"
