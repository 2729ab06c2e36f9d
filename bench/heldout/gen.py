#!/usr/bin/env python3
"""bench/heldout/gen.py: a second, independent fleet generator, written apart from bench/fleetsim (different
code, different formats, different habits), whose scenarios are ONLY EVER SCORED (bench/heldout/score.py),
never used to tune the correlator or the report classifier. It writes what an admin would export:

  DIR/events/HOST.xml   Windows Event XML as `wevtutil qe System /f:xml /e:Events` writes it: one file per host,
                        <Events><Event xmlns=...>...</Event>...</Events>, about 70 % of events with
                        RenderingInfo (/rd:true), the rest with EventData only
  DIR/feeds/*.xml       RSS 2.0: a community forum feed and a vendor release-health feed
  DIR/truth.json        what is bad, the first affected host's first symptom, installs, the report time

No inventory is written: rings must be inferred from install times. Installs are WindowsUpdateClient 43
(started) then 19 (installed), then a planned restart (User32 1074, EventLog 6006/6005, Kernel-General 12).
A scenario has one bad cumulative update whose symptom hits a share of the patched hosts of the roles it
affects, and traps: a benign update in the same session or a day before on the same hosts, a fleet-wide
storage incident, chronic and sporadic errors, noisy hosts, stragglers and hosts that never patch.

Usage: gen.py --out DIR --seed N [--hosts N] [--days N] [--bad csv|hyperv|bitlocker|clussvc|none]
              [--benign none|with|before|superset] [--storage-incident] [--forum before|after|none]
              [--slow] [--fraction F] [--noisy F]
"""
import argparse
import json
import os
import random
import zlib
from datetime import datetime, timedelta, timezone
from xml.sax.saxutils import escape

NS = "http://schemas.microsoft.com/win/2004/08/events/event"
T0 = datetime(2026, 3, 2, tzinfo=timezone.utc)  # a Monday; the second Tuesday is day 8

SYMPTOMS = {
    "csv": [("Microsoft-Windows-FailoverClustering", 5120, 2, "System",
             "Cluster Shared Volume 'Volume{n}' ('Cluster Disk {d}') has entered a paused state because of "
             "'STATUS_IO_TIMEOUT(c00000b5)'. All I/O will temporarily be queued until a path to the volume is "
             "reestablished.", {"VolumeName": "Volume{n}", "ResourceName": "Cluster Disk {d}",
                                "ErrorCode": "STATUS_IO_TIMEOUT(c00000b5)"})],
    "hyperv": [("Microsoft-Windows-Hyper-V-Worker", 18560, 2, "Microsoft-Windows-Hyper-V-Worker-Admin",
                "'VM-{vm}' was reset because an unrecoverable error occurred on a virtual processor that caused "
                "a triple fault. If the problem persists, contact Product Support. (Virtual machine ID {guid})",
                {"VmName": "VM-{vm}", "VmId": "{guid}"})],
    "bitlocker": [("Microsoft-Windows-BitLocker-Driver", 24620, 2, "System",
                   "Encrypted volume check: Volume information on \\\\?\\Volume{{{guid}}} cannot be read.",
                   {"VolumeName": "\\\\?\\Volume{{{guid}}}"})],
    "clussvc": [("Service Control Manager", 7031, 2, "System",
                 "The Cluster Service service terminated unexpectedly.  It has done this {k} time(s).  The "
                 "following corrective action will be taken in 60000 milliseconds: Restart the service.",
                 {"param1": "Cluster Service", "param2": "{k}", "param3": "60000", "param4": "1",
                  "param5": "Restart the service", "param6": "ClusSvc"})],
}
ROLES_HIT = {"csv": {"clu"}, "hyperv": {"clu", "hv"}, "bitlocker": {"clu"}, "clussvc": {"clu"}}

