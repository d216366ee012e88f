//! Skinned glTF 2.0 figures: reel's default body (`person.glb`, made at set-up from the
//! MakeHuman data) and users' characters (`model "hero.glb"` on a figure). The first node
//! with a mesh and a skin is read: its triangles with up to four joints a vertex, its
//! joints found in reel's bone set by name (`rig`), its morph targets (shape parameters),
//! its primitives' materials as zones whose colours a scene may set.
//!
//! The result is in reel's body frame (+x forward, +y up, +z right; glTF models face +z),
//! in metres as modelled, soles at y = 0, the pelvis over the origin. Every count is checked
//! against the bytes behind it and the model budget before it is read.

use crate::rig::{self, BONE_COUNT};
use crate::{check_accessor, MAX_VERTICES};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One material's triangles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkinPart {
    /// The material's name (`skin`, `top`, `bottoms`, `shoes`, `hair`, `sclera`, `iris` in
    /// reel's body), or `part N`.
    pub zone: String,
    /// Linear RGB from the material.
    pub color: [f32; 3],
    pub roughness: f32,
    pub indices: Vec<u32>,
}

/// A shape target: how far it moves each vertex and each bone's rest position at weight 1.
#[derive(Debug, Clone, PartialEq)]
pub struct MorphTarget {
    pub name: String,
    pub positions: Vec<[f32; 3]>,
    pub rest: [[f32; 3]; BONE_COUNT],
}

#[derive(Debug, Clone, PartialEq)]
pub struct SkinnedModel {
    /// Where each of reel's bones starts (its joint), at rest; bones the model lacks are
    /// placed between their neighbours (`has` says which it has).
    pub rest: [[f32; 3]; BONE_COUNT],
    pub has: [bool; BONE_COUNT],
    pub positions: Vec<[f32; 3]>,
    pub normals: Vec<[f32; 3]>,
    /// Per vertex: four of reel's bones and their weights (summing to 1).
    pub bones: Vec<[u8; 4]>,
    pub weights: Vec<[f32; 4]>,
    pub parts: Vec<SkinPart>,
    pub targets: Vec<MorphTarget>,
}

/// The most joints and morph targets a model may have.
pub const MAX_JOINTS: usize = 1024;
pub const MAX_TARGETS: usize = 64;

/// glTF's frame (facing +z, +x to the figure's left) → reel's body frame.
fn to_body(p: [f32; 3]) -> [f32; 3] {
    [p[2], p[1], -p[0]]
}

/// Read the skinned figure `written` in `folder`. `Err` says what is wrong; a model without
/// a skin says so (it may be a segmented figure), and one whose bones miss some of reel's
/// names them: `Err(Missing(...))`.
pub fn load_skinned(folder: &Path, written: &str) -> Result<SkinnedModel, SkinError> {
    let (doc, buffers) = crate::open(folder, written).map_err(SkinError::Invalid)?;
    let node = doc.nodes().find(|n| n.mesh().is_some() && n.skin().is_some()).ok_or(SkinError::NoSkin)?;
    let (mesh, skin) = (node.mesh().unwrap(), node.skin().unwrap());
    let bad = |e: String| SkinError::Invalid(format!("`{written}`: {e}"));
    let joints: Vec<gltf::Node> = skin.joints().collect();
    if joints.len() > MAX_JOINTS {
        return Err(bad(format!("its skin has {} joints, more than {MAX_JOINTS}", joints.len())));
    }
    let names: Vec<String> = joints.iter().map(|j| j.name().unwrap_or("").to_string()).collect();
    let (map, missing) = rig::map_bones(&names);
    if !missing.is_empty() {
        return Err(SkinError::Missing(missing));
    }
    let joint_rest = joint_rest_positions(&doc, &skin, &buffers).map_err(bad)?;
    // A joint that is none of reel's bones moves with its nearest ancestor that is.
    let parents = node_parents(&doc);
    let joint_of_node: std::collections::HashMap<usize, usize> = joints.iter().enumerate().map(|(j, n)| (n.index(), j)).collect();
    let bone_of: Vec<usize> = (0..joints.len())
        .map(|j| {
            let mut node = joints[j].index();
            for _ in 0..parents.len() {
                if let Some(b) = joint_of_node.get(&node).and_then(|&k| map[k]) {
                    return b;
                }
                match parents[node] {
                    Some(p) => node = p,
                    None => break,
                }
            }
            rig::PELVIS
        })
        .collect();
    let mut rest = [[0.0f32; 3]; BONE_COUNT];
    let mut has = [false; BONE_COUNT];
    for (j, b) in map.iter().enumerate() {
        if let Some(b) = *b {
            rest[b] = to_body(joint_rest[j]);
            has[b] = true;
        }
    }
    let mut out = SkinnedModel { rest, has, positions: vec![], normals: vec![], bones: vec![], weights: vec![], parts: vec![], targets: vec![] };
    read_primitives(&mesh, &buffers, &bone_of, &mut out).map_err(bad)?;
    if out.parts.iter().all(|p| p.indices.is_empty()) {
        return Err(bad("its skinned mesh has no triangles".into()));
    }
    read_joint_offsets(&mesh, &map, &mut out.targets);
    if doc.extensions_used().any(|e| e == "VRM") {
        // VRM 0.x characters face −z, against glTF's convention (VRM 1.0 faces +z).
        turn_around(&mut out);
    }
    fill_missing_bones(&mut out);
    settle(&mut out);
    Ok(out)
}

