#!/usr/bin/env bash
# The md5 of every example's JSON bake, binary bake and small MP4, for showing that a
# refactor changes no output: run before and after, then `diff before.md5 after.md5`.
# Usage: bash scripts/example-digests.sh OUT_DIR [REEL_BINARY]   (writes OUT_DIR.md5)
set -euo pipefail
cd "$(dirname "$0")/.."
out="$1"
reel="${2:-target/release/reel}"
mkdir -p "$out"
for f in examples/*.scene; do
    n="$(basename "$f" .scene)"
    "$reel" bake "$f" --size 160x90 --fps 10 -o "$out/$n.json" 2>/dev/null
    "$reel" bake "$f" --size 160x90 --fps 10 -o "$out/$n.reelbake" 2>/dev/null
    "$reel" render "$f" --size 160x90 --fps 10 -o "$out/$n.mp4" 2>/dev/null
done
(cd "$out" && md5sum -- * | sort -k2) > "$out.md5"
wc -l < "$out.md5"