BACKGROUND = [  # provider, id, level, channel, message, weight per host-day
    ("Service Control Manager", 7036, 4, "System", "The {svc} service entered the {state} state.", 30),
    ("Microsoft-Windows-Time-Service", 37, 4, "System",
     "The time provider NtpClient is currently receiving valid time data from dc0{k}.corp.example.", 2),
    ("Microsoft-Windows-GroupPolicy", 1500, 4, "System",
     "The Group Policy settings for the computer were processed successfully.", 3),
    ("Microsoft-Windows-DNS-Client", 1014, 3, "System",
     "Name resolution for the name wpad.corp.example timed out after none of the configured DNS servers "
     "responded.", 0.6),
    ("Microsoft-Windows-Security-SPP", 16384, 4, "Application",
     "Successfully scheduled Software Protection service for re-start.", 1),
]
CHRONIC = [
    ("Microsoft-Windows-DistributedCOM", 10016, 3, "System",
     "The application-specific permission settings do not grant Local Activation permission for the COM "
     "Server application with CLSID {guid} to the user NT AUTHORITY\\SYSTEM SID (S-1-5-18).", 6),
    ("Microsoft-Windows-Kernel-Power", 172, 4, "System", "Connectivity state in standby: Disconnected, "
     "Reason: NIC compliance", 2),
]
SPORADIC = [
    ("Schannel", 36887, 2, "System", "A fatal alert was received from the remote endpoint. The TLS protocol "
     "defined fatal alert code is 46.", 0.15),
    ("disk", 153, 3, "System", "The IO operation at logical block address 0x{lba} for Disk {d} (PDO name: "
     "\\Device\\0000003{d}) was retried.", 0.08),
    ("Microsoft-Windows-WAS", 5002, 2, "System", "Application pool 'AppPool{k}' is being automatically "
     "disabled due to a series of failures in the process(es) serving that application pool.", 0.04),
    ("Microsoft-Windows-FailoverClustering", 1135, 2, "System", "Cluster node 'NODE{k}' was removed from the "
     "active failover cluster membership. The Cluster service on this node may have stopped.", 0.02),
    ("Service Control Manager", 7034, 2, "System", "The {svc} service terminated unexpectedly.  It has done "
     "this 1 time(s).", 0.05),
]
SERVICES = ["Windows Update", "Background Intelligent Transfer Service", "WinHTTP Web Proxy Auto-Discovery "
            "Service", "Windows Modules Installer", "Print Spooler", "Remote Registry", "Windows Defender "
            "Antivirus Service", "Microsoft Software Shadow Copy Provider"]

FORUM_BAD = [
    "After {kb} our 2019 Hyper-V cluster lost its CSVs twice tonight. Rolled back on two nodes and they are "
    "stable again. Anyone else seeing this?",
    "PSA: hold {kb} if you run S2D/CSV. Volumes go to paused state hours after the reboot, event 5120 all over "
    "the System log.",
    "Seit der Installation von {kb} hängen bei uns die Cluster Shared Volumes, Ereignis-ID 5120. Deinstallation "
    "hat geholfen.",
    "{kb} broke our failover cluster: VMs froze, cluster service keeps restarting. Pulled the update from WSUS "
    "for now.",
    "Heads up, {kb} is causing BSOD/reset loops on some of our Hyper-V hosts. Uninstalling fixes it.",
]
FORUM_NOISE = [
    "{kb} installed fine on 40 servers here, no issues so far.",
    "How do I decline {kb} in WSUS for a single computer group?",
    "Patch Tuesday megathread: {kb} and friends. Post your experiences below.",
    "Is {kb} needed if we already installed last month's SSU?",
]
VENDOR_BAD = ("Known issue: after installing {kb}, Cluster Shared Volumes might enter a paused state",
              "After installing {kb} or later updates, some Windows Server 2019 clusters might experience CSV "
              "volumes entering a paused state and virtual machines becoming unresponsive. We are working on a "
              "resolution and will provide an update in an upcoming release.")


class Host:
    def __init__(self, name, role, rng):
        self.name, self.role, self.events, self.rec = name, role, [], rng.randint(1000, 900000)

    def add(self, t, prov, eid, level, chan, msg, data, rng, render=None):
        self.events.append((t, prov, eid, level, chan, msg, data,
                            rng.random() < 0.7 if render is None else render))


def fill(s, rng):
    g = "%08x-%04x-%04x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(16),
                                       rng.getrandbits(16), rng.getrandbits(48))
    return s.replace("{guid}", g).format(n=rng.randint(1, 6), d=rng.randint(1, 9), vm=rng.randint(10, 99),
                                         k=rng.randint(1, 4), lba="%x" % rng.getrandbits(28),
                                         svc=rng.choice(SERVICES), state=rng.choice(["running", "stopped"]))


