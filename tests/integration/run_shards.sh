#!/usr/bin/env bash
# patchwatch run with stages.correlate.shards = 1, 2 and 3 in one process, on a seeded simulated fleet with a
# bad update, a Linux share and a community report: the alert sets, compared by (kind, patch, signature,
# status, hosts), must be the same for every shard count (correlate/shard.h says why they can be), and the bad
# patch must be among them (so the comparison is not between two empty sets). Also: --stage refuses a name
# that is no stage, and shards > 1 with --stage but without stages.correlate.endpoints.
set -euo pipefail
: "${PATCHWATCH:?}" "${PW_BINARY_DIR:?}" "${PW_SOURCE_DIR:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PW_BINARY_DIR/bench/bench_fleetsim" --out "$work/fleet" --seed 23 --hosts 60 --days 20 --bad csv --linux-share 0.3 \
  --report before >/dev/null
for n in 1 2 3; do
  cat > "$work/pw$n.yaml" <<YAML
rules: $PW_SOURCE_DIR/rules
sources:
  - {kind: jsonl, name: fleet, path: $work/fleet/events/*.jsonl}
  - {kind: feeds, name: reports, dir: $work/fleet/feeds}
stages:
  correlate: {shards: $n, inventory: $work/fleet/inventory.yaml}
sinks:
  - {kind: jsonl, name: out, path: $work/alerts$n.jsonl, topics: [alert]}
YAML
  "$PATCHWATCH" config check "$work/pw$n.yaml" >/dev/null
  "$PATCHWATCH" run -c "$work/pw$n.yaml"
done
grep -q '"patch":"KB5062557"' "$work/alerts1.jsonl" || { echo "FAIL: one process did not blame KB5062557"; exit 1; }
grep -q '"kind":"early-warning"' "$work/alerts1.jsonl" || { echo "FAIL: no early warning to compare"; exit 1; }
for n in 2 3; do
  python3 "$PW_SOURCE_DIR/tests/integration/alert_set_compare.py" "$work/alerts1.jsonl" "$work/alerts$n.jsonl" \
    || { echo "FAIL: $n shards decided differently from one process"; exit 1; }
done

# --stage: unknown names and missing shard endpoints are usage errors (exit 2), saying what is expected
set +e
out=$("$PATCHWATCH" run -c "$work/pw2.yaml" --stage nosuch 2>&1); rc=$?
set -e
[ "$rc" = 2 ] && grep -q "correlate.K" <<<"$out" || { echo "FAIL: --stage nosuch: rc $rc: $out"; exit 1; }
set +e
out=$("$PATCHWATCH" run -c "$work/pw2.yaml" --stage correlate.1 2>&1); rc=$?
set -e
[ "$rc" = 2 ] && grep -q "stages.correlate.endpoints" <<<"$out" || { echo "FAIL: --stage without endpoints: rc $rc: $out"; exit 1; }
echo "ok: 1, 2 and 3 shards emit the same alerts ($(wc -l < "$work/alerts1.jsonl") emissions)"
