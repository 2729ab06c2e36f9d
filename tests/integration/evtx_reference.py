#!/usr/bin/python3
"""Compares `patchwatch parse FILE.evtx` with the reference tools on every file of a directory.

For each file: evtxinfo's record count must be reached, every record evtxexport or python-evtx renders must
be returned, and for every record that both evtxexport and python-evtx render (and, as extra evidence, every
record only one of them renders, against that one), EventID, TimeCreated, Computer, Channel,
Provider and every EventData/UserData name=value pair must equal each reference's value after the
normalisations below (each one is a rendering choice, not a data difference; docs/evtx.md explains).
Where the two references disagree with each other (evtxexport leaves markup inside text unescaped
and prints some signed 32-bit error codes differently, ...), matching one of them is accepted and counted:
  - hex numbers compare by value (evtxexport pads HexInt64 to 16 digits, Windows and patchwatch do not);
  - GUIDs compare case-insensitively (python-evtx prints lower case, Windows upper case);
  - times (TimeCreated and FILETIME/SYSTEMTIME values) compare at microsecond precision; python-evtx goes
    through a float and is off by up to a few us, so it gets 10 us of slack;
  - booleans compare case-insensitively (python-evtx prints True/False, Windows true/false);
  - binary compares by bytes (python-evtx prints base64, Windows and evtxexport hex);
  - python-evtx renders an array value as one text with <string> markup where Windows repeats the
    element (<Data>a</Data><Data>b</Data>); those values are compared with evtxexport only;
  - surrounding whitespace is ignored (python-evtx appends newlines to some values), and CR LF compares
    as LF (XML parsers normalise line ends in the references' output; our JSON keeps the bytes);
  - size_t values (win:Pointer) are hex in Windows' rendering and ours, decimal in both references;
  - a lone UTF-16 surrogate becomes one U+FFFD in ours; evtxexport also drops the unit after it;
  - python-evtx drops control characters XML 1.0 cannot carry, and prints "" for an absent optional value.
Usage: evtx_reference.py PATCHWATCH DATA_DIR [FILE...]; prints one line per file, exit 1 on any mismatch.
"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timezone

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
HEX = re.compile(r"^0x[0-9a-fA-F]+$")
GUID = re.compile(r"^\{[0-9a-fA-F-]{36}\}$")


def norm(v):
    v = (v or "").strip()
    if HEX.match(v):
        return "0x%x" % int(v, 16)
    if GUID.match(v):
        return v.upper()
    return v


def ts_us(s):
    """'2016-07-08T18:12:51.6816408Z' / '2016-07-08 18:12:51.681641' -> microseconds since epoch."""
    m = re.match(r"^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$", (s or "").strip())
    if not m:
        return None
    base = datetime.strptime(m.group(1) + " " + m.group(2), "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
    frac = (m.group(3) or "0")[:6].ljust(6, "0")
    return int(base.timestamp()) * 1000000 + int(frac)


def fields_from_xml(root):
    """The compared fields of one <Event> element."""
    out = {}
    sysel = root.find(NS + "System")
    if sysel is None:
        return out

    def text(tag):
        e = sysel.find(NS + tag)
        return None if e is None else (e.text or "")

    out["event.code"] = norm(text("EventID"))
    out["winlog.channel"] = norm(text("Channel"))
    out["host.name"] = norm(text("Computer"))
    p = sysel.find(NS + "Provider")
    out["event.provider"] = norm(p.get("Name")) if p is not None else None
    t = sysel.find(NS + "TimeCreated")
    out["@timestamp"] = ts_us(t.get("SystemTime")) if t is not None else None
    rid = text("EventRecordID")
    out["_record_id"] = int(rid) if rid and rid.strip().isdigit() else None
    ed = root.find(NS + "EventData")
    if ed is not None:
        n = 0
        for d in ed:
            tag = d.tag.replace(NS, "")
            if tag == "Data":
                name = d.get("Name")
                if not name:
                    n += 1
                    name = "param%d" % n
                out["winlog.event_data." + name.replace(".", "_")] = norm(d.text)
            elif len(d) == 0:
                out["winlog.event_data." + tag] = norm(d.text)
    ud = root.find(NS + "UserData")
    if ud is not None:
        for top in ud:
            def leaves(e, path):
                kids = list(e)
                if not kids:
                    out["winlog.user_data." + ".".join(path)] = norm(e.text)
                for k in kids:
                    leaves(k, path + [re.sub(r"^\{.*\}", "", k.tag).replace(".", "_")])
            for k in top:
                leaves(k, [re.sub(r"^\{.*\}", "", k.tag).replace(".", "_")])
    return out


def mine(patchwatch, path):
    recs = {}
    r = subprocess.run([patchwatch, "parse", path], capture_output=True, timeout=300)
    if r.returncode != 0:
        raise RuntimeError("patchwatch failed: %s" % r.stderr.decode(errors="replace")[-300:])
    for line in r.stdout.decode().splitlines():
        ev = json.loads(line)
        flat = {}

        def walk(o, pre):
            for k, v in o.items():
                key = pre + k if pre == "" else pre + "." + k
                if isinstance(v, dict):
                    walk(v, key)
                else:
                    flat[key] = v
        walk(ev, "")
        recs[flat["winlog.record_id"]] = flat
    return recs


def evtxinfo_count(path):
    r = subprocess.run(["evtxinfo", path], capture_output=True, timeout=300)
    m = re.search(rb"Number of records\s*:\s*(\d+)", r.stdout)
    return int(m.group(1)) if m else None


def evtxexport_records(path):
    r = subprocess.run(["evtxexport", "-f", "xml", path], capture_output=True, timeout=600)
    recs = {}
    for m in re.finditer(rb"<Event [^>]*>.*?</Event>", r.stdout, re.S):
        try:
            f = fields_from_xml(ET.fromstring(m.group(0)))
        except ET.ParseError:
            continue
        if f.get("_record_id") is not None:
            recs[f["_record_id"]] = f
    return recs


def pyevtx_records(path):
    import Evtx.Evtx as evtx
    recs = {}
    try:
        with evtx.Evtx(path) as log:
            for rec in log.records():
                try:
                    f = fields_from_xml(ET.fromstring(rec.xml()))
                except Exception:
                    continue
                rid = f.get("_record_id")
                recs[rid if rid is not None else rec.record_num()] = f
    except Exception:
        pass  # python-evtx aborts on some files; what it rendered before counts
    return recs


def same_value(ours, theirs, tool):
    if ours == theirs:
        return True
    if ours.lower() in ("true", "false") and ours.lower() == theirs.lower():
        return True
    a, b = ts_us(ours), ts_us(theirs)
    if a is not None and b is not None:
        return abs(a - b) <= (10 if tool == "python-evtx" else 0)
    if tool == "python-evtx" and re.match(r"^[0-9A-F]+$", ours) and len(ours) % 2 == 0:
        import base64
        try:
            return base64.b64decode(theirs, validate=True) == bytes.fromhex(ours)
        except Exception:
            return False
    return False


def field_ok(ours, v, k, tool):
    if v is None:
        return True
    if k == "@timestamp":
        got = ts_us(ours)
        return got is not None and abs(got - v) <= (10 if tool == "python-evtx" else 0)
    if tool == "python-evtx" and "<string>" in v:
        return None  # python-evtx's own array rendering: not comparable
    if ours is None:
        return v == ""  # an empty optional value: Windows (and we) drop it, python-evtx prints ""
    o = norm(str(ours).replace("\r\n", "\n").replace("\r", "\n"))
    # control characters XML 1.0 cannot carry: python-evtx drops them, our JSON keeps them escaped
    if tool == "python-evtx" and re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", o) == v:
        return True
    if same_value(o, v, tool):
        return True
    # a lone UTF-16 surrogate: we replace that one unit with U+FFFD (Unicode's recommended practice),
    # evtxexport swallows the unit after it too
    if "\ufffd" in v and re.sub("\ufffd.", "\ufffd", o) == v:
        return True
    # size_t (win:Pointer) values: Windows renders hex, both references decimal
    if HEX.match(o) and v.isdigit() and int(o, 16) == int(v):
        return True
    return False


def compare(rid, ours, ee, pe, problems, stats):
    """A field fails when ours differs from both references, or from the one that rendered it."""
    for k in sorted(set(ee) | set(pe)):
        if k.startswith("_"):
            continue
        a = field_ok(ours.get(k), ee.get(k), k, "evtxexport") if k in ee else None
        b = field_ok(ours.get(k), pe.get(k), k, "python-evtx") if k in pe else None
        stats["fields"] += 1
        if a is False and b is False or (a is False and b is None) or (b is False and a is None):
            problems.append("record %s: %s: ours %r, evtxexport %r, python-evtx %r" %
                            (rid, k, ours.get(k), ee.get(k), pe.get(k)))
        elif a is False or b is False:
            stats["one_ref_differs"] += 1  # the references disagree with each other; we match one


def cached(kind, path, fn):
    """The reference tools' output depends only on the file and the tool, and python-evtx is slow (minutes on
    the corpus): keep it between runs (the normal and the ASan ctest of one `make test` share it)."""
    import hashlib, os, pickle
    root = os.environ.get("PW_EVTX_REF_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "patchwatch", "evtx-ref")
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    entry = os.path.join(root, "%s-%s.pickle" % (kind, digest))
    try:
        with open(entry, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError):
        pass
    value = fn(path)
    try:
        os.makedirs(root, exist_ok=True)
        tmp = "%s.%d" % (entry, os.getpid())
        with open(tmp, "wb") as f:
            pickle.dump(value, f)
        os.replace(tmp, entry)
    except OSError:
        pass  # a read-only home only costs time
    return value


def check_file(args):
    """Compares one file; returns (failed, report lines)."""
    patchwatch, data, name = args
    import os
    path = os.path.join(data, name)
    problems = []
    ours = mine(patchwatch, path)
    want = cached("evtxinfo", path, evtxinfo_count)
    if want is not None and len(ours) < want:
        problems.append("returned %d records, evtxinfo counts %d" % (len(ours), want))
    ee = cached("evtxexport", path, evtxexport_records)
    pe = cached("pyevtx", path, pyevtx_records)
    missing = [r for r in ee if r not in ours]
    if missing:
        problems.append("%d records evtxexport renders are missing, e.g. %s" % (len(missing), missing[:5]))
    # python-evtx also renders slack past a chunk's free-space offset as an all-zero record
    # (EventRecordID 0, TimeCreated 1601-01-01); Windows and evtxinfo do not count it
    missing = [r for r in pe if r not in ours and r != 0]
    if missing:
        problems.append("%d records python-evtx renders are missing, e.g. %s" % (len(missing), missing[:5]))
    both = [r for r in ee if r in pe and r in ours]
    one = [r for r in set(ee) ^ set(pe) if r in ours]
    stats = {"fields": 0, "one_ref_differs": 0}
    for rid in both + one:  # records only one reference renders are checked against that one
        compare(rid, ours[rid], ee.get(rid, {}), pe.get(rid, {}), problems, stats)
    status = "ok" if not problems else "FAIL"
    lines = ["%-4s %s: ours %d, evtxinfo %s, evtxexport %d, python-evtx %d; compared %d records with both, %d with"
             " one reference, %d fields (%d where the references disagree and we match one)" %
             (status, name, len(ours), want, len(ee), len(pe), len(both), len(one), stats["fields"],
              stats["one_ref_differs"])]
    lines += ["     " + p for p in problems[:10]]
    if len(problems) > 10:
        lines.append("     ... %d more" % (len(problems) - 10))
    return bool(problems), lines


def main():
    patchwatch, data = sys.argv[1], sys.argv[2]
    import os
    from multiprocessing import Pool
    files = sys.argv[3:] or sorted(f for f in os.listdir(data) if f.endswith(".evtx"))
    failed = 0
    with Pool(os.cpu_count() or 1) as pool:  # files are independent; python-evtx is CPU-bound
        for bad, lines in pool.imap(check_file, [(patchwatch, data, name) for name in files]):
            print("\n".join(lines), flush=True)
            failed += bad
    print("%d of %d files differ" % (failed, len(files)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
