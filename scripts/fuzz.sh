#!/usr/bin/env bash
# Coverage-guided fuzzing of parse → check → fmt (fuzz/fuzz_targets/scene.rs) with
# cargo-fuzz on the stable toolchain: `-s none` leaves out the sanitizers (they need
# nightly) and keeps libFuzzer's coverage instrumentation. The target builds the front end
# alone (the crates reel-check, reel-diag and reel-syntax: no feature flag), so the build is quick.
# Usage: bash scripts/fuzz.sh [SECONDS]   (default 60). Seeds: examples/, tests/ui/, the stdlib,
# a scene with the file it uses (see the target), and long lines made here (an error past column 65,535; a 100,000-character name), which
# the diagnostics renderers must draw elided.
# A crash or hang leaves its input in fuzz/artifacts/scene/ and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
corpus=fuzz/corpus/scene
mkdir -p "$corpus"
for f in examples/*.scene tests/ui/*.scene crates/reel-check/stdlib/*.scene; do
    cp "$f" "$corpus/$(basename "$(dirname "$f")")_$(basename "$f")"
done
# Long lines: 20,000 tokens on one line with a bad one at the end, and a huge name.
python3 - "$corpus" <<'PY'
import sys, pathlib
d = pathlib.Path(sys.argv[1])
d.joinpath("long_tokens.scene").write_text("scene s {\n  duration 1s " + "1s " * 20000 + "?\n}\n")
# A scene and, after a NUL, the `lib.scene` it uses (with an error in it).
d.joinpath("used_file.scene").write_bytes(b"use lib\nscene s {}\n\x00use std.props.ball\nprop b = bal {}\n")
d.joinpath("long_name.scene").write_text("use props\nball " + "b" * 100000 + " at (0m, 0m, 0m)\nzzz.x\n")
PY
cd fuzz
cargo fuzz run -O -s none scene corpus/scene -- -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=300000 -print_final_stats=1
