#!/usr/bin/env python3
"""Write skinned glTF 2.0 characters for tests and examples: a box robot whose every box is
bound to one bone, rigged three times with the bone names of three rigs (Mixamo, VRM
humanoid, Unreal) and once with too few bones:

    examples/models/robot_mixamo.glb   mixamorig:Hips, mixamorig:LeftUpLeg, …
    examples/models/robot_vrm.glb      hips, leftUpperLeg, …
    examples/models/robot_unreal.glb   pelvis, thigh_l, …
    tests/ui/one_bone.glb              a single bone: reel's motions cannot drive it

The robot faces +z (glTF's convention), Y up, 1.6 m tall, arms hanging slightly out.
Plain Python, no third-party packages. Run it to regenerate them."""
import json, struct, sys, pathlib

# (canonical name, parent, head position in metres: +x is the figure's left)
JOINTS = [
    ("hips", None, (0.0, 0.92, 0.0)), ("spine", "hips", (0.0, 1.0, 0.0)), ("chest", "spine", (0.0, 1.15, 0.0)),
    ("neck", "chest", (0.0, 1.38, 0.0)), ("head", "neck", (0.0, 1.45, 0.0)),
    ("l_shoulder", "chest", (0.05, 1.33, 0.0)), ("l_upperarm", "l_shoulder", (0.19, 1.33, 0.0)),
    ("l_forearm", "l_upperarm", (0.23, 1.06, 0.0)), ("l_hand", "l_forearm", (0.26, 0.82, 0.0)),
    ("r_shoulder", "chest", (-0.05, 1.33, 0.0)), ("r_upperarm", "r_shoulder", (-0.19, 1.33, 0.0)),
    ("r_forearm", "r_upperarm", (-0.23, 1.06, 0.0)), ("r_hand", "r_forearm", (-0.26, 0.82, 0.0)),
    ("l_thigh", "hips", (0.09, 0.88, 0.0)), ("l_calf", "l_thigh", (0.09, 0.48, 0.0)),
    ("l_foot", "l_calf", (0.09, 0.08, 0.0)), ("l_toe", "l_foot", (0.09, 0.02, 0.12)),
    ("r_thigh", "hips", (-0.09, 0.88, 0.0)), ("r_calf", "r_thigh", (-0.09, 0.48, 0.0)),
    ("r_foot", "r_calf", (-0.09, 0.08, 0.0)), ("r_toe", "r_foot", (-0.09, 0.02, 0.12)),
]
NAMES = {
    "mixamo": {"hips": "mixamorig:Hips", "spine": "mixamorig:Spine", "chest": "mixamorig:Spine2", "neck": "mixamorig:Neck",
               "head": "mixamorig:Head", "l_shoulder": "mixamorig:LeftShoulder", "l_upperarm": "mixamorig:LeftArm",
               "l_forearm": "mixamorig:LeftForeArm", "l_hand": "mixamorig:LeftHand", "r_shoulder": "mixamorig:RightShoulder",
               "r_upperarm": "mixamorig:RightArm", "r_forearm": "mixamorig:RightForeArm", "r_hand": "mixamorig:RightHand",
               "l_thigh": "mixamorig:LeftUpLeg", "l_calf": "mixamorig:LeftLeg", "l_foot": "mixamorig:LeftFoot",
               "l_toe": "mixamorig:LeftToeBase", "r_thigh": "mixamorig:RightUpLeg", "r_calf": "mixamorig:RightLeg",
               "r_foot": "mixamorig:RightFoot", "r_toe": "mixamorig:RightToeBase"},
    "vrm": {"hips": "hips", "spine": "spine", "chest": "chest", "neck": "neck", "head": "head", "l_shoulder": "leftShoulder",
            "l_upperarm": "leftUpperArm", "l_forearm": "leftLowerArm", "l_hand": "leftHand", "r_shoulder": "rightShoulder",
            "r_upperarm": "rightUpperArm", "r_forearm": "rightLowerArm", "r_hand": "rightHand", "l_thigh": "leftUpperLeg",
            "l_calf": "leftLowerLeg", "l_foot": "leftFoot", "l_toe": "leftToes", "r_thigh": "rightUpperLeg",
            "r_calf": "rightLowerLeg", "r_foot": "rightFoot", "r_toe": "rightToes"},
    "unreal": {"hips": "pelvis", "spine": "spine_01", "chest": "spine_02", "neck": "neck_01", "head": "head",
               "l_shoulder": "clavicle_l", "l_upperarm": "upperarm_l", "l_forearm": "lowerarm_l", "l_hand": "hand_l",
               "r_shoulder": "clavicle_r", "r_upperarm": "upperarm_r", "r_forearm": "lowerarm_r", "r_hand": "hand_r",
               "l_thigh": "thigh_l", "l_calf": "calf_l", "l_foot": "foot_l", "l_toe": "ball_l", "r_thigh": "thigh_r",
               "r_calf": "calf_r", "r_foot": "foot_r", "r_toe": "ball_r"},
}
# Boxes: (joint they move with, centre, size, material)
BOXES = [
    ("hips", (0.0, 0.93, 0.0), (0.3, 0.16, 0.18), "body"), ("spine", (0.0, 1.08, 0.0), (0.26, 0.16, 0.16), "joint"),
    ("chest", (0.0, 1.25, 0.0), (0.36, 0.26, 0.2), "body"), ("neck", (0.0, 1.41, 0.0), (0.07, 0.08, 0.07), "joint"),
    ("head", (0.0, 1.53, 0.01), (0.18, 0.2, 0.2), "body"), ("head", (0.0, 1.55, 0.11), (0.14, 0.05, 0.02), "visor"),
    ("l_upperarm", (0.21, 1.2, 0.0), (0.08, 0.26, 0.08), "body"), ("l_forearm", (0.245, 0.94, 0.0), (0.07, 0.24, 0.07), "body"),
    ("l_hand", (0.265, 0.77, 0.0), (0.06, 0.1, 0.08), "joint"),
    ("r_upperarm", (-0.21, 1.2, 0.0), (0.08, 0.26, 0.08), "body"), ("r_forearm", (-0.245, 0.94, 0.0), (0.07, 0.24, 0.07), "body"),
    ("r_hand", (-0.265, 0.77, 0.0), (0.06, 0.1, 0.08), "joint"),
    ("l_thigh", (0.09, 0.68, 0.0), (0.12, 0.38, 0.12), "body"), ("l_calf", (0.09, 0.29, 0.0), (0.1, 0.38, 0.1), "body"),
    ("l_foot", (0.09, 0.04, 0.04), (0.1, 0.08, 0.22), "joint"),
    ("r_thigh", (-0.09, 0.68, 0.0), (0.12, 0.38, 0.12), "body"), ("r_calf", (-0.09, 0.29, 0.0), (0.1, 0.38, 0.1), "body"),
    ("r_foot", (-0.09, 0.04, 0.04), (0.1, 0.08, 0.22), "joint"),
]
MATERIALS = {"body": (0.75, 0.3, 0.08), "joint": (0.08, 0.08, 0.09), "visor": (0.1, 0.7, 0.9)}


