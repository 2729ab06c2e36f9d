#!/usr/bin/env python3
"""reports_fit: do weights learned from the tuning set beat the hand-set report classifier? (issue 13)

Reads the evidence vectors `bench_reports --features` prints (the tuning halves only: tune + held-out-1; the
held-out halves are never printed, so this script cannot see them), fits an L2-regularised logistic regression
for "regression-report or not" and estimates it with k-fold cross-validation GROUPED by source site (every
post of one host in one fold, so a site's house style cannot leak from training to test) and, separately,
leave-one-language-out. The regularisation strength and the decision threshold are chosen inside each outer
training fold by an inner grouped CV (nested), so the outer figures are not tuned on the posts they score.
The hand-set rules have no fitted parameters: their CV figure is their plain score on the same posts (and it
is optimistic, since the rules were tuned on exactly these posts).

    bench/reports_fit.py                 # CV figures of both methods
    bench/reports_fit.py --set compact   # the 8 features the rules decide with; --set stacked adds the rules'
                                         # own decision (the model may only correct them)
    bench/reports_fit.py --emit FILE     # also fit on the whole tuning set and write the model as JSON (raw-
                                         # feature weights, intercept, threshold chosen by grouped CV): a record
                                         # for inspection; patchwatch does not read it (the CV did not justify it)

Besides the pooled out-of-fold figures it prints a paired bootstrap (posts resampled, 2000 draws, fixed seed)
of the F1 difference learned - rules, so "clearly beats" is judged against the noise of 279 posts.

Pure Python (no numpy): 279 posts and ~20 features, Newton's method on a small dense system.
"""
import argparse
import json
import math
import os
import subprocess
import sys
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REG = "regression-report"
TRANSFORMS = {"raw": lambda v: v, "log1p": lambda v: math.log1p(max(v, 0.0))}


def load(path):
    if path:
        lines = open(path, encoding="utf-8").read().splitlines()
    else:
        build = os.environ.get("PW_BUILD_DIR", os.path.join(ROOT, "build"))
        subprocess.run(["cmake", "--build", build, "-j2", "--target", "bench_reports"], check=True,
                       stdout=subprocess.DEVNULL)
        out = subprocess.run([os.path.join(build, "bench", "bench_reports"), "--corpus",
                              os.path.join(ROOT, "tests/fixtures/reports/corpus.jsonl"), "--features"],
                             check=True, capture_output=True, text=True, cwd=ROOT).stdout
        lines = out.splitlines()
    posts = [json.loads(l) for l in lines if l.strip()]
    for p in posts:  # belt and braces: only the tunable halves may be fitted on
        if p["half"] not in ("tune", "held-out"):
            sys.exit("reports_fit: a post of half %s in the features: refusing" % p["half"])
    return posts


def host(url):
    h = urlparse(url).netloc.lower()
    return h[4:] if h.startswith("www.") else h


def design(posts, names, transform):
    t = TRANSFORMS[transform]
    return [[t(p["features"][n]) if n in SUMS else p["features"][n] for n in names] for p in posts]


COMPACT = ["reg", "fix", "info", "head_reg", "head_fix", "head_info", "strong_reg", "anchored"]
SETS = {"all": None, "compact": COMPACT, "stacked": None}
SUMS = {"reg", "fix", "info", "head_reg", "head_fix", "head_info", "fix_asked"}


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        d = m[c][c] or 1e-12
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / d
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / (m[i][i] or 1e-12) for i in range(n)]


