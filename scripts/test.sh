#!/usr/bin/env bash
# Runs reel's whole test suite on a fresh Debian machine: installs the system packages it
# needs (ffmpeg's libraries, clang for bindgen, Mesa's software Vulkan), then `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
if ! command -v cargo >/dev/null; then
  echo "reel needs a Rust toolchain (cargo); see https://rustup.rs" >&2
  exit 2
fi
cargo test --locked
