#!/usr/bin/env bash
# The JavaScript side of the suite, after `cargo test` has built target/debug/reel:
# - editors/vscode: the VS Code extension builds (esbuild) and its TextMate grammar
#   tokenises every example, stdlib file and reference block;
# - tests/browser: `reel watch` end to end in Debian's headless Chromium (playwright-core).
# Installs Node.js and Chromium from Debian's packages if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v node >/dev/null || need+=(nodejs)
command -v npm >/dev/null || need+=(npm)
[ -x /usr/bin/chromium ] || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
export REEL_BIN="${REEL_BIN:-$PWD/target/debug/reel}"
(cd editors/vscode && npm ci --no-audit --no-fund && npm run build && npm test)
(cd tests/browser && npm ci --no-audit --no-fund && npm test)
