#!/bin/bash
# `patchwatch signatures`: --assign prints one SIGNATURE_ID<TAB>TEMPLATE per input line, in order, with the
# final template of each line; the summary of JSON-lines events names rule signatures and counts hosts;
# a saved state gives the same ids in the next run.
set -euo pipefail
: "${PATCHWATCH:?}" "${PW_SOURCE_DIR:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%s\n' 'Accepted password for root from 10.0.0.1 port 5022 ssh2' \
    'session opened for user root by (uid=0)' \
    'Accepted password for alice from 10.0.0.7 port 6022 ssh2' \
    '' \
    'Accepted password for bob from 10.0.0.9 port 7022 ssh2' >"$tmp/lines"
"$PATCHWATCH" signatures --assign <"$tmp/lines" >"$tmp/out"
[ "$(wc -l <"$tmp/out")" -eq 5 ] || { echo "want 5 output lines"; cat "$tmp/out"; exit 1; }
grep -qvP '^[0-9a-f]{16}\t' "$tmp/out" && { echo "bad line format"; cat "$tmp/out"; exit 1; }
# lines 1, 3 and 5 share the final signature (the first line joined before the template generalised)
a=$(sed -n 1p "$tmp/out"); b=$(sed -n 3p "$tmp/out"); c=$(sed -n 5p "$tmp/out")
[ "$a" = "$b" ] && [ "$b" = "$c" ] || { echo "lines 1/3/5 differ"; cat "$tmp/out"; exit 1; }
[ "$(printf '%s' "$a" | cut -f2)" = 'Accepted password for <*> from <IP> port <NUM> ssh2' ] || { echo "template: $a"; exit 1; }

# events as JSON lines: two hosts with the same CSV pause (different record ids, times, volumes)
for i in 1 2 3; do
    printf '{"@timestamp":"2025-07-0%dT10:00:00Z","host":{"name":"node%d"},"event":{"provider":"Microsoft-Windows-FailoverClustering","code":"5120"},"winlog":{"record_id":%d,"event_data":{"VolumeName":"Volume%d","ErrorCode":"c00000b5"}}}\n' \
        "$i" $((i % 2 + 1)) $((1000 + i)) "$i"
done >"$tmp/events.jsonl"
echo '{"host":{"name":"web1"},"log":{"syslog":{"appname":"sshd"}},"message":"Invalid user admin from 192.0.2.1"}' >>"$tmp/events.jsonl"
echo 'this line is not JSON, so it is read as syslog' >>"$tmp/events.jsonl"
"$PATCHWATCH" signatures --json --rules "$PW_SOURCE_DIR/rules/signatures" --state "$tmp/state.json" "$tmp/events.jsonl" >"$tmp/sum"
grep -q '"name":"csv-auto-paused"' "$tmp/sum" || { echo "no rule name"; cat "$tmp/sum"; exit 1; }
grep -q '"template":"Microsoft-Windows-FailoverClustering 5120: ErrorCode=0xc00000b5".*"count":3,"hosts_count":2' "$tmp/sum" ||
    { echo "5120 not counted as one signature on 2 hosts"; cat "$tmp/sum"; exit 1; }
[ -s "$tmp/state.json" ] || { echo "no state saved"; exit 1; }
"$PATCHWATCH" signatures --json --rules "$PW_SOURCE_DIR/rules/signatures" --state "$tmp/state.json" "$tmp/events.jsonl" >"$tmp/sum2"
cmp -s <(cut -d, -f1 "$tmp/sum" | sort) <(cut -d, -f1 "$tmp/sum2" | sort) || { echo "ids changed across runs"; exit 1; }
"$PATCHWATCH" signatures "$tmp/events.jsonl" | grep -q '^[0-9a-f]\{16\} ' || { echo "no table"; exit 1; }

# a bad record is reported with file:line, the others still counted, exit status 1
echo '{"broken": ' >>"$tmp/events.jsonl"
set +e
"$PATCHWATCH" signatures --json "$tmp/events.jsonl" >"$tmp/sum3" 2>"$tmp/err"
rc=$?
set -e
[ $rc -eq 1 ] && grep -q "events.jsonl:6" "$tmp/err" && [ "$(wc -l <"$tmp/sum3")" -ge 3 ] ||
    { echo "bad record handling rc=$rc"; cat "$tmp/err"; exit 1; }

# a missing file is reported; the other files are still summarised
set +e
"$PATCHWATCH" signatures --json "$tmp/nonexistent.jsonl" "$tmp/lines" >"$tmp/sum4" 2>"$tmp/err4"
rc=$?
set -e
[ $rc -eq 1 ] && grep -q nonexistent "$tmp/err4" && grep -q 'Accepted password' "$tmp/sum4" ||
    { echo "missing file handling rc=$rc"; cat "$tmp/err4" "$tmp/sum4"; exit 1; }

# usage errors exit 2
set +e
"$PATCHWATCH" signatures >/dev/null 2>&1; [ $? -eq 2 ] || { echo "no FILE should be a usage error"; exit 1; }
"$PATCHWATCH" signatures --similarity 2 x >/dev/null 2>&1; [ $? -eq 2 ] || { echo "bad similarity accepted"; exit 1; }
set -e
echo ok
