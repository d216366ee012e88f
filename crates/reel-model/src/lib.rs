//! glTF 2.0 models for props (`model "desk.glb"`). A model is read only from the scene's
//! folder (or a folder under it), flattened into one triangle mesh with its nodes'
//! transforms applied, and fitted into the unit cube, so the prop's own size (the same one
//! its colliders have) scales it. The checker loads each model once to report problems
//! (E0112); the simulation loads it again to put the mesh in the bake, so a bake renders
//! anywhere without the file.

pub mod body;
pub mod rig;
pub mod skinned;

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// A model's triangles, fitted into the cube from -0.5 to 0.5 on each axis.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelMesh {
    pub positions: Vec<[f32; 3]>,
    pub normals: Vec<[f32; 3]>,
    pub indices: Vec<u32>,
}

/// The largest model file (and external buffer) read.
pub const MAX_MODEL_BYTES: u64 = 64 << 20;
/// The model budget: the most triangles and vertices a model may have (about 40 MB of mesh
/// in memory and in the bake at the limit). Every count a file claims is checked against
/// it, and against the bytes behind it, before anything is read.
pub const MAX_TRIANGLES: usize = 1_000_000;
pub const MAX_VERTICES: usize = 1_000_000;
/// How deep a model's node tree may nest, and how many nodes are visited.
const MAX_NODE_DEPTH: usize = 64;
const MAX_NODES: usize = 100_000;

/// Where `written` (as the scene spells it) leads inside `folder`: a relative path to an
/// existing `.glb` or `.gltf` file that stays inside the folder once links are followed.
pub fn resolve(folder: &Path, written: &str) -> Result<PathBuf, String> {
    let ext = Path::new(written).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if !written.is_empty() && !matches!(ext.as_deref(), Some("glb" | "gltf")) && is_inside(written) {
        return Err(format!("`{written}` is not a glTF model: reel reads `.glb` and `.gltf` files"));
    }
    inside(folder, written, "")
}

/// `written` has only plain path components (no root, no `..`).
fn is_inside(written: &str) -> bool {
    let rel = Path::new(written);
    !written.is_empty() && !rel.is_absolute() && rel.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir))
}

/// The real path of file `written` under `folder`, refusing anything that leads out of it,
/// is missing, is not a file or is too large. `what` names it in messages ("" or "buffer ").
fn inside(folder: &Path, written: &str, what: &str) -> Result<PathBuf, String> {
    if !is_inside(written) {
        return Err(format!("{what}`{written}` is not a path inside this scene's folder: give it relative to the scene, without `..`"));
    }
    let real_dir = folder.canonicalize().map_err(|e| format!("cannot read this scene's folder: {e}"))?;
    let real = folder.join(written).canonicalize().map_err(|_| format!("no {what}file `{written}` in this scene's folder"))?;
    if !real.starts_with(&real_dir) {
        return Err(format!("{what}`{written}` leads outside this scene's folder"));
    }
    let meta = std::fs::metadata(&real).map_err(|e| format!("cannot read {what}`{written}`: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{what}`{written}` is not a file"));
    }
    if meta.len() > MAX_MODEL_BYTES {
        return Err(format!("{what}`{written}` is larger than {} MiB", MAX_MODEL_BYTES >> 20));
    }
    Ok(real)
}

/// The parts of a figure, in the order the simulation draws them. An actor's model names
/// its nodes after them (see `load_parts`).
pub const FIGURE_PARTS: &[&str] = &[
    "pelvis",
    "torso",
    "head",
    "muzzle",
    "eye_l",
    "eye_r",
    "nose",
    "headband",
    "upper_arm_l",
    "upper_arm_r",
    "forearm_l",
    "forearm_r",
    "hand_l",
    "hand_r",
    "thigh_l",
    "thigh_r",
    "shin_l",
    "shin_r",
    "foot_l",
    "foot_r",
];