#[derive(Debug, Clone, PartialEq)]
pub enum SkinError {
    /// Not a readable glTF, or over a budget: the message.
    Invalid(String),
    /// No node has both a mesh and a skin.
    NoSkin,
    /// Bones reel's motions need that no joint is named as.
    Missing(Vec<&'static str>),
}

impl std::fmt::Display for SkinError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            SkinError::Invalid(e) => f.write_str(e),
            SkinError::NoSkin => f.write_str("it has no skinned mesh (a node with a mesh and a skin)"),
            SkinError::Missing(m) => write!(f, "its skeleton has no bone for {}", m.join(", ")),
        }
    }
}

/// Each joint's bind position in the mesh's space: the inverse bind matrix's inverse, or the
/// node's place in the scene when the skin has none.
fn joint_rest_positions(doc: &gltf::Gltf, skin: &gltf::Skin, buffers: &[Vec<u8>]) -> Result<Vec<[f32; 3]>, String> {
    let n = skin.joints().count();
    if let Some(acc) = skin.inverse_bind_matrices() {
        check_accessor(&acc, buffers, n, "inverse bind matrices")?;
        let reader = skin.reader(|b| buffers.get(b.index()).map(|v| v.as_slice()));
        let m: Vec<[[f32; 4]; 4]> = reader.read_inverse_bind_matrices().map(|i| i.collect()).unwrap_or_default();
        if m.len() == n {
            return Ok(m.iter().map(|ibm| glam::Mat4::from_cols_array_2d(ibm).inverse().w_axis.truncate().into()).collect());
        }
    }
    let globals = node_globals(doc);
    Ok(skin.joints().map(|j| globals[j.index()].w_axis.truncate().into()).collect())
}

fn node_parents(doc: &gltf::Gltf) -> Vec<Option<usize>> {
    let mut parents = vec![None; doc.nodes().len()];
    for n in doc.nodes() {
        for c in n.children() {
            parents[c.index()] = Some(n.index());
        }
    }
    parents
}

/// Every node's transform in the scene (a node in a cycle or too deep keeps its own).
fn node_globals(doc: &gltf::Gltf) -> Vec<glam::Mat4> {
    let parents = node_parents(doc);
    let local: Vec<glam::Mat4> = doc.nodes().map(|n| glam::Mat4::from_cols_array_2d(&n.transform().matrix())).collect();
    (0..local.len())
        .map(|i| {
            let mut m = local[i];
            let mut at = i;
            for _ in 0..64 {
                match parents[at] {
                    Some(p) => {
                        m = local[p] * m;
                        at = p;
                    }
                    None => break,
                }
            }
            m
        })
        .collect()
}

