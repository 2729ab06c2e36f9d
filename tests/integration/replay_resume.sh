#!/usr/bin/env bash
# replay_resume: kill -9 a replay that checkpoints into a SQLite state, run it again with the same state:
# it resumes after the files already read, and the alerts (the last version of each id, over both runs)
# are the same as those of a replay that was never interrupted.
set -euo pipefail
sim="$PW_BINARY_DIR/bench/bench_fleetsim"
[ -x "$sim" ] || { echo "skipped: $sim not built"; exit 77; }
tmp="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
"$sim" --out "$tmp/fleet" --seed 21 --hosts 240 --days 30 --bad hyperv --shards 24 --report after 2>/dev/null
"$PATCHWATCH" replay --out "$tmp/whole.jsonl" "$tmp/fleet"
for delay in 0.5 1.5; do
  rm -f "$tmp/state.db" "$tmp/state.db-wal" "$tmp/state.db-shm" "$tmp/part1.jsonl" "$tmp/part2.jsonl"
  "$PATCHWATCH" replay --state "$tmp/state.db" --checkpoint-seconds 0 --out "$tmp/part1.jsonl" "$tmp/fleet" &
  pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
  "$PATCHWATCH" replay --state "$tmp/state.db" --checkpoint-seconds 0 --stats --out "$tmp/part2.jsonl" "$tmp/fleet" \
    2>"$tmp/stats.txt"
  cat "$tmp/stats.txt"
  touch "$tmp/part1.jsonl"
  python3 - "$tmp/whole.jsonl" "$tmp/part1.jsonl" "$tmp/part2.jsonl" <<'PY'
import json, sys
def final(paths):
    last = {}
    for p in paths:
        for line in open(p):
            line = line.strip()
            if not line:
                continue
            try:
                a = json.loads(line)
            except ValueError:
                continue  # the killed run may have left half a line
            last[a["id"]] = a
    return last
whole = final([sys.argv[1]])
resumed = final([sys.argv[2], sys.argv[3]])
assert whole, "the uninterrupted replay found nothing"
assert whole == resumed, (sorted(whole), sorted(resumed))
print("ok: %d alerts identical after kill -9 and resume" % len(whole))
PY
done
