#!/usr/bin/env python3
"""Fidelity: how much of what a prompt asks a scene shows, item by item.

Each prompt in evals/fidelity/prompts.json carries its items: the things (kinds, counts,
sizes, colours, places), the motions and their order, what happens physically (bounces,
falls, landings), the camera's moves, freezes and slow motion. A scene is scored against
them from what reel makes of it, never from its words: `reel ir` (who and what is there,
their tracks, the camera's moves, the clocks) and `reel bake` (events the simulation found,
where bodies and hips went, what toppled). The scene text is read for two things only: the
stdlib kind each declared name was made from (`prop b = ball`; the IR keeps shapes, not
kind names) and the comments that say what was left out.

Score of a scene = items met / (items + extras), where extras are the actors and props it
declares that no item asked for (a monkey nobody mentioned costs a point).

Usage:
  python3 evals/fidelity.py score --scenes DIR [--ids a,b] [--json OUT]
      score DIR/<id>.scene for each prompt (missing files score 0)
  python3 evals/fidelity.py one ID FILE.scene      print each item, met or not
Item language: see evals/fidelity/README.md.
"""
import argparse
import colorsys
import json
import math
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROMPTS = ROOT / "evals" / "fidelity" / "prompts.json"


def reel_bin():
    import os
    if os.environ.get("REEL_BIN"):
        return os.environ["REEL_BIN"]
    for p in (ROOT / "target" / "release" / "reel", ROOT / "target" / "debug" / "reel"):
        if p.exists():
            return str(p)
    return "reel"


def load_prompts(path=None):
    return json.loads(pathlib.Path(path or PROMPTS).read_text())


# --- what a scene holds --------------------------------------------------------------------