/// Triangles, skin weights and morph targets of each primitive; primitives that share their
/// vertices (the same position accessor) share them here too.
fn read_primitives(mesh: &gltf::Mesh, buffers: &[Vec<u8>], bone_of: &[usize], out: &mut SkinnedModel) -> Result<(), String> {
    let mut base_of: Vec<(usize, u32)> = Vec::new();
    let target_names = target_names(mesh);
    for (k, prim) in mesh.primitives().enumerate() {
        if prim.mode() != gltf::mesh::Mode::Triangles {
            continue;
        }
        let Some(pos_acc) = prim.get(&gltf::Semantic::Positions) else { continue };
        let reader = prim.reader(|b| buffers.get(b.index()).map(|v| v.as_slice()));
        let base = match base_of.iter().find(|(a, _)| *a == pos_acc.index()) {
            Some((_, b)) => *b,
            None => {
                let b = out.positions.len() as u32;
                read_vertices(&prim, &reader, buffers, bone_of, out, &target_names)?;
                base_of.push((pos_acc.index(), b));
                b
            }
        };
        let n = out.positions.len() as u32 - base;
        let indices: Vec<u32> = match (prim.indices(), reader.read_indices()) {
            (Some(acc), Some(i)) => {
                check_accessor(&acc, buffers, crate::MAX_TRIANGLES * 3, "triangle corners")?;
                i.into_u32().collect()
            }
            _ => (0..n).collect(),
        };
        if indices.iter().any(|&i| i >= n) {
            return Err("an index points past its vertices".into());
        }
        let material = prim.material();
        let pbr = material.pbr_metallic_roughness();
        let c = pbr.base_color_factor();
        out.parts.push(SkinPart {
            zone: material.name().map_or_else(|| format!("part {k}"), str::to_string),
            color: [c[0], c[1], c[2]],
            roughness: pbr.roughness_factor(),
            indices: indices.chunks_exact(3).flatten().map(|i| base + i).collect(),
        });
    }
    Ok(())
}

fn target_names(mesh: &gltf::Mesh) -> Vec<String> {
    let extras: Option<serde_json::Value> = mesh.extras().as_ref().and_then(|r| serde_json::from_str(r.get()).ok());
    let names = extras.as_ref().and_then(|e| e.get("targetNames")).and_then(|n| n.as_array()).cloned().unwrap_or_default();
    names.iter().map(|n| n.as_str().unwrap_or("").to_string()).collect()
}

