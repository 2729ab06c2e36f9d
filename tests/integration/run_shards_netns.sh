#!/usr/bin/env bash
# A multi-host deployment from ONE configuration file, in network namespaces: 3 ingest hosts, 2 correlator
# shards and 1 sink host, each a `patchwatch run -c pw.yaml --stage NAME` in its own namespace, joined by veth
# pairs on a bridge (itself in a namespace: no address or interface is added to the machine's own network),
# over tcp:// with CURVE and a client key list. Checks:
#   - the alerts the sink host writes equal those of one process on the same inputs (as sets of kind, patch,
#     signature, status, hosts), and include the bad update;
#   - a process without the CURVE key (plaintext), one with a key pair not in the client list, and one with a
#     wrong server key cannot publish (bus send times out), and each refusal is counted by reason in the
#     shard's /metrics (promtool check metrics passes on that page); an ingest stage configured with the wrong
#     server key counts its failed handshakes in its own /metrics and logs them.
# Skipped (77) where the kernel or the container refuses network namespaces, veth or bridges.
set -euo pipefail
: "${PATCHWATCH:?}" "${PW_BINARY_DIR:?}" "${PW_SOURCE_DIR:?}"
skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "needs root for ip netns"
command -v ip >/dev/null || skip "no ip command (iproute2)"
work=$(mktemp -d)
tag="pw$$"
hosts=(ing1 ing2 ing3 corr1 corr2 sink)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  for h in "${hosts[@]}" hub; do ip netns del "$tag-$h" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
ip netns add "$tag-hub" 2>/dev/null || skip "ip netns add refused here (no CAP_SYS_ADMIN or no netns support)"
ip -n "$tag-hub" link add br0 type bridge 2>/dev/null || skip "the kernel refuses bridges in a namespace"
ip -n "$tag-hub" link set br0 up
net="10.$((RANDOM % 200 + 20)).$((RANDOM % 250))"
i=0
declare -A addr
for h in "${hosts[@]}"; do
  i=$((i + 1))
  ip netns add "$tag-$h"
  ip -n "$tag-hub" link add "p$i" type veth peer name eth0 netns "$tag-$h" 2>/dev/null || skip "veth refused"
  ip -n "$tag-hub" link set "p$i" master br0 up
  ip -n "$tag-$h" link set lo up
  ip -n "$tag-$h" addr add "$net.$((10 + i))/24" dev eth0
  ip -n "$tag-$h" link set eth0 up
  addr[$h]="$net.$((10 + i))"
done
in_ns() { local h=$1; shift; ip netns exec "$tag-$h" "$@"; }
scrape() { # $1 host, $2 port: the /metrics page served on 127.0.0.1 inside that namespace
  in_ns "$1" python3 -c "import sys, urllib.request
sys.stdout.write(urllib.request.urlopen('http://127.0.0.1:$2/metrics', timeout=2).read().decode())"
}

"$PW_BINARY_DIR/bench/bench_fleetsim" --out "$work/fleet" --seed 31 --hosts 48 --days 20 --bad csv --linux-share 0.25 \
  --report before --shards 3 >/dev/null
