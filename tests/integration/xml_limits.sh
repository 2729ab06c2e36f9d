#!/bin/bash
# it_xml_limits: CPU denial of service through XML attributes is refused fast. libxml2's cost grows with the
# square of one element's attributes (200k took > 120 s); the pre-scan refuses an element over
# PW_XML_MAX_ATTRS in linear time, naming the limit and the offset, and the other records go on:
#  - a Windows XML event stream with a 200,000-attribute record between two good ones (< 1 s, 3 events,
#    the bad one a parse-error event naming the limit);
#  - an RSS feed with a 60,000-attribute item, and an HTML page with one such element (< 1 s each, refused
#    with the limit named);
#  - elements nested 300 deep (refused, PW_XML_MAX_DEPTH).
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
d=$(mktemp -d /tmp/pw-it-xmllim-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
python3 - "$d" <<'END'
import sys
d = sys.argv[1]
ev = ('<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="p"/>'
      '<EventID>%d</EventID><Computer>h</Computer></System></Event>\n')
attrs = " ".join('a%d="1"' % i for i in range(200000))
with open(d + "/ev.xml", "w") as f:
    f.write("<Events>\n" + ev % 1)
    f.write('<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="p" %s/>'
            '<EventID>2</EventID></System></Event>\n' % attrs)
    f.write(ev % 3 + "</Events>\n")
attrs = " ".join('x%d="1"' % i for i in range(60000))
with open(d + "/feed.rss", "w") as f:
    f.write('<rss version="2.0"><channel><title>t</title><item %s><title>KB5062557 broke</title>'
            '<guid>a</guid></item></channel></rss>\n' % attrs)
with open(d + "/page.html", "w") as f:
    f.write('<html><body><article %s><h2>KB5062557 broke</h2></article></body></html>\n' % attrs)
with open(d + "/page16.html", "wb") as f: # UTF-16 with a BOM: the pre-scan must see through the encoding
    f.write(b"\xff\xfe" + ('<html><body><article %s><h2>KB5062557 broke</h2></article></body></html>\n' % attrs).encode("utf-16-le"))
with open(d + "/deep.rss", "w") as f:
    f.write('<rss version="2.0"><channel><title>t</title>' + "<x>" * 300 + "</x>" * 300 + "</channel></rss>\n")
END
t0=$(date +%s%N)
"$PW" parse --as winevent-xml "$d/ev.xml" >"$d/ev.out" 2>"$d/ev.err"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 1000 ] || fail "200k attributes took $ms ms (want < 1 s)"
[ "$(wc -l <"$d/ev.out")" -eq 3 ] || fail "$(wc -l <"$d/ev.out") events, want 3 (the others must go on)"
grep -q 'PW_XML_MAX_ATTRS' "$d/ev.err" || fail "the refusal does not name the limit: $(cat "$d/ev.err")"
grep -q '"code":"3"' "$d/ev.out" || fail "the record after the refused one is missing"
t0=$(date +%s%N)
"$PW" parse --as rss "$d/feed.rss" >"$d/feed.out" 2>"$d/feed.err"
rc=$?
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 1000 ] || fail "a 60k-attribute RSS item took $ms ms (want < 1 s)"
[ $rc -ne 0 ] || fail "the 60k-attribute feed was accepted"
grep -q 'more than 512 attributes.*PW_XML_MAX_ATTRS' "$d/feed.err" || fail "feed refusal unclear: $(cat "$d/feed.err")"
t0=$(date +%s%N)
"$PW" parse --as html "$d/page.html" >/dev/null 2>"$d/page.err" && fail "a 60k-attribute HTML page was accepted"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 1000 ] || fail "a 60k-attribute HTML element took $ms ms (want < 1 s)"
grep -q 'page.html: offset [0-9]*: an element with more than 512 attributes.*PW_XML_MAX_ATTRS' "$d/page.err" ||
    fail "HTML refusal unclear: $(cat "$d/page.err")"
t0=$(date +%s%N)
"$PW" parse --as html "$d/page16.html" >/dev/null 2>"$d/page16.err" && fail "a 60k-attribute UTF-16 HTML page was accepted"
ms=$((($(date +%s%N) - t0) / 1000000))
[ "$ms" -lt 1000 ] || fail "a 60k-attribute UTF-16 HTML element took $ms ms (want < 1 s)"
grep -q 'PW_XML_MAX_ATTRS' "$d/page16.err" || fail "UTF-16 HTML refusal unclear: $(cat "$d/page16.err")"
"$PW" parse --as rss "$d/deep.rss" >/dev/null 2>"$d/deep.err" && fail "a 300-deep document was accepted"
grep -q 'PW_XML_MAX_DEPTH' "$d/deep.err" || fail "depth refusal unclear: $(cat "$d/deep.err")"
echo "ok: attribute and depth limits refuse in linear time; other records go on"
