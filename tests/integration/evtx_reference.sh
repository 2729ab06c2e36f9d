#!/usr/bin/env bash
# it_evtx_reference: patchwatch's EVTX parser against the reference tools on the shared corpus
# (../shared/data/evtx): every record evtxinfo counts is returned, every record evtxexport renders is
# returned, and fields of records both evtxexport and python-evtx render are equal (evtx_reference.py).
# Installs libevtx-utils and python3-evtx when missing (as root); skips (77) when it cannot.
set -u
data=${PW_SHARED_DATA:-}/evtx
if [ -z "${PW_SHARED_DATA:-}" ] || [ ! -d "$data" ]; then
  echo "skipped: ../shared/data/evtx is not present"; exit 77
fi
: "${PATCHWATCH:?PATCHWATCH must name the patchwatch binary}"
need=()
command -v evtxinfo >/dev/null && command -v evtxexport >/dev/null || need+=(libevtx-utils)
/usr/bin/python3 -c 'import Evtx.Evtx' 2>/dev/null || need+=(python3-evtx)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing reference tools: ${need[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"; } \
      >/dev/null || { echo "apt-get install ${need[*]} failed"; exit 1; }
  else
    echo "skipped: reference tools missing (${need[*]}) and not root to install them"; exit 77
  fi
fi
here=$(cd "$(dirname "$0")" && pwd)
exec /usr/bin/python3 "$here/evtx_reference.py" "$PATCHWATCH" "$data"
