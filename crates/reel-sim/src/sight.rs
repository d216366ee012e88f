//! A clear line of sight: whether the segment from a camera to its subject passes through a
//! prop's solid parts (a table's top and legs, a chair, a wall or a static box), by a slab
//! test against each oriented box.

use super::prop_boxes;
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
    }
    None
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
}
