#!/usr/bin/env python3
"""bench/syslog_compare.py PATCHWATCH LOG [--lines N] [--runs R]: syslog to JSON, patchwatch beside rsyslogd (the
receiver a Linux admin already has), on the same N lines (LOG repeated, default 1,000,000), interleaved:

  file  patchwatch parse --as syslog FILE > out.json   vs  rsyslogd imfile (needParse) -> omfile %jsonmesg%
  tcp   patchwatch ingest syslog --tcp -o out.json      vs  rsyslogd imtcp -> omfile %jsonmesg%
        (one sender, the same octet-counted bytes, timed from the first byte to the last JSON line written)

rsyslogd runs in the foreground with a configuration this script writes (its own work directory, no pid file,
no system config), so it measures the same work: read, parse, format JSON, write a file. Both write to the same
temporary directory. Without rsyslogd, patchwatch is timed alone."""
import argparse
import os
import shutil
import socket
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sidebyside as sbs  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rsyslog_conf(work, body):
    path = os.path.join(work, "rsyslog.conf")
    with open(path, "w") as f:
        f.write(f'global(workDirectory="{work}" maxMessageSize="64k")\n'
                'module(load="builtin:omfile")\n'
                'template(name="pwjson" type="string" string="%jsonmesg%\\n")\n' + body)
    return path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("patchwatch")
    ap.add_argument("log")
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    rsyslogd = shutil.which("rsyslogd") or ("/usr/sbin/rsyslogd" if os.path.exists("/usr/sbin/rsyslogd") else None)
    work = tempfile.mkdtemp(prefix="pw-bench-syslog-")
    try:
        with open(a.log, "rb") as f:
            src = [ln for ln in f.read().split(b"\n") if ln]
        lines = [src[i % len(src)] for i in range(a.lines)]
        big = os.path.join(work, "in.log")
        with open(big, "wb") as f:
            f.write(b"\n".join(lines) + b"\n")
        framed = b"".join(b"%d %s" % (len(ln), ln) for ln in lines)
        out = os.path.join(work, "out.json")
        n = a.lines

        def pw_file():
            return sbs.run_batch(f"'{a.patchwatch}' parse --as syslog '{big}' > '{out}'")[0]

        def rs_file():
            conf = rsyslog_conf(work, f'module(load="imfile" mode="polling" PollingInterval="1")\n'
                                      f'input(type="imfile" File="{big}" Tag="bench" needParse="on" '
                                      f'freshStartTail="off" ruleset="r")\n'
                                      f'ruleset(name="r") {{ action(type="omfile" file="{out}" template="pwjson") }}\n')
            for stale in os.listdir(work):
                if stale.startswith("imfile-state"):
                    os.unlink(os.path.join(work, stale))
            return sbs.run_reader(f"'{rsyslogd}' -n -iNONE -f '{conf}'", out, n)

        sbs.header(f"syslog file -> JSON file, {n:,} lines")
        cases = [("patchwatch", pw_file)]
        if rsyslogd:
            cases.append(("rsyslogd", rs_file))
        else:
            print("   note: rsyslogd missing (apt-get install rsyslog): patchwatch alone, no ratio")
        sbs.compare(cases, a.runs, n, "lines")

        port = free_port()

        def pw_tcp():
            return sbs.run_server(f"'{a.patchwatch}' ingest syslog --tcp 127.0.0.1:{port} -o '{out}'",
                                  "127.0.0.1", port, framed, out, n)

        def rs_tcp():
            conf = rsyslog_conf(work, f'module(load="imtcp")\n'
                                      f'input(type="imtcp" address="127.0.0.1" port="{port}" ruleset="r")\n'
                                      f'ruleset(name="r") {{ action(type="omfile" file="{out}" template="pwjson") }}\n')
            return sbs.run_server(f"'{rsyslogd}' -n -iNONE -f '{conf}'", "127.0.0.1", port, framed, out, n)

        sbs.header(f"syslog over TCP (octet-counted, one connection) -> JSON file, {n:,} lines")
        cases = [("patchwatch", pw_tcp)]
        if rsyslogd:
            cases.append(("rsyslogd", rs_tcp))
        sbs.compare(cases, a.runs, n, "lines")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
