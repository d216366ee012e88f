//! Ambient occlusion's inputs: each frame's occluder spheres (one per shape, of its
//! volume) and each instance's four nearest, carried as instance data.

use super::*;

/// A shape that occludes the ambient light of what is near it, taken as a sphere of its
/// volume.
pub(crate) struct Occluder {
    pub(crate) node: usize,
    pub(crate) centre: Vec3,
    pub(crate) radius: f32,
}

/// A node's world-space bounding box.
pub(crate) fn node_aabb(xf: &reel_bake::Xform) -> (Vec3, Vec3) {
    let r = Mat3::from_quat(glam::Quat::from_array(xf.rotation).normalize());
    let h = Vec3::from(xf.scale).abs() * 0.5;
    let ext = r.x_axis.abs() * h.x + r.y_axis.abs() * h.y + r.z_axis.abs() * h.z;
    let c = Vec3::from(xf.translation);
    (c - ext, c + ext)
}

/// The occluders of a frame: every visible shape but the floor (whose occlusion the
/// hemisphere ambient already has), the largest first, up to `MAX_OCCLUDERS`.
pub(crate) fn occluders_of(bake: &Bake, frame: &Frame) -> Vec<Occluder> {
    let mut occ: Vec<Occluder> = Vec::new();
    for (node, (desc, xf)) in bake.nodes.iter().zip(&frame.nodes).enumerate() {
        if desc.surface == Surface::Floor {
            continue;
        }
        let s = Vec3::from(xf.scale).abs() * 0.5;
        if s.min_element() <= 1e-5 {
            continue;
        }
        // The radius of the sphere of the same volume.
        let volume = match desc.shape {
            Shape::Box => 8.0 * s.x * s.y * s.z,
            Shape::Sphere => 4.0 / 3.0 * std::f32::consts::PI * s.x * s.y * s.z,
            Shape::Cylinder => std::f32::consts::PI * s.x * s.z * 2.0 * s.y,
            // A model fills part of its box: take half.
            Shape::Model(_) => 4.0 * s.x * s.y * s.z,
        };
        let radius = (volume * 3.0 / (4.0 * std::f32::consts::PI)).cbrt();
        occ.push(Occluder { node, centre: Vec3::from(xf.translation), radius });
    }
    occ.sort_by(|a, b| b.radius.total_cmp(&a.radius).then(a.node.cmp(&b.node)));
    occ.truncate(MAX_OCCLUDERS);
    occ
}

/// The (up to) four occluders that darken a node most, as spheres (centre, radius; radius 0:
/// none): ranked by the most they hide anywhere on it, (r / d)² at the nearest point of its
/// box; those hiding less than 1% are left out. They travel with the instance, so the
/// shader reads them as flat inputs: no per-pixel indexing into a uniform array, which a CPU
/// renderer pays for with a gather per lane.
pub(crate) fn near_occluders(node: usize, xf: &reel_bake::Xform, occ: &[Occluder]) -> [[f32; 4]; 4] {
    let (lo, hi) = node_aabb(xf);
    let mut near: Vec<(f32, u32)> = occ
        .iter()
        .enumerate()
        .filter(|(_, o)| o.node != node)
        .map(|(k, o)| {
            let d = (o.centre.clamp(lo, hi) - o.centre).length().max(o.radius);
            ((o.radius / d).powi(2), k as u32)
        })
        .filter(|(hide, _)| *hide > 0.01)
        .collect();
    near.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut out = [[0.0; 4]; 4];
    for (slot, (_, k)) in out.iter_mut().zip(near) {
        let o = &occ[k as usize];
        *slot = o.centre.extend(o.radius).into();
    }
    out
}

/// Shapes that may occlude others' ambient light, the largest first.
pub const MAX_OCCLUDERS: usize = 64;