def xml_event(h, ev):
    t, prov, eid, level, chan, msg, data, render = ev
    h.rec += 1
    ts = t.strftime("%Y-%m-%dT%H:%M:%S.") + "%07dZ" % (t.microsecond * 10)
    parts = [f"<Event xmlns='{NS}'><System><Provider Name='{escape(prov)}'/><EventID>{eid}</EventID>"
             f"<Version>0</Version><Level>{level}</Level><Task>0</Task><Opcode>0</Opcode>"
             f"<Keywords>0x80000000000000</Keywords><TimeCreated SystemTime='{ts}'/>"
             f"<EventRecordID>{h.rec}</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='88'/>"
             f"<Channel>{escape(chan)}</Channel><Computer>{h.name}</Computer><Security/></System>"]
    parts.append("<EventData>" + "".join(f"<Data Name='{escape(k)}'>{escape(v)}</Data>" for k, v in data.items())
                 + "</EventData>")
    if render:
        lv = {1: "Critical", 2: "Error", 3: "Warning", 4: "Information"}[level]
        parts.append(f"<RenderingInfo Culture='en-US'><Message>{escape(msg)}</Message><Level>{lv}</Level>"
                     f"<Provider>{escape(prov)}</Provider></RenderingInfo>")
    parts.append("</Event>")
    return "".join(parts)


def install(h, t, kb, title, rng):
    """WindowsUpdateClient 43 then 19, then a planned restart; returns when the host is back up."""
    data = {"updateTitle": f"{title} ({kb})", "updateGuid": "{%08x-0000-0000-0000-000000000000}" % rng.getrandbits(32),
            "updateRevisionNumber": "1"}
    h.add(t, "Microsoft-Windows-WindowsUpdateClient", 43, 4, "System",
          f"Installation Started: Windows has started installing the following update: {title} ({kb})", data, rng)
    t2 = t + timedelta(minutes=rng.randint(4, 40))
    h.add(t2, "Microsoft-Windows-WindowsUpdateClient", 19, 4, "System",
          f"Installation Successful: Windows successfully installed the following update: {title} ({kb})", data, rng)
    return t2