fn read_vertices<'a, 's, F>(
    prim: &gltf::Primitive,
    reader: &gltf::mesh::Reader<'a, 's, F>,
    buffers: &[Vec<u8>],
    bone_of: &[usize],
    out: &mut SkinnedModel,
    target_names: &[String],
) -> Result<(), String>
where
    F: Clone + Fn(gltf::Buffer<'a>) -> Option<&'s [u8]>,
{
    let budget = MAX_VERTICES.saturating_sub(out.positions.len());
    for (_, acc) in prim.attributes() {
        check_accessor(&acc, buffers, budget, "vertices")?;
    }
    let positions: Vec<[f32; 3]> = reader.read_positions().map(|p| p.collect()).unwrap_or_default();
    let n = positions.len();
    let normals: Vec<[f32; 3]> = reader.read_normals().map(|p| p.collect()).filter(|v: &Vec<_>| v.len() == n).unwrap_or_else(|| vec![[0.0, 1.0, 0.0]; n]);
    let joints: Vec<[u16; 4]> = reader.read_joints(0).map(|j| j.into_u16().collect()).unwrap_or_default();
    let weights: Vec<[f32; 4]> = reader.read_weights(0).map(|w| w.into_f32().collect()).unwrap_or_default();
    if joints.len() != n || weights.len() != n {
        return Err("a skinned primitive has no JOINTS_0 and WEIGHTS_0 for every vertex".into());
    }
    let start = out.positions.len();
    out.positions.extend(positions.iter().map(|p| to_body(*p)));
    out.normals.extend(normals.iter().map(|p| to_body(*p)));
    for (j, w) in joints.iter().zip(&weights) {
        let mut acc: [(u8, f32); 4] = [(0, 0.0); 4];
        let mut used = 0;
        for k in 0..4 {
            let bone = bone_of.get(j[k] as usize).copied().unwrap_or(rig::PELVIS) as u8;
            let wk = if w[k].is_finite() { w[k].max(0.0) } else { 0.0 };
            match acc[..used].iter_mut().find(|(b, _)| *b == bone) {
                Some(slot) => slot.1 += wk,
                None => {
                    acc[used] = (bone, wk);
                    used += 1;
                }
            }
        }
        let total: f32 = acc.iter().map(|a| a.1).sum();
        let acc = if total > 1e-6 { acc.map(|(b, w)| (b, w / total)) } else { [(rig::PELVIS as u8, 1.0), (0, 0.0), (0, 0.0), (0, 0.0)] };
        out.bones.push(acc.map(|a| a.0));
        out.weights.push(acc.map(|a| a.1));
    }
    for (t, (tp, _, _)) in reader.read_morph_targets().enumerate() {
        if t >= MAX_TARGETS {
            return Err(format!("more than {MAX_TARGETS} morph targets"));
        }
        if out.targets.len() <= t {
            let name = target_names.get(t).cloned().unwrap_or_else(|| format!("target {t}"));
            out.targets.push(MorphTarget { name, positions: vec![[0.0; 3]; start], rest: [[0.0; 3]; BONE_COUNT] });
        }
        let target = &mut out.targets[t];
        target.positions.resize(start, [0.0; 3]);
        if let Some(d) = tp {
            target.positions.extend(d.take(n).map(to_body));
        }
        target.positions.resize(start + n, [0.0; 3]);
    }
    for target in &mut out.targets {
        target.positions.resize(start + n, [0.0; 3]);
    }
    Ok(())
}

/// How far each target moves the joints (`mesh.extras.jointOffsets`: name → one offset per
/// target): a body's joints follow its shape.
fn read_joint_offsets(mesh: &gltf::Mesh, _map: &[Option<usize>], targets: &mut [MorphTarget]) {
    let extras: Option<serde_json::Value> = mesh.extras().as_ref().and_then(|r| serde_json::from_str(r.get()).ok());
    let Some(offsets) = extras.as_ref().and_then(|e| e.get("jointOffsets")).and_then(|o| o.as_object()) else { return };
    for (name, per_target) in offsets {
        let Some(b) = rig::bone_named(name) else { continue };
        for (t, d) in per_target.as_array().into_iter().flatten().enumerate().take(targets.len()) {
            let v: Vec<f32> = d.as_array().into_iter().flatten().filter_map(|x| x.as_f64()).map(|x| x as f32).collect();
            if v.len() == 3 && v.iter().all(|x| x.is_finite()) {
                targets[t].rest[b] = to_body([v[0], v[1], v[2]]);
            }
        }
    }
}

/// Turn a model half round about the vertical.
fn turn_around(m: &mut SkinnedModel) {
    let turn = |p: &mut [f32; 3]| {
        p[0] = -p[0];
        p[2] = -p[2];
    };
    m.positions.iter_mut().chain(m.normals.iter_mut()).chain(m.rest.iter_mut()).for_each(turn);
    for t in &mut m.targets {
        t.positions.iter_mut().chain(t.rest.iter_mut()).for_each(turn);
    }
}

/// Place the bones a model lacks between the ones it has.
fn fill_missing_bones(m: &mut SkinnedModel) {
    use rig::*;
    let lerp = |a: [f32; 3], b: [f32; 3], t: f32| [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
    let r = m.rest;
    let top = if m.has[NECK] { r[NECK] } else { lerp(r[SPINE_01], r[HEAD], 0.8) };
    if !m.has[SPINE_02] {
        m.rest[SPINE_02] = lerp(r[SPINE_01], top, 0.33);
    }
    if !m.has[SPINE_03] {
        m.rest[SPINE_03] = lerp(r[SPINE_01], top, 0.66);
    }
    if !m.has[NECK] {
        m.rest[NECK] = top;
    }
    for s in 0..2 {
        if !m.has[CLAVICLE[s]] {
            m.rest[CLAVICLE[s]] = lerp(m.rest[SPINE_03], r[UPPERARM[s]], 0.2);
        }
        if !m.has[BALL[s]] {
            let f = r[FOOT[s]];
            m.rest[BALL[s]] = [f[0] + 1.2 * f[1].abs().max(0.02), f[1] * 0.3, f[2]];
        }
    }
}

/// Soles at y = 0 and the pelvis over the origin.
fn settle(m: &mut SkinnedModel) {
    let floor = m.positions.iter().map(|p| p[1]).fold(f32::INFINITY, f32::min);
    let [px, _, pz] = m.rest[rig::PELVIS];
    let shift = |p: &mut [f32; 3]| {
        p[0] -= px;
        p[1] -= floor;
        p[2] -= pz;
    };
    m.positions.iter_mut().for_each(shift);
    m.rest.iter_mut().for_each(shift);
}
