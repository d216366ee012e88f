#!/usr/bin/env bash
# Scale-out on one machine, as the array jobs in deploy/ do it on many: bake once, render N
# chunks as separate processes (at most JOBS at a time), join them.
# Usage: bash scripts/render-chunks.sh SCENE OUT.mp4 [CHUNKS=4] [JOBS=2] [extra bake args…]
set -euo pipefail
scene=$1 out=$2 chunks=${3:-4} jobs=${4:-2}
shift $(( $# < 4 ? $# : 4 ))
reel=${REEL:-reel}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$reel" bake "$scene" -o "$work/scene.reelbake" "$@"
seq 0 $((chunks - 1)) | xargs -P "$jobs" -I{} sh -c \
  "\"$reel\" render --quiet --bake \"$work/scene.reelbake\" --chunk {}/$chunks -o \"$work/\$(printf %05d {}).mp4\""
"$reel" concat $(ls "$work"/*.mp4 | sort) -o "$out"
