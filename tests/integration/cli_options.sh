#!/bin/bash
# it_cli_options: options where the docs and --help put them: `ingest evtx DIR -o FILE` (options after the
# paths, as docs/evtx.md writes it) and `sink ... -v` (the help mentions -v).
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
d=$(mktemp -d /tmp/pw-it-cli-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
"$PW" ingest evtx "${PW_SOURCE_DIR:?}/examples/evtx" -o "$d/out.jsonl" 2>"$d/err" || fail "ingest evtx DIR -o F: $(cat "$d/err")"
[ -s "$d/out.jsonl" ] || fail "ingest evtx DIR -o F wrote nothing"
timeout 10 "$PW" sink jsonl -v --bind --in "tcp://127.0.0.1:*" --idle-timeout 1 2>"$d/sink.err" || fail "sink -v refused"
grep -q 'listening on tcp://127.0.0.1:' "$d/sink.err" || fail "sink -v did not say where it listens"
echo "ok"
