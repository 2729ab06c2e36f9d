#!/usr/bin/env bash
# it_timeline_hold_graph: `patchwatch timeline --incident ID --hold` against a local stand-in of Microsoft Graph
# (python3, 127.0.0.1, a port the kernel picks) that checks the documented request of "Update deployment"
# (https://learn.microsoft.com/graph/api/windowsupdates-deployment-update?view=graph-rest-beta): PATCH
# /admin/windows/updates/deployments/{id}, Content-Type application/json, Authorization Bearer, body
# {"@odata.type": "#microsoft.graph.windowsUpdates.deployment", "state": {"@odata.type":
# "microsoft.graph.windowsUpdates.deploymentState", "requestedValue": "paused"}}. It answers 429 with
# Retry-After: 1 first, then 200: one request retried once, both attempts on the incident's timeline. The dry
# run (default) sends nothing; a command hold runs the command with the incident in its environment.
set -uo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SRC=${PW_SOURCE_DIR:?}
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
d=$(mktemp -d /tmp/pw-it-tlhold-XXXXXX)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
    wait 2>/dev/null
    rm -rf "$d"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cat >"$d/graph.py" <<'PY'
import http.server, json, sys
log = open(sys.argv[1], "a", buffering=1)
WANT = {"@odata.type": "#microsoft.graph.windowsUpdates.deployment",
        "state": {"@odata.type": "microsoft.graph.windowsUpdates.deploymentState", "requestedValue": "paused"}}
n = {"patch": 0}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def answer(self, code, body, extra=()):
        out = json.dumps(body).encode()
        self.send_response(code)
        for k, v in extra: self.send_header(k, v)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
    def do_PATCH(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        problems = []
        if self.path != "/beta/admin/windows/updates/deployments/b5171742-1742-1742-1742-b51717421742":
            problems.append("path " + self.path)
        if self.headers.get("Content-Type") != "application/json": problems.append("content-type")
        if self.headers.get("Authorization") != "Bearer test-token-not-real": problems.append("authorization")
        try:
            if json.loads(raw) != WANT: problems.append("body " + raw.decode())
        except ValueError:
            problems.append("body not JSON")
        n["patch"] += 1
        log.write(json.dumps({"method": "PATCH", "n": n["patch"], "problems": problems}) + "\n")
        if problems: return self.answer(400, {"error": {"code": "BadRequest", "message": "; ".join(problems)}})
        if n["patch"] == 1: return self.answer(429, {"error": {"code": "TooManyRequests"}}, [("Retry-After", "1")])
        self.answer(200, dict(WANT, id="b5171742-1742-1742-1742-b51717421742"))
    def do_GET(self): log.write('{"method": "GET"}\n'); self.answer(405, {})
    do_POST = do_PUT = do_DELETE = do_GET
srv = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(srv.server_address[1]))
srv.serve_forever()
PY
python3 "$d/graph.py" "$d/requests.jsonl" "$d/port" &
pids+=($!)
for _ in $(seq 100); do [ -s "$d/port" ] && break; sleep 0.05; done
port=$(cat "$d/port") || fail "server did not start"
inc=inc-00000000000000a1
dep=b5171742-1742-1742-1742-b51717421742
hold() { "$PW" timeline --store "$d/store.db" --incident "$inc" --json --hold "$@"; }

# dry run (the default): logged, nothing sent
PW_GRAPH_TOKEN=test-token-not-real hold --import "$SRC/tests/fixtures/timeline/records.jsonl" --deployment "$dep" \
    --graph-url "http://127.0.0.1:$port/beta" >"$d/dry.jsonl" 2>"$d/err" || fail "dry run: $(cat "$d/err")"
[ -s "$d/requests.jsonl" ] && fail "the dry run sent a request"
tail -1 "$d/dry.jsonl" | grep -q '"kind":"action".*hold dry-run: dry run: would PATCH http://127.0.0.1:'"$port"'/beta/admin/windows/updates/deployments/'"$dep" ||
    fail "dry run not on the timeline: $(tail -1 "$d/dry.jsonl")"

# the real call: 429 then 200
start=$(date +%s)
PW_GRAPH_TOKEN=test-token-not-real hold --deployment "$dep" --graph-url "http://127.0.0.1:$port/beta" --execute \
    >"$d/exec.jsonl" 2>"$d/err" || fail "hold --execute: $(cat "$d/err")"
took=$(( $(date +%s) - start ))
python3 - "$d/requests.jsonl" "$d/exec.jsonl" <<'PY' || fail "requests"
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
assert [r["method"] for r in reqs] == ["PATCH", "PATCH"], reqs
assert all(not r["problems"] for r in reqs), reqs
acts = [json.loads(l)["text"] for l in open(sys.argv[2]) if '"kind":"action"' in l]
assert len(acts) == 3, acts
assert "dry run" in acts[0]
assert "attempt 1" in acts[1] and "HTTP 429, retrying after 1 s" in acts[1], acts[1]
assert acts[2].startswith("hold done: attempt 2") and "HTTP 200" in acts[2], acts[2]
assert "test-token-not-real" not in open(sys.argv[2]).read(), "token on the timeline"
PY
[ "$took" -ge 1 ] || fail "Retry-After was not waited out ($took s)"

# a refused request (wrong deployment path) fails the command and is on the timeline as failed
PW_GRAPH_TOKEN=test-token-not-real hold --deployment other --graph-url "http://127.0.0.1:$port/beta" --execute \
    >/dev/null 2>"$d/err" && fail "a 400 was taken as success"
grep -q "HTTP 400" "$d/err" || fail "400 message: $(cat "$d/err")"
# a command hold
hold --hold-command "echo \"\$PW_INCIDENT \$PW_PATCH\" > '$d/cmd.out'" --execute >/dev/null 2>"$d/err" ||
    fail "command hold: $(cat "$d/err")"
grep -qx "$inc KB5099999" "$d/cmd.out" || fail "command environment: $(cat "$d/cmd.out")"
"$PW" timeline --store "$d/store.db" --incident "$inc" --json | grep -q '"hold failed: attempt 1: PATCH' ||
    fail "the failed attempt is not on the timeline"
echo "ok"
