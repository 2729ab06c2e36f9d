#!/usr/bin/env bash
# Runs every built fuzz target for FUZZ_SECONDS each (default 10; CI sets 60), seeded from fuzz/corpus/<target>/
# when present. Every target runs even when an earlier one finds something; the end prints how many targets
# ran and each finding (crash, leak, timeout) with its reproducer in build-fuzz/artifacts/, and fails if any.
set -uo pipefail
dir=${1:?usage: run_all.sh BUILD_FUZZ_DIR}
secs=${FUZZ_SECONDS:-10}
here=$(cd "$(dirname "$0")" && pwd)
art=$(dirname "$dir")/artifacts
mkdir -p "$art"
shopt -s nullglob
targets=("$dir"/fuzz_*)
if [ ${#targets[@]} -eq 0 ]; then echo "fuzz: no targets built"; exit 1; fi
echo "fuzz: ${#targets[@]} targets, ${secs} s each"
findings=()
ran=0
for t in "${targets[@]}"; do
  [ -x "$t" ] && [ -f "$t" ] || continue
  name=$(basename "$t")
  work=$(mktemp -d)
  seeds=()
  [ -d "$here/corpus/$name" ] && seeds+=("$here/corpus/$name")
  echo "fuzz: $name for ${secs}s"
  ran=$((ran + 1))
  if ! "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art/$name-" \
       -print_final_stats=1 "$work" "${seeds[@]}" 2>"$art/$name.log"; then
    tail -30 "$art/$name.log"
    repro=("$art/$name-"*)
    findings+=("$name: $(grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|ALARM|timeout|out-of-memory' "$art/$name.log" || echo 'failed') (log $art/$name.log; reproducer ${repro[0]:-none})")
  fi
  grep -E 'stat::number_of_executed_units' "$art/$name.log" || true
  rm -rf "$work"
done
echo "fuzz: $ran targets run, ${#findings[@]} findings"
for f in "${findings[@]}"; do echo "fuzz: FINDING $f"; done
[ ${#findings[@]} -eq 0 ]