def fit(X, y, lam):
    """L2 logistic regression on standardised columns (intercept not penalised); returns raw-scale (w, b)."""
    n, d = len(X), len(X[0])
    mu = [sum(r[j] for r in X) / n for j in range(d)]
    sd = [math.sqrt(sum((r[j] - mu[j]) ** 2 for r in X) / n) or 1.0 for j in range(d)]
    Z = [[1.0] + [(r[j] - mu[j]) / sd[j] for j in range(d)] for r in X]
    beta = [0.0] * (d + 1)
    for _ in range(50):
        g = [0.0] * (d + 1)
        H = [[0.0] * (d + 1) for _ in range(d + 1)]
        for z, t in zip(Z, y):
            s = sum(bi * zi for bi, zi in zip(beta, z))
            p = 1.0 / (1.0 + math.exp(-max(min(s, 30), -30)))
            w = p * (1 - p)
            for i in range(d + 1):
                g[i] += (p - t) * z[i]
                zi = w * z[i]
                for k in range(i, d + 1):
                    H[i][k] += zi * z[k]
        for i in range(d + 1):
            for k in range(i):
                H[i][k] = H[k][i]
        for i in range(1, d + 1):
            g[i] += lam * beta[i]
            H[i][i] += lam
        step = solve(H, g)
        beta = [b - s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    w = [beta[j + 1] / sd[j] for j in range(d)]
    b = beta[0] - sum(w[j] * mu[j] for j in range(d))
    return w, b


def prob(w, b, x):
    s = b + sum(wi * xi for wi, xi in zip(w, x))
    return 1.0 / (1.0 + math.exp(-max(min(s, 30), -30)))


def prf(pred, y):
    tp = sum(1 for p, t in zip(pred, y) if p and t)
    fp = sum(1 for p, t in zip(pred, y) if p and not t)
    fn = sum(1 for p, t in zip(pred, y) if not p and t)
    P = tp / (tp + fp) if tp + fp else 1.0
    R = tp / (tp + fn) if tp + fn else 1.0
    F = 2 * P * R / (P + R) if P + R else 0.0
    return P, R, F


def folds_by(groups, k):
    """Groups to k folds, largest groups first into the smallest fold (deterministic)."""
    size = {}
    for g in groups:
        size[g] = size.get(g, 0) + 1
    load_ = [0] * k
    fold_of = {}
    for g in sorted(size, key=lambda g: (-size[g], g)):
        f = min(range(k), key=lambda i: (load_[i], i))
        fold_of[g] = f
        load_[f] += size[g]
    return [fold_of[g] for g in groups]


LAMBDAS = [0.1, 1.0, 3.0, 10.0, 30.0]
THRESHOLDS = [i / 100 for i in range(20, 81, 2)]


def crit(P, R, F):
    return F + min(P, R)  # both matter: the acceptance is P >= 0.9 and R >= 0.9


def choose(X, y, groups, k):
    """Inner grouped CV over the training posts: the lambda and threshold of the best pooled criterion."""
    fold = folds_by(groups, k)
    best = None
    for lam in LAMBDAS:
        oof = [0.0] * len(y)
        for f in range(k):
            tr = [i for i in range(len(y)) if fold[i] != f]
            w, b = fit([X[i] for i in tr], [y[i] for i in tr], lam)
            for i in range(len(y)):
                if fold[i] == f:
                    oof[i] = prob(w, b, X[i])
        for th in THRESHOLDS:
            c = crit(*prf([p >= th for p in oof], y))
            if best is None or c > best[0] + 1e-12:
                best = (c, lam, th)
    return best[1], best[2]


def outer_cv(X, y, groups, k, inner_k):
    fold = folds_by(groups, k) if k else None
    keys = sorted(set(groups))
    ids = fold if k else [keys.index(g) for g in groups]
    nf = k or len(keys)
    pred = [False] * len(y)
    chosen = []
    for f in range(nf):
        tr = [i for i in range(len(y)) if ids[i] != f]
        if not tr or len(tr) == len(y):
            continue
        Xt, yt, gt = [X[i] for i in tr], [y[i] for i in tr], [groups[i] for i in tr]
        lam, th = choose(Xt, yt, gt, inner_k)
        w, b = fit(Xt, yt, lam)
        chosen.append((lam, th))
        for i in range(len(y)):
            if ids[i] == f:
                pred[i] = prob(w, b, X[i]) >= th
    return pred, chosen


def bootstrap_diff(a, b, y, draws=2000, seed=13):
    """95% interval of F1(a) - F1(b) over posts resampled with replacement (paired: same draw for both)."""
    import random
    rnd = random.Random(seed)
    n = len(y)
    d = []
    for _ in range(draws):
        idx = [rnd.randrange(n) for _ in range(n)]
        ya = [y[i] for i in idx]
        d.append(prf([a[i] for i in idx], ya)[2] - prf([b[i] for i in idx], ya)[2])
    d.sort()
    return d[int(0.025 * draws)], d[int(0.975 * draws) - 1]


def fmt(name, P, R, F):
    return "%-44s P %.3f  R %.3f  F1 %.3f  min(P,R) %.3f" % (name, P, R, F, min(P, R))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--features", help="a saved `bench_reports --features` output (default: run it)")
    ap.add_argument("--k", type=int, default=5, help="outer folds grouped by site (default 5)")
    ap.add_argument("--transform", choices=sorted(TRANSFORMS), default="log1p",
                    help="of the summed cue weights (default log1p)")
    ap.add_argument("--set", choices=sorted(SETS), default="all",
                    help="features: all 19, compact (the 8 the rules decide with), or all plus the rules' own "
                         "decision (stacked: the model may only correct the rules)")
    ap.add_argument("--emit", help="write the coefficients fitted on the whole tuning set to this yaml file")
    args = ap.parse_args()
    posts = load(args.features)
    names = SETS[args.set] or list(posts[0]["features"].keys())
    if args.set == "stacked":  # the rules' decision as one more feature
        for p in posts:
            p["features"]["rules_regression"] = 1.0 if p["rules"] == REG else 0.0
        names = names + ["rules_regression"]
    X = design(posts, names, args.transform)
    y = [p["label"] == REG for p in posts]
    rules = [p["rules"] == REG for p in posts]
    hosts = [host(p["url"]) for p in posts]
    langs = [p["lang"] for p in posts]
    print("reports_fit: %d tuning posts (%d regression reports), %d sites, %d features (%s), transform %s"
          % (len(y), sum(y), len(set(hosts)), len(names), args.set, args.transform))
    print(fmt("hand-set rules (plain score, no parameters)", *prf(rules, y)))
    for label, groups, k in (("%d-fold grouped by site" % args.k, hosts, args.k),
                             ("leave-one-language-out", langs, 0)):
        pred, chosen = outer_cv(X, y, groups, k, 5)
        print(fmt("learned, %s" % label, *prf(pred, y)))
        print("    chosen per outer fold (lambda, threshold): %s" % " ".join("(%g, %.2f)" % c for c in chosen))
        lo, hi = bootstrap_diff(pred, rules, y)
        print("    F1 learned - rules: %+.3f (paired bootstrap 95%% interval %+.3f .. %+.3f)"
              % (prf(pred, y)[2] - prf(rules, y)[2], lo, hi))
        # per language, the hand rules beside it (counts, since some languages are small)
        for lg in sorted(set(langs)):
            idx = [i for i in range(len(y)) if langs[i] == lg]
            lp = prf([pred[i] for i in idx], [y[i] for i in idx])
            hp = prf([rules[i] for i in idx], [y[i] for i in idx])
            print("    %-5s n %3d  learned P %.3f R %.3f | rules P %.3f R %.3f" % (lg, len(idx), lp[0], lp[1], hp[0], hp[1]))
    if args.emit:
        lam, th = choose(X, y, hosts, args.k)
        w, b = fit(X, y, lam)
        with open(args.emit, "w", encoding="utf-8") as out:
            json.dump({"model": "logistic regression: regression-report or not", "fitted_on": "tuning halves",
                       "transform_of_sums": args.transform, "lambda": lam, "threshold": th, "intercept": b,
                       "weights": dict(zip(names, w)), "cv": "%d-fold grouped by site" % args.k}, out, indent=2)
            out.write("\n")
        print("reports_fit: wrote %s (lambda %g, threshold %.2f)" % (args.emit, lam, th))


if __name__ == "__main__":
    main()
