#!/usr/bin/env python3
"""reel's prompt-pass eval: for each prompt in evals/prompts.txt and each mode, run
`reel prompt --report` (and render what checks clean at a small size), then report per mode
and model: the share that check clean, the mean repair rounds, the share that render, and the
latency. Results go to evals/results-MODEL.json and a Markdown table on stdout.

Usage: python3 evals/run.py [--modes plan,scene] [--url URL] [--model NAME] [--limit N]
Without --url (or REEL_LLM_URL) it starts the local model (scripts/llm_server.py).
"""
import argparse
import json
import os
import pathlib
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent


# What a prompt's words ask for, and what in the scene shows it was understood: a crude,
# honest measure of whether the scene says what the prompt says (not only that it checks).
FEATURES = [
    (r"\bball", r"= ball\b"),
    (r"\bdomino", r"= domino\b"),
    (r"\b(box|boxes)\b", r"= box\b"),
    (r"\b(table|desk)\b", r"= table\b"),
    (r"\b(jump|jumps|leap|leaps)\b", r"\bjump up\b"),
    (r"\bwalk", r"\bwalk to\b"),
    (r"\b(runs?|races?)\b", r"\b(run|sprint) to\b"),
    (r"\bsprint", r"\bsprint to\b"),
    (r"\bwave", r"\bwave\b"),
    (r"\b(freeze|freezes|pauses?)\b", r"\bfreeze\b"),
    (r"slow motion", r"\bslowmo\b"),
    (r"\b(orbit|orbits|circles?)\b", r"\borbit\b"),
    (r"close-up|\bface\b", r"\b(extreme_)?closeup\b"),
    (r"\bfollows?\b", r"\bfollow\b"),
    (r"low angle", r"\blow_angle\b"),
    (r"from above|looks down", r"\b(top_down|high_angle)\b"),
]


def fidelity(prompt, scene_text):
    import re
    asked = [(a, shown) for a, shown in FEATURES if re.search(a, prompt, re.I)]
    if not asked:
        return None
    return sum(1 for _, shown in asked if re.search(shown, scene_text)) / len(asked)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_local():
    port = free_port()
    proc = subprocess.Popen([sys.executable, str(ROOT / "scripts/llm_server.py"), "--port", str(port), "--exit-with-parent"],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env={**os.environ, "OMP_WAIT_POLICY": "passive"})
    line = proc.stdout.readline()
    if "/v1" not in line:
        sys.exit(f"eval: the local model server did not start: {line!r}")
    return proc, f"http://127.0.0.1:{port}/v1"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--modes", default="plan,scene")
    ap.add_argument("--url", default=os.environ.get("REEL_LLM_URL"))
    ap.add_argument("--model", default=os.environ.get("REEL_LLM_MODEL", "local"))
    ap.add_argument("--reel", default=str(ROOT / "target/release/reel"))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--size", default="320x180")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per request")
    ap.add_argument("--max-tokens", type=int, default=900)
    ap.add_argument("--out", default=None, help="results file (default evals/results-MODEL-MODES.json)")
    a = ap.parse_args()
    prompts = [l.strip() for l in (ROOT / "evals/prompts.txt").read_text().splitlines() if l.strip() and not l.startswith("#")]
    if a.limit:
        prompts = prompts[: a.limit]
    server = None
    if not a.url:
        server, a.url = start_local()
    out_dir = pathlib.Path(tempfile.mkdtemp(prefix="reel-eval-"))
    rows, summary = [], []
    for mode in a.modes.split(","):
        for i, p in enumerate(prompts):
            scene, video = out_dir / f"{mode}-{i}.scene", out_dir / f"{mode}-{i}.mp4"
            t = time.time()
            r = subprocess.run([a.reel, "prompt", p, "--mode", mode, "--rounds", str(a.rounds), "--url", a.url, "--model", a.model,
                                "--report", "-o", str(scene), "--render", str(video), "--size", a.size,
                                "--timeout", str(a.timeout), "--max-tokens", str(a.max_tokens)],
                               capture_output=True, text=True)
            wall = time.time() - t
            report = next((json.loads(l) for l in reversed(r.stderr.splitlines()) if l.startswith("{")), None)
            row = {"mode": mode, "prompt": p, "exit": r.returncode, "wall_s": round(wall, 2)}
            if report:
                row.update(report)
            else:
                row["error"] = r.stderr.strip().splitlines()[-1:] if r.stderr.strip() else ["no output"]
            row["rendered"] = bool(report and report.get("rendered_frames")) and video.exists() and video.stat().st_size > 0
            if scene.exists():
                row["fidelity"] = fidelity(p, scene.read_text())
            rows.append(row)
            print(f"{mode} {i + 1}/{len(prompts)} ok={row.get('ok')} repairs={row.get('repairs')} rendered={row['rendered']} fidelity={row.get('fidelity')} {wall:.1f}s",
                  file=sys.stderr, flush=True)
        mine = [r for r in rows if r["mode"] == mode]
        ok = [r for r in mine if r.get("ok")]
        summary.append({
            "mode": mode, "model": a.model, "prompts": len(mine),
            "check_clean": len(ok) / len(mine),
            "mean_repairs_when_clean": statistics.mean([r["repairs"] for r in ok]) if ok else None,
            "rendered": sum(r["rendered"] for r in mine) / len(mine),
            "mean_latency_s": statistics.mean([r.get("seconds", r["wall_s"]) for r in mine]),
            "mean_fidelity": statistics.mean([r["fidelity"] for r in mine if r.get("fidelity") is not None] or [0.0]),
        })
    out = pathlib.Path(a.out) if a.out else ROOT / f"evals/results-{a.model}-{a.modes.replace(',', '-')}.json"
    out.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1) + "\n")
    print("| mode | model | prompts | check clean | mean repair rounds (clean ones) | rendered | mean latency | asked-for features shown |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for s in summary:
        rep = "-" if s["mean_repairs_when_clean"] is None else f"{s['mean_repairs_when_clean']:.2f}"
        print(f"| {s['mode']} | {s['model']} | {s['prompts']} | {s['check_clean']:.0%} | {rep} | {s['rendered']:.0%} | {s['mean_latency_s']:.1f} s | {s['mean_fidelity']:.0%} |")
    if server:
        server.terminate()


if __name__ == "__main__":
    main()
