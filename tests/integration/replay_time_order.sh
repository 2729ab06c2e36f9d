#!/usr/bin/env bash
# replay_time_order: replay takes its inputs in event-time order, not path order. Two hosts' exports where
# path order (all of host A, then all of host B) and time order differ: host B installs KB5099001 on day 2,
# host A logs failures on day 3. replay --events-out writes the events in the order the correlator took
# them: B's day-2 install must come before A's day-3 failures, and the whole stream must be in time order.
# The same with one file per host and day and --max-open 2 (more inputs than may be open: opened as the
# merge's time reaches them), and the counts of the stats line are checked. Path order (the reader before
# the merge) fails this test.
set -euo pipefail
: "${PATCHWATCH:?}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# one host's events over three days: a few informational lines a day, B installs on day 2, A fails on day 3
python3 - "$tmp" <<'PY'
import json, os, sys
root = sys.argv[1]
def ev(host, day, hour, code, provider, level, msg, **extra):
    e = {"@timestamp": "2026-07-%02dT%02d:%02d:00Z" % (day, hour, {"hosta": 10, "hostb": 5}[host]),
         "host": {"name": host}, "event": {"code": str(code), "provider": provider},
         "log": {"level": level}, "message": msg}
    e.update(extra)
    return e
def host_events(host):
    out = []
    for day in (1, 2, 3):
        for hour in (1, 9, 17):
            out.append(ev(host, day, hour, 7036, "Service Control Manager", "information",
                          "%s day %d hour %d heartbeat" % (host, day, hour)))
        if host == "hostb" and day == 2:
            out.append(ev(host, day, 12, 19, "Microsoft-Windows-WindowsUpdateClient", "information",
                          "Installation Successful: Windows successfully installed the following update: "
                          "2026-07 Cumulative Update (KB5099001)"))
        if host == "hosta" and day == 3:
            for hour in (2, 3, 4):
                out.append(ev(host, day, hour, 5120, "Microsoft-Windows-FailoverClustering", "error",
                              "Cluster Shared Volume 'Volume1' is no longer available on this node"))
    out.sort(key=lambda e: e["@timestamp"])
    return out
for layout in ("per-host", "per-day"):
    for host in ("hosta", "hostb"):
        evs = host_events(host)
        if layout == "per-host":
            d = os.path.join(root, layout, host)
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, "events.jsonl"), "w") as f:
                for e in evs:
                    f.write(json.dumps(e) + "\n")
        else:
            for day in (1, 2, 3):
                d = os.path.join(root, layout, host)
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, "day%d.jsonl" % day), "w") as f:
                    for e in evs:
                        if e["@timestamp"].startswith("2026-07-%02d" % day):
                            f.write(json.dumps(e) + "\n")
PY

check() { # events-out file, label
  python3 - "$1" "$2" <<'PY'
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
label = sys.argv[2]
assert len(evs) == 2 * 9 + 1 + 3, (label, len(evs))
ts = [e["@timestamp"] for e in evs]
bad = [(i, ts[i - 1], ts[i]) for i in range(1, len(ts)) if ts[i] < ts[i - 1]]
assert not bad, "%s: not in event-time order at %s" % (label, bad[:3])
install = next(i for i, e in enumerate(evs) if e["event"]["code"] == "19")
failures = [i for i, e in enumerate(evs) if e["event"]["code"] == "5120"]
assert evs[install]["host"]["name"] == "hostb" and failures
assert install < min(failures), "%s: host B's day-2 install came after host A's day-3 failures" % label
hosts = [e["host"]["name"] for e in evs[:6]]
assert "hosta" in hosts and "hostb" in hosts, "%s: day 1 of both hosts should come first: %s" % (label, hosts)
print("ok: %s: %d events in event-time order; the install (#%d) before the failures (#%d..)" %
      (label, len(evs), install, min(failures)))
PY
}

"$PATCHWATCH" replay --no-miner --stats --events-out "$tmp/per-host.events.jsonl" -o "$tmp/a1.jsonl" "$tmp/per-host" \
  2>"$tmp/stats1.txt" || { cat "$tmp/stats1.txt"; fail "replay per-host"; }
check "$tmp/per-host.events.jsonl" per-host || fail "per-host layout"
grep -q "2 inputs merged in event-time order (at most 2 open at once), 22 records; 0 out of time order" "$tmp/stats1.txt" ||
  { cat "$tmp/stats1.txt"; fail "stats line of the per-host replay"; }

"$PATCHWATCH" replay --no-miner --stats --max-open 2 --events-out "$tmp/per-day.events.jsonl" -o "$tmp/a2.jsonl" \
  "$tmp/per-day" 2>"$tmp/stats2.txt" || { cat "$tmp/stats2.txt"; fail "replay per-day"; }
check "$tmp/per-day.events.jsonl" "per-day, --max-open 2" || fail "per-day layout"
grep -q "6 inputs merged in event-time order (at most 2 open at once, opened as the merge reached them), 22 records; 0 out of time order" \
  "$tmp/stats2.txt" || { cat "$tmp/stats2.txt"; fail "stats line of the per-day replay"; }

# the two layouts hold the same events: the same stream
cmp -s "$tmp/per-host.events.jsonl" "$tmp/per-day.events.jsonl" || fail "per-host and per-day layouts gave different streams"
echo "ok: replay takes both layouts in event-time order"
