#!/bin/bash
# it_metrics_prometheus: `patchwatch run` with a syslog source serves /metrics and /healthz; the real promtool
# accepts the exposition (`promtool check metrics`), and a real Prometheus server (Debian's prometheus, its own
# scrape config and storage, 127.0.0.1 only) scrapes it and answers, through its HTTP API, the number of events
# the test sent. Skipped (77) when prometheus/promtool are not installed.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SRC=${PW_SOURCE_DIR:?}
skip() { echo "skipped: $*" >&2; exit 77; }
command -v promtool >/dev/null || skip "promtool missing (apt-get install prometheus)"
command -v prometheus >/dev/null || skip "prometheus missing (apt-get install prometheus)"
d=$(mktemp -d /tmp/pw-it-metrics-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
. "$(dirname "$0")/pw_lib.inc"
fail() {
    echo "FAIL: $*" >&2
    [ -f "$d/run.err" ] && tail -5 "$d/run.err" >&2
    exit 1
}
get() { python3 - "$1" <<'END'
import sys, urllib.request
try:
    with urllib.request.urlopen(sys.argv[1], timeout=5) as r:
        sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    sys.stdout.write(e.read().decode()); sys.exit(3)
except OSError:
    sys.exit(2)
END
}

sp=$(port)
mp=$(port)
cat >"$d/run.yaml" <<END
rules: $SRC/rules
sources:
  - {kind: syslog, name: net, listen_tcp: "127.0.0.1:$sp"}
sinks:
  - {kind: jsonl, name: siem, path: $d/events.jsonl, topics: [event]}
metrics:
  listen: 127.0.0.1:$mp
END
"$PW" run -c "$d/run.yaml" >"$d/run.out" 2>"$d/run.err" &
pids+=($!)
for _ in $(seq 100); do get "http://127.0.0.1:$mp/healthz" >/dev/null && break; sleep 0.1; done
[ "$(get "http://127.0.0.1:$mp/healthz")" = "ok" ] || fail "/healthz is not ok"
python3 - "$sp" <<'END'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
for i in range(50):
    s.sendall(b"<13>Jun 14 15:16:01 web1 app[1]: metrics test %d\n" % i)
s.close()
END
for _ in $(seq 100); do [ "$(wc -l <"$d/events.jsonl" 2>/dev/null || echo 0)" -ge 50 ] && break; sleep 0.1; done
get "http://127.0.0.1:$mp/metrics" >"$d/metrics.txt" || fail "GET /metrics"
grep -q '^patchwatch_source_records_total{source="net",kind="syslog"} 50$' "$d/metrics.txt" ||
    fail "no source counter of 50: $(grep source_records "$d/metrics.txt")"
grep -q '^patchwatch_sink_records_total{sink="siem"} 50$' "$d/metrics.txt" || fail "no sink counter of 50"
promtool check metrics <"$d/metrics.txt" >"$d/promtool.out" 2>&1 || { cat "$d/promtool.out" >&2; fail "promtool check metrics"; }

pp=$(port)
cat >"$d/prometheus.yml" <<END
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: patchwatch
    static_configs:
      - targets: ["127.0.0.1:$mp"]
END
prometheus --config.file="$d/prometheus.yml" --storage.tsdb.path="$d/tsdb" --web.listen-address="127.0.0.1:$pp" \
    >"$d/prom.log" 2>&1 &
pids+=($!)
q="http://127.0.0.1:$pp/api/v1/query?query=patchwatch_source_records_total"
for _ in $(seq 150); do
    get "$q" 2>/dev/null | grep -q '"value":\[[0-9.]*,"50"\]' && break
    sleep 0.2
done
get "$q" | grep -q '"value":\[[0-9.]*,"50"\]' || { tail -5 "$d/prom.log" >&2; fail "Prometheus did not scrape 50 events: $(get "$q")"; }
up=$(get "http://127.0.0.1:$pp/api/v1/query?query=up")
echo "$up" | grep -q '"value":\[[0-9.]*,"1"\]' || fail "Prometheus says the target is not up: $up"
echo "ok: promtool accepts /metrics; Prometheus scraped patchwatch_source_records_total = 50"
