#!/usr/bin/env bash
# patchwatch ingest tail under fire: a writer appends 200,000 syslog lines (some split across two writes)
# while the file is rotated by rename (patchwatch running), by copytruncate (patchwatch down) and by
# copytruncate again (running); patchwatch is killed with SIGKILL twice and restarted, its output of every
# run appended to one file. The output must hold every line exactly once.
set -euo pipefail
: "${PATCHWATCH:?}"
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
work=$(mktemp -d /tmp/pw-it-tail.XXXXXX)
pw_pid= ; wr_pid=
cleanup() {
  [ -n "$pw_pid" ] && kill -9 "$pw_pid" 2>/dev/null
  [ -n "$wr_pid" ] && kill "$wr_pid" 2>/dev/null
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
N=200000

cat >"$work/writer.py" <<'PY'
import os, shutil, sys, time
d, n = sys.argv[1], int(sys.argv[2])
path = os.path.join(d, "app.log")
fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
def progress(i):
    with open(os.path.join(d, "progress.tmp"), "w") as p:
        p.write(str(i))
    os.replace(os.path.join(d, "progress.tmp"), os.path.join(d, "progress"))
i = 0
while i < n:
    if i == 70000:            # rotation by rename
        os.rename(path, path + ".1")
        os.close(fd)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    if i in (140000, 180000): # rotation by copytruncate
        shutil.copyfile(path, path + (".2" if i == 140000 else ".3"))
        os.truncate(path, 0)
    chunk = "".join(f"Jun 14 15:16:01 web1 app[42]: line {k:06d} payload {k * 7919 % 100000}\n"
                    for k in range(i, min(i + 500, n)))
    if (i // 500) % 7 == 3:   # a line split across two writes: the reader must wait for its end
        cut = len(chunk) - 20
        os.write(fd, chunk[:cut].encode()); time.sleep(0.002); os.write(fd, chunk[cut:].encode())
    else:
        os.write(fd, chunk.encode())
    i = min(i + 500, n)
    progress(i)
    time.sleep(0.008)
os.close(fd)
PY

start_pw() {
  "$PATCHWATCH" ingest tail "$work/app.log" --checkpoint "$work/checkpoint.json" --interval 20 \
    >>"$work/out.jsonl" 2>>"$work/pw.err" &
  pw_pid=$!
}
wait_progress() {
  for _ in $(seq 3000); do
    [ "$(cat "$work/progress" 2>/dev/null || echo 0)" -ge "$1" ] && return 0
    kill -0 "$wr_pid" 2>/dev/null || return 0
    sleep 0.01
  done
  echo "writer stuck before $1"; exit 1
}

: >"$work/app.log"
start_pw
python3 "$work/writer.py" "$work" "$N" & wr_pid=$!
wait_progress 40000;  kill -9 "$pw_pid"; wait "$pw_pid" 2>/dev/null || true   # SIGKILL 1
wait_progress 55000;  start_pw                                                 # restart; rename at 70000 while running
wait_progress 135000; kill -9 "$pw_pid"; wait "$pw_pid" 2>/dev/null || true   # SIGKILL 2
wait_progress 150000; start_pw                                                 # copytruncate at 140000 happened while down
wait "$wr_pid"; wr_pid=
# let it catch up (and finish the rotated files), then stop it cleanly
prev=-1
for _ in $(seq 300); do
  cur=$(wc -l <"$work/out.jsonl")
  [ "$cur" -ge "$N" ] && [ "$cur" = "$prev" ] && break
  prev=$cur; sleep 0.2
done
sleep 1.5
kill -TERM "$pw_pid"; wait "$pw_pid"; pw_pid=

python3 - "$work/out.jsonl" "$N" <<'PY'
import json, re, sys, collections
path, n = sys.argv[1], int(sys.argv[2])
seen = collections.Counter()
bad = 0
for line in open(path):
    e = json.loads(line)   # a torn JSON line would fail here
    m = re.match(r"line (\d{6}) payload (\d+)$", e.get("message", ""))
    if not m or int(m.group(2)) != int(m.group(1)) * 7919 % 100000 or e["log"]["syslog"]["appname"] != "app":
        bad += 1
        if bad < 5: print("bad event:", line.strip())
        continue
    seen[int(m.group(1))] += 1
missing = [i for i in range(n) if seen[i] == 0]
dups = [i for i, c in seen.items() if c > 1]
print(f"{sum(seen.values())} events, {len(seen)} distinct lines, {len(missing)} missing, {len(dups)} duplicated, {bad} bad")
if missing: print("missing e.g.", missing[:10])
if dups: print("duplicated e.g.", sorted(dups)[:10])
sys.exit(1 if missing or dups or bad else 0)
PY
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/checkpoint.json"
