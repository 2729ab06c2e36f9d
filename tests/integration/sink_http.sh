#!/usr/bin/env bash
# it_sink_http: `patchwatch sink http` against a local HTTP server (python3, 127.0.0.1, a port the kernel picks):
# webhook POSTs arrive in order with the configured header and survive a 503 (retried, nothing lost); es-bulk
# sends NDJSON batches with the record id as _id and dead-letters documents the server rejects; HEC batches
# envelopes in one POST; a 400 goes to the dead-letter file, not retried forever.
set -uo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
d=$(mktemp -d /tmp/pw-it-sinkhttp-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
export XDG_STATE_HOME=$d/state # the sinks' durable queues and dead-letter files
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$d/server.py" <<'PY'
import http.server, json, sys, threading
log = open(sys.argv[1], "a", buffering=1)
state = {"hook": 0}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        path = self.path
        code, out = 200, b"{}"
        if path == "/hook":
            state["hook"] += 1
            if state["hook"] == 1: code = 503          # the first attempt fails: must be retried
        elif path == "/reject":
            code = 400
        elif path == "/bulk":
            lines = body.splitlines()
            items = []
            for action, doc in zip(lines[0::2], lines[1::2]):
                bad = json.loads(doc).get("bad")
                items.append({"index": {"status": 400, "error": {"reason": "mapper_parsing_exception"}}} if bad
                             else {"index": {"status": 201}})
            out = json.dumps({"errors": any("error" in i["index"] for i in items), "items": items}).encode()
        log.write(json.dumps({"path": path, "code": code, "auth": self.headers.get("Authorization"),
                              "ctype": self.headers.get("Content-Type"), "body": body}) + "\n")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(srv.server_address[1]))
srv.serve_forever()
PY
python3 "$d/server.py" "$d/requests.jsonl" "$d/port" &
pids+=($!)
for _ in $(seq 100); do [ -s "$d/port" ] && break; sleep 0.05; done
port=$(cat "$d/port") || fail "server did not start"
base="http://127.0.0.1:$port"

run_sink() { # INPUT_FILE SINK_ARGS...
    local input=$1; shift
    timeout 60 "$PW" sink http --in "ipc://$d/in.sock" --bind "$@" 2>>"$d/sink.err" &
    local sink=$!
    pids+=($sink)
    timeout 30 "$PW" bus send "ipc://$d/in.sock" "$input" 2>/dev/null || fail "bus send"
    wait $sink || fail "sink exited $?: $(cat "$d/sink.err")"
}

printf '%s\n' '{"id":"a1"}' '{"id":"a2"}' '{"id":"a3"}' >"$d/alerts.jsonl"
run_sink "$d/alerts.jsonl" --url "$base/hook" --header "Authorization: Bearer s3cret" --count 3
printf '%s\n' '{"n":1}' '{"n":2,"bad":true}' '{"n":3}' >"$d/docs.jsonl"
run_sink "$d/docs.jsonl" --url "$base/bulk" --mode es-bulk --batch 2 --count 3
printf '%s\n' '{"@timestamp":"2025-07-09T08:00:01.250000Z","id":"h1"}' '{"id":"h2"}' >"$d/hec.jsonl"
run_sink "$d/hec.jsonl" --url "$base/services/collector/event" --mode hec --header "Authorization: Splunk tok" --count 2
echo '{"id":"r1"}' >"$d/one.jsonl"
run_sink "$d/one.jsonl" --url "$base/reject" --count 1                 # refused: still counts as handed over

python3 - "$d/requests.jsonl" "$d/sink.err" <<'PY' || fail "requests: $(cat "$d/requests.jsonl")"
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
hook = [r for r in reqs if r["path"] == "/hook"]
assert [r["code"] for r in hook] == [503, 200, 200, 200], hook
assert [json.loads(r["body"])["id"] for r in hook] == ["a1", "a1", "a2", "a3"], hook   # a1 retried, in order
assert all(r["auth"] == "Bearer s3cret" and r["ctype"] == "application/json" for r in hook), hook
bulk = [r for r in reqs if r["path"] == "/bulk"]
assert len(bulk) == 2 and all(r["ctype"] == "application/x-ndjson" for r in bulk), bulk
lines = [json.loads(l) for r in bulk for l in r["body"].splitlines()]
assert lines[1::2] == [{"n": 1}, {"n": 2, "bad": True}, {"n": 3}], lines
ids = [a["index"]["_id"] for a in lines[0::2]]
assert len(set(ids)) == 3 and all(len(i) == 32 and int(i, 16) >= 0 for i in ids), ids   # stable record ids
assert all(r["body"].endswith("\n") for r in bulk), bulk
hecreq = [r for r in reqs if r["path"] == "/services/collector/event"]
assert len(hecreq) == 1, hecreq                                                         # one batched POST
dec, body, hec = json.JSONDecoder(), hecreq[0]["body"], []
while body:
    o, n = dec.raw_decode(body)
    hec.append(o)
    body = body[n:]
assert len(hec) == 2 and hec[0]["time"] == 1752048001.25 and hec[0]["sourcetype"] == "patchwatch:event", hec
assert hec[0]["event"] == {"@timestamp": "2025-07-09T08:00:01.250000Z", "id": "h1"}, hec
assert hec[0]["source"] == "patchwatch" and hec[0]["host"] and len(hec[0]["fields"]["patchwatch_id"]) == 32, hec
assert hec[1]["event"] == {"id": "h2"} and hec[1]["time"] > 1.7e9, hec                 # no @timestamp: now
assert all(r["auth"] == "Splunk tok" for r in reqs if r["path"].startswith("/services")), reqs
rej = [r for r in reqs if r["path"] == "/reject"]
assert len(rej) == 1, rej                                                               # not retried
err = open(sys.argv[2]).read()
assert "refused for good" in err and "mapper_parsing_exception" in err, err
assert "HTTP 400" in err, err
print("ok:", len(reqs), "requests")
PY
dl=$(cat "$d"/state/patchwatch/queue/http-*/dead-letter.jsonl 2>/dev/null)
[ "$(printf '%s\n' "$dl" | grep -c .)" = 2 ] || fail "dead letters: $dl"
printf '%s' "$dl" | grep -q '"reason":"_bulk item 400: error: mapper_parsing_exception"' || fail "dead letter reason: $dl"
"$PW" sink http --in ipc:///tmp/x >/dev/null 2>&1; [ $? -eq 2 ] || fail "http without --url should exit 2"
out=$("$PW" sink http --in ipc:///tmp/x --url ftp://x 2>&1); rc=$?
[ $rc -eq 2 ] && echo "$out" | grep -q "bad URL .ftp://x" || fail "ftp:// url should be refused as a bad option (rc $rc: $out)"
echo ok
