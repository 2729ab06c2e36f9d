#!/usr/bin/env bash
# Runs every built fuzz target for FUZZ_SECONDS each, seeded from fuzz/corpus/<target>/ when present.
# A crash, leak or timeout fails the run; the reproducer is left in build-fuzz/artifacts/.
set -euo pipefail
dir=${1:?usage: run_all.sh BUILD_FUZZ_DIR}
secs=${FUZZ_SECONDS:-60}
here=$(cd "$(dirname "$0")" && pwd)
art=$(dirname "$dir")/artifacts
mkdir -p "$art"
shopt -s nullglob
targets=("$dir"/fuzz_*)
if [ ${#targets[@]} -eq 0 ]; then echo "fuzz: no targets built"; exit 0; fi
echo "fuzz: ${#targets[@]} targets, ${secs} s each"
for t in "${targets[@]}"; do
  name=$(basename "$t")
  work=$(mktemp -d)
  seeds=()
  [ -d "$here/corpus/$name" ] && seeds+=("$here/corpus/$name")
  echo "fuzz: $name for ${secs}s"
  "$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$art/$name-" \
       -print_final_stats=1 "$work" "${seeds[@]}" 2>"$art/$name.log" || { tail -50 "$art/$name.log"; echo "fuzz: $name FAILED"; exit 1; }
  grep -E 'stat::number_of_executed_units' "$art/$name.log" || true
  rm -rf "$work"
done
echo "fuzz: all ${#targets[@]} targets clean"
