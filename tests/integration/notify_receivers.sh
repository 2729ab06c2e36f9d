#!/bin/bash
# it_notify_receivers: `patchwatch run` on the demo fleet with slack, teams and smtp sinks pointed at local
# receivers on 127.0.0.1: a webhook server (python http.server) and a REAL SMTP server (aiosmtpd). Every
# notification the policy made (written by a jsonl sink with topics [notification]) must arrive once in each
# form, and each payload is checked field by field against the documented shapes (notify_receivers.py).
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SIM=${PW_BINARY_DIR:?}/bench/bench_fleetsim
HERE=$(cd "$(dirname "$0")" && pwd)
[ -x "$SIM" ] || { echo "skipped: $SIM not built" >&2; exit 77; }
# the Debian package installs for /usr/bin/python3; a python3 earlier in PATH (pyenv, venv) may lack it
SMTPPY=
for py in python3 /usr/bin/python3; do "$py" -c 'import aiosmtpd' 2>/dev/null && { SMTPPY=$py; break; }; done
[ -n "$SMTPPY" ] || { echo "skipped: python3-aiosmtpd missing" >&2; exit 77; }
d=$(mktemp -d /tmp/pw-it-notify-XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$d"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export XDG_STATE_HOME=$d/state # the sinks' durable queues
"$SIM" --out "$d/fleet" --seed 7 --hosts 24 --days 20 --bad csv --report before >/dev/null 2>&1 || fail fleetsim
python3 "$HERE/notify_receivers.py" http "$d/http.port" "$d/http.log" & pids+=($!)
"$SMTPPY" "$HERE/notify_receivers.py" smtp "$d/smtp.port" "$d/smtp.log" & pids+=($!)
for f in http smtp; do
    for _ in $(seq 100); do [ -s "$d/$f.port" ] && break; sleep 0.1; done
    [ -s "$d/$f.port" ] || fail "the $f receiver did not start"
done
hp=$(cat "$d/http.port") sp=$(cat "$d/smtp.port")
touch "$d/http.log" "$d/smtp.log"
cat >"$d/pw.yaml" <<YAML
rules: ${PW_SOURCE_DIR:?}/rules
sources:
  - kind: jsonl
    path: fleet/events/*.jsonl
  - kind: feeds
    dir: fleet/feeds
    poll: false
stages:
  correlate:
    inventory: fleet/inventory.yaml
notify:
  cap_per_day: 3
  quiet_hours: none
sinks:
  - kind: jsonl
    path: notifications.jsonl
    topics: [notification, incident]
  - kind: slack
    url: http://127.0.0.1:$hp/slack
    timeout: 5s
  - kind: teams
    url: http://127.0.0.1:$hp/teams
    timeout: 5s
  - kind: smtp
    name: mail
    url: smtp://127.0.0.1:$sp
    from: patchwatch@example.org
    to: "Ops <ops@example.org>, oncall@example.org"
    timeout: 10s
YAML
"$PW" config check "$d/pw.yaml" >/dev/null || fail "config check refused the notifier config"
(cd "$d" && timeout 120 "$PW" run -c pw.yaml >/dev/null 2>"$d/run.err") || fail "run exit $?: $(tail -5 "$d/run.err")"
grep -q '"status":"open"' "$d/notifications.jsonl" || fail "no incident record: $(head -c 400 "$d/notifications.jsonl")"
python3 "$HERE/notify_receivers.py" check "$d/notifications.jsonl" "$d/http.log" "$d/smtp.log" || exit 1
# a receiver that refuses (404, as Slack answers for a revoked webhook: not retried) has its notifications
# written to the dead-letter file with the reason; one that is not there (connection refused) keeps them in
# its durable queue; run still ends well either way
sed -i "s|/slack|/nowhere|; s|url: smtp://127.0.0.1:$sp|url: smtp://127.0.0.1:1|" "$d/pw.yaml"
(cd "$d" && timeout 120 "$PW" run -c pw.yaml >/dev/null 2>"$d/run2.err") || fail "run with a dead receiver exit $?"
grep -Eq "sink slack[^:]*: .*refused for good, written to .*dead-letter.jsonl: slack: HTTP 404: no_service" "$d/run2.err" ||
    fail "a refused Slack delivery was not reported: $(tail -3 "$d/run2.err")"
n=$(grep -c . "$d"/state/patchwatch/queue/slack*/dead-letter.jsonl)
[ "$n" -eq 3 ] || fail "$n notifications in Slack's dead-letter file, want 3"
grep -q "sink mail: smtp: Couldn't connect" "$d/run2.err" || fail "a failed SMTP delivery was not reported"
# the mail server is back: what waited in the queue goes first, then this run's own notifications
sed -i "s|url: smtp://127.0.0.1:1|url: smtp://127.0.0.1:$sp|" "$d/pw.yaml"
before=$(grep -c . "$d/smtp.log")
(cd "$d" && timeout 120 "$PW" -v run -c pw.yaml >/dev/null 2>"$d/run3.err") || fail "run 3 exit $?"
grep -q "queue .*/mail: 3 undelivered record(s) from a previous run are sent first" "$d/run3.err" ||
    fail "the queued mail was not resent: $(tail -3 "$d/run3.err")"
after=$(grep -c . "$d/smtp.log")
[ $((after - before)) -eq 6 ] || fail "$((after - before)) mails after the outage, want 3 queued + 3 new"
echo "ok: notifications delivered to Slack, Teams and SMTP receivers and checked; refusals dead-lettered; an outage queued and resent"