/// Read a model `written` relative to `folder` and flatten it (see the module docs).
pub fn load(folder: &Path, written: &str) -> Result<ModelMesh, String> {
    let (doc, buffers) = open(folder, written)?;
    let scene = doc.default_scene().or_else(|| doc.scenes().next()).ok_or_else(|| format!("`{written}` has no scene"))?;
    let mut mesh = ModelMesh::default();
    let mut visited = 0usize;
    for node in scene.nodes() {
        add_node(&node, IDENTITY, 0, &buffers, &mut mesh, &mut visited).map_err(|e| format!("`{written}`: {e}"))?;
    }
    if mesh.indices.is_empty() {
        return Err(format!("`{written}` has no triangles"));
    }
    fit(&mut mesh);
    Ok(mesh)
}

/// A segmented figure: for each node named after one of `parts`, its mesh and its children's,
/// in the node's own frame (its transform left out), fitted into the unit cube. A figure
/// model is rigid pieces, one per part, each drawn where that part is and stretched to its
/// size. At least one part must be named.
pub fn load_parts(folder: &Path, written: &str, parts: &[&str]) -> Result<Vec<(String, ModelMesh)>, String> {
    let (doc, buffers) = open(folder, written)?;
    let mut out: Vec<(String, ModelMesh)> = Vec::new();
    let mut visited = 0usize;
    for node in doc.nodes() {
        let Some(name) = node.name().filter(|n| parts.contains(n)) else { continue };
        if out.iter().any(|(n, _)| n == name) {
            continue;
        }
        let mut mesh = ModelMesh::default();
        add_node(&node, inverse_of_local(&node), 0, &buffers, &mut mesh, &mut visited).map_err(|e| format!("`{written}`: {e}"))?;
        if !mesh.indices.is_empty() {
            fit(&mut mesh);
            out.push((name.to_string(), mesh));
        }
    }
    if out.is_empty() {
        return Err(format!("`{written}` has no mesh on a node named after a part of the figure (`head`, `torso`, `thigh_l`, …)"));
    }
    Ok(out)
}

/// The matrix that cancels a node's own transform (translation, rotation, scale), so its
/// mesh is read in its own frame.
fn inverse_of_local(node: &gltf::Node) -> Mat {
    let (t, r, s) = node.transform().decomposed();
    let inv_s = s.map(|v| if v.abs() > 1e-12 { 1.0 / v } else { 0.0 });
    // Rotation by the conjugate quaternion, as a column-major matrix.
    let [x, y, z, w] = r;
    let (x, y, z) = (-x, -y, -z);
    let rot: Mat = [
        [1.0 - 2.0 * (y * y + z * z), 2.0 * (x * y + z * w), 2.0 * (x * z - y * w), 0.0],
        [2.0 * (x * y - z * w), 1.0 - 2.0 * (x * x + z * z), 2.0 * (y * z + x * w), 0.0],
        [2.0 * (x * z + y * w), 2.0 * (y * z - x * w), 1.0 - 2.0 * (x * x + y * y), 0.0],
        [0.0, 0.0, 0.0, 1.0],
    ];
    let scale: Mat = [[inv_s[0], 0.0, 0.0, 0.0], [0.0, inv_s[1], 0.0, 0.0], [0.0, 0.0, inv_s[2], 0.0], [0.0, 0.0, 0.0, 1.0]];
    let trans: Mat = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [-t[0], -t[1], -t[2], 1.0]];
    mul(&scale, &mul(&rot, &trans))
}

/// Parse a model and read its buffers.
fn open(folder: &Path, written: &str) -> Result<(gltf::Gltf, Vec<Vec<u8>>), String> {
    let path = resolve(folder, written)?;
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read `{written}`: {e}"))?;
    let doc = gltf::Gltf::from_slice(&bytes).map_err(|e| format!("`{written}` is not a valid glTF 2.0 file: {e}"))?;
    let model_dir = path.parent().unwrap_or(folder).to_path_buf();
    let mut buffers: Vec<Vec<u8>> = Vec::new();
    for b in doc.buffers() {
        let data = match b.source() {
            gltf::buffer::Source::Bin => doc.blob.clone().ok_or_else(|| format!("`{written}` refers to a binary chunk it does not have"))?,
            gltf::buffer::Source::Uri(uri) if uri.starts_with("data:") => {
                return Err(format!("`{written}` embeds a buffer as a data URI, which reel does not read: export it as `.glb`"))
            }
            gltf::buffer::Source::Uri(uri) => {
                // External buffers obey the same rule as the model: inside the scene's folder.
                let rel = model_dir.strip_prefix(folder.canonicalize().unwrap_or_default()).unwrap_or(Path::new("")).join(uri);
                let p = inside(folder, &rel.to_string_lossy(), "buffer ")?;
                std::fs::read(&p).map_err(|e| format!("cannot read `{uri}`: {e}"))?
            }
        };
        if data.len() < b.length() {
            return Err(format!("`{written}`: buffer {} is shorter than it says", b.index()));
        }
        buffers.push(data);
    }
    Ok((doc, buffers))
}

