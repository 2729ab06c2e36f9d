#!/bin/bash
# Regenerates the key reference inside docs/configuration.md and docs/rules.md from the schema tables
# (core/pw_config_tables.c, rules/schema_*.c): replaces the text between the GENERATED markers with the
# output of `patchwatch config docs` / `patchwatch rules docs`. Usage: docs/gen_reference.sh [PATCHWATCH]
set -eu
PW=${1:-build/patchwatch}
DOCS=$(cd "$(dirname "$0")" && pwd)
regen() { # file command...
    local file=$1; shift
    local gen; gen=$(mktemp)
    "$@" >"$gen"
    awk -v gen="$gen" '
        /^<!-- BEGIN GENERATED/ { print; while ((getline l < gen) > 0) print l; skip = 1; next }
        /^<!-- END GENERATED -->/ { skip = 0 }
        !skip { print }' "$file" >"$file.tmp"
    mv "$file.tmp" "$file"
    rm -f "$gen"
}
regen "$DOCS/configuration.md" "$PW" config docs
regen "$DOCS/rules.md" "$PW" rules docs
