#!/usr/bin/env python3
"""Write examples/models/desk.glb (a writing desk: a top with a lip, tapered legs, a drawer
with a knob) and examples/models/robot.glb (a segmented figure, one node per part of
reel's humanoid) as glTF 2.0 binaries built from boxes with flat normals. Run it to
regenerate them (optionally into another folder); it needs only the standard library."""
import json, struct, sys, pathlib

def box(cx, cy, cz, sx, sy, sz, taper=1.0):
    """A box centred at (cx, cy, cz) of size (sx, sy, sz); `taper` shrinks its bottom."""
    hx, hy, hz = sx / 2, sy / 2, sz / 2
    def corner(x, y, z):
        k = taper if y < 0 else 1.0
        return (cx + x * hx * k, cy + y * hy, cz + z * hz * k)
    faces = [  # (normal, four corners counter-clockwise seen from outside)
        ((1, 0, 0), [(1, -1, -1), (1, 1, -1), (1, 1, 1), (1, -1, 1)]),
        ((-1, 0, 0), [(-1, -1, 1), (-1, 1, 1), (-1, 1, -1), (-1, -1, -1)]),
        ((0, 1, 0), [(-1, 1, -1), (-1, 1, 1), (1, 1, 1), (1, 1, -1)]),
        ((0, -1, 0), [(-1, -1, 1), (-1, -1, -1), (1, -1, -1), (1, -1, 1)]),
        ((0, 0, 1), [(1, -1, 1), (1, 1, 1), (-1, 1, 1), (-1, -1, 1)]),
        ((0, 0, -1), [(-1, -1, -1), (-1, 1, -1), (1, 1, -1), (1, -1, -1)]),
    ]
    pos, nrm, idx = [], [], []
    for n, quad in faces:
        base = len(pos)
        pos += [corner(*c) for c in quad]
        nrm += [n] * 4
        idx += [base, base + 1, base + 2, base, base + 2, base + 3]
    return pos, nrm, idx

def write_glb(path, named):
    """`named`: [(node name, [box parts])] → one glTF binary, one node and mesh per name."""
    bin_ = b""
    views, accessors, meshes, nodes = [], [], [], []
    for name, parts in named:
        pos, nrm, idx = [], [], []
        for p, n, i in parts:
            base = len(pos)
            pos += p; nrm += n; idx += [base + k for k in i]
        lo = [min(v[k] for v in pos) for k in range(3)]
        hi = [max(v[k] for v in pos) for k in range(3)]
        for data, kind, ctype, count, extra in [
            (b"".join(struct.pack("<3f", *v) for v in pos), "VEC3", 5126, len(pos), {"min": lo, "max": hi}),
            (b"".join(struct.pack("<3f", *v) for v in nrm), "VEC3", 5126, len(nrm), {}),
            (b"".join(struct.pack("<I", k) for k in idx), "SCALAR", 5125, len(idx), {}),
        ]:
            views.append({"buffer": 0, "byteOffset": len(bin_), "byteLength": len(data)})
            accessors.append({"bufferView": len(views) - 1, "componentType": ctype, "count": count, "type": kind, **extra})
            bin_ += data
        a = len(accessors) - 3
        meshes.append({"name": name, "primitives": [{"attributes": {"POSITION": a, "NORMAL": a + 1}, "indices": a + 2}]})
        nodes.append({"mesh": len(meshes) - 1, "name": name})
    doc = {
        "asset": {"version": "2.0", "generator": "reel scripts/make-models.py"},
        "scene": 0,
        "scenes": [{"nodes": list(range(len(nodes)))}],
        "nodes": nodes,
        "meshes": meshes,
        "buffers": [{"byteLength": len(bin_)}],
        "bufferViews": views,
        "accessors": accessors,
    }
    js = json.dumps(doc, separators=(",", ":")).encode()
    js += b" " * (-len(js) % 4)
    bin_ += b"\0" * (-len(bin_) % 4)
    out = struct.pack("<4sII", b"glTF", 2, 12 + 8 + len(js) + 8 + len(bin_))
    out += struct.pack("<I4s", len(js), b"JSON") + js + struct.pack("<I4s", len(bin_), b"BIN\0") + bin_
    path.write_bytes(out)
    tris = sum(len(i) for _, parts in named for _, _, i in parts) // 3
    print(f"wrote {path}: {len(nodes)} nodes, {tris} triangles, {len(out)} bytes")

folder = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "examples/models"

# The desk: a top with a lip, a drawer with a knob, four tapered legs.
desk = [
    box(0, 0.735, 0, 1.40, 0.03, 0.70),
    box(0, 0.705, 0.33, 1.36, 0.04, 0.02),
    box(0.15, 0.64, 0.0, 0.55, 0.10, 0.62),
    box(0.15, 0.64, 0.315, 0.08, 0.025, 0.01),
]
for x in (-0.64, 0.64):
    for z in (-0.29, 0.29):
        desk.append(box(x, 0.36, z, 0.06, 0.72, 0.06, taper=0.6))
write_glb(folder / "desk.glb", [("desk", desk)])

# A segmented robot: one node per part of reel's figure, each modelled in the part's own
# frame (+x forward, +y up along the limb) and stretched by reel to the part's size.
limb = [box(0, 0, 0, 1, 1, 1, taper=0.75), box(0, 0.42, 0, 1.1, 0.16, 1.1)]
robot = [
    ("pelvis", [box(0, 0, 0, 1, 1, 1, taper=0.7)]),
    ("torso", [box(0, 0, 0, 1, 1, 1, taper=0.8), box(0.52, 0.2, 0, 0.06, 0.3, 0.5)]),
    ("head", [box(0, -0.1, 0, 1, 0.8, 1), box(0, 0.45, 0, 0.08, 0.3, 0.08), box(0, 0.62, 0, 0.16, 0.08, 0.16)]),
    ("muzzle", [box(0, 0, 0, 0.5, 1, 1), box(0.3, 0, 0, 0.1, 0.6, 0.8)]),
    ("eye_l", [box(0, 0, 0, 1, 1, 1)]),
    ("eye_r", [box(0, 0, 0, 1, 1, 1)]),
    ("nose", [box(0, 0, 0, 1, 1, 1)]),
    ("headband", [box(0, 0, 0, 1, 1, 1)]),
    ("upper_arm_l", limb), ("upper_arm_r", limb),
    ("forearm_l", limb), ("forearm_r", limb),
    ("hand_l", [box(0, 0, 0, 1, 1, 0.6)]), ("hand_r", [box(0, 0, 0, 1, 1, 0.6)]),
    ("thigh_l", limb), ("thigh_r", limb),
    ("shin_l", limb), ("shin_r", limb),
    ("foot_l", [box(0.05, 0, 0, 1.1, 1, 1)]), ("foot_r", [box(0.05, 0, 0, 1.1, 1, 1)]),
]
write_glb(folder / "robot.glb", robot)