COLOR_NAMES = ["red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "white", "grey", "black"]


def color_name(lin):
    """The everyday name of a linear RGB colour."""
    r, g, b = (max(0.0, min(1.0, c)) for c in lin[:3])
    r, g, b = (c * 12.92 if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055 for c in (r, g, b))
    h, l, s = colorsys.rgb_to_hls(r, g, b)
    if l < 0.16:
        return "black"
    if s < 0.18 or max(r, g, b) - min(r, g, b) < 0.08:
        return "white" if l > 0.8 else "grey" if l > 0.3 else "black"
    deg = h * 360
    if deg < 15 or deg >= 330:
        return "pink" if l > 0.7 else "red"
    if deg < 45:
        return "brown" if l < 0.4 or s < 0.45 else "orange"
    if deg < 70:
        return "yellow" if l > 0.35 else "brown"
    if deg < 170:
        return "green"
    if deg < 260:
        return "blue"
    if deg < 300:
        return "purple"
    return "pink"


def colors_in(v):
    """Every RGB triple of 0..1 floats under a JSON value (an entity's colours)."""
    if isinstance(v, dict):
        for k, x in v.items():
            if k in ("position_m", "size_m", "velocity_mps", "target_m", "to_m", "facing"):
                continue
            yield from colors_in(x)
    elif isinstance(v, list):
        if len(v) == 3 and all(isinstance(x, (int, float)) for x in v) and all(0 <= x <= 1 for x in v):
            yield v
        else:
            for x in v:
                yield from colors_in(x)


def declared(text):
    """name → stdlib kind for every `actor`/`prop` the text declares (groups by base name)."""
    out = {}
    for role, name, kind in re.findall(r"^\s*(actor|prop)\s+([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)", text, re.M):
        out[name] = (role, kind)
    return out


def base(name):
    return name.split("[", 1)[0]


class Scene:
    def __init__(self, text, ir, bake):
        self.text, self.ir, self.bake = text, ir, bake
        self.kinds = declared(text)
        self.entities = []  # dicts: name, role, kind, ir, index
        for i, a in enumerate(ir.get("actors", [])):
            self.entities.append({"name": a["name"], "role": "actor", "kind": a.get("archetype", "?"), "ir": a, "index": i})
        for i, p in enumerate(ir.get("props", [])):
            k = self.kinds.get(base(p["name"]), ("prop", None))[1]
            if k is None:
                k = next(iter(p["kind"])) if isinstance(p["kind"], dict) else str(p["kind"])
            self.entities.append({"name": p["name"], "role": "prop", "kind": k, "ir": p, "index": i})
        self.node_index = {n["name"]: i for i, n in enumerate(bake.get("nodes", []))}
        self.figure_index = {f["name"]: i for i, f in enumerate(bake.get("figures", []))}
        self.events = [e["name"] for e in bake.get("events", [])]

    def of(self, kind, role=None):
        kinds = set(kind.split("|"))
        return [e for e in self.entities if (kind == "any" or e["kind"] in kinds) and (role is None or e["role"] == role)]

    # Where an entity is in the bake: a figure's hips, a prop's node (its first, for a prop
    # built of several).
    def track(self, e):
        frames = self.bake.get("frames", [])
        if e["role"] == "actor":
            k = self.figure_index.get(e["name"])
            if k is None or not frames:
                return []
            n = len(frames[0].get("bones", [])) // max(1, len(self.figure_index))
            return [(f["screen_time_secs"], f["bones"][k * n]["translation"], f["bones"][k * n]["rotation"]) for f in frames]
        i = self.node_index.get(e["name"])
        if i is None:
            i = next((j for nm, j in self.node_index.items() if nm.startswith(e["name"] + ".")), None)
        if i is None or not frames:
            return []
        return [(f["screen_time_secs"], f["nodes"][i]["translation"], f["nodes"][i]["rotation"]) for f in frames]

    def height_of(self, e):
        ir = e["ir"]
        if e["role"] == "actor":
            return ir.get("height_m", 1.7)
        kind = ir["kind"]
        body = next(iter(kind.values())) if isinstance(kind, dict) else {}
        if isinstance(body, dict):
            if "size_m" in body:
                return body["size_m"][1]
            if "radius_m" in body:
                return 2 * body["radius_m"]
        return 0.1

    def footprint(self, e):
        kind = e["ir"]["kind"]
        body = next(iter(kind.values())) if isinstance(kind, dict) else {}
        if isinstance(body, dict) and "size_m" in body:
            return max(body["size_m"][0], body["size_m"][2]) / 2
        if isinstance(body, dict) and "radius_m" in body:
            return body["radius_m"]
        return 0.3

    def top_of(self, e):
        """Height of a support's top (a table's `at` is its feet; a box's its bottom)."""
        y = e["ir"]["position_m"][1]
        return y + self.height_of(e)

    def bottom_of(self, e):
        y = e["ir"]["position_m"][1]
        if e["role"] == "prop":
            kind = e["ir"]["kind"]
            body = next(iter(kind.values())) if isinstance(kind, dict) else {}
            if isinstance(body, dict) and "radius_m" in body:
                return y - body["radius_m"]
        return y

    def motions(self, e):
        """The motions on an actor's track, in order, each as the set of names it answers
        to (a walk's gait; a jump that turns over is also a flip or a cartwheel)."""
        out = []
        for t in self.ir.get("actor_tracks", []):
            if t["actor"] != e["index"]:
                continue
            for item in t["items"]:
                m = item.get("motion")
                name = next(iter(m)) if isinstance(m, dict) else str(m)
                body = m.get(name) if isinstance(m, dict) else None
                names = {name}
                if name == "locomotion" and isinstance(body, dict):
                    names = {body.get("gait", "walk")}
                if name == "jump" and isinstance(body, dict):
                    turns = body.get("turns") or {}
                    if turns.get("pitch", 0) < -3:
                        names.add("backflip")
                    if turns.get("pitch", 0) > 3:
                        names.add("frontflip")
                    if abs(turns.get("roll", 0)) > 3:
                        names.add("cartwheel")
                out.append(names)
        return out

    def shots(self):
        """(move name, its JSON) of every camera move, inside `together` and `freeze` too."""
        out = []

        def shot(x):
            if not isinstance(x, dict) or len(x) != 1:
                return
            name, body = next(iter(x.items()))
            if name == "together":
                for inner in body:
                    shot(inner)
                return
            if name == "frame" and isinstance(body, dict):
                name = body.get("framing", name)
            if name == "move" and isinstance(body, dict) and isinstance(body.get("kind"), dict):
                name = next(iter(body["kind"]))
            out.append((name, json.dumps(body)))

        for t in self.ir.get("camera_tracks", []):
            for item in t["items"]:
                for kind, body in item.get("action", {}).items():
                    if kind == "shot":
                        shot(body)
                    elif kind == "freeze" and isinstance(body, dict):
                        out.append(("freeze", json.dumps(body)))
                        for inner in body.get("shots", []):
                            shot(inner)
                    else:
                        out.append((kind, json.dumps(body)))
        return out


def run_reel(path):
    exe = reel_bin()
    ir = subprocess.run([exe, "ir", str(path)], capture_output=True, text=True, timeout=120)
    if ir.returncode != 0:
        return None, None, ir.stderr[-2000:]
    bake = subprocess.run([exe, "bake", str(path)], capture_output=True, text=True, timeout=300)
    if bake.returncode != 0:
        return json.loads(ir.stdout), None, bake.stderr[-2000:]
    return json.loads(ir.stdout), json.loads(bake.stdout), ""


# --- items ---------------------------------------------------------------------------------

# Which part of the pipeline each item tests: what is there (kinds, counts, sizes, colours),
# where (supports, sets, skies, floors), who does what in which order, what physics shows,
# what the camera and the clocks do, and what is said to be left out.
STAGES = {
    "actor": "what is there", "prop": "what is there", "color": "what is there",
    "on": "where", "set": "where", "sky": "where", "ground": "where",
    "does": "who does what", "before": "who does what", "turns": "who does what", "airborne": "who does what",
    "moves": "physics", "still": "physics", "falls": "physics", "event": "physics", "lands": "physics",
    "camera": "camera and time", "eye": "camera and time", "freeze": "camera and time", "slowmo": "camera and time",
    "duration": "camera and time", "absent": "left out",
}

SIZES = {"tiny": (0.0, 0.6), "small": (0.0, 1.0), "child": (0.8, 1.5), "adult": (1.5, 2.2)}


def count_ok(n, spec):
    if spec is None:
        return n >= 1
    if spec.endswith("+"):
        return n >= int(spec[:-1])
    return n == int(spec)


def split_count(args):
    count = next((a for a in args if re.fullmatch(r"\d+\+?", a)), None)
    rest = [a for a in args if a != count]
    return count, rest


def airborne_time(s, e):
    tr = s.track(e)
    if not tr:
        return None
    y0 = tr[0][1][1]
    rise = max(0.04, 0.08 * s.height_of(e))
    return next((t for t, p, _ in tr if p[1] > y0 + rise), None)


def tilt_deg(q):
    x, y, z, w = q
    # The body's up axis after rotation: its y component is 1 - 2(x² + z²).
    up_y = 1 - 2 * (x * x + z * z)
    return math.degrees(math.acos(max(-1.0, min(1.0, up_y))))


def check(item, s, claimed):
    """Whether one item holds; adds the entities it is about to `claimed`."""
    w = item.split()
    op, args = w[0], w[1:]
    if op in ("actor", "prop"):
        count, rest = split_count(args[1:])
        es = s.of(args[0], op)
        for size in rest:
            lo, hi = SIZES[size]
            es = [e for e in es if lo <= s.height_of(e) <= hi]
        # A group counts its members; `prop domino 6+` asks for six dominoes.
        claimed.update(e["name"] for e in s.of(args[0], op))
        return count_ok(len(es), count)
    if op == "may":  # may KIND: things the prompt implies (what topples the first domino)
        claimed.update(e["name"] for e in s.of(args[0]))
        return None
    if op == "color":
        kind, name = args
        return any(color_name(c) == name for e in s.of(kind) for c in colors_in(e["ir"]))
    if op == "on":  # on WHO SUPPORT: starts on top of one
        who, support = args
        return any(on_top(s, e, sup) for e in s.of(who) for sup in s.of(support) if sup is not e)
    if op == "lands":  # lands WHO SUPPORT: ends on top of one
        who, support = args
        return any(ends_on(s, e, sup) for e in s.of(who) for sup in s.of(support) if sup is not e)
    if op == "does":  # does WHO MOTION [N]: N of them have that motion
        count, rest = split_count(args)
        who, motion = rest
        wanted = set(motion.split("|"))
        n = sum(1 for e in s.of(who, "actor") if any(wanted & m for m in s.motions(e)))
        return count_ok(n, count)
    if op == "before":  # before WHO M1 M2: one of them does M1 then M2
        who, m1, m2 = args
        for e in s.of(who, "actor"):
            ms = s.motions(e)
            first = next((i for i, m in enumerate(ms) if m1 in m), None)
            if first is not None and any(m2 in m for m in ms[first + 1:]):
                return True
        return False
    if op == "airborne":  # airborne WHO [N]: their hips leave the ground (a jump, a fall)
        count, rest = split_count(args)
        n = sum(1 for e in s.of(rest[0], "actor") if airborne_time(s, e) is not None)
        return count_ok(n, count)
    if op == "turns":  # turns WHO N: N of them leave the ground one after another
        who, n = args[0], int(args[1])
        times = sorted(t for t in (airborne_time(s, e) for e in s.of(who, "actor")) if t is not None)
        return len(times) >= n and all(b - a >= 0.2 for a, b in zip(times, times[1:]))
    if op == "moves":  # moves WHO [METRES]: ends at least that far from where it began
        who = args[0]
        dist = float(args[1]) if len(args) > 1 else 0.5
        return any(moved(s, e) >= dist for e in s.of(who))
    if op == "still":  # still WHO: none of them moves more than 10 cm
        return all(moved(s, e) < 0.1 for e in s.of(args[0]))
    if op == "falls":  # falls KIND [N]: N of them topple (tilt past 45°) or drop 20 cm
        count, rest = split_count(args)
        n = sum(1 for e in s.of(rest[0]) if fell(s, e))
        return count_ok(n, count)
    if op == "event":  # event KIND NAME [N]: the simulation found it on N of them
        count, rest = split_count(args)
        kind, ev = rest
        names = {e["name"] for e in s.of(kind)}
        n = len({x.rsplit(".", 1)[0] for x in s.events if x.rsplit(".", 1)[-1] == ev and x.rsplit(".", 1)[0] in names})
        return count_ok(n, count)
    if op == "camera":  # camera MOVE [KIND]: a move of that name (aimed at one of KIND)
        moves = set(args[0].split("|"))
        names = {e["name"] for e in s.of(args[1])} if len(args) > 1 else None
        return any(m in moves and (names is None or aims_at(s, body, names)) for m, body in s.shots())
    if op == "freeze":
        return '"freeze"' in json.dumps(s.ir)
    if op == "slowmo":
        return '"slowmo"' in json.dumps(s.ir)
    if op == "sky":
        return s.ir.get("world", {}).get("sky") == args[0]
    if op == "ground":
        return json.dumps(s.ir.get("world", {}).get("ground")).find(args[0]) >= 0
    if op == "set":
        return re.search(rf"^\s*set\s+{args[0]}\b", s.text, re.M) is not None
    if op == "absent":  # absent WORD: a comment says it is left out, and nothing is named so
        said = any(args[0] in c.lower() for c in re.findall(r"//(.*)", s.text))
        return said and not any(args[0] in e["name"].lower() for e in s.entities)
    if op == "eye":  # eye below|above METRES: where the camera is, most of the film
        eyes = sorted(f["camera"]["eye"][1] for f in s.bake.get("frames", []))
        if not eyes:
            return False
        mid = eyes[len(eyes) // 2]
        return mid < float(args[1]) if args[0] == "below" else mid > float(args[1])
    if op == "duration":  # duration LO HI (screen seconds)
        frames = s.bake.get("frames", [])
        t = frames[-1]["screen_time_secs"] if frames else 0
        return float(args[0]) <= t <= float(args[1])
    raise ValueError(f"unknown item: {item}")


def aims_at(s, body, names):
    """Whether a camera move's JSON names one of these entities (by index or binding)."""
    for e in s.entities:
        if e["name"] not in names:
            continue
        key = "actor" if e["role"] == "actor" else "prop"
        if f'"{key}": {e["index"]}' in body or f'"{e["name"]}"' in body:
            return True
    groups = {base(n) for n in names}
    # A group target is an index into the scene's groups, in declaration order.
    order = list(dict.fromkeys(base(e["name"]) for e in s.entities if "[" in e["name"]))
    return any(f'"group": {order.index(g)}' in body for g in groups if g in order)


def on_top(s, e, sup):
    top = s.top_of(sup)
    p, q = e["ir"]["position_m"], sup["ir"]["position_m"]
    horiz = math.hypot(p[0] - q[0], p[2] - q[2])
    return horiz <= s.footprint(sup) + 0.1 and top - 0.05 <= s.bottom_of(e) <= top + 0.3


def half_height(s, e):
    """From a prop's tracked point (its centre) down to its bottom."""
    kind = e["ir"]["kind"]
    body = next(iter(kind.values())) if isinstance(kind, dict) else {}
    if isinstance(body, dict):
        if "radius_m" in body and "height_m" not in body:
            return body["radius_m"]
        if "height_m" in body:
            return body["height_m"] / 2
        if "size_m" in body:
            return body["size_m"][1] / 2
    return 0.05


def ends_on(s, e, sup):
    """Whether it ends on the support's top (or inside it, for a bin), over its footprint."""
    tr = s.track(e)
    if not tr:
        return False
    p0, p1 = tr[0][1], tr[-1][1]
    if e["role"] == "actor":
        bottom = p1[1] - (p0[1] - e["ir"]["position_m"][1])
    else:
        bottom = p1[1] - half_height(s, e)
    top = s.top_of(sup)
    q = sup["ir"]["position_m"]
    horiz = math.hypot(p1[0] - q[0], p1[2] - q[2])
    if horiz > s.footprint(sup) + 0.15:
        return False
    hollow = isinstance(sup["ir"]["kind"], dict) and "bin" in sup["ir"]["kind"]
    return top - 0.1 <= bottom <= top + 0.25 or (hollow and q[1] - 0.05 <= bottom <= top)


def moved(s, e):
    tr = s.track(e)
    if not tr:
        return 0.0
    a, b = tr[0][1], tr[-1][1]
    return math.hypot(b[0] - a[0], b[2] - a[2])


def fell(s, e):
    tr = s.track(e)
    if not tr:
        return False
    return tilt_deg(tr[-1][2]) > 45 or tr[0][1][1] - tr[-1][1][1] > 0.2


def score(prompt, text, ir, bake):
    s = Scene(text, ir, bake)
    claimed = set()
    results = []
    for item in prompt["items"]:
        try:
            ok = check(item, s, claimed)
            if ok is None:
                continue
            ok = bool(ok)
        except (KeyError, IndexError, TypeError, ValueError) as err:
            ok = False
            item = f"{item} ({err.__class__.__name__}: {err})"
        results.append((item, ok))
    extras = sorted({base(e["name"]) for e in s.entities if base(e["name"]) in s.kinds and e["name"] not in claimed})
    met = sum(ok for _, ok in results)
    return met / (len(results) + len(extras)), results, extras


def score_file(prompt, path):
    text = pathlib.Path(path).read_text()
    ir, bake, err = run_reel(path)
    if ir is None or bake is None:
        return 0.0, [(i, False) for i in prompt["items"]], [], err
    value, results, extras = score(prompt, text, ir, bake)
    return value, results, extras, ""


def run_prompts(prompts, ids, a):
    """`reel prompt --report` for each prompt; the scene (when it checks clean) to OUT/ID.scene."""
    import time
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    extra = (["--url", a.url] if a.url else []) + (["--model", a.model] if a.model else []) + (["--retries", a.retries] if a.retries else []) + (["--rounds", a.rounds] if a.rounds else [])
    info = {}
    for pid in ids:
        target = out / f"{pid}.scene"
        target.unlink(missing_ok=True)
        t0 = time.monotonic()
        r = subprocess.run([reel_bin(), "prompt", "--mode", a.mode, "--report", "-o", str(target), *extra, prompts[pid]["prompt"]],
                           capture_output=True, text=True, timeout=1800)
        report = {}
        for line in r.stderr.splitlines():
            if line.startswith("{"):
                try:
                    report = json.loads(line)
                except json.JSONDecodeError:
                    pass
        info[pid] = {"ok": r.returncode == 0, "seconds": report.get("seconds", time.monotonic() - t0), "exit": r.returncode}
        print(f"{pid:28} exit {r.returncode} {info[pid]['seconds']:.1f} s", flush=True)
    return info


def questions(a):
    """Each sentence has one word the reading does not know; the answer the model gave is
    read from `reel prompt`'s log (`asked: what is a `X`? KIND`, `what motion is `X`? M`)."""
    import time
    qs = json.loads((ROOT / "evals" / "fidelity" / "questions.json").read_text())
    right, rows, secs = 0, [], []
    for q in qs:
        t0 = time.monotonic()
        r = subprocess.run([reel_bin(), "prompt", q["prompt"], *(["--url", a.url] if a.url else [])], capture_output=True, text=True, timeout=600)
        secs.append(time.monotonic() - t0)
        got, asked = None, False
        for line in r.stderr.splitlines():
            m = re.search(r"asked: what (?:is a|motion is) `([^`]*)`\? (\S+)", line)
            if m and m.group(1) == q["word"]:
                got, asked = m.group(2), True
            if line.startswith("reel prompt: brief: ") and got is None:
                # The reading knew the word: what it made of it.
                b = json.loads(line.split("brief: ", 1)[1])
                if q["question"] == "kind":
                    kinds = [t["kind"] for t in b["things"] if t["kind"] in ("person", "monkey", "robot", "mannequin")]
                    got = kinds[0] if kinds else "none"
                else:
                    got = b["steps"][-1]["motion"] if b["steps"] else "none"
        ok = got is not None and got in q["expected"].split("|")
        right += ok
        rows.append({**q, "got": got, "ok": ok, "asked": asked})
        print(f"{q['word']:14} expected {q['expected']:20} got {got} ({'the model' if asked else 'the reading'})")
    print(f"{right}/{len(qs)} small questions answered right; mean {sum(secs) / len(secs):.1f} s a prompt")
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps({"right": right, "asked": len(qs), "rows": rows}, indent=1))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    sc = sub.add_parser("score")
    sc.add_argument("--scenes", required=True)
    sc.add_argument("--ids", default="")
    sc.add_argument("--json", default="")
    sc.add_argument("-v", action="store_true")
    sc.add_argument("--min", type=float, default=0.0, help="exit 1 when the mean score is below this")
    same = sub.add_parser("same", help="score one scene against every prompt (a copied example)")
    same.add_argument("file")
    same.add_argument("--max", type=float, default=1.0, help="exit 1 when the mean score is above this")
    run = sub.add_parser("run", help="run `reel prompt` on each prompt, then score")
    run.add_argument("--out", required=True)
    run.add_argument("--mode", default="plan")
    run.add_argument("--ids", default="")
    run.add_argument("--limit", type=int, default=0)
    run.add_argument("--json", default="")
    run.add_argument("--url", default="")
    run.add_argument("--model", default="")
    run.add_argument("--retries", default="")
    run.add_argument("--rounds", default="")
    qs = sub.add_parser("questions", help="the small questions alone: what `reel prompt` answered for each unknown word")
    qs.add_argument("--url", default="")
    qs.add_argument("--json", default="")
    one = sub.add_parser("one")
    one.add_argument("id")
    one.add_argument("file")
    for p in (sc, same, run, one):
        p.add_argument("--prompts", default="", help="another prompt file (evals/fidelity/heldout.json)")
    a = ap.parse_args()
    prompts = {p["id"]: p for p in load_prompts(getattr(a, "prompts", None) or None)}
    if a.cmd == "one":
        value, results, extras, err = score_file(prompts[a.id], a.file)
        for item, ok in results:
            print(("  met  " if ok else "  MISS ") + item)
        for x in extras:
            print(f"  extra {x}")
        if err:
            print(err)
        print(f"{value:.0%}")
        return
    if a.cmd == "questions":
        questions(a)
        return
    if a.cmd == "same":
        values = [score_file(p, a.file)[0] for p in prompts.values()]
        mean = sum(values) / len(values)
        print(f"{a.file} against {len(values)} prompts: mean score {mean:.1%}, best {max(values):.0%}")
        sys.exit(1 if mean > a.max else 0)
    ids = [i for i in a.ids.split(",") if i] or list(prompts)
    if a.cmd == "run":
        ids = ids[: a.limit] if a.limit else ids
        latency = run_prompts(prompts, ids, a)
        a.scenes = a.out
        a.v = True
    rows, total_met, total_items = [], 0, 0
    by_stage = {}
    for pid in ids:
        path = pathlib.Path(a.scenes) / f"{pid}.scene"
        if not path.exists():
            value, results, extras, err = 0.0, [(i, False) for i in prompts[pid]["items"]], [], "missing"
        else:
            value, results, extras, err = score_file(prompts[pid], path)
        for item, ok in results:
            stage = STAGES.get(item.split()[0], "other")
            met, n = by_stage.get(stage, (0, 0))
            by_stage[stage] = (met + bool(ok), n + 1)
        total_met += sum(ok for _, ok in results)
        total_items += len(results) + len(extras)
        rows.append({"id": pid, "score": value, "missed": [i for i, ok in results if not ok], "extras": extras, "error": err})
        if a.v:
            print(f"{pid:28} {value:4.0%}  missed: {[i for i, ok in results if not ok]} extras: {extras} {err[:200]}")
    mean = sum(r["score"] for r in rows) / max(1, len(rows))
    if a.cmd == "run":
        for r in rows:
            r.update(latency.get(r["id"], {}))
        ok = [r for r in rows if r.get("ok")]
        secs = [r["seconds"] for r in rows if "seconds" in r]
        print(f"check clean {len(ok)}/{len(rows)}; mean latency {sum(secs) / max(1, len(secs)):.1f} s")
    print(f"{len(rows)} prompts: mean score {mean:.1%}; items met {total_met}/{total_items} ({total_met / max(1, total_items):.1%})")
    print("by stage: " + ", ".join(f"{k} {m}/{n} ({m / max(1, n):.0%})" for k, (m, n) in sorted(by_stage.items())))
    if a.json:
        stages = {k: {"met": m, "items": n} for k, (m, n) in by_stage.items()}
        pathlib.Path(a.json).write_text(json.dumps({"mean": mean, "items_met": total_met, "items": total_items, "by_stage": stages, "rows": rows}, indent=1))
    if a.cmd == "score" and mean < a.min:
        sys.exit(1)


if __name__ == "__main__":
    main()
