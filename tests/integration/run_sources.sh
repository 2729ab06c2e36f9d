#!/usr/bin/env bash
# patchwatch run builds its sources from the registry: one configuration with every source kind (evtx, files,
# jsonl, tail, feeds, syslog) and a jsonl sink taking events and advisories. Each source must deliver: the
# counts per source are checked against what `ingest` of the same input writes, the syslog listener gets
# lines sent over TCP, and SIGTERM ends the live run with exit 0. A config with an unknown kind is refused
# with file:line before anything starts.
set -euo pipefail
: "${PATCHWATCH:?}" "${PW_SOURCE_DIR:?}"
. "$PW_SOURCE_DIR/tests/integration/pw_lib.inc"
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; [ -f "$work/run.err" ] && tail -20 "$work/run.err"; exit 1; }
ex="$PW_SOURCE_DIR/examples"
mkdir -p "$work/evtx" "$work/exports/hostx" "$work/json"
cp "$ex/evtx/"*.evtx "$work/evtx/"
cp "$PW_SOURCE_DIR/tests/fixtures/winlogbeat/1102.evtx.golden.json" "$work/exports/hostx/wlb.json"
python3 -c 'import json,sys
for o in json.load(open(sys.argv[1])): print(json.dumps(o))' "$work/exports/hostx/wlb.json" > "$work/json/wlb.jsonl"
echo '{"@timestamp":"2026-07-09T10:00:00Z","message":"an event without a host","event":{"code":"1"}}' >> "$work/json/wlb.jsonl"
printf '<13>1 2026-07-09T10:00:00Z tailhost app - - - tailed line %s\n' 1 2 3 > "$work/tail.log"
port=$(port)
cat > "$work/pw.yaml" <<YAML
rules: $PW_SOURCE_DIR/rules
log_level: info
sources:
  - {kind: evtx, name: src-evtx, path: evtx}
  - {kind: files, name: src-files, path: exports}
  - {kind: jsonl, name: src-jsonl, path: json/*.jsonl, host: jsonhost}
  - {kind: tail, name: src-tail, path: tail.log, keep_original: true}
  - {kind: feeds, name: src-feeds, dir: $ex/feeds}
  - {kind: syslog, name: src-syslog, listen_tcp: "127.0.0.1:$port"}
sinks:
  - kind: jsonl
    path: out.jsonl
    topics: [event, advisory]
YAML
"$PATCHWATCH" config check "$work/pw.yaml" >/dev/null || fail "config check refused the configuration"
want_evtx=$("$PATCHWATCH" ingest evtx --no-progress "$work/evtx" | wc -l)
cat > "$work/check.py" <<'PY'
import json, sys
evtx_want = int(sys.argv[2])
c = {"evtx": 0, "files": 0, "jsonl": 0, "tail": 0, "syslog": 0, "advisories": 0}
orig = stamped = 0
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "kb" in o or ("id" in o and "source" in o and "title" in o):
        c["advisories"] += 1
        continue
    host = (o.get("host") or {}).get("name")
    path = ((o.get("log") or {}).get("file") or {}).get("path", "")
    msg = o.get("message", "")
    if path.endswith("wlb.jsonl"):
        c["jsonl"] += 1
        stamped += host == "jsonhost"
    elif path.endswith("tail.log"):
        c["tail"] += 1
        orig += "original" in (o.get("event") or {})
    elif "syslog line" in msg:
        c["syslog"] += 1
    elif host == "WIN-41OB2LO92CR.wlbeat.local":
        c["files"] += 1
    elif "winlog" in o:
        c["evtx"] += 1
if len(sys.argv) < 4:
    print("delivered per source:", c, "host stamped:", stamped, "event.original kept:", orig)
ok = (c["evtx"] == evtx_want and c["files"] >= 1 and c["jsonl"] == c["files"] + 1 and stamped == 1 and c["tail"] == 3 and
      orig == 3 and c["syslog"] == 5 and c["advisories"] >= 1)
sys.exit(0 if ok else 1)
PY
"$PATCHWATCH" run -c "$work/pw.yaml" 2> "$work/run.err" & pid=$!
wait_port "$port" || fail "the syslog source did not listen"
for i in 1 2 3 4 5; do printf '<27>1 2026-07-09T13:40:5%sZ web9 kernel - - - syslog line %s\n' "$i" "$i"; done \
  > "/dev/tcp/127.0.0.1/$port"
# wait until every source has delivered what it should (60 s at most: the sanitizer build on a loaded machine
# is slow, and a fixed wait once sent SIGTERM before the files source had read its file), then a second more
for _ in $(seq 240); do
  [ -f "$work/out.jsonl" ] && python3 "$work/check.py" "$work/out.jsonl" "$want_evtx" quiet 2>/dev/null && break
  sleep 0.25
done
sleep 1
kill -0 $pid 2>/dev/null || fail "run with a live syslog source ended by itself"
kill -TERM $pid
rc=0; wait $pid || rc=$?; pid=
[ "$rc" = 0 ] || fail "run exited $rc after SIGTERM"

python3 "$work/check.py" "$work/out.jsonl" "$want_evtx" || fail "a source did not deliver what it read"

# one source of the same configuration as its own process over tcp (ingest -c CONFIG --stage NAME): a
# `patchwatch sink jsonl` receives what `ingest files` of the same directory writes
bport=$(port)
sed "s#^sinks:#endpoints:\n  events: tcp://127.0.0.1:$bport\nsinks:#" "$work/pw.yaml" > "$work/tcp.yaml"
"$PATCHWATCH" config check "$work/tcp.yaml" >/dev/null || fail "the tcp configuration does not check"
"$PATCHWATCH" sink jsonl --in "tcp://127.0.0.1:$bport" --bind --topic event --idle-timeout 3 -o "$work/stage.jsonl" &
spid=$!
wait_port "$bport" || fail "the sink did not bind"
"$PATCHWATCH" ingest -c "$work/tcp.yaml" --stage src-files || fail "ingest --stage src-files failed"
wait $spid || fail "the sink of the stage failed"
"$PATCHWATCH" ingest files "$work/exports" -o "$work/direct.jsonl"
cmp -s "$work/stage.jsonl" "$work/direct.jsonl" || fail "ingest --stage and ingest files differ"
rc=0; "$PATCHWATCH" ingest -c "$work/tcp.yaml" --stage no-such 2> "$work/nostage.err" || rc=$?
[ "$rc" = 2 ] && grep -q "no source named 'no-such'" "$work/nostage.err" || fail "an unknown --stage gave $rc"

# an unknown kind is refused with file:line, nothing runs
printf 'sources:\n  - kind: evtx\n    path: evtx\n  - kind: tial\n    path: x\n' > "$work/bad.yaml"
rc=0; "$PATCHWATCH" run -c "$work/bad.yaml" 2> "$work/bad.err" || rc=$?
[ "$rc" != 0 ] || fail "an unknown source kind was accepted"
grep -q 'bad.yaml:4: sources\[1\].kind: bad value .tial.' "$work/bad.err" || { cat "$work/bad.err"; fail "no file:line for the unknown kind"; }
echo "ok: every source kind delivered through run"
