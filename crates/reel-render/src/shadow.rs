//! The sun's shadow map for one frame: an orthographic view along the sunlight, fitted to
//! the part of the scene's shadow bounds the camera can see.
//!
//! Fitting to the whole bounds spends most texels where the camera does not look (a 40 m
//! street seen from its pavement); fitting to the view puts them where they show. The map
//! must not crawl: its light-space frame is fixed for the whole film (from the bounds and
//! the sun), its size moves in quarter-octave steps and its corner on the texel grid, so a
//! still camera gets the same map every frame and a moving one slides it a whole texel at a
//! time.

use glam::{Mat4, Vec3};
use reel_bake::{CameraPose, Environment};

/// The sun's clip space for a frame, and how much of the world one shadow texel covers.
pub(crate) struct SunView {
    pub light_clip_from_world: Mat4,
    pub texel_m: f32,
}

/// The sun's view of `env`'s shadow bounds for a camera at `camera` (frame `aspect`), on a
/// square map `size` texels across.
pub(crate) fn sun_view(env: &Environment, camera: &CameraPose, aspect: f32, size: u32) -> SunView {
    let sun = Vec3::from(env.sun_direction).normalize_or(Vec3::NEG_Y);
    let [lo, hi] = env.shadow_bounds;
    let (lo, hi) = (Vec3::from(lo), Vec3::from(hi));
    let centre = (lo + hi) * 0.5;
    let radius = (hi - lo).length() * 0.5 + 0.01;
    let sun_up = if sun.y.abs() > 0.99 { Vec3::Z } else { Vec3::Y };
    let light_from_world = Mat4::look_at_rh(centre - sun * radius * 2.0, centre, sun_up);
    let corners: Vec<Vec3> =
        (0..8).map(|i| Vec3::new(if i & 1 == 0 { lo.x } else { hi.x }, if i & 2 == 0 { lo.y } else { hi.y }, if i & 4 == 0 { lo.z } else { hi.z })).collect();
    let (bounds_min, bounds_max) = light_box(corners.iter().map(|&c| light_from_world.transform_point3(c)));
    let (mut rect_min, mut rect_max) = (bounds_min, bounds_max);
    if let Some((view_min, view_max)) = seen_box(camera, aspect, &corners, &light_from_world) {
        let (min, max) = (view_min.max(bounds_min), view_max.min(bounds_max));
        if min.x < max.x && min.y < max.y {
            (rect_min, rect_max) = snapped(min, max, bounds_min, bounds_max, size);
        }
    }
    // Depth always spans the whole bounds: whatever stands between the sun and a point the
    // camera sees casts onto it.
    let light_clip_from_light = Mat4::orthographic_rh(rect_min.x, rect_max.x, rect_min.y, rect_max.y, -bounds_max.z - 0.05, -bounds_min.z + 0.05);
    let texel_m = (rect_max.x - rect_min.x).max(rect_max.y - rect_min.y) / size as f32;
    SunView { light_clip_from_world: light_clip_from_light * light_from_world, texel_m }
}

fn light_box(points: impl Iterator<Item = Vec3>) -> (Vec3, Vec3) {
    points.fold((Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)), |(lo, hi), p| (lo.min(p), hi.max(p)))
}

/// The light-space box around what the camera can see of the bounds: the pyramid from the
/// eye out to the depth of the farthest corner of the bounds. `None` when the bounds are
/// wholly behind the camera or the pose is degenerate.
fn seen_box(camera: &CameraPose, aspect: f32, corners: &[Vec3], light_from_world: &Mat4) -> Option<(Vec3, Vec3)> {
    let eye = Vec3::from(camera.eye);
    let fwd = (Vec3::from(camera.look_at) - eye).try_normalize()?;
    let depth = corners.iter().map(|&c| (c - eye).dot(fwd)).fold(f32::NEG_INFINITY, f32::max);
    if depth.is_nan() || depth <= 0.0 {
        return None;
    }
    // The four corner rays, from the camera's own projection (roll included).
    let world_from_clip = camera.clip_from_world(aspect).inverse();
    let mut points = vec![light_from_world.transform_point3(eye)];
    for (x, y) in [(-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0), (1.0, 1.0)] {
        let near = world_from_clip.project_point3(Vec3::new(x, y, 1.0));
        let mid = world_from_clip.project_point3(Vec3::new(x, y, 0.5));
        let ray = (mid - near).try_normalize()?;
        let along = ray.dot(fwd);
        if along.is_nan() || along <= 1e-3 {
            return None;
        }
        points.push(light_from_world.transform_point3(eye + ray * (depth / along)));
    }
    points.iter().all(|p| p.is_finite()).then(|| light_box(points.into_iter()))
}

