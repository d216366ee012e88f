//! The meshes of skinned figures for the bake: a person's body shaped by its age, gender
//! and build and coloured by its clothes, or a user's skinned character, each at the
//! figure's height; and each frame's bones.

use super::*;
use crate::skeleton::Skeleton;
use reel_model::skinned::SkinnedModel;

/// The levels of detail below the full mesh, as shares of its triangles.
const LOD_SHARES: [f32; 2] = [0.3, 0.08];

/// Each zone's roughness on reel's body.
fn roughness_of(zone: &str, material: f32) -> f32 {
    match zone {
        "skin" => 0.55,
        "hair" => 0.6,
        "sclera" | "iris" => 0.15,
        "shoes" => 0.45,
        "top" | "bottoms" => 0.85,
        _ => material,
    }
}

/// The skins of the scene's skinned figures (alike figures share one), every figure, and
/// for each actor its figure's index.
pub(crate) fn figure_skins(scene: &ir::Scene, notes: &mut Vec<String>) -> (Vec<SkinMesh>, Vec<FigureDesc>, Vec<Option<usize>>) {
    let mut skins: Vec<SkinMesh> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut figures = Vec::new();
    let mut of_actor = vec![None; scene.actors.len()];
    for (ai, a) in scene.actors.iter().enumerate() {
        of_actor[ai] = Some(figures.len());
        let Some(rest) = a.rest_m.as_ref().filter(|r| r.len() == BONE_COUNT) else {
            figures.push(FigureDesc { name: a.name.clone(), skin: None });
            continue;
        };
        let key = format!("{:?}|{:?}|{}|{:?}", a.model, a.look, a.height_m, rest);
        let skin = match keys.iter().position(|k| *k == key) {
            Some(k) => k,
            None => match skin_of(scene, a, rest) {
                Ok(mesh) => {
                    skins.push(mesh);
                    keys.push(key);
                    skins.len() - 1
                }
                Err(e) => {
                    notes.push(format!("`{}` is not drawn: {e}", a.name));
                    figures.push(FigureDesc { name: a.name.clone(), skin: None });
                    continue;
                }
            },
        };
        figures.push(FigureDesc { name: a.name.clone(), skin: Some(skin as u32) });
    }
    (skins, figures, of_actor)
}

fn skin_of(scene: &ir::Scene, a: &ir::Actor, rest: &[[f32; 3]]) -> Result<SkinMesh, String> {
    let (model, positions, normals) = match (&a.model, &a.look) {
        (Some(written), _) => {
            let folder = scene.folder.as_deref().ok_or("the scene has no folder to read its model from")?;
            let m = reel_model::skinned::load_skinned(folder, written).map_err(|e| e.to_string())?;
            let (p, n) = (m.positions.clone(), m.normals.clone());
            (std::sync::Arc::new(m), p, n)
        }
        (None, Some(look)) => {
            let body = reel_model::body::person()?;
            let shape = reel_model::body::Shape { age_years: look.age_years, gender: look.gender, build: look.build, muscle: look.muscle };
            let (p, _) = body.shaped(&reel_model::body::shape_weights(shape));
            let n = smooth_normals(&p, &body);
            (body, p, n)
        }
        _ => return Err("it has no body".into()),
    };
    let top = positions.iter().map(|p| p[1]).fold(f32::MIN_POSITIVE, f32::max);
    let scale = a.height_m / top;
    let mut out = SkinMesh { rest: rest.to_vec(), ..Default::default() };
    // Each zone gets its own copies of its vertices, so a colour never bleeds across a seam.
    for part in &model.parts {
        let color = a.look.as_ref().and_then(|l| l.zones.get(&part.zone)).copied().unwrap_or(part.color);
        let rough = roughness_of(&part.zone, part.roughness);
        let mut index_of: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
        for &v in &part.indices {
            let k = *index_of.entry(v).or_insert_with(|| {
                let vi = v as usize;
                out.positions.push(positions[vi].map(|c| c * scale));
                out.normals.push(normals[vi]);
                out.colors.push([color[0], color[1], color[2], rough]);
                out.bones.push(model.bones[vi]);
                out.weights.push(model.weights[vi]);
                out.positions.len() as u32 - 1
            });
            out.indices.push(k);
        }
    }
    out.lods = LOD_SHARES.iter().map(|&share| simplified(&out.positions, &out.indices, share)).collect();
    Ok(out)
}

/// Area-weighted vertex normals of a shaped body.
fn smooth_normals(positions: &[[f32; 3]], model: &SkinnedModel) -> Vec<[f32; 3]> {
    let mut acc = vec![Vec3::ZERO; positions.len()];
    for part in &model.parts {
        for t in part.indices.chunks_exact(3) {
            let [a, b, c] = [0, 1, 2].map(|k| Vec3::from(positions[t[k] as usize]));
            let n = (b - a).cross(c - a);
            for &i in t {
                acc[i as usize] += n;
            }
        }
    }
    acc.iter().map(|n| n.normalize_or(Vec3::Y).into()).collect()
}

/// About `share` of the triangles, simplified by meshoptimizer (edge collapses that keep
/// the shape's error small). Borders stay where they are, so the seams between zones, whose
/// vertices are copies, never open.
fn simplified(positions: &[[f32; 3]], indices: &[u32], share: f32) -> Vec<u32> {
    let bytes: &[u8] = bytemuck::cast_slice(positions);
    let Ok(adapter) = meshopt::VertexDataAdapter::new(bytes, 12, 0) else { return indices.to_vec() };
    let target = ((indices.len() / 3) as f32 * share) as usize * 3;
    meshopt::simplify(indices, &adapter, target, 0.05, meshopt::SimplifyOptions::LockBorder, None)
}

/// The bones of every figure at story time `t`, in `figures` order.
pub(crate) fn figure_bones(scene: &ir::Scene, story: &Story, figures: &[Option<usize>], t: f64, out: &mut Vec<Xform>) {
    for (ai, a) in scene.actors.iter().enumerate() {
        if figures[ai].is_none() {
            continue;
        }
        let s = story.sample(ai, t);
        let (bones, _) = Skeleton::of(a).pose(s.root, s.yaw, &s.pose);
        out.extend(bones.iter().map(|b| Xform { translation: b.position.into(), rotation: b.rotation.to_array(), scale: [1.0; 3] }));
    }
}