type Mat = [[f32; 4]; 4];
const IDENTITY: Mat = [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]];

/// `a · b` for column-major 4x4 matrices.
fn mul(a: &Mat, b: &Mat) -> Mat {
    let mut m = [[0.0; 4]; 4];
    for (c, col) in m.iter_mut().enumerate() {
        for (r, v) in col.iter_mut().enumerate() {
            *v = (0..4).map(|k| a[k][r] * b[c][k]).sum();
        }
    }
    m
}

fn point(m: &Mat, p: [f32; 3]) -> [f32; 3] {
    let mut o = [0.0; 3];
    for (r, v) in o.iter_mut().enumerate() {
        *v = m[0][r] * p[0] + m[1][r] * p[1] + m[2][r] * p[2] + m[3][r];
    }
    o
}

/// A normal through the inverse transpose of `m`'s linear part (its cofactors).
fn normal(m: &Mat, n: [f32; 3]) -> [f32; 3] {
    let a = |r: usize, c: usize| m[c][r];
    let cof = [
        [a(1, 1) * a(2, 2) - a(1, 2) * a(2, 1), a(1, 2) * a(2, 0) - a(1, 0) * a(2, 2), a(1, 0) * a(2, 1) - a(1, 1) * a(2, 0)],
        [a(0, 2) * a(2, 1) - a(0, 1) * a(2, 2), a(0, 0) * a(2, 2) - a(0, 2) * a(2, 0), a(0, 1) * a(2, 0) - a(0, 0) * a(2, 1)],
        [a(0, 1) * a(1, 2) - a(0, 2) * a(1, 1), a(0, 2) * a(1, 0) - a(0, 0) * a(1, 2), a(0, 0) * a(1, 1) - a(0, 1) * a(1, 0)],
    ];
    let o = [0, 1, 2].map(|r| cof[r][0] * n[0] + cof[r][1] * n[1] + cof[r][2] * n[2]);
    unit(o)
}

fn unit(v: [f32; 3]) -> [f32; 3] {
    let l = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
    if l > 1e-12 && l.is_finite() {
        [v[0] / l, v[1] / l, v[2] / l]
    } else {
        [0.0, 1.0, 0.0]
    }
}

fn add_node(node: &gltf::Node, parent: Mat, depth: usize, buffers: &[Vec<u8>], out: &mut ModelMesh, visited: &mut usize) -> Result<(), String> {
    *visited += 1;
    if depth > MAX_NODE_DEPTH || *visited > MAX_NODES {
        return Err(format!("its nodes nest deeper than {MAX_NODE_DEPTH} or number more than {MAX_NODES}"));
    }
    let m = mul(&parent, &node.transform().matrix());
    if let Some(mesh) = node.mesh() {
        for prim in mesh.primitives() {
            if prim.mode() != gltf::mesh::Mode::Triangles {
                continue;
            }
            for (semantic, acc) in prim.attributes() {
                if matches!(semantic, gltf::Semantic::Positions | gltf::Semantic::Normals) {
                    check_accessor(&acc, buffers, MAX_VERTICES.saturating_sub(out.positions.len()), "vertices")?;
                }
            }
            if let Some(acc) = prim.indices() {
                check_accessor(&acc, buffers, (MAX_TRIANGLES * 3).saturating_sub(out.indices.len()), "triangle corners")?;
            }
            let reader = prim.reader(|b| buffers.get(b.index()).map(|v| v.as_slice()));
            let Some(positions) = reader.read_positions() else { continue };
            let positions: Vec<[f32; 3]> = positions.collect();
            let normals: Option<Vec<[f32; 3]>> = reader.read_normals().map(|n| n.collect());
            let indices: Vec<u32> = match reader.read_indices() {
                Some(i) => i.into_u32().collect(),
                None => (0..positions.len() as u32).collect(),
            };
            if indices.iter().any(|&i| i as usize >= positions.len()) {
                return Err("an index points past its vertices".into());
            }
            if out.indices.len() / 3 + indices.len() / 3 > MAX_TRIANGLES {
                return Err(format!("more than {MAX_TRIANGLES} triangles"));
            }
            match normals.filter(|n| n.len() == positions.len()) {
                Some(ns) => {
                    let base = out.positions.len() as u32;
                    out.positions.extend(positions.iter().map(|p| point(&m, *p)));
                    out.normals.extend(ns.iter().map(|n| normal(&m, *n)));
                    out.indices.extend(indices.chunks_exact(3).flatten().map(|i| base + i));
                }
                None => {
                    // No normals: each triangle gets its own face normal.
                    for t in indices.chunks_exact(3) {
                        let [a, b, c] = [0, 1, 2].map(|k| point(&m, positions[t[k] as usize]));
                        let (u, v) = ([b[0] - a[0], b[1] - a[1], b[2] - a[2]], [c[0] - a[0], c[1] - a[1], c[2] - a[2]]);
                        let n = unit([u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]]);
                        let base = out.positions.len() as u32;
                        out.positions.extend([a, b, c]);
                        out.normals.extend([n; 3]);
                        out.indices.extend([base, base + 1, base + 2]);
                    }
                }
            }
        }
    }
    for child in node.children() {
        add_node(&child, m, depth + 1, buffers, out, visited)?;
    }
    Ok(())
}