/// A square on the texel grid that holds `min..max` (light space, x and y), its side a
/// quarter-octave step; the whole bounds when that is no smaller.
fn snapped(min: Vec3, max: Vec3, bounds_min: Vec3, bounds_max: Vec3, size: u32) -> (Vec3, Vec3) {
    let bounds_side = (bounds_max.x - bounds_min.x).max(bounds_max.y - bounds_min.y);
    // Room for the corner to move down by up to a texel.
    let needed = (max.x - min.x).max(max.y - min.y) * (1.0 + 2.0 / size as f32);
    let side = (needed.log2() * 4.0).ceil() / 4.0;
    let side = side.exp2();
    if !(side.is_finite() && side > 0.0) || side >= bounds_side {
        return (bounds_min, bounds_max);
    }
    let texel = side / size as f32;
    let x0 = (min.x / texel).floor() * texel;
    let y0 = (min.y / texel).floor() * texel;
    (Vec3::new(x0, y0, bounds_min.z), Vec3::new(x0 + side, y0 + side, bounds_max.z))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(lo: [f32; 3], hi: [f32; 3]) -> Environment {
        Environment { sky: reel_bake::SkyKind::Noon, sun_direction: [-0.4, -1.0, -0.3], sun_strength: 1.5, shadow_bounds: [lo, hi], ground: None }
    }

    fn camera(eye: [f32; 3], look_at: [f32; 3]) -> CameraPose {
        CameraPose { eye, look_at, fov_y_rad: 0.6, roll_rad: 0.0, focus_m: 0.0, f_number: 0.0 }
    }

    /// Where a world point falls in the map (0..1 across inside it).
    fn map_uv(v: &SunView, p: Vec3) -> glam::Vec2 {
        let c = v.light_clip_from_world.project_point3(p);
        glam::Vec2::new(c.x * 0.5 + 0.5, 0.5 - c.y * 0.5)
    }

    #[test]
    fn a_close_view_of_a_big_set_gets_finer_texels_and_still_covers_what_it_sees() {
        let e = env([-20.0, 0.0, -8.0], [20.0, 10.0, 8.0]);
        let cam = camera([2.0, 1.6, -5.0], [-1.0, 1.0, -5.5]);
        let fitted = sun_view(&e, &cam, 16.0 / 9.0, 1024);
        let whole = sun_view(&e, &camera([0.0, 40.0, 60.0], [0.0, 0.0, 0.0]), 16.0 / 9.0, 1024);
        assert!(fitted.texel_m < whole.texel_m * 0.8, "{} against {}", fitted.texel_m, whole.texel_m);
        // Every point of the ground and of the far wall (z = -8) the camera sees is inside
        // the map.
        let world_from_clip = cam.clip_from_world(16.0 / 9.0).inverse();
        let eye = Vec3::from(cam.eye);
        let mut seen = 0;
        for i in 0..=20 {
            for j in 0..=20 {
                let ndc = |z| world_from_clip.project_point3(Vec3::new(i as f32 / 10.0 - 1.0, j as f32 / 10.0 - 1.0, z));
                let ray = (ndc(0.5) - ndc(1.0)).normalize();
                let hits = [(-eye.y / ray.y), ((-8.0 - eye.z) / ray.z)];
                for t in hits.into_iter().filter(|t| *t > 0.0) {
                    let p = eye + ray * t;
                    if p.x.abs() <= 20.0 && p.z.abs() <= 8.0 && (0.0..=10.0).contains(&p.y) {
                        let uv = map_uv(&fitted, p);
                        assert!(uv.min_element() >= 0.0 && uv.max_element() <= 1.0, "{p} at {uv}");
                        seen += 1;
                    }
                }
            }
        }
        assert!(seen > 200, "{seen}");
    }

    #[test]
    fn a_still_camera_gets_the_same_map_and_a_small_move_slides_it_by_whole_texels() {
        let e = env([-20.0, 0.0, -8.0], [20.0, 10.0, 8.0]);
        let a = sun_view(&e, &camera([2.0, 1.6, -5.0], [-1.0, 1.0, -5.5]), 1.5, 1024);
        let b = sun_view(&e, &camera([2.0, 1.6, -5.0], [-1.0, 1.0, -5.5]), 1.5, 1024);
        assert_eq!(a.light_clip_from_world, b.light_clip_from_world);
        let c = sun_view(&e, &camera([2.013, 1.6, -5.0], [-0.987, 1.0, -5.5]), 1.5, 1024);
        if c.texel_m == a.texel_m {
            // The same world point lands at the same place within its texel.
            let p = Vec3::new(0.3, 0.0, -5.2);
            let (ua, uc) = (map_uv(&a, p) * 1024.0, map_uv(&c, p) * 1024.0);
            let d = ua - uc;
            assert!((d - d.round()).abs().max_element() < 1e-2, "{ua} against {uc}");
        }
    }

    #[test]
    fn looking_away_or_a_degenerate_camera_falls_back_to_the_whole_bounds() {
        let e = env([-2.0, 0.0, -2.0], [2.0, 2.0, 2.0]);
        let whole = sun_view(&e, &camera([0.0, 30.0, 30.0], [0.0, 0.0, 0.0]), 1.5, 1024);
        let away = sun_view(&e, &camera([0.0, 1.0, 10.0], [0.0, 1.0, 20.0]), 1.5, 1024);
        assert_eq!(whole.light_clip_from_world, away.light_clip_from_world);
        let nowhere = sun_view(&e, &camera([0.0, 1.0, 10.0], [0.0, 1.0, 10.0]), 1.5, 1024);
        assert!(nowhere.light_clip_from_world.is_finite());
        let nan = sun_view(&e, &camera([f32::NAN, 1.0, 10.0], [0.0, 1.0, 0.0]), 1.5, 1024);
        assert!(nan.texel_m.is_finite());
    }
}
