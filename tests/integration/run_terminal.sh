#!/bin/bash
# it_run_terminal: `patchwatch run` on a terminal (a pseudo-terminal made by script(1)) prints each alert as one
# readable line (time, status, kind, patch, the recommendation), not raw JSON, and the table of incidents
# (patch, symptom, hosts, ring, status, since) as they change, with the notifications they caused; with --json,
# or into a pipe, the alerts are JSON lines.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SIM=${PW_BINARY_DIR:?}/bench/bench_fleetsim
command -v script >/dev/null || { echo "skipped: script(1) missing (bsdutils)" >&2; exit 77; }
[ -x "$SIM" ] || { echo "skipped: $SIM not built" >&2; exit 77; }
d=$(mktemp -d /tmp/pw-it-term-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "${PW_SOURCE_DIR:?}/examples" "$d/examples"
rm -rf "$d/examples/fleet"
sed -i "s|^rules: .*|rules: $PW_SOURCE_DIR/rules|" "$d/examples/patchwatch.yaml"
"$SIM" --out "$d/examples/fleet" --seed 7 --hosts 24 --days 20 --bad csv --report before >/dev/null 2>&1 || fail fleetsim
cfg=$d/examples/patchwatch.yaml
script -qec "timeout 60 '$PW' run -c '$cfg'" /dev/null >"$d/tty.out" 2>&1 || fail "run on a terminal exit $?"
timeout 60 "$PW" run -c "$cfg" >"$d/pipe.out" 2>/dev/null || fail "run into a pipe exit $?"
n=$(wc -l <"$d/pipe.out")
[ "$n" -ge 2 ] || fail "only $n alerts into the pipe"
[ "$(grep -c '^{' "$d/pipe.out")" -eq "$n" ] || fail "a pipe got something else than JSON lines"
grep -q '^{' "$d/tty.out" && fail "the terminal got raw JSON"
[ "$(grep -Ec '^(.\[1m)?2026-[0-9-]+ [0-9:]+ +(open|updated|resolved) .*KB5062557' "$d/tty.out")" -eq "$n" ] ||
    fail "the terminal did not get one line per alert: $(cat "$d/tty.out")"
grep -q '^PATCH *SYMPTOM *HOSTS *RING *STATUS *SINCE' "$d/tty.out" || fail "no incident table header: $(cat -v "$d/tty.out")"
grep -Eq '^KB5062557 +Cluster Shared Volume.*\(5120\)? *[0-9]+/[0-9]+ +ring-[0-9]+ +open +2026-' "$d/tty.out" ||
    grep -Eq '^KB5062557 +Cluster Shared Volume.* [0-9]+/[0-9]+ +(ring-[0-9]+|-) +open +2026-' "$d/tty.out" ||
    fail "no incident row: $(cat -v "$d/tty.out")"
grep -q -- '-> notification open .*New incident: KB5062557' "$d/tty.out" || fail "no open notification line"
grep -Eq '2026-[0-9-]+ [0-9:]+ .*(open|updated) +advisory-match +KB5062557 .*hold' "$d/tty.out" ||
    fail "no readable advisory-match line: $(cat -v "$d/tty.out")"
script -qec "timeout 60 '$PW' run --json -c '$cfg'" /dev/null >"$d/tty-json.out" 2>&1 || fail "run --json exit $?"
[ "$(grep -c '^{' "$d/tty-json.out")" -eq "$n" ] || fail "--json on a terminal did not give JSON lines"
grep -q '^PATCH' "$d/tty-json.out" && fail "--json on a terminal printed the table"
echo "ok: $n alerts: readable on a terminal, JSON in a pipe and with --json"
