#!/usr/bin/env bash
# Installs the Debian packages reel needs to build, render headless and encode.
# Idempotent; safe to re-run. Needs root (or sudo).
set -euo pipefail
if ! command -v cargo >/dev/null; then
  echo "reel needs a Rust toolchain (cargo); see https://rustup.rs" >&2
  exit 2
fi
PKGS=(pkg-config clang libclang-dev libavcodec-dev libavformat-dev libavutil-dev
      libswscale-dev libswresample-dev libavfilter-dev libavdevice-dev
      mesa-vulkan-drivers libvulkan1 libgl1-mesa-dri libegl1 libegl-mesa0 ffmpeg)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