def box(c, s):
    hx, hy, hz = s[0] / 2, s[1] / 2, s[2] / 2
    faces = [((1, 0, 0), [(1, -1, -1), (1, 1, -1), (1, 1, 1), (1, -1, 1)]), ((-1, 0, 0), [(-1, -1, 1), (-1, 1, 1), (-1, 1, -1), (-1, -1, -1)]),
             ((0, 1, 0), [(-1, 1, -1), (-1, 1, 1), (1, 1, 1), (1, 1, -1)]), ((0, -1, 0), [(-1, -1, 1), (-1, -1, -1), (1, -1, -1), (1, -1, 1)]),
             ((0, 0, 1), [(1, -1, 1), (1, 1, 1), (-1, 1, 1), (-1, -1, 1)]), ((0, 0, -1), [(-1, -1, -1), (-1, 1, -1), (1, 1, -1), (1, -1, -1)])]
    pos, nrm, idx = [], [], []
    for n, quad in faces:
        base = len(pos)
        pos += [(c[0] + x * hx, c[1] + y * hy, c[2] + z * hz) for x, y, z in quad]
        nrm += [n] * 4
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]
    return pos, nrm, idx


def write(path, joints, boxes, vrm0=False):
    names = [j[0] for j in joints]
    index = {n: i for i, n in enumerate(names)}
    head = {j[0]: j[2] for j in joints}
    blob = bytearray()
    views, accessors = [], []

    def add(data, comp, typ, count, target=None, mm=None):
        while len(blob) % 4:
            blob.append(0)
        views.append({"buffer": 0, "byteOffset": len(blob), "byteLength": len(data), **({"target": target} if target else {})})
        blob.extend(data)
        acc = {"bufferView": len(views) - 1, "componentType": comp, "count": count, "type": typ}
        if mm:
            acc["min"], acc["max"] = mm
        accessors.append(acc)
        return len(accessors) - 1

    prims = []
    mats = list(MATERIALS)
    for m in mats:
        pos, nrm, idx, jnt = [], [], [], []
        for bone, c, s, mat in boxes:
            if mat != m or bone not in index:
                continue
            p, n, i = box(c, s)
            base = len(pos)
            pos += p
            nrm += n
            idx += [base + k for k in i]
            jnt += [index[bone]] * len(p)
        if not pos:
            continue
        mm = ([min(v[k] for v in pos) for k in range(3)], [max(v[k] for v in pos) for k in range(3)])
        a_pos = add(b"".join(struct.pack("<3f", *v) for v in pos), 5126, "VEC3", len(pos), 34962, mm)
        a_nrm = add(b"".join(struct.pack("<3f", *v) for v in nrm), 5126, "VEC3", len(nrm), 34962)
        a_jnt = add(b"".join(struct.pack("<4H", j, 0, 0, 0) for j in jnt), 5123, "VEC4", len(jnt), 34962)
        a_wgt = add(b"".join(struct.pack("<4f", 1, 0, 0, 0) for _ in jnt), 5126, "VEC4", len(jnt), 34962)
        a_idx = add(b"".join(struct.pack("<H", k) for k in idx), 5123, "SCALAR", len(idx), 34963)
        prims.append({"attributes": {"POSITION": a_pos, "NORMAL": a_nrm, "JOINTS_0": a_jnt, "WEIGHTS_0": a_wgt}, "indices": a_idx, "material": mats.index(m)})
    ibm = b"".join(struct.pack("<16f", 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -head[n][0], -head[n][1], -head[n][2], 1) for n in names)
    a_ibm = add(ibm, 5126, "MAT4", len(names))
    nodes = []
    for n, parent, h in joints:
        ph = head[parent] if parent else (0.0, 0.0, 0.0)
        node = {"name": n, "translation": [h[k] - ph[k] for k in range(3)]}
        kids = [index[c] for c, p, _ in joints if p == n]
        if kids:
            node["children"] = kids
        nodes.append(node)
    nodes.append({"name": "robot", "mesh": 0, "skin": 0})
    doc = {"asset": {"version": "2.0", "generator": "reel scripts/make-characters.py"}, "scene": 0,
           **({"extensionsUsed": ["VRM"]} if vrm0 else {}),
           "scenes": [{"nodes": [0, len(nodes) - 1]}], "nodes": nodes, "meshes": [{"primitives": prims}],
           "materials": [{"name": m, "pbrMetallicRoughness": {"baseColorFactor": list(MATERIALS[m]) + [1.0], "roughnessFactor": 0.4, "metallicFactor": 0.6}} for m in mats],
           "skins": [{"joints": list(range(len(names))), "inverseBindMatrices": a_ibm}],
           "accessors": accessors, "bufferViews": views, "buffers": [{"byteLength": len(blob)}]}
    js = json.dumps(doc, separators=(",", ":")).encode()
    js += b" " * ((4 - len(js) % 4) % 4)
    while len(blob) % 4:
        blob.append(0)
    with open(path, "wb") as f:
        f.write(struct.pack("<III", 0x46546C67, 2, 12 + 8 + len(js) + 8 + len(blob)))
        f.write(struct.pack("<II", len(js), 0x4E4F534A) + js)
        f.write(struct.pack("<II", len(blob), 0x004E4942) + bytes(blob))


def main(root):
    root = pathlib.Path(root)
    for rig, names in NAMES.items():
        joints = [(names[n], names[p] if p else None, h) for n, p, h in JOINTS]
        boxes = [(names[b], c, s, m) for b, c, s, m in BOXES]
        write(root / "examples" / "models" / f"robot_{rig}.glb", joints, boxes)
    # VRM 0.x faces -z: the same robot turned half round, marked as VRM.
    turned = lambda p: (-p[0], p[1], -p[2])
    names = NAMES["vrm"]
    write(root / "examples" / "models" / "robot_vrm0.glb", [(names[n], names[p] if p else None, turned(h)) for n, p, h in JOINTS],
          [(names[b], turned(c), s, m) for b, c, s, m in BOXES], vrm0=True)
    write(root / "tests" / "ui" / "one_bone.glb", [("root", None, (0.0, 0.9, 0.0))], [("root", c, s, m) for _, c, s, m in BOXES])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