def reboot(h, t, rng):
    h.add(t, "User32", 1074, 4, "System", f"The process C:\\Windows\\servicing\\TrustedInstaller.exe ({h.name}) "
          f"has initiated the restart of computer {h.name} on behalf of user NT AUTHORITY\\SYSTEM for the "
          "following reason: Operating System: Upgrade (Planned)", {"param1": "TrustedInstaller.exe"}, rng)
    h.add(t + timedelta(seconds=20), "EventLog", 6006, 4, "System", "The Event log service was stopped.", {}, rng)
    up = t + timedelta(seconds=rng.randint(90, 600))
    h.add(up, "Microsoft-Windows-Kernel-General", 12, 4, "System", "The operating system started at system time "
          + up.strftime("%Y-%m-%dT%H:%M:%SZ"), {}, rng)
    h.add(up + timedelta(seconds=15), "EventLog", 6005, 4, "System", "The Event log service was started.", {}, rng)
    for _ in range(rng.randint(3, 8)):  # restart noise: services settling
        p = rng.choice(SPORADIC[:2] + BACKGROUND[:1])
        h.add(up + timedelta(seconds=rng.randint(30, 1800)), p[0], p[1], p[2], p[3], fill(p[4], rng), {}, rng)
    return up


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ") if t else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--hosts", type=int, default=40)
    ap.add_argument("--days", type=int, default=28)
    ap.add_argument("--bad", default="csv", choices=["csv", "hyperv", "bitlocker", "clussvc", "none"])
    ap.add_argument("--benign", default="none", choices=["none", "with", "before", "superset"])
    ap.add_argument("--storage-incident", action="store_true")
    ap.add_argument("--forum", default="none", choices=["before", "after", "none"])
    ap.add_argument("--slow", action="store_true")
    ap.add_argument("--fraction", type=float, default=0.6)
    ap.add_argument("--noisy", type=float, default=0.05)
    a = ap.parse_args()
    rng = random.Random(a.seed * 7919 + 13)
    os.makedirs(os.path.join(a.out, "events"), exist_ok=True)
    os.makedirs(os.path.join(a.out, "feeds"), exist_ok=True)
    end = T0 + timedelta(days=a.days)

    site = rng.choice(["AMS", "FRA", "DAL", "SIN"])
    roles = ["clu"] * 45 + ["hv"] * 20 + ["fs"] * 20 + ["app"] * 15
    hosts = []
    for i in range(a.hosts):
        r = rng.choice(roles)
        name = f"{site}-{r.upper()}{i + 1:03d}" + (".corp.example" if rng.random() < 0.4 else "")
        hosts.append(Host(name, r, rng))
    # rings by a hash of the name: pilot ~10 %, broad ~30 %, rest
    pct = {h.name: zlib.crc32(f"{h.name}/{a.seed}".encode()) % 100 for h in hosts}
    ring_of = {n: 0 if p < 10 else 1 if p < 40 else 2 for n, p in pct.items()}
    patch_day = 8
    ring_start = [T0 + timedelta(days=patch_day), T0 + timedelta(days=patch_day + rng.randint(2, 3)),
                  T0 + timedelta(days=patch_day + rng.randint(6, 8))]
    bad_kb = "KB50%05d" % rng.randint(60000, 99999)
    benign_kb = "KB50%05d" % rng.randint(10000, 59999)
    ssu_kb = "KB50%05d" % rng.randint(0, 9999)
    cu_title = "2026-03 Cumulative Update for Windows Server 2019 (1809) for x64-based Systems"
    net_title = "2026-03 Cumulative Update for .NET Framework 3.5, 4.7.2 and 4.8 for Windows Server 2019 for x64"

    # background
    chronic_hosts = {h.name for h in hosts if rng.random() < 0.4}
    noisy_hosts = {h.name for h in hosts if rng.random() < a.noisy}
    for h in hosts:
        for day in range(a.days):
            d0 = T0 + timedelta(days=day)
            for p in BACKGROUND:
                for _ in range(int(rng.expovariate(1 / p[5]) + 0.5) if p[5] >= 1 else int(rng.random() < p[5])):
                    h.add(d0 + timedelta(seconds=rng.randint(0, 86399)), p[0], p[1], p[2], p[3], fill(p[4], rng), {}, rng)
            if h.name in chronic_hosts:
                for p in CHRONIC:
                    for _ in range(rng.randint(0, int(p[5]))):
                        h.add(d0 + timedelta(seconds=rng.randint(0, 86399)), p[0], p[1], p[2], p[3], fill(p[4], rng), {}, rng)
            mult = 10 if h.name in noisy_hosts else 1
            for p in SPORADIC:
                if rng.random() < p[5] * mult:
                    h.add(d0 + timedelta(seconds=rng.randint(0, 86399)), p[0], p[1], p[2], p[3], fill(p[4], rng), {}, rng)
            # Defender definitions most days
            if h.role != "app" or rng.random() < 0.5:
                if rng.random() < 0.8:
                    install(h, d0 + timedelta(seconds=rng.randint(0, 86399)), "KB2267602",
                            "Security Intelligence Update for Microsoft Defender Antivirus - Version 1.4%02d.%d.0"
                            % (day, rng.randint(100, 999)), rng)
            if rng.random() < 0.01:  # an unplanned reboot
                reboot(h, d0 + timedelta(seconds=rng.randint(0, 86399)), rng)

    # rollouts
    installs = {bad_kb: [], benign_kb: []}
    first_affected, affected_hosts = None, 0
    affected_before_last = 0
    bad_on = a.bad != "none"
    for h in hosts:
        ring = ring_of[h.name]
        if rng.random() < 0.05:
            continue  # never patched
        day0 = ring_start[ring] + timedelta(days=rng.randint(1, 3) if rng.random() < 0.1 else 0)  # stragglers
        t = day0 + timedelta(hours=1, seconds=rng.randint(0, 4 * 3600))
        benign_here = a.benign != "none"
        if a.benign == "before" and benign_here:
            tb = install(h, t - timedelta(days=1), benign_kb, net_title, rng)
            installs[benign_kb].append(iso(tb))
            reboot(h, tb + timedelta(minutes=3), rng)
        if rng.random() < 0.3:
            install(h, t - timedelta(minutes=50), ssu_kb, "2026-03 Servicing Stack Update for Windows Server 2019", rng)
        ti = install(h, t, bad_kb, cu_title, rng)
        installs[bad_kb].append(iso(ti))
        if a.benign in ("with", "superset") and benign_here:
            tb = install(h, ti + timedelta(minutes=rng.randint(1, 6)), benign_kb, net_title, rng)
            installs[benign_kb].append(iso(tb))
            ti = tb
        up = reboot(h, ti + timedelta(minutes=rng.randint(1, 10)), rng)
        if bad_on and h.role in ROLES_HIT[a.bad] and rng.random() < a.fraction:
            onset = up + timedelta(hours=rng.uniform(12, 60) if a.slow else rng.uniform(0.5, 10))
            sym = SYMPTOMS[a.bad][0]
            tt, k = onset, 1
            while tt < end:
                h.add(tt, sym[0], sym[1], sym[2], sym[3], fill(sym[4].replace("{k}", str(k)), rng),
                      {kk: fill(v.replace("{k}", str(k)), rng) for kk, v in sym[5].items()}, rng)
                k += 1
                tt += timedelta(hours=rng.uniform(2, 30) if a.slow else rng.uniform(1, 12))
            if onset < end:
                affected_hosts += 1
                first_affected = min(first_affected or onset, onset)
                if onset < ring_start[2]:
                    affected_before_last += 1
    if a.benign == "superset":  # the benign update also goes to hosts the bad one never reaches (.NET only)
        for h in hosts:
            if rng.random() < 0.15:
                tb = install(h, ring_start[0] + timedelta(hours=rng.randint(1, 100)), benign_kb, net_title, rng)
                installs[benign_kb].append(iso(tb))

    if a.storage_incident:  # a SAN hiccup: cluster nodes, patched or not, log the CSV pause for two hours
        t = ring_start[1] + timedelta(hours=rng.randint(8, 16))
        sym = SYMPTOMS["csv"][0]
        for h in hosts:
            if h.role == "clu" and rng.random() < 0.7:
                for _ in range(rng.randint(1, 3)):
                    h.add(t + timedelta(minutes=rng.randint(0, 120)), sym[0], sym[1], sym[2], sym[3],
                          fill(sym[4], rng), {kk: fill(v, rng) for kk, v in sym[5].items()}, rng)

    # feeds
    report = None
    forum = []
    for day in range(0, a.days, 2):
        kb = rng.choice(["KB50%05d" % rng.randint(0, 99999), benign_kb, "KB2267602"])
        forum.append((T0 + timedelta(days=day, hours=rng.randint(0, 23)), rng.choice(FORUM_NOISE).format(kb=kb)))
    if bad_on and first_affected and a.forum != "none":
        when = first_affected - timedelta(hours=rng.uniform(4, 24)) if a.forum == "before" else \
            first_affected + timedelta(hours=rng.uniform(12, 48))
        when = max(when, ring_start[0] + timedelta(hours=2))  # somebody installed it first
        report = when
        forum.append((when, rng.choice(FORUM_BAD).format(kb=bad_kb)))
    write_rss(os.path.join(a.out, "feeds", "community.xml"), "Sysadmin community: Windows Server", forum,
              "https://forum.example.org/t/")
    vendor = [(T0 + timedelta(days=patch_day, hours=18), f"{cu_title} ({bad_kb}) is available",
               f"The {T0.strftime('%B')} update {bad_kb} includes quality and security improvements.")]
    if bad_on and first_affected:
        t = first_affected + timedelta(days=rng.uniform(2, 5))
        vendor.append((t, VENDOR_BAD[0].format(kb=bad_kb), VENDOR_BAD[1].format(kb=bad_kb)))
    write_rss(os.path.join(a.out, "feeds", "release-health.xml"), "Windows release health", vendor,
              "https://vendor.example.com/release-health/", titled=True)

    for h in hosts:
        h.events.sort(key=lambda e: e[0])
        with open(os.path.join(a.out, "events", h.name.split(".")[0].lower() + ".xml"), "w") as f:
            f.write("<Events>\n")
            for ev in h.events:
                f.write(xml_event(h, ev) + "\n")
            f.write("</Events>\n")
    truth = {"generator": "bench/heldout/gen.py", "seed": a.seed, "hosts": a.hosts, "args": vars(a),
             "bad": [], "benign": [benign_kb, ssu_kb, "KB2267602"] if a.benign != "none" else [ssu_kb, "KB2267602"]}
    if bad_on:
        truth["bad"].append({"patch": bad_kb, "first_affected": iso(first_affected), "affected_hosts": affected_hosts,
                             "installs": installs[bad_kb], "report": iso(report),
                             "last_ring_start": iso(ring_start[2]), "affected_before_last_ring": affected_before_last})
    else:
        truth["benign"].append(bad_kb)
    json.dump(truth, open(os.path.join(a.out, "truth.json"), "w"), indent=1)


def write_rss(path, title, items, link, titled=False):
    with open(path, "w") as f:
        f.write(f"<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel><title>{escape(title)}</title>"
                f"<link>{link}</link><description>{escape(title)}</description>\n")
        for i, it in enumerate(sorted(items, key=lambda x: x[0])):
            t = it[0]
            head, body = (it[1], it[2]) if titled else (it[1][:80], it[1])
            f.write(f"<item><title>{escape(head)}</title><link>{link}{i + 1000}</link><guid>{link}{i + 1000}</guid>"
                    f"<pubDate>{t.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
                    f"<description>{escape(body)}</description></item>\n")
        f.write("</channel></rss>\n")


if __name__ == "__main__":
    main()
