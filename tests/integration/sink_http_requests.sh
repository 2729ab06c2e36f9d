#!/usr/bin/env bash
# it_sink_http_requests: the exact requests `patchwatch sink http` sends, checked by a local receiver
# (sink_receiver.py on 127.0.0.1) as Splunk and Elastic document them:
#  - HEC: POST /services/collector/event, `Authorization: Splunk TOKEN` (from --token, then from the environment),
#    several event envelopes concatenated in one body, each {time, host, source, sourcetype, index, fields, event}.
#  - _bulk: POST /_bulk, Content-Type application/x-ndjson, one action line {"index":{"_id":ID}} and the source
#    per record, the last line newline-terminated. The answer is a 200 with "errors":true and mixed items: the
#    429 item alone is sent again (same _id), the 400 item goes to the dead-letter file with its reason, and the
#    counts say 1 retry and 1 dead letter.
set -uo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
d=$(mktemp -d /tmp/pw-it-httpreq-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export XDG_STATE_HOME=$d/state

python3 "$HERE/sink_receiver.py" "$d/req.jsonl" "$d/port" --token "s3cr3t-tok" &
pids+=($!)
for _ in $(seq 100); do [ -s "$d/port" ] && break; sleep 0.05; done
port=$(cat "$d/port") || fail "receiver did not start"

run_sink() { # INPUT_FILE SINK_ARGS...
    local input=$1; shift
    timeout 60 "$PW" sink http -v --in "ipc://$d/in.sock" --bind "$@" 2>>"$d/sink.err" &
    local sink=$!
    pids+=($sink)
    timeout 30 "$PW" bus send --topic event "ipc://$d/in.sock" "$input" 2>/dev/null || fail "bus send"
    wait $sink || fail "sink exited $?: $(cat "$d/sink.err")"
}

# HEC: 5 events in one batch; the token from --token
for i in 1 2 3 4 5; do echo "{\"@timestamp\":\"2025-07-09T08:00:0$i.500000Z\",\"host\":{\"name\":\"node$i\"},\"n\":$i}"; done >"$d/hec.jsonl"
run_sink "$d/hec.jsonl" --url "http://127.0.0.1:$port" --format hec --token s3cr3t-tok --source pwtest \
    --sourcetype pw:test --index patches --batch 10 --count 5 --name hec1
# HEC: the token from the environment (PATCHWATCH_HTTP_TOKEN), host set, sourcetype by topic
echo '{"n":6}' >"$d/hec2.jsonl"
PATCHWATCH_HTTP_TOKEN=s3cr3t-tok run_sink "$d/hec2.jsonl" --url "http://127.0.0.1:$port/" --mode hec --host fixedhost \
    --count 1 --name hec2
# _bulk: 6 documents, one flaky (429 once), one bad (400)
printf '%s\n' '{"n":1}' '{"n":2}' '{"n":3,"flaky":true}' '{"n":4}' '{"n":5,"bad":true}' '{"n":6}' >"$d/docs.jsonl"
"$PW" sink http --in "ipc://$d/x.sock" --url "http://127.0.0.1:$port" --path x 2>"$d/usage.err"
[ $? -eq 2 ] && grep -q -- "--path is not an option of sink http" "$d/usage.err" || fail "jsonl's --path accepted by http"
run_sink "$d/docs.jsonl" --url "http://127.0.0.1:$port" --format es-bulk --batch 10 --count 6 --name bulk1
# _bulk with gzip request bodies: 50 similar documents, one request, Content-Encoding: gzip
for i in $(seq 50); do echo "{\"n\":$i,\"message\":\"Cluster Shared Volume Volume1 has entered a paused state\"}"; done >"$d/gz.jsonl"
run_sink "$d/gz.jsonl" --url "http://127.0.0.1:$port/_bulk" --format es-bulk --batch 100 --count 50 --gzip true --name bulk2

python3 - "$d/req.jsonl" "$d/sink.err" "$d/state/patchwatch/queue/bulk1/dead-letter.jsonl" <<'PY' || fail "requests: $(cat "$d/req.jsonl")"
import json, re, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
hec = [r for r in reqs if r["path"] == "/services/collector/event"]
assert len(hec) == 2, hec
assert all(r["auth"] == "Splunk s3cr3t-tok" and r["code"] == 200 for r in hec), hec
def objects(body):
    dec, out = json.JSONDecoder(), []
    while body:
        o, n = dec.raw_decode(body)
        out.append(o)
        body = body[n:]
    return out
ev = objects(hec[0]["body"])
assert len(ev) == 5, ev                                     # one POST for the batch
for i, e in enumerate(ev, 1):
    assert set(e) == {"time", "host", "source", "sourcetype", "index", "fields", "event"}, e
    assert e["time"] == 1752048000 + i + 0.5 and e["host"] == "node%d" % i, e
    assert e["source"] == "pwtest" and e["sourcetype"] == "pw:test" and e["index"] == "patches", e
    assert re.fullmatch("[0-9a-f]{32}", e["fields"]["patchwatch_id"]) and e["event"]["n"] == i, e
e6 = objects(hec[1]["body"])
assert len(e6) == 1 and e6[0]["host"] == "fixedhost" and e6[0]["sourcetype"] == "patchwatch:event", e6
assert "index" not in e6[0] and e6[0]["source"] == "patchwatch", e6
gz = [r for r in reqs if r["path"] == "/_bulk" and r["enc"] == "gzip"]
assert len(gz) == 1 and gz[0]["items"] == [201] * 50, gz
assert gz[0]["raw_len"] * 4 < len(gz[0]["body"]), (gz[0]["raw_len"], len(gz[0]["body"]))  # it was compressed
assert [json.loads(l)["n"] for l in gz[0]["body"].splitlines()[1::2]] == list(range(1, 51)), gz[0]["body"][:200]
bulk = [r for r in reqs if r["path"] == "/_bulk" and r["enc"] is None]
assert len(bulk) == 2, bulk                                 # the batch, then the 429 item alone
assert all(r["ctype"] == "application/x-ndjson" and r["body"].endswith("\n") for r in bulk), bulk
l0 = [json.loads(l) for l in bulk[0]["body"].splitlines()]
assert [d["n"] for d in l0[1::2]] == [1, 2, 3, 4, 5, 6], l0
ids = [a["index"]["_id"] for a in l0[0::2]]
assert all(set(a) == {"index"} and set(a["index"]) == {"_id"} for a in l0[0::2]), l0
assert len(set(ids)) == 6 and all(re.fullmatch("[0-9a-f]{32}", i) for i in ids), ids
assert bulk[0]["items"] == [201, 201, 429, 201, 400, 201], bulk[0]
l1 = [json.loads(l) for l in bulk[1]["body"].splitlines()]
assert l1 == [{"index": {"_id": ids[2]}}, {"n": 3, "flaky": True}], l1   # only the 429 item, same _id
assert bulk[1]["items"] == [201], bulk[1]
dl = [json.loads(l) for l in open(sys.argv[3])]
assert len(dl) == 1 and dl[0]["id"] == ids[4] and dl[0]["record"] == {"n": 5, "bad": True}, dl
assert "mapper_parsing_exception" in dl[0]["reason"] and "400" in dl[0]["reason"], dl
err = open(sys.argv[2]).read()
m = re.search(r"sink bulk1: 6 received, 6 delivered, .* 1 retries, 1 dead letters, 0 dropped at the queue cap, "
              r"0 still queued", err)
assert m, err
assert "s3cr3t-tok" not in err, "the token was logged"
print("ok:", len(reqs), "requests")
PY
echo ok
