#!/bin/bash
# feeds_poller: `patchwatch ingest feeds` against a local HTTP server (feeds_server.py on 127.0.0.1, a port
# the OS picks). Good sources (RSS, Graph known issues behind a redirect, CVRF JSON, a CSAF provider with
# its ROLIE feed, a source that fails twice then recovers) and bad ones (HTTP 500 and 404, a body slower
# than the timeout, 1 GiB bodies with and without Content-Length, truncated XML and JSON, a redirect loop,
# a redirect to file://, billion laughs, external entities over file:// and http://). Checks: the poller
# keeps going and names each failure; the 1 GiB bodies are cut at the cap without being buffered; no
# external entity is ever fetched; a restart sends conditional requests and re-announces nothing; new and
# changed items are announced exactly once; the long-running mode picks up a change and stops cleanly.
set -u
: "${PATCHWATCH:?}" "${PW_SOURCE_DIR:?}"
command -v python3 >/dev/null || { echo "skipped: python3 not found"; exit 77; }
FIX="$PW_SOURCE_DIR/tests/fixtures/feeds"
T=$(mktemp -d /tmp/pw-feeds-it.XXXXXX)
SERVER_PID=
DAEMON_PID=
TLS_PID=
cleanup() {
    [ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null
    [ -n "$TLS_PID" ] && kill "$TLS_PID" 2>/dev/null
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null
    [ -n "${SERVER2_PID:-}" ] && kill "$SERVER2_PID" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- stderr of the last run:"; cat "$T/err" 2>/dev/null | tail -40; exit 1; }

mkdir -p "$T/www" "$T/rules"
cp "$FIX/forum.rss" "$FIX/known-issues.json" "$FIX/cvrf-sample.json" "$FIX/billion-laughs.xml" "$FIX/xxe-file.xml" "$T/www/"
cp "$FIX/forum.rss" "$T/www/forum2.rss"
python3 "$PW_SOURCE_DIR/tests/integration/feeds_server.py" --dir "$T/www" --port-file "$T/port" --log "$T/log" &
SERVER_PID=$!
for _ in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
[ -s "$T/port" ] || fail "test server did not start"
PORT=$(cat "$T/port")
B="http://127.0.0.1:$PORT"
# a second host (127.0.0.2) that the first one redirects to: another origin
mkdir -p "$T/www2"
cat > "$T/www2/cross.rss" <<XML
<rss version="2.0"><channel><title>other host</title>
<item><title>served by the other host</title><guid>cross-1</guid><pubDate>Mon, 07 Jul 2025 10:00:00 GMT</pubDate></item>
</channel></rss>
XML
python3 "$PW_SOURCE_DIR/tests/integration/feeds_server.py" --bind 127.0.0.2 --dir "$T/www2" --port-file "$T/port2" \
    --log "$T/log2" &
SERVER2_PID=$!
for _ in $(seq 50); do [ -s "$T/port2" ] && break; sleep 0.1; done
[ -s "$T/port2" ] || fail "the second test server (127.0.0.2) did not start"
PORT2=$(cat "$T/port2")
sed "s/@PORT@/$PORT/" "$FIX/xxe-http.xml.in" > "$T/www/xxe-http.xml"
sed "s/@PORT@/$PORT/" "$FIX/xxe-param.xml.in" > "$T/www/xxe-param.xml"
cat > "$T/www/provider.json" <<JSON
{"canonical_url": "$B/f/provider.json", "metadata_version": "2.0", "role": "csaf_provider",
 "publisher": {"category": "vendor", "name": "Test", "namespace": "https://test.example"},
 "distributions": [{"rolie": {"feeds": [{"summary": "all", "tlp_label": "WHITE", "url": "$B/f/rolie.json"}]}}]}
JSON
cat > "$T/www/rolie.json" <<JSON
{"feed": {"id": "test-feed", "title": "Test CSAF feed", "updated": "2025-07-09T00:00:00Z", "entry": [
  {"id": "TEST-2025-0001", "title": "Cluster Shared Volume fix for KB5062557", "published": "2025-07-08T00:00:00Z",
   "updated": "2025-07-09T00:00:00Z", "summary": {"content": "Event ID 5120 after KB5062557"},
   "content": {"type": "application/json", "src": "$B/f/TEST-2025-0001.json"}}]}}
JSON
cat > "$T/www/TEST-2025-0001.json" <<JSON
{"document": {"category": "csaf_security_advisory", "csaf_version": "2.0", "title": "Cluster Shared Volume fix",
  "publisher": {"category": "vendor", "name": "Test", "namespace": "https://test.example"},
  "notes": [{"category": "summary", "text": "Fixes Event ID 5120 (STATUS_IO_TIMEOUT) after KB5062557."}],
  "tracking": {"id": "TEST-2025-0001", "status": "final", "version": "1",
    "initial_release_date": "2025-07-08T00:00:00Z", "current_release_date": "2025-07-09T00:00:00Z",
    "revision_history": [{"number": "1", "date": "2025-07-09T00:00:00Z", "summary": "initial"}]}},
 "product_tree": {"full_product_names": [{"product_id": "P1", "name": "Windows Server 2019"}]},
 "vulnerabilities": [{"cve": "CVE-2025-47981", "title": "cluster"}]}
JSON
# MSRC updates list: the 3 most recently revised documents are followed (the oldest entry is not)
cat > "$T/www/updates.json" <<JSON
{"@odata.context": "https://api.msrc.microsoft.com/cvrf/v3.0/\$metadata#updates", "value": [
 {"ID": "2025-May", "DocumentTitle": "May", "CurrentReleaseDate": "2025-05-13T07:00:00Z", "CvrfUrl": "$B/f/old-may.json"},
 {"ID": "2025-Jul", "DocumentTitle": "July", "CurrentReleaseDate": "2025-07-09T00:00:00Z", "CvrfUrl": "$B/f/cvrf-sample.json"},
 {"ID": "2025-Jan", "DocumentTitle": "Jan", "CurrentReleaseDate": "2025-01-14T08:00:00Z", "CvrfUrl": "$B/f/never-fetched.json"},
 {"ID": "2025-Jun", "DocumentTitle": "June", "CurrentReleaseDate": "2025-06-23T00:00:00Z", "CvrfUrl": "$B/f/cvrf-sample.json?month=jun"}]}
JSON
sed -e 's/2025-Jul/2025-May/g; s/CVE-2025-47981/CVE-2025-29999/' "$FIX/cvrf-sample.json" > "$T/www/old-may.json"
# Graph paging: page 1 names page 2 in @odata.nextLink
cat > "$T/www/page1.json" <<JSON
{"@odata.nextLink": "$B/f/page2.json", "value": [{"id": "WI200001", "title": "page one", "status": "active",
  "webViewUrl": "https://example.invalid/WI200001", "lastUpdatedDateTime": "2025-07-01T00:00:00Z"}]}
JSON
cat > "$T/www/page2.json" <<JSON
{"value": [{"id": "WI200002", "title": "page two KB5062557", "status": "resolved",
  "webViewUrl": "https://example.invalid/WI200002", "lastUpdatedDateTime": "2025-07-02T00:00:00Z"}]}
JSON
cat > "$T/www/dyn.rss" <<XML
<rss version="2.0"><channel><title>dyn</title>
<item><title>first report</title><guid>dyn-1</guid><pubDate>Mon, 07 Jul 2025 10:00:00 GMT</pubDate></item>
<item><title>second report</title><guid>dyn-2</guid><pubDate>Mon, 07 Jul 2025 11:00:00 GMT</pubDate></item>
</channel></rss>
XML

src() { printf -- '- {kind: source, name: %s, url: "%s", format: %s, interval: %s}\n' "$1" "$B$2" "$3" "${4:-1h}"; }
{
    src forum /f/forum.rss rss
    src rh /redirect/known-issues.json release-health
    src paged /f/page1.json release-health
    src cvrf /f/cvrf-sample.json cvrf
    src msrc /f/updates.json cvrf
    src provider /f/provider.json csaf-provider
    src dyn /f/dyn.rss rss 1s
    src flaky /flaky/2/forum2.rss rss
    src err500 /status/500 rss
    src notfound /f/nope.xml rss
    src slow /slow rss
    src huge /huge rss
    src hugecl /huge-cl rss
    src trunc-xml /truncated/forum.rss rss
    src trunc-json /truncated/known-issues.json release-health
    src loop /redirect-loop/0 rss
    src file-redirect /redirect-file rss
    src cross "/redirect-to/127.0.0.2/$PORT2/cross.rss" rss
    printf -- '- {kind: source, name: cross-ok, url: "%s", format: rss, redirect_allow: ["127.0.0.2"]}\n' \
        "$B/redirect-to/127.0.0.2/$PORT2/cross.rss"
    src billion /f/billion-laughs.xml rss
    src xxe-file /f/xxe-file.xml rss
    src xxe-http /f/xxe-http.xml rss
    src xxe-param /f/xxe-param.xml rss
} > "$T/rules/sources.yaml"

run() { # run N [args...]: one --once pass writing $T/out.N, stderr in $T/err
    local n=$1; shift
    ( cd "$T" && exec /usr/bin/env PW_LOG=info "$PATCHWATCH" ingest feeds --rules "$T/rules" --state "$T/state.json" \
        --once --out "file:$T/out.$n" --timeout 2s --connect-timeout 2s --retry-base 200ms --max-retries 2 \
        --max-bytes 1048576 "$@" ) 2> "$T/err"
}
count() { [ -f "$1" ] && wc -l < "$1" || echo 0; }
has_id() { grep -q "\"id\":\"$2\"" "$1"; }

# ---- run 1: a fresh state ----
START=$(date +%s)
run 1; RC=$?
[ "$RC" = 1 ] || fail "run 1 exit $RC, want 1 (some sources failed every attempt)"
ELAPSED=$(( $(date +%s) - START ))
[ "$ELAPSED" -lt 60 ] || fail "run 1 took ${ELAPSED}s"
for id in forum-101 forum-102 forum-103 WI100001 WI100002 WI200001 WI200002 2025-Jul CVE-2025-47981 TEST-2025-0001 dyn-1 dyn-2; do
    has_id "$T/out.1" "$id" || fail "run 1 did not announce $id"
done
grep -q '"source":"flaky"' "$T/out.1" || fail "the flaky source did not recover after its retries"
grep -q '"id":"CVE-2025-29999","source":"msrc"' "$T/out.1" || fail "MSRC updates list: May document not followed"
grep -q '"id":"CVE-2025-47981","source":"msrc"' "$T/out.1" || fail "MSRC updates list: July document not followed"
grep -q "never-fetched" "$T/log" && fail "MSRC updates list: an old document was fetched"
grep -q '"id":"WI100001".*"event_ids":\["5120"\]' "$T/out.1" || fail "extraction did not run on announced advisories"
# provider -> ROLIE feed -> the CSAF document itself (its CVE and product come only from the document)
grep -q '"id":"TEST-2025-0001".*"kb":\["KB5062557"\],"cve":\["CVE-2025-47981"\]' "$T/out.1" ||
    fail "the CSAF document behind the provider's ROLIE feed was not fetched and announced"
grep -q '"id":"TEST-2025-0001".*"event_ids":\["5120"\]' "$T/out.1" || fail "CSAF document not extracted"
expect_err() { grep -q -- "source $1: .*$2" "$T/err" || fail "no clear failure for source $1 (want: $2)"; }
expect_err err500 "HTTP 500"
expect_err notfound "HTTP 404"
expect_err slow "Timeout was reached"
expect_err huge "larger than the 1048576 byte cap; transfer aborted"
expect_err hugecl "larger than the 1048576 byte cap"
expect_err trunc-xml "malformed XML"
expect_err trunc-json "malformed JSON"
expect_err loop "Maximum (3) redirects"
# redirect policy: another host is refused unless the source lists it; nothing it serves is announced
expect_err cross "redirect to http://127.0.0.2:$PORT2 refused: another origin"
grep -q '"source":"cross-ok"' "$T/out.1" || fail "a redirect to an allowed host was not followed"
grep -q '"source":"cross"[,}]' "$T/out.1" && fail "the refused redirect's items were announced"
expect_err file-redirect "Unsupported protocol"
expect_err billion "declares entities"
expect_err xxe-file "declares entities"
expect_err xxe-http "declares entities"
expect_err xxe-param "declares entities"
expect_err flaky "HTTP 503"
grep -q "source err500: .*giving up for this run" "$T/err" || fail "no give-up line for err500"
grep -q "xxe-target" "$T/log" && fail "an external entity was fetched over the network"
grep -q "root:" "$T/out.1" && fail "file content leaked into an advisory"
grep -q "patchwatch/" "$T/log" || fail "requests do not carry the patchwatch User-Agent"
# the 1 GiB streams were cut near the cap (kernel buffers add a few MiB), not read to the end
while read -r _ path _ _ bytes _; do
    [ "$bytes" -lt $((64 << 20)) ] || fail "$path streamed $bytes bytes before the client stopped"
done < <(grep '^STREAM' "$T/log")
[ "$(grep -c '^STREAM' "$T/log")" -ge 2 ] || fail "the oversized bodies were not requested"
# truncated XML: the items before the damage were announced under that source
grep -q '"source":"trunc-xml"' "$T/out.1" || fail "items before the truncation were lost"
N1=$(count "$T/out.1")

# ---- run 2: restart with the state: conditional requests, nothing re-announced ----
run 2; RC=$?
[ "$RC" = 1 ] || fail "run 2 exit $RC, want 1"
[ "$(count "$T/out.2")" = 0 ] || { cat "$T/out.2"; fail "run 2 re-announced items"; }
grep -q 'GET /f/forum.rss | "' "$T/log" || fail "no If-None-Match on the second fetch"
grep -q "source forum: .*not modified" "$T/err" || fail "forum was not answered 304"
[ "$(grep -c 'GET /f/TEST-2025-0001.json' "$T/log")" = 1 ] || fail "the CSAF document was fetched again although seen"

# ---- run 3: one new item and one changed item ----
cat > "$T/www/dyn.rss" <<XML
<rss version="2.0"><channel><title>dyn</title>
<item><title>first report</title><guid>dyn-1</guid><pubDate>Mon, 07 Jul 2025 10:00:00 GMT</pubDate></item>
<item><title>second report (edited)</title><guid>dyn-2</guid><pubDate>Tue, 08 Jul 2025 09:00:00 GMT</pubDate></item>
<item><title>third report KB5062557</title><guid>dyn-3</guid><pubDate>Tue, 08 Jul 2025 12:00:00 GMT</pubDate></item>
</channel></rss>
XML
run 3 --source dyn --source forum; RC=$?
[ "$RC" = 0 ] || fail "run 3 exit $RC"
[ "$(count "$T/out.3")" = 2 ] || { cat "$T/out.3"; fail "run 3 announced $(count "$T/out.3") items, want 2"; }
has_id "$T/out.3" dyn-3 || fail "new item dyn-3 missed"
has_id "$T/out.3" dyn-2 || fail "changed item dyn-2 missed"

# every (source, id, updated) announced exactly once over all runs
DUPS=$(cat "$T"/out.* | python3 -c '
import json, sys, collections
c = collections.Counter((d["source"], d["id"], d.get("updated")) for d in map(json.loads, sys.stdin))
print(sum(1 for v in c.values() if v > 1))')
[ "$DUPS" = 0 ] || fail "$DUPS items were announced more than once"

# ---- long-running mode: picks up a change within its interval, stops cleanly on SIGTERM ----
( cd "$T" && exec "$PATCHWATCH" ingest feeds --rules "$T/rules" --state "$T/state.json" --source dyn \
    --out "file:$T/out.4" --timeout 2s ) 2> "$T/err" &
DAEMON_PID=$!
sleep 1.5
sed -i 's#</channel>#<item><title>fourth</title><guid>dyn-4</guid></item></channel>#' "$T/www/dyn.rss"
# the interval is 1s: wait until the server saw two more requests for dyn.rss (file output is flushed at
# exit, so the log, not the output, tells when the change was fetched)
BEFORE=$(grep -c 'GET /f/dyn.rss' "$T/log")
for _ in $(seq 50); do [ "$(grep -c 'GET /f/dyn.rss' "$T/log")" -ge $((BEFORE + 2)) ] && break; sleep 0.2; done
kill -TERM "$DAEMON_PID"
wait "$DAEMON_PID"; RC=$?
DAEMON_PID=
[ "$RC" = 0 ] || fail "the poller exited $RC on SIGTERM"
has_id "$T/out.4" dyn-4 || fail "the running poller did not announce dyn-4"
[ "$(count "$T/out.4")" = 1 ] || fail "the running poller announced $(count "$T/out.4") items, want 1"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "dyn-4" in d["sources"]["dyn"]["items"]' \
    "$T/state.json" || fail "state was not saved on stop"
# ---- TLS: verification is on (a self-signed server fails), and --ca-file makes it trusted ----
if command -v openssl >/dev/null; then
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/tls.pem" -out "$T/tls.crt" -days 1 \
        -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1 || fail "openssl req failed"
    cat "$T/tls.crt" >> "$T/tls.pem"
    python3 "$PW_SOURCE_DIR/tests/integration/feeds_server.py" --dir "$T/www" --port-file "$T/tlsport" \
        --log "$T/tlslog" --tls-cert "$T/tls.pem" &
    TLS_PID=$!
    for _ in $(seq 50); do [ -s "$T/tlsport" ] && break; sleep 0.1; done
    mkdir -p "$T/tlsrules"
    printf -- '- {kind: source, name: tls, url: "https://127.0.0.1:%s/f/forum.rss", format: rss}\n' \
        "$(cat "$T/tlsport")" > "$T/tlsrules/s.yaml"
    tls_run() {
        "$PATCHWATCH" ingest feeds --rules "$T/tlsrules" --once --out "file:$T/out.tls$1" --timeout 5s \
            --max-retries 1 --retry-base 100ms "${@:2}" 2> "$T/err"
    }
    tls_run 1; RC=$?
    [ "$RC" = 1 ] || fail "an untrusted certificate was accepted (exit $RC)"
    grep -qi "source tls: .*certificate" "$T/err" || fail "no certificate error reported"
    tls_run 2 --ca-file "$T/tls.crt"; RC=$?
    kill "$TLS_PID"; wait "$TLS_PID" 2>/dev/null; TLS_PID=
    [ "$RC" = 0 ] || fail "--ca-file did not make the certificate trusted (exit $RC)"
    [ "$(count "$T/out.tls2")" = 3 ] || fail "nothing announced over TLS"
else
    echo "note: openssl not found, TLS part skipped"
fi
echo "ok: $N1 advisories announced once; failures reported; caps, timeouts, TLS and XML hardening hold"
