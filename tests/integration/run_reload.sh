#!/bin/bash
# it_run_reload: SIGHUP to `patchwatch run`. With a rule file broken at a known line, the reload is refused with
# that file:line, the process keeps running on its old rules and still delivers; with the rules repaired, a
# SIGHUP restarts the pipeline from the files (logged) and it delivers again; SIGTERM then exits 0.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SRC=${PW_SOURCE_DIR:?}
d=$(mktemp -d /tmp/pw-it-reload-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
. "$(dirname "$0")/pw_lib.inc"
fail() {
    echo "FAIL: $*" >&2
    tail -12 "$d/run.err" >&2
    exit 1
}
send_and_wait() { # $1 port, $2 marker: one syslog line (retried while the listener restarts), then wait for it
    local sent=0
    for _ in $(seq 100); do
        printf '<13>Jun 14 15:16:01 web1 app[1]: %s\n' "$2" 2>/dev/null >"/dev/tcp/127.0.0.1/$1" && sent=1 && break
        sleep 0.05
    done
    [ $sent -eq 1 ] || return 1
    for _ in $(seq 100); do
        grep -q "$2" "$d/events.jsonl" 2>/dev/null && return 0
        sleep 0.05
    done
    return 1
}

cp -r "$SRC/rules" "$d/rules"
sp=$(port)
cat >"$d/run.yaml" <<END
rules: $d/rules
sources:
  - {kind: syslog, name: net, listen_tcp: "127.0.0.1:$sp"}
sinks:
  - {kind: jsonl, name: siem, path: $d/events.jsonl, topics: [event]}
END
"$PW" -v run -c "$d/run.yaml" >"$d/run.out" 2>"$d/run.err" &
run=$!
pids+=($run)
wait_port "$sp" || fail "run did not listen"
send_and_wait "$sp" before-reload || fail "no delivery before the reload"

# a broken rule file: line 3 is not YAML
rule=$d/rules/signatures/failover-clustering.yaml
cp "$rule" "$d/good.yaml"
printf 'kind: signature\nname: broken\nprovider: [unclosed\n' >"$rule"
kill -HUP $run
for _ in $(seq 100); do grep -q 'reload refused' "$d/run.err" && break; sleep 0.05; done
grep -q "reload refused.*failover-clustering.yaml:[0-9]" "$d/run.err" || fail "the refusal does not name file:line"
kill -0 $run || fail "run died on a broken reload"
send_and_wait "$sp" after-refused-reload || fail "no delivery after a refused reload"

# repaired: the reload goes through and the pipeline comes back
cp "$d/good.yaml" "$rule"
kill -HUP $run
for _ in $(seq 100); do grep -q 'restarting the pipeline' "$d/run.err" && break; sleep 0.05; done
grep -q 'restarting the pipeline' "$d/run.err" || fail "a valid reload was not applied"
for _ in $(seq 100); do [ "$(grep -c 'net: listening on' "$d/run.err")" -ge 2 ] && break; sleep 0.05; done
[ "$(grep -c 'net: listening on' "$d/run.err")" -ge 2 ] || fail "the source did not come back after the reload"
send_and_wait "$sp" after-reload || fail "no delivery after the reload"
kill -TERM $run
wait $run || fail "exit $? after SIGTERM"
echo "ok: broken rules refused with file:line (old ones kept); valid ones reloaded"
