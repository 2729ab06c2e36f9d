#!/usr/bin/env bash
# report_early_warning: `patchwatch replay` on a small fleet (6 Windows hosts installing KB5999999 then the
# fix KB5999998, 4 Debian hosts installing two openssh-server versions, 2 installing two nfs-kernel-server
# versions, 2 Arch hosts whose pacman.log shows a kernel upgrade) with an RSS feed of community posts published before any install: a regression report that also
# names the fix, an "installed fine" post, Linux reports (one naming the version, one quoting dpkg with the
# epoch, one naming the first fixed version: "prior to 9.1p1") and later fix announcements (KB5999998; openssh
# 9.1p1, which the hosts on 9.0p1 install on day 12). Early warnings must come at the first install, name the
# blamed update only (never KB5999998, which every host installs, nor openssh 9.1p1), cover only the versions
# the posts blame, and be resolved by the fix announcements with the fix named, once the hosts have it. `patchwatch parse` on the same feed shows the class and the deciding words.
set -euo pipefail
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/fleet/feeds"
python3 - "$tmp/fleet/events.jsonl" <<'PY'
import json, sys
from datetime import datetime, timedelta, timezone
t0 = datetime(2026, 7, 1, tzinfo=timezone.utc)
ev = []
def add(t, host, **kw):
    e = {"@timestamp": t.strftime("%Y-%m-%dT%H:%M:%S.000000Z"), "host": {"name": host}}
    e.update(kw)
    ev.append(e)
for h in range(6):
    host = "win%02d" % h
    for hour in range(16 * 24):
        add(t0 + timedelta(hours=hour, seconds=h), host, event={"code": "153", "provider": "disk"},
            log={"level": "warning"}, message="The IO operation at logical block address was retried.")
    day = 8 if h < 3 else 11
    add(t0 + timedelta(days=day, hours=2, minutes=h), host,
        event={"code": "19", "provider": "Microsoft-Windows-WindowsUpdateClient"}, log={"level": "information"},
        message="Installation Successful", winlog={"event_data": {"updateTitle": "2026-07 Cumulative Update (KB5999999)"}})
    add(t0 + timedelta(days=13, minutes=h), host,
        event={"code": "19", "provider": "Microsoft-Windows-WindowsUpdateClient"}, log={"level": "information"},
        message="Installation Successful", winlog={"event_data": {"updateTitle": "2026-07 Out-of-band Update (KB5999998)"}})
for h in range(4):
    host = "deb%02d" % h
    for hour in range(16 * 24):
        add(t0 + timedelta(hours=hour, seconds=h), host, process={"name": "CRON"}, log={"level": "info"},
            message="pam_unix(cron:session): session opened for user root")
    ver = "1:9.0p1-1" if h < 2 else "1:9.1p1-1"
    t = t0 + timedelta(days=3 + h, hours=3)
    add(t, host, process={"name": "dpkg"}, log={"level": "info"},
        message=t.strftime("%Y-%m-%d %H:%M:%S") + " status installed openssh-server:amd64 " + ver)
    if h < 2:  # the hosts on 9.0p1 take the fix on day 12
        t = t0 + timedelta(days=12, hours=3, minutes=h)
        add(t, host, process={"name": "dpkg"}, log={"level": "info"},
            message=t.strftime("%Y-%m-%d %H:%M:%S") + " status installed openssh-server:amd64 1:9.1p1-1")
for h in range(2):
    host = "nfs%02d" % h
    for hour in range(16 * 24):
        add(t0 + timedelta(hours=hour, seconds=h), host, process={"name": "CRON"}, log={"level": "info"},
            message="pam_unix(cron:session): session opened for user root")
    t = t0 + timedelta(days=5 + h, hours=4)
    add(t, host, process={"name": "dpkg"}, log={"level": "info"},
        message=t.strftime("%Y-%m-%d %H:%M:%S") + " status installed nfs-kernel-server:amd64 1:2.6.2-" + str(4 + h))
ev.sort(key=lambda e: e["@timestamp"])
import os
# two Arch hosts whose pacman.log the reader takes as it is (host = directory): the kernel 6.9.2 on day 6
for h in range(2):
    d = os.path.join(os.path.dirname(sys.argv[1]), "arch%02d" % h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "pacman.log"), "w") as f:
        f.write("[2026-07-01T00:00:00+0200] [PACMAN] Running 'pacman -Syu'\n")
        f.write("[2026-07-0%dT04:%02d:00+0200] [ALPM] upgraded linux (6.9.1.arch1-1 -> 6.9.2.arch1-1)\n" % (6 + h, h))
with open(sys.argv[1], "w") as f:
    for e in ev:
        f.write(json.dumps(e) + "\n")
