#!/usr/bin/env python3
"""Write examples/models/desk.glb: a writing desk (a top with a lip, tapered legs, a drawer
with a knob) as one glTF 2.0 binary, built from boxes with flat normals. Run it to
regenerate the file; it needs only the standard library."""
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

parts = [
    box(0, 0.735, 0, 1.40, 0.03, 0.70),             # top
    box(0, 0.705, 0.33, 1.36, 0.04, 0.02),          # front lip
    box(0.15, 0.64, 0.0, 0.55, 0.10, 0.62),         # drawer
    box(0.15, 0.64, 0.315, 0.08, 0.025, 0.01),      # knob
]
for x in (-0.64, 0.64):
    for z in (-0.29, 0.29):
        parts.append(box(x, 0.36, z, 0.06, 0.72, 0.06, taper=0.6))

pos, nrm, idx = [], [], []
for p, n, i in parts:
    base = len(pos)
    pos += p; nrm += n; idx += [base + k for k in i]

bin_ = b"".join(struct.pack("<3f", *v) for v in pos) + b"".join(struct.pack("<3f", *v) for v in nrm) + b"".join(struct.pack("<I", k) for k in idx)
nv, ni = len(pos), len(idx)
lo = [min(v[k] for v in pos) for k in range(3)]
hi = [max(v[k] for v in pos) for k in range(3)]
doc = {
    "asset": {"version": "2.0", "generator": "reel scripts/make-desk-glb.py"},
    "scene": 0,
    "scenes": [{"nodes": [0]}],
    "nodes": [{"mesh": 0, "name": "desk"}],
    "meshes": [{"primitives": [{"attributes": {"POSITION": 0, "NORMAL": 1}, "indices": 2}]}],
    "buffers": [{"byteLength": len(bin_)}],
    "bufferViews": [
        {"buffer": 0, "byteOffset": 0, "byteLength": nv * 12},
        {"buffer": 0, "byteOffset": nv * 12, "byteLength": nv * 12},
        {"buffer": 0, "byteOffset": nv * 24, "byteLength": ni * 4},
    ],
    "accessors": [
        {"bufferView": 0, "componentType": 5126, "count": nv, "type": "VEC3", "min": lo, "max": hi},
        {"bufferView": 1, "componentType": 5126, "count": nv, "type": "VEC3"},
        {"bufferView": 2, "componentType": 5125, "count": ni, "type": "SCALAR"},
    ],
}
js = json.dumps(doc, separators=(",", ":")).encode()
js += b" " * (-len(js) % 4)
bin_ += b"\0" * (-len(bin_) % 4)
out = struct.pack("<4sII", b"glTF", 2, 12 + 8 + len(js) + 8 + len(bin_))
out += struct.pack("<I4s", len(js), b"JSON") + js + struct.pack("<I4s", len(bin_), b"BIN\0") + bin_
path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent / "examples/models/desk.glb")
path.write_bytes(out)
print(f"wrote {path}: {nv} vertices, {ni // 3} triangles, {len(out)} bytes")
