#!/usr/bin/env python3
"""Compares two alert streams (JSON lines) as sets of (kind, patch, signature, status, hosts): the order in
which shards emit differs, what they decide must not. Exit 0 when equal, 1 (with the differences) otherwise."""
import json
import sys


def load(path):
    s = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            a = json.loads(line)
            s.add((a.get("kind"), a.get("patch"), a.get("signature"), a.get("status"),
                   tuple(sorted(a.get("hosts") or []))))
    return s


def main():
    a, b = load(sys.argv[1]), load(sys.argv[2])
    if a == b:
        print(f"equal: {len(a)} distinct alert versions")
        return 0
    print(f"DIFFERENT: {len(a)} vs {len(b)} distinct alert versions")
    for x in sorted(a - b, key=str)[:10]:
        print("  only in", sys.argv[1], x[:4], len(x[4]), "hosts")
    for x in sorted(b - a, key=str)[:10]:
        print("  only in", sys.argv[2], x[:4], len(x[4]), "hosts")
    return 1


if __name__ == "__main__":
    sys.exit(main())