PY
cat > "$tmp/fleet/feeds/community.rss" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>community</title><link>http://127.0.0.1/</link><description>posts</description>
<item><guid>post-1</guid><title>KB5999999 broke our Hyper-V hosts, anyone else?</title><link>http://127.0.0.1/1</link>
<pubDate>Thu, 02 Jul 2026 09:00:00 GMT</pubDate>
<description>After installing KB5999999 on the first ring the hosts are stuck in a boot loop. Someone said it is fixed in KB5999998.</description></item>
<item><guid>post-2</guid><title>KB5999999 installed fine</title><link>http://127.0.0.1/2</link>
<pubDate>Thu, 02 Jul 2026 10:00:00 GMT</pubDate>
<description>No issues here after installing KB5999999 on 40 servers.</description></item>
<item><guid>post-3</guid><title>sshd fails to start after upgrading to openssh 9.0p1</title><link>http://127.0.0.1/3</link>
<pubDate>Wed, 01 Jul 2026 12:00:00 GMT</pubDate>
<description>After upgrading to openssh 9.0p1 sshd fails to start on boot, anyone else?</description></item>
<item><guid>post-5</guid><title>NFS server dead after today's upgrade</title><link>http://127.0.0.1/5</link>
<pubDate>Wed, 01 Jul 2026 13:00:00 GMT</pubDate>
<description>Unpacking nfs-kernel-server (1:2.6.2-4) over (1:2.6.2-3) ... Setting up nfs-kernel-server (1:2.6.2-4) ... Since then nfs-server fails to start on every host.</description></item>
<item><guid>post-6</guid><title>sshd crashes after the upgrade</title><link>http://127.0.0.1/6</link>
<pubDate>Wed, 01 Jul 2026 14:00:00 GMT</pubDate>
<description>sshd crashes on start after the upgrade. Affected are openssh versions prior to 9.1p1.</description></item>
<item><guid>post-7</guid><title>openssh 9.1p1 released</title><link>http://127.0.0.1/7</link>
<pubDate>Fri, 10 Jul 2026 08:00:00 GMT</pubDate>
<description>openssh 9.1p1 fixes the sshd start failure of openssh 9.0p1.</description></item>
<item><guid>post-8</guid><title>linux 6.9.2.arch1-1 does not boot on my server</title><link>http://127.0.0.1/8</link>
<pubDate>Wed, 01 Jul 2026 15:00:00 GMT</pubDate>
<description>After pacman -Syu the kernel 6.9.2 hangs at boot. Packages (1) linux-6.9.2.arch1-1</description></item>
<item><guid>post-4</guid><title>Microsoft releases KB5999998 to fix KB5999999 boot loop</title><link>http://127.0.0.1/4</link>
<pubDate>Sun, 12 Jul 2026 18:00:00 GMT</pubDate>
<description>The out-of-band update KB5999998 fixes the boot loop caused by KB5999999.</description></item>
</channel></rss>
XML
"$PATCHWATCH" replay --out "$tmp/alerts.jsonl" "$tmp/fleet"
"$PATCHWATCH" parse --as rss "$tmp/fleet/feeds/community.rss" > "$tmp/parsed.jsonl"
python3 - "$tmp/alerts.jsonl" "$tmp/parsed.jsonl" <<'PY'
import json, sys
alerts = [json.loads(l) for l in open(sys.argv[1])]
ew = [a for a in alerts if a["kind"] == "early-warning"]
assert all(a["patch"] != "KB5999998" for a in alerts), "a warning names the fix"
kb = [a for a in ew if a["patch"] == "KB5999999"]
assert kb and kb[0]["status"] == "open", ew
# the first install is 2026-07-09T02:00Z; the report is from 07-02
assert "2026-07-09T02:00" <= kb[0]["@timestamp"] <= "2026-07-09T04:00", kb[0]["@timestamp"]
assert "post-1" in kb[0]["advisories"] and "post-2" not in kb[0]["advisories"], kb[0]["advisories"]
res = [a for a in kb if a["status"] == "resolved"]
assert res and "KB5999998" in res[0]["recommendation"] and "post-4" in res[0]["advisories"], kb
ssh = [a for a in ew if a["patch"].startswith("openssh-server=")]
assert {a["patch"] for a in ssh} == {"openssh-server=1:9.0p1-1"}, {a["patch"] for a in ssh}
assert ssh[0]["patched_total"] == 1 and ssh[0]["@timestamp"] <= "2026-07-04T05:00", ssh[0]
ssh_res = [a for a in ssh if a["status"] == "resolved"]
assert ssh_res and "openssh-server=1:9.1p1-1" in ssh_res[0]["recommendation"], ssh
assert ssh_res[0]["@timestamp"] >= "2026-07-13T03:00", ssh_res[0]["@timestamp"]
arch = [a for a in ew if a["patch"].startswith("linux=")]
assert {a["patch"] for a in arch} == {"linux=6.9.2.arch1-1"} and "post-8" in arch[0]["advisories"], arch
assert "2026-07-06T02:00" <= arch[0]["@timestamp"] <= "2026-07-06T04:00", arch[0]["@timestamp"]
nfs = [a for a in ew if a["patch"].startswith("nfs-kernel-server=")]
assert {a["patch"] for a in nfs} == {"nfs-kernel-server=1:2.6.2-4"}, {a["patch"] for a in nfs}
assert "post-5" in nfs[0]["advisories"], nfs[0]
parsed = {a["id"]: a for a in map(json.loads, open(sys.argv[2]))}
assert parsed["post-1"]["class"] == "regression-report" and parsed["post-1"]["kb_affected"] == ["KB5999999"]
assert parsed["post-1"]["kb_fix"] == ["KB5999998"] and "boot loop" in parsed["post-1"]["class_reasons"]
assert parsed["post-2"]["class"] == "informational"
assert parsed["post-4"]["class"] == "fix-announcement" and parsed["post-4"]["kb_fix"] == ["KB5999998"]
print("ok:", kb[0]["recommendation"], "|", res[0]["recommendation"], "|", ssh[0]["patch"], "|",
      ssh_res[0]["recommendation"], "|", nfs[0]["patch"])
PY
if command -v script >/dev/null; then  # on a terminal, parse adds one readable line per advisory
    script -qec "\"$PATCHWATCH\" parse --as rss \"$tmp/fleet/feeds/community.rss\"" /dev/null > "$tmp/tty.txt"
    grep -q 'post-1: regression-report (confidence 0\.[0-9]*) from .*"boot loop".*; blames KB5999999; fix KB5999998' "$tmp/tty.txt" || { cat "$tmp/tty.txt"; exit 1; }
fi
