"""Checks every key of every event in the given NDJSON files against the pinned ECS and Winlogbeat field
lists and the allow-list (tests/fixtures/ecs). Prints each offending key once with an example file."""
import json
import os
import sys

STR = {"keyword", "constant_keyword", "wildcard", "text", "match_only_text", "date", "ip", "version"}
INT = {"long", "integer", "short", "byte", "unsigned_long"}
NUM = INT | {"float", "double", "scaled_float", "half_float"}


def load(path):
    defs = {}
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        defs[cols[0]] = cols[1]
    return defs


def type_ok(t, v):
    vals = v if isinstance(v, list) else [v]
    for x in vals:
        if t in STR and not isinstance(x, str):
            return False
        if t in INT and (isinstance(x, bool) or not isinstance(x, int)):
            return False
        if t in NUM and t not in INT and (isinstance(x, bool) or not isinstance(x, (int, float))):
            return False
        if t == "boolean" and not isinstance(x, bool):
            return False
    return True


def flat(o, pre=""):
    for k, v in o.items():
        key = pre + "." + k if pre else k
        if isinstance(v, dict) and v:
            yield from flat(v, key)
        else:
            yield key, v


def main():
    d = sys.argv[1]
    ecs = load(os.path.join(d, "ecs_fields.tsv"))
    wl = load(os.path.join(d, "winlog_fields.tsv"))
    allow = load(os.path.join(d, "allow_list.tsv"))
    # object fields whose leaves are free (ECS/Winlogbeat "object"/"flattened")
    objects = {k: t for k, t in list(ecs.items()) + list(wl.items()) if t in ("object", "flattened")}
    bad, seen, events = {}, set(), 0
    for path in sys.argv[2:]:
        for line in open(path, encoding="utf-8"):
            events += 1
            for key, v in flat(json.loads(line)):
                if (key, type(v).__name__) in seen:
                    continue
                seen.add((key, type(v).__name__))
                t = allow.get(key) or wl.get(key) or ecs.get(key)
                if t is None:
                    parts = key.split(".")
                    for i in range(len(parts) - 1, 0, -1):
                        pre = ".".join(parts[:i])
                        if pre + ".*" in allow:
                            t = allow[pre + ".*"]
                            break
                        if pre in objects:
                            # Winlogbeat's event_data/user_data are object_type keyword; flattened takes anything
                            t = "keyword" if objects[pre] == "object" and pre.startswith("winlog.") else "any"
                            break
                if t is None:
                    bad.setdefault(key, "not defined by ECS, Winlogbeat or the allow-list (%s)" % os.path.basename(path))
                elif t != "any" and not type_ok(t, v):
                    bad.setdefault(key, "type %s, got %s %r (%s)" % (t, type(v).__name__, v, os.path.basename(path)))
    for k in sorted(bad):
        print("%s: %s" % (k, bad[k]))
    print("%d events, %d distinct keys, %d problems" % (events, len({k for k, _ in seen}), len(bad)))
    sys.exit(1 if bad or events == 0 else 0)


main()