/// Refuse an accessor whose count is over `budget` (what is left of the model's) or more
/// than the bytes behind it hold, before a reader allocates for it: a sparse accessor of a
/// few bytes can claim billions of elements.
fn check_accessor(acc: &gltf::Accessor, buffers: &[Vec<u8>], budget: usize, what: &str) -> Result<(), String> {
    let count = acc.count();
    if count > budget {
        return Err(format!("accessor {} claims {count} {what}, over the model budget ({MAX_VERTICES} vertices, {MAX_TRIANGLES} triangles)", acc.index()));
    }
    let fits = |view: &gltf::buffer::View, offset: usize, n: usize, elem: usize, stride: usize| -> bool {
        let Some(buffer) = buffers.get(view.buffer().index()) else { return false };
        let view_end = view.offset().checked_add(view.length());
        let need = if n == 0 { Some(0) } else { stride.checked_mul(n - 1).and_then(|b| b.checked_add(elem)).and_then(|b| b.checked_add(offset)) };
        matches!((view_end, need), (Some(end), Some(need)) if end <= buffer.len() && need <= view.length())
    };
    let short = || format!("accessor {} claims {count} {what}, more than its bytes hold", acc.index());
    if let Some(view) = acc.view() {
        if !fits(&view, acc.offset(), count, acc.size(), view.stride().unwrap_or(acc.size())) {
            return Err(short());
        }
    }
    if let Some(sparse) = acc.sparse() {
        let n = sparse.count();
        let (idx, val) = (sparse.indices(), sparse.values());
        if n > count
            || !fits(&idx.view(), idx.offset(), n, idx.index_type().size(), idx.index_type().size())
            || !fits(&val.view(), val.offset(), n, acc.size(), acc.size())
        {
            return Err(short());
        }
    }
    Ok(())
}

/// Stretch the mesh into the unit cube around the origin (each axis on its own: the prop's
/// size decides the proportions), adjusting the normals to match.
fn fit(mesh: &mut ModelMesh) {
    let mut lo = [f32::INFINITY; 3];
    let mut hi = [f32::NEG_INFINITY; 3];
    for p in &mesh.positions {
        for k in 0..3 {
            lo[k] = lo[k].min(p[k]);
            hi[k] = hi[k].max(p[k]);
        }
    }
    let size = [0, 1, 2].map(|k| (hi[k] - lo[k]).max(1e-6));
    let centre = [0, 1, 2].map(|k| (hi[k] + lo[k]) / 2.0);
    for p in &mut mesh.positions {
        *p = [0, 1, 2].map(|k| (p[k] - centre[k]) / size[k]);
    }
    for n in &mut mesh.normals {
        *n = unit([0, 1, 2].map(|k| n[k] * size[k]));
    }
}
