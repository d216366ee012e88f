//! A clear line of sight: whether the segment from a camera to its subject passes through a
//! prop's solid parts (a table's top and legs, a chair, a wall or a static box), by a slab
//! test against each oriented box, or through a tree's crown (leaves are not solid to what
//! moves, but they hide what is behind them), by a segment against its ellipsoid.

use super::{prop_boxes, tree_crown};
use glam::Vec3;
use reel_ir as ir;

/// The first prop (by declaration) that blocks the view from `eye` to `to`, if any. A box
/// that holds `to` itself (the subject is in it) does not count.
pub(crate) fn blocker<'a>(scene: &'a ir::Scene, eye: Vec3, to: Vec3) -> Option<&'a str> {
    for p in &scene.props {
        for (centre, half, turn) in prop_boxes(p) {
            let inv = turn.inverse();
            let (a, b) = (inv * (eye - centre), inv * (to - centre));
            if inside(b, half) {
                continue;
            }
            if segment_hits_box(a, b, half) {
                return Some(&p.name);
            }
        }
        if let Some((centre, size)) = tree_crown(p) {
            // In the crown's own space it is the unit sphere.
            let (a, b) = ((eye - centre) / (size / 2.0), (to - centre) / (size / 2.0));
            if b.length_squared() > 1.0 && segment_hits_unit_sphere(a, b) {
                return Some(&p.name);
            }
        }
    }
    None
}

/// Whether the segment `a`→`b` meets the unit sphere (or starts inside it).
fn segment_hits_unit_sphere(a: Vec3, b: Vec3) -> bool {
    let d = b - a;
    let len2 = d.length_squared();
    if len2 < 1e-12 {
        return a.length_squared() <= 1.0;
    }
    // The closest point of the segment to the centre.
    let t = (-a.dot(d) / len2).clamp(0.0, 1.0);
    (a + d * t).length_squared() <= 1.0
}

fn inside(p: Vec3, half: Vec3) -> bool {
    p.x.abs() <= half.x && p.y.abs() <= half.y && p.z.abs() <= half.z
}

/// Whether the segment `a`→`b` meets the box `-half..half`.
fn segment_hits_box(a: Vec3, b: Vec3, half: Vec3) -> bool {
    ir::segment_meets_box(a.into(), b.into(), (-half).into(), half.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_meets_a_box_only_where_it_crosses_it() {
        let h = Vec3::splat(1.0);
        assert!(segment_hits_box(Vec3::new(-3.0, 0.0, 0.0), Vec3::new(3.0, 0.0, 0.0), h));
        assert!(!segment_hits_box(Vec3::new(-3.0, 1.5, 0.0), Vec3::new(3.0, 1.5, 0.0), h));
        assert!(!segment_hits_box(Vec3::new(-3.0, 0.0, 0.0), Vec3::new(-1.5, 0.0, 0.0), h), "stops short");
        assert!(segment_hits_box(Vec3::new(-3.0, -3.0, 0.0), Vec3::new(3.0, 3.0, 0.0), h), "diagonal");
        assert!(!segment_hits_box(Vec3::new(-3.0, 0.0, 2.0), Vec3::new(3.0, 0.0, 2.0), h), "parallel, outside");
    }

    #[test]
    fn a_segment_meets_a_crown_only_where_it_crosses_it() {
        assert!(segment_hits_unit_sphere(Vec3::new(-3.0, 0.5, 0.0), Vec3::new(3.0, 0.5, 0.0)));
        assert!(!segment_hits_unit_sphere(Vec3::new(-3.0, 1.2, 0.0), Vec3::new(3.0, 1.2, 0.0)), "passes over");
        assert!(!segment_hits_unit_sphere(Vec3::new(-3.0, 0.0, 0.0), Vec3::new(-1.5, 0.0, 0.0)), "stops short");
        assert!(segment_hits_unit_sphere(Vec3::new(0.2, 0.0, 0.0), Vec3::new(5.0, 0.0, 0.0)), "starts inside");
    }
}