ls "$work/fleet/events/shard-002.jsonl" >/dev/null
"$PATCHWATCH" bus keygen "$work/bus" >/dev/null
"$PATCHWATCH" bus keygen "$work/stranger" >/dev/null
sources() {
  cat <<YAML
rules: $PW_SOURCE_DIR/rules
sources:
  - {kind: jsonl, name: fleet-1, path: $work/fleet/events/shard-000.jsonl}
  - {kind: jsonl, name: fleet-2, path: $work/fleet/events/shard-001.jsonl}
  - {kind: jsonl, name: fleet-3, path: $work/fleet/events/shard-002.jsonl}
  - {kind: feeds, name: reports, dir: $work/fleet/feeds}
YAML
}
{ sources; cat <<YAML
stages:
  correlate:
    shards: 2
    inventory: $work/fleet/inventory.yaml
    endpoints: [tcp://${addr[corr1]}:7101, tcp://${addr[corr2]}:7101]
endpoints:
  alerts: tcp://${addr[sink]}:7103
  curve_secret_file: $work/bus.key
  curve_server_public_file: $work/bus.pub
  curve_clients_file: $work/bus.pub
sinks:
  - {kind: jsonl, name: alerts, path: $work/alerts-multi.jsonl, topics: [alert]}
YAML
} > "$work/pw.yaml"
{ sources; cat <<YAML
stages:
  correlate: {inventory: $work/fleet/inventory.yaml}
sinks:
  - {kind: jsonl, name: alerts, path: $work/alerts-one.jsonl, topics: [alert]}
YAML
} > "$work/one.yaml"
"$PATCHWATCH" config check "$work/pw.yaml" >/dev/null
"$PATCHWATCH" run -c "$work/one.yaml"
grep -q '"patch":"KB5062557"' "$work/alerts-one.jsonl" || { echo "FAIL: one process did not blame KB5062557"; exit 1; }

start() { # $1 host, $2 stage; correlators and the sink serve /metrics on 127.0.0.1 of their namespace
  local m=()
  case $2 in correlate*|sinks) m=(--metrics 127.0.0.1:9464) ;; esac
  ip netns exec "$tag-$1" "$PATCHWATCH" -v run -c "$work/pw.yaml" --stage "$2" "${m[@]}" \
    >"$work/$2.out" 2>"$work/$2.log" &
  pids+=($!)
  eval "pid_${2//[.-]/_}=$!"
}
start sink sinks
start corr1 correlate.0
start corr2 correlate.1
sleep 0.5
start ing1 fleet-1
start ing2 fleet-2
start ing3 fleet-3
start ing1 reports
for s in fleet_1 fleet_2 fleet_3 reports; do
  eval p=\$pid_$s
  wait "$p" || { echo "FAIL: ingest stage $s exited $?"; tail -5 "$work"/*.log; exit 1; }
done

# strangers try to publish to shard 0: no key at all, a key pair not in the client list, a wrong server key
echo '{"@timestamp":"2026-07-01T00:00:00Z","host":{"name":"intruder"},"message":"x"}' > "$work/one.jsonl"
ep="tcp://${addr[corr1]}:7101"
for how in plain stranger wrongserver; do
  case $how in
    plain) args=() ;;
    stranger) args=(--curve-server-key "$work/bus.pub" --curve-secret "$work/stranger.key") ;;
    wrongserver) args=(--curve-server-key "$work/stranger.pub") ;;
  esac
  if in_ns ing2 "$PATCHWATCH" bus send --timeout 2 "${args[@]}" "$ep" "$work/one.jsonl" 2>"$work/send-$how.log"; then
    echo "FAIL: a client ($how) could publish to a CURVE shard"; exit 1
  fi
done
metric() { # $1 host, $2 metric line prefix
  scrape "$1" 9464 2>/dev/null | awk -v m="$2" 'index($0, m) == 1 { print $2 }' || true
}
for t in $(seq 50); do [ "$(metric corr1 'patchwatch_bus_curve_refused_total{reason="wrong_server_key"}')" != 0 ] && break; sleep 0.1; done
for r in plaintext_peer unknown_client_key wrong_server_key; do
  v=$(metric corr1 "patchwatch_bus_curve_refused_total{reason=\"$r\"}")
  [ -n "$v" ] && [ "$v" != 0 ] || { echo "FAIL: refusal $r not counted in /metrics (got '$v')"; scrape corr1 9464 | grep curve; exit 1; }
done
grep -q "plaintext" "$work/correlate.0.log" || { echo "FAIL: the plaintext refusal is not logged"; cat "$work/correlate.0.log"; exit 1; }
if command -v promtool >/dev/null; then
  scrape corr1 9464 | promtool check metrics || { echo "FAIL: promtool"; exit 1; }
fi

# an ingest process given the wrong server key delivers nothing and counts its failed handshakes
sed "s|curve_server_public_file: .*|curve_server_public_file: $work/stranger.pub|" "$work/pw.yaml" > "$work/badkey.yaml"
ip netns exec "$tag-ing3" "$PATCHWATCH" run -c "$work/badkey.yaml" --stage fleet-3 --metrics 127.0.0.1:9465 \
  >/dev/null 2>"$work/badkey.log" &
pids+=($!)
badpid=$!
v=0
for t in $(seq 100); do
  v=$(scrape ing3 9465 2>/dev/null |
      awk '$1 == "patchwatch_bus_curve_client_failures_total" { print $2 }' || true)
  [ -n "$v" ] && [ "$v" != 0 ] && break
  sleep 0.1
done
[ -n "$v" ] && [ "$v" != 0 ] || { echo "FAIL: a client with the wrong server key counted no failure ('$v')"; cat "$work/badkey.log"; exit 1; }
grep -q "handshake with the server failed" "$work/badkey.log" || { echo "FAIL: client failure not logged"; cat "$work/badkey.log"; exit 1; }
kill -9 "$badpid" 2>/dev/null || true

# the shards decide what they hold on SIGTERM and pass it to the sink host; then the sink stops
kill -TERM "$pid_correlate_0" "$pid_correlate_1"
wait "$pid_correlate_0" || { echo "FAIL: shard 0 exit $?"; tail "$work/correlate.0.log"; exit 1; }
wait "$pid_correlate_1" || { echo "FAIL: shard 1 exit $?"; tail "$work/correlate.1.log"; exit 1; }
n=0
for t in $(seq 100); do
  m=$(wc -l < "$work/alerts-multi.jsonl" 2>/dev/null || echo 0)
  [ "$m" -ge "$(wc -l < "$work/alerts-one.jsonl")" ] && break
  sleep 0.1
done
kill -TERM "$pid_sinks"
wait "$pid_sinks" || { echo "FAIL: sink exit $?"; tail "$work/sinks.log"; exit 1; }
python3 "$PW_SOURCE_DIR/tests/integration/alert_set_compare.py" "$work/alerts-one.jsonl" "$work/alerts-multi.jsonl" \
  || { echo "FAIL: the 6-host deployment decided differently from one process"; tail -3 "$work"/*.log; exit 1; }
if grep -q "intruder" "$work/alerts-multi.jsonl"; then echo "FAIL: the intruder's event got in"; exit 1; fi
echo "ok: 3 ingest hosts, 2 shards, 1 sink over CURVE = one process; refusals counted"
