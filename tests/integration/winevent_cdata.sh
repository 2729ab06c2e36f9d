#!/bin/bash
# it_winevent_cdata: CDATA sections in a Windows XML event stream. A CDATA section may quote "</Event>" (a
# message that quotes XML): the record is read whole, not cut there. An unterminated "<![CDATA[" must not
# swallow the records after it: the broken record becomes one parse-error event, reported with file:offset of
# the record and of the CDATA, and the next records go on - also across 64 KiB reads (a 200 KiB CDATA section).
# In a feed (one document) the unclosed CDATA is named with its offset.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
d=$(mktemp -d /tmp/pw-it-cdata-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
python3 - "$d" <<'END'
import sys
d = sys.argv[1]
def rec(i, data):
    return ("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>%d</EventID>"
            "<Computer>h%d</Computer></System><EventData><Data Name='m'>%s</Data></EventData></Event>\n" % (i, i, data))
recs = [rec(1, "plain"),
        rec(2, "<![CDATA[oops, never closed"),
        rec(3, "<![CDATA[closed]]>"),
        rec(4, "<![CDATA[the XML was <Event><System/></Event> here]]>"),
        rec(5, "<![CDATA[" + "q" * 200000 + "</Event>" + "r" * 1000 + "]]>"),
        rec(6, "<![CDATA[also never closed"),
        rec(7, "last")]
with open(d + "/s.xml", "w") as f:
    f.write("<Events>\n" + "".join(recs) + "</Events>\n")
off = len("<Events>\n")
with open(d + "/offsets", "w") as f:
    for i, r in enumerate(recs, 1):
        f.write("%d %d %d\n" % (i, off, off + r.find("<![CDATA[")))
        off += len(r)
END
"$PW" parse --as winevent-xml "$d/s.xml" >"$d/out" 2>"$d/err" || fail "exit $? $(cat "$d/err")"
[ "$(wc -l <"$d/out")" -eq 7 ] || fail "$(wc -l <"$d/out") events, want 7: $(cut -c1-200 "$d/out")"
python3 - "$d/out" <<'END' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
code = lambda e: e.get("event", {}).get("code")
for i in (1, 3, 4, 5, 7):
    assert code(ev[i - 1]) == str(i), (i, ev[i - 1])
for i in (2, 6):
    assert ev[i - 1].get("patchwatch", {}).get("parse_error") is True, (i, ev[i - 1])
    assert "CDATA" in ev[i - 1]["message"], ev[i - 1]["message"]
assert ev[3]["winlog"]["event_data"]["m"] == "the XML was <Event><System/></Event> here", ev[3]
m = ev[4]["winlog"]["event_data"]["m"]
assert len(m) == 201008 and "</Event>" in m, len(m)
END
for i in 2 6; do
    read -r _ roff coff < <(sed -n "${i}p" "$d/offsets")
    grep -q "s.xml: record at offset $roff: <!\[CDATA\[ at offset $coff is not closed" "$d/err" ||
        fail "record $i: no file:offset report: $(cat "$d/err")"
done
"$PW" parse --as winevent-xml - <"$d/s.xml" >"$d/out2" 2>/dev/null || fail "stdin: exit $?"
cmp -s "$d/out" "$d/out2" || fail "stdin gives other events than the file"
# A feed is one document: libxml2's recovery keeps what came before an unclosed CDATA and loses the rest. That
# is said with the CDATA's offset (not only "premature end of data" at the last line) and the exit status is 1.
printf '%s\n' '<rss version="2.0"><channel><title>T</title>' \
  '<item><title>KB5000001 one</title><guid>1</guid><description><![CDATA[Event ID 5120 oops</description></item>' \
  '<item><title>KB5000002 two</title><guid>2</guid></item></channel></rss>' >"$d/f.rss"
"$PW" parse --as rss "$d/f.rss" >"$d/f.out" 2>"$d/f.err" && fail "a feed with an unclosed CDATA exited 0"
off=$(python3 -c "import sys; print(open(sys.argv[1]).read().find('<![CDATA['))" "$d/f.rss")
grep -q "f.rss: offset $off: <!\[CDATA\[ is never closed; what follows it in the document is lost" "$d/f.err" ||
    fail "feed: the unclosed CDATA is not named: $(cat "$d/f.err")"
grep -q KB5000001 "$d/f.out" || fail "feed: the item before the CDATA was lost too"
echo "ok: CDATA quoting </Event> read whole; unterminated CDATA costs only its record; in a feed it is named"
