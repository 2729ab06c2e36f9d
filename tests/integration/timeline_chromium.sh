#!/usr/bin/env bash
# it_timeline_chromium: the HTML timeline of the demo incident opened in headless Chromium (Debian `chromium`):
# the screenshot is not blank, the page logs no console error, and the DOM holds the alert moment and at least
# two rings. With PW_TIMELINE_SCREENSHOT set, the screenshot is copied there (docs/timeline.png).
set -uo pipefail
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
SIM=${PW_BINARY_DIR:?}/bench/bench_fleetsim
CHROME=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROME" ] || { echo "skipped: chromium not installed (apt-get install chromium)"; exit 77; }
[ -x "$SIM" ] || { echo "skipped: $SIM not built"; exit 77; }
d=$(mktemp -d /tmp/pw-it-tlchrome-XXXXXX)
trap 'rm -rf "$d"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$SIM" --out "$d/fleet" --seed 7 --hosts 24 --days 20 --bad csv --report before >/dev/null 2>&1 || fail "fleetsim"
"$PW" replay --store "$d/store.db" "$d/fleet" >/dev/null 2>"$d/replay.err" || fail "replay: $(cat "$d/replay.err")"
"$PW" timeline --store "$d/store.db" --patch KB5062557 --json --html "$d/timeline.html" >/dev/null 2>"$d/tl.err" ||
    fail "timeline --html: $(cat "$d/tl.err")"
grep -qiE '<script|src=|<link|@import|url\(' "$d/timeline.html" && fail "the page loads or runs something"

chrome() { # extra flags...
    timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(mktemp -d "$d/profile-XXXXXX")" --window-size=1400,900 "$@" "file://$d/timeline.html"
}
chrome --screenshot="$d/shot.png" --enable-logging=stderr --v=0 >"$d/shot.out" 2>"$d/chrome.err" ||
    fail "chromium screenshot: $(tail -5 "$d/chrome.err")"
chrome --dump-dom >"$d/dom.html" 2>"$d/dom.err" || fail "chromium --dump-dom: $(tail -5 "$d/dom.err")"
# any console line (an error, a CSP violation) fails: the page has no script, so it should log nothing
if grep -E "Uncaught|ERROR:CONSOLE|CONSOLE\(|:CONSOLE:" "$d/chrome.err" "$d/dom.err"; then fail "console errors"; fi

python3 - "$d/shot.png" <<'PY' || fail "screenshot"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, typ = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if typ == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), (depth, ctype)
        bpp = 3 if ctype == 2 else 4
    elif typ == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
nonwhite = 0
for y in range(h):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        if min(line[x:x + 3]) < 200:
            nonwhite += 1
    prev = line
share = nonwhite / (w * h)
print("screenshot %dx%d, %.1f%% non-white pixels" % (w, h, 100 * share))
assert share > 0.01, "blank page"
PY
grep -q 'class="moment alert"' "$d/dom.html" || fail "no alert moment in the DOM"
grep -qE '>alert 2026-07-[0-9]{2} [0-9]{2}:[0-9]{2}<' "$d/dom.html" || fail "the alert moment has no time label"
rings=$(grep -o 'data-ring="[^"]*"' "$d/dom.html" | sort -u | wc -l)
[ "$rings" -ge 2 ] || fail "fewer than two rings in the DOM ($rings)"
grep -q 'id="hold"' "$d/dom.html" || fail "no hold recommendation"
if [ -n "${PW_TIMELINE_SCREENSHOT:-}" ]; then cp "$d/shot.png" "$PW_TIMELINE_SCREENSHOT"; fi
echo "ok: $rings rings"
