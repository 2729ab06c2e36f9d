#!/usr/bin/env bash
# report_fit: bench/reports_fit.py, which judges learned weights against the hand-set report classifier, on
# synthetic evidence vectors written here (not the corpus): it refuses any post of a held-out half (so it can
# never be fitted or scored on one), and on 120 posts from 24 sites whose class follows the evidence (a
# regression report when the regression weight beats fix and informational together) its nested, site-grouped
# CV finds that rule (F1 >= 0.95) while "rules" that are right only half the time score far lower -- so the
# script compares what it says it compares. Then --emit writes a model whose regression weight is positive.
set -euo pipefail
src="${PW_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import json, random, sys
rnd = random.Random(7)
names = ["reg", "fix", "info", "head_reg", "head_fix", "head_info", "strong_reg", "strong_fix", "anchored",
         "fix_asked", "negated", "question", "hypothetical", "undo", "kb", "event_ids", "packages",
         "error_codes", "title"]
with open(sys.argv[1] + "/good.jsonl", "w") as out:
    for i in range(120):
        f = {n: 0.0 for n in names}
        f["reg"], f["fix"], f["info"] = rnd.uniform(0, 6), rnd.uniform(0, 3), rnd.uniform(0, 3)
        f["kb"], f["title"], f["anchored"] = float(rnd.randrange(3)), 1.0, 1.0
        reg = f["reg"] > f["fix"] + f["info"] + 0.3
        if abs(f["reg"] - f["fix"] - f["info"] - 0.3) < 0.3:  # no ties at the boundary
            f["reg"] += 0.6 if reg else -0.6
            f["reg"] = max(f["reg"], 0.0)
            reg = f["reg"] > f["fix"] + f["info"] + 0.3
        out.write(json.dumps({"id": "s%03d" % i, "half": "tune", "lang": ["en", "de", "ja"][i % 3], "kind": "news",
                              "url": "https://site%02d.example/p%d" % (i % 24, i),
                              "label": "regression-report" if reg else "informational",
                              "rules": "regression-report" if (reg if i % 2 else rnd.random() < 0.5) else "informational",
                              "features": f}) + "\n")
with open(sys.argv[1] + "/held.jsonl", "w") as out:
    out.write(open(sys.argv[1] + "/good.jsonl").readline().replace('"half": "tune"', '"half": "held-out-2"'))
PY
if out=$(python3 "$src/bench/reports_fit.py" --features "$tmp/held.jsonl" 2>&1); then
    echo "FAIL: reports_fit accepted a held-out-2 post: $out"; exit 1
fi
grep -q "refusing" <<<"$out" || { echo "FAIL: no refusal message: $out"; exit 1; }
out=$(python3 "$src/bench/reports_fit.py" --features "$tmp/good.jsonl" --set compact --emit "$tmp/model.json")
echo "$out"
python3 - "$tmp/model.json" <<PY
import json, re, sys
out = """$out"""
rules = float(re.search(r"hand-set rules.*F1 ([0-9.]+)", out).group(1))
site = float(re.search(r"learned, 5-fold grouped by site .*F1 ([0-9.]+)", out).group(1))
lang = float(re.search(r"learned, leave-one-language-out .*F1 ([0-9.]+)", out).group(1))
assert site >= 0.95 and lang >= 0.95, (site, lang)
assert rules < 0.85, rules
m = json.load(open(sys.argv[1]))
assert m["weights"]["reg"] > 0 and m["weights"]["fix"] < 0 and 0 < m["threshold"] < 1, m
print("report_fit: ok (learned F1 %.3f by site, %.3f by language; noisy rules %.3f)" % (site, lang, rules))
PY
