#!/bin/bash
# it_html_dtd: an HTML page with an internal DTD subset (<!DOCTYPE html [ ... ]>) is refused with a message
# naming the file and offset, as RSS and CVRF refuse entity declarations - never 0 advisories with exit 0
# (libxml2's HTML parser ends the DOCTYPE at the first '>', so the subset's rest becomes text or eats markup).
# The same page without the subset still gives its advisories, and "[" after the DOCTYPE's '>' is only text.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
d=$(mktemp -d /tmp/pw-it-htmldtd-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
body='<html><head><title>Known issues</title></head><body>
<article><h2>KB5000001 breaks clusters</h2><a href="https://e.example/1">more</a><p>Event ID 5120 &x;</p></article>
<article><h2>KB5000002 stops VMs</h2><a href="https://e.example/2">more</a><p>Event ID 1069</p></article>
</body></html>'
printf '%s\n%s\n' '<!DOCTYPE html [ <!ENTITY x "<article><h2>KB5999999 fake</h2></article>"> ]>' "$body" >"$d/ent.html"
printf '%s\n%s\n' '<!doctype html [ <!ELEMENT p ANY> <!ATTLIST p a CDATA "1"> ]>' "$body" >"$d/decl.html"
printf '%s\n%s\n' '<!DOCTYPE html>' "$body" >"$d/plain.html"
printf '%s\n%s\n' '<!DOCTYPE html><p>[x]</p>' "$body" >"$d/bracket.html"
for f in ent decl; do
    "$PW" parse --as html "$d/$f.html" >"$d/$f.out" 2>"$d/$f.err" && fail "$f: a page with an internal DTD subset was accepted: $(cat "$d/$f.out")"
    grep -q "$f.html: offset 0: HTML with an internal DTD subset.*refused" "$d/$f.err" || fail "$f: refusal unclear: $(cat "$d/$f.err")"
    [ ! -s "$d/$f.out" ] || fail "$f: advisories printed from a refused page"
done
for f in plain bracket; do
    "$PW" parse --as html "$d/$f.html" >"$d/$f.out" 2>"$d/$f.err" || fail "$f: exit $? $(cat "$d/$f.err")"
    [ "$(wc -l <"$d/$f.out")" -eq 2 ] || fail "$f: $(wc -l <"$d/$f.out") advisories, want 2"
    grep -q KB5000002 "$d/$f.out" || fail "$f: second article missing"
done
echo "ok: internal DTD subsets refused with file:offset; plain pages still parse"
