#!/bin/bash
# it_package_deb: the Debian package as an operator installs it: `cpack -G DEB` builds the .deb (dependencies
# from dpkg-shlibdeps), `dpkg -i` installs it, `systemd-analyze verify` accepts the unit, the man page is there,
# and the installed `patchwatch run` with no config (outside any source tree) runs the installed example and
# prints the alert. Then the package is purged. Needs root and dpkg; skipped in sanitizer builds (the package
# of an instrumented binary proves nothing more) and where the tools are missing.
set -u
PW=${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}
B=${PW_BINARY_DIR:?PW_BINARY_DIR must name the build directory}
skip() { echo "skipped: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || skip "needs root to dpkg -i"
for t in cpack dpkg dpkg-deb dpkg-shlibdeps; do command -v $t >/dev/null || skip "$t not installed (dpkg-dev)"; done
grep -q '^PW_SANITIZE:BOOL=ON' "$B/CMakeCache.txt" && skip "sanitizer build: packaging is tested in the normal build"
grep -q '^CMAKE_INSTALL_PREFIX:PATH=/usr$' "$B/CMakeCache.txt" ||
    skip "the package is built from a build configured with -DCMAKE_INSTALL_PREFIX=/usr (as make build does)"
d=$(mktemp -d /tmp/pw-it-deb-XXXXXX)
cleanup() {
    dpkg --purge patchwatch >/dev/null 2>&1
    rm -rf "$d"
}
trap cleanup EXIT

(cd "$B" && cpack -G DEB -B "$d/pkg" >"$d/cpack.log" 2>&1) || { cat "$d/cpack.log" >&2; fail "cpack -G DEB failed"; }
deb=$(ls "$d"/pkg/*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb produced"
dpkg-deb -f "$deb" Depends | grep -q 'libzmq5' || fail "Depends lacks libzmq5: $(dpkg-deb -f "$deb" Depends)"
dpkg-deb -f "$deb" Depends | grep -q 'libcurl' || fail "Depends lacks libcurl"
dpkg -i "$deb" >"$d/dpkg.log" 2>&1 || { cat "$d/dpkg.log" >&2; fail "dpkg -i failed"; }

for f in /usr/bin/patchwatch /usr/share/patchwatch/rules/thresholds/default.yaml \
    /usr/share/patchwatch/examples/patchwatch.yaml /usr/share/patchwatch/examples/fleet/inventory.yaml \
    /lib/systemd/system/patchwatch.service /etc/patchwatch/patchwatch.yaml /usr/share/man/man1/patchwatch.1.gz \
    /usr/share/doc/patchwatch/README.md; do
    [ -e "$f" ] || fail "installed package lacks $f"
done
dpkg-deb -I "$deb" conffiles | grep -q /etc/patchwatch/patchwatch.yaml || fail "config is not a conffile"
zcat /usr/share/man/man1/patchwatch.1.gz | grep -q '^\.SS replay' || fail "man page lacks the replay command"
/usr/bin/patchwatch config check /etc/patchwatch/patchwatch.yaml >/dev/null 2>&1 || fail "shipped config does not pass config check"

if command -v systemd-analyze >/dev/null; then
    systemd-analyze verify /lib/systemd/system/patchwatch.service >"$d/verify.log" 2>&1 ||
        { cat "$d/verify.log" >&2; fail "systemd-analyze verify refused the unit"; }
    grep -i 'patchwatch.service' "$d/verify.log" && fail "systemd-analyze verify warned about the unit"
else
    echo "note: systemd-analyze missing, unit not verified" >&2
fi

# the installed copy, run as a new user would: no config, not in a source tree
mkdir "$d/cwd"
(cd "$d/cwd" && timeout 120 /usr/bin/patchwatch run >"$d/run.out" 2>"$d/run.err")
rc=$?
[ $rc -eq 0 ] || { cat "$d/run.err" >&2; fail "installed patchwatch run exited $rc"; }
grep -q '"patch":"KB5062557"' "$d/run.out" || { head -c 600 "$d/run.out" >&2; fail "no KB5062557 alert from the installed example"; }
echo "ok: $(basename "$deb") installs, verifies and runs the example"
