#!/usr/bin/env bash
# Runs reel's whole test suite on a fresh Debian machine: installs the system packages it
# needs (ffmpeg's libraries, clang for bindgen, Mesa's software Vulkan), then `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cargo test --locked
