#!/bin/bash
# it_xml_encodings: XML in any encoding libxml2 reads (it goes through iconv) gives the same records as UTF-8,
# through `parse --as winevent-xml` (the stream splitter works on bytes, so it converts first) and through the
# feed parsers; an encoding nobody can read is refused naming the file and offset, never 0 records with exit 0.
#  - Windows XML, 2,000 records (several 64 KiB reads, characters cut between reads) in UTF-16BE with a BOM,
#    UTF-16LE with a BOM, UTF-16BE without a BOM, UTF-32LE with a BOM, UTF-8 with a BOM, ISO-8859-1 and
#    windows-1252 by declaration, IBM037 (EBCDIC) by declaration, and from stdin;
#  - an RSS feed in UTF-16BE, UTF-32BE and IBM500 (3 advisories each, the accented title intact);
#  - the attribute limit still holds for a UTF-32 feed (the pre-scan sees the converted bytes);
#  - "X-NOPE-9" refused in both paths with "offset 0" and the encoding named.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
d=$(mktemp -d /tmp/pw-it-xmlenc-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
python3 - "$d" <<'END'
import sys, codecs
d = sys.argv[1]
ev = ('<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Caf\u00e9"/>'
      '<EventID>%d</EventID><Computer>h\u00e9%d</Computer></System><EventData><Data Name="v">x\u00e9\u00fcy</Data>'
      '</EventData></Event>\r\n')
def stream(enc):
    return '<?xml version="1.0" encoding="%s"?>\r\n<Events>\r\n' % enc + "".join(ev % (i, i) for i in range(1, 2001)) + "</Events>\r\n"
cases = {
    "be_bom": (codecs.BOM_UTF16_BE, "UTF-16", "utf-16-be"),
    "le_bom": (codecs.BOM_UTF16_LE, "UTF-16", "utf-16-le"),
    "be_nobom": (b"", "UTF-16BE", "utf-16-be"),
    "u32le_bom": (codecs.BOM_UTF32_LE, "UTF-32", "utf-32-le"),
    "u8_bom": (codecs.BOM_UTF8, "UTF-8", "utf-8"),
    "latin1": (b"", "ISO-8859-1", "latin-1"),
    "cp1252": (b"", "windows-1252", "cp1252"),
    "ebcdic": (b"", "IBM037", "cp037"),
}
for name, (bom, decl, codec) in cases.items():
    with open("%s/%s.xml" % (d, name), "wb") as f:
        f.write(bom + stream(decl).encode(codec))
with open(d + "/nope.xml", "wb") as f:
    f.write(stream("X-NOPE-9").encode("ascii", "replace"))
rss = ('<?xml version="1.0" encoding="%s"?>\n<rss version="2.0"><channel><title>t</title>'
       + "".join('<item><title>KB500000%d caf\u00e9 broke</title><link>https://e.example/%d</link>'
                 '<description>Event ID 5120</description></item>\n' % (i, i) for i in range(1, 4))
       + '</channel></rss>\n')
for name, decl, codec, bom in (("be", "UTF-16", "utf-16-be", codecs.BOM_UTF16_BE), ("u32", "UTF-32BE", "utf-32-be", b""),
                               ("ibm500", "IBM500", "cp500", b"")):
    with open("%s/feed_%s.rss" % (d, name), "wb") as f:
        f.write(bom + (rss % decl).encode(codec))
attrs = " ".join('x%d="1"' % i for i in range(60000))
with open(d + "/feed_attrs.rss", "wb") as f:
    f.write(('<?xml version="1.0" encoding="UTF-32BE"?><rss version="2.0"><channel><title>t</title><item %s>'
             '<title>KB5062557</title></item></channel></rss>\n' % attrs).encode("utf-32-be"))
END
check_events() { # file label
    python3 - "$1" "$2" <<'END' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(ev) == 2000, "%s: %d events, want 2000" % (sys.argv[2], len(ev))
for i, e in enumerate(ev, 1):
    assert e.get("event", {}).get("code") == str(i), (sys.argv[2], i, e)
    assert e["host"]["name"] == "h\u00e9%d" % i and e["winlog"]["event_data"]["v"] == "x\u00e9\u00fcy", (sys.argv[2], e)
    assert e["event"]["provider"] == "Caf\u00e9", (sys.argv[2], e)
END
}
for f in be_bom le_bom be_nobom u32le_bom u8_bom latin1 cp1252 ebcdic; do
    "$PW" parse --as winevent-xml "$d/$f.xml" >"$d/$f.out" 2>"$d/$f.err" || fail "$f: exit $? $(cat "$d/$f.err")"
    [ ! -s "$d/$f.err" ] || fail "$f: warnings: $(head -c 300 "$d/$f.err")"
    check_events "$d/$f.out" "$f"
done
"$PW" parse --as winevent-xml - <"$d/be_bom.xml" >"$d/stdin.out" 2>"$d/stdin.err" || fail "stdin: exit $?"
check_events "$d/stdin.out" stdin
"$PW" parse --as winevent-xml "$d/nope.xml" >"$d/nope.out" 2>"$d/nope.err" && fail "an unknown encoding was accepted"
grep -q 'nope.xml: offset 0: encoding "X-NOPE-9" is not supported' "$d/nope.err" || fail "refusal unclear: $(cat "$d/nope.err")"
[ ! -s "$d/nope.out" ] || fail "records printed from an unreadable encoding"
for f in be u32 ibm500; do
    "$PW" parse --as rss "$d/feed_$f.rss" >"$d/feed_$f.out" 2>"$d/feed_$f.err" || fail "feed $f: exit $? $(cat "$d/feed_$f.err")"
    [ "$(grep -c 'caf\xc3\xa9 broke\|café broke' "$d/feed_$f.out")" -eq 3 ] || fail "feed $f: $(cat "$d/feed_$f.out")"
done
t0=$(date +%s%N)
"$PW" parse --as rss "$d/feed_attrs.rss" >/dev/null 2>"$d/attrs.err" && fail "a 60k-attribute UTF-32 feed was accepted"
ms=$((($(date +%s%N) - t0) / 1000000))
grep -q PW_XML_MAX_ATTRS "$d/attrs.err" || fail "UTF-32 attribute refusal unclear: $(cat "$d/attrs.err")"
[ "$ms" -lt 1000 ] || fail "60k attributes in UTF-32 took $ms ms"
cp "$d/nope.xml" "$d/nope.rss"
"$PW" parse --as rss "$d/nope.rss" >/dev/null 2>"$d/nope_rss.err" && fail "feed in an unknown encoding accepted"
grep -q 'offset 0: encoding "X-NOPE-9" is not supported' "$d/nope_rss.err" || fail "feed refusal unclear: $(cat "$d/nope_rss.err")"
echo "ok: 8 encodings and stdin give the same 2000 records; 3 feed encodings; unknown encodings refused by name"
