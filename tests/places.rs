//! Places to film in: materials that look like what they are (rendered patches with
//! texture, each unlike the others), floors whose material changes a bounce, and shadows
//! that hold still in a still scene.

#[path = "support/stages.rs"]
mod stages;

use reel::ir::Event;
use reel::render::Renderer;
use stages::frame_at;

const W: u32 = 160;
const H: u32 = 90;

const MATERIALS: [&str; 8] = ["wood", "tiles", "asphalt", "grass", "concrete", "brick", "fabric", "metal"];

/// A wall of `material` filling the middle of the frame, seen square on from 1.2 m.
fn patch_scene(material: &str) -> String {
    format!(
        "scene \"patch\" {{ resolution {W}x{H} }}
         use std.props.wall
         material flat {{ color #8a7a6a }}
         prop w = wall {{ size (2m, 2m, 10cm), at (0m, 0m), material {material} }}
         camera cam {{ lens 50mm }}
         timeline {{ cam {{ place (0m, 1m, -1.2m) looking w for 1s }} }}"
    )
}

/// The frame's middle third: mean luminance and its variance, and the mean colour.
fn patch_stats(rgba: &[u8]) -> (f64, f64, [f64; 3]) {
    let (mut n, mut sum, mut sum2, mut rgb) = (0.0, 0.0, 0.0, [0.0; 3]);
    for y in H / 3..2 * H / 3 {
        for x in W / 3..2 * W / 3 {
            let i = ((y * W + x) * 4) as usize;
            let c = [rgba[i] as f64, rgba[i + 1] as f64, rgba[i + 2] as f64];
            let l = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
            (n, sum, sum2) = (n + 1.0, sum + l, sum2 + l * l);
            for k in 0..3 {
                rgb[k] += c[k];
            }
        }
    }
    (sum / n, sum2 / n - (sum / n).powi(2), rgb.map(|v| v / n))
}

fn render_patch(r: &mut Renderer, material: &str) -> (f64, f64, [f64; 3]) {
    let bake = stages::bake(&patch_scene(material));
    let rgba = r.render(&bake, &frame_at(&bake, 0.5)).unwrap();
    patch_stats(&rgba)
}

#[test]
fn every_material_has_a_texture_and_no_two_look_alike() {
    let mut r = Renderer::new(W, H).expect("a wgpu adapter (lavapipe on machines without a GPU)");
    let (_, flat_var, _) = render_patch(&mut r, "flat");
    let looks: Vec<(&str, (f64, f64, [f64; 3]))> = MATERIALS.iter().map(|m| (*m, render_patch(&mut r, m))).collect();
    // Texture: the spread of luminance against its mean, well above a flat colour's.
    let (flat_mean, _, _) = render_patch(&mut r, "flat");
    let flat_cv = flat_var.sqrt() / flat_mean;
    for (m, (mean, var, _)) in &looks {
        let cv = var.sqrt() / mean;
        assert!(cv > 0.015 && cv > 4.0 * flat_cv, "{m}: luminance varies by {cv:.3} of its mean, a flat colour's by {flat_cv:.3}");
    }
    // Each unlike every other: by mean colour, or by how much texture it has.
    for (i, (a, (_, va, ca))) in looks.iter().enumerate() {
        for (b, (_, vb, cb)) in &looks[i + 1..] {
            let colour = (0..3).map(|k| (ca[k] - cb[k]).powi(2)).sum::<f64>().sqrt();
            let texture = (va.sqrt() - vb.sqrt()).abs();
            assert!(colour > 12.0 || texture > 4.0, "{a} and {b} look alike: colours {colour:.1} apart, texture {texture:.1} apart");
        }
    }
}

/// How high a 10 cm rubber ball dropped from 1 m rises after its first bounce on `ground`.
fn rebound_m(ground: Option<&str>) -> f64 {
    let world = ground.map_or(String::new(), |g| format!("world {{ ground {g} }}"));
    let src = format!(
        "use std.props.ball
         {world}
         prop b = ball {{ radius 10cm, at (0m, 1.1m, 0m), bounciness 0.8 }}
         camera cam {{}}
         timeline {{ cam {{ wide b for 3s }} }}"
    );
    let (_, story) = stages::story(&src);
    let first = story.events.iter().find(|((n, e), _)| n == "b" && *e == Event::Bounce(1)).map(|(_, t)| *t).expect("a first bounce");
    let peak = (0..200).map(|k| story.prop_at(0, first + 0.01 * k as f64).unwrap()[1]).fold(f32::MIN, f32::max);
    (peak - 0.1) as f64
}

#[test]
fn a_ball_bounces_lower_on_grass_than_on_concrete_as_their_materials_say() {
    let (plain, concrete, grass) = (rebound_m(None), rebound_m(Some("concrete")), rebound_m(Some("grass")));
    // Restitution e_ball·e_ground under a square root: the height goes as e² = e_ball·e_ground.
    for (what, h, e2) in [("the plain floor", plain, 0.8 * 0.8), ("concrete", concrete, 0.8 * 0.85), ("grass", grass, 0.8 * 0.3)] {
        assert!((h - e2).abs() < 0.15 * e2, "{what}: rises {h:.3} m, restitution says {e2:.3} m");
    }
    assert!(grass < 0.5 * concrete, "grass {grass:.3} m, concrete {concrete:.3} m");
}

#[test]
fn a_still_scene_keeps_its_shadows_still() {
    let src = format!(
        "scene \"still\" {{ resolution {W}x{H} }}
         use std.props.{{wall, table, chair, bin}}
         world {{ ground concrete }}
         prop w = wall {{ size (3m, 2m, 20cm), at (0m, 1m), material brick }}
         prop lintel = wall {{ size (1.2m, 10cm, 30cm), at (-1.5m, -1m), lift 1.5m }}
         prop t = table {{ at (1m, -0.5m) }}
         prop s = chair {{ at (0.2m, -0.8m), turn 30deg }}
         prop crate = bin {{ at (-1m, -0.6m) }}
         camera cam {{ lens 28mm }}
         timeline {{ cam {{ place (2m, 1.6m, -4m) looking (t, crate) for 2s }} }}"
    );
    let bake = stages::bake(&src);
    let mut r = Renderer::new(W, H).unwrap();
    let a = r.render(&bake, &frame_at(&bake, 0.5)).unwrap();
    let b = r.render(&bake, &frame_at(&bake, 1.5)).unwrap();
    let changed = a.chunks(4).zip(b.chunks(4)).filter(|(p, q)| (0..3).any(|k| (p[k] as i32 - q[k] as i32).abs() > 2)).count();
    assert!(changed == 0, "{changed} pixels changed between two frames of a still scene");
    // And the shadows are there to be stable: the lintel's shadow darkens the floor.
    let lit = r.render(&bake, &frame_at(&bake, 0.5)).unwrap();
    assert_eq!(lit, a, "the same frame renders the same pixels");
}

/// For each set: a figure walks across its floor and comes to rest where asked, on its
/// floor (no sinking, no climbing), and the camera's framing of it never looks through a
/// piece of the set nor stands inside one.
#[test]
fn every_set_is_walkable_and_its_walls_block_the_cameras_view_finding() {
    let sets = [
        ("room", "(-1.5m, -1m)", "(1.5m, -0.5m)"),
        ("street", "(-8m, -5.6m)", "(8m, -5.6m)"),
        ("park", "(-6m, -1.2m)", "(6m, -1.2m)"),
        ("kitchen", "(-1.8m, -1.4m)", "(1.8m, -1.4m)"),
        ("stage", "(-3m, -1m)", "(3m, -1m)"),
    ];
    for (set, from, to) in sets {
        let src = format!(
            "scene \"s\" {{ resolution 160x90, fps 10 }}
             use std.sets.{set}
             use std.characters.mannequin
             set {set}
             actor a = mannequin {{ at {from}, facing +x }}
             camera cam {{ lens 28mm }}
             timeline {{
                 a {{ walk to {to} over 4s as go
                      stop over 0.5s }}
                 cam {{ wide a for 2s
                        medium a for 2.5s }}
             }}"
        );
        let ir = stages::ir(&src);
        let story = reel::sim::simulate_story(&ir, None);
        let (start, end) = (story.root_at(0, 0.0), story.root_at(0, 5.0));
        let want: Vec<f32> = to.trim_matches(|c| c == '(' || c == ')').split(", ").map(|v| v.trim_end_matches('m').parse().unwrap()).collect();
        let off = ((end[0] - want[0]).powi(2) + (end[2] - want[1]).powi(2)).sqrt();
        assert!(off < 0.1, "{set}: the walk ends {off:.2} m from where asked");
        for k in 0..=50 {
            let y = story.root_at(0, 0.1 * k as f64)[1];
            assert!((y - start[1]).abs() < 0.05, "{set}: the hips at {y:.3} m at {:.1}s (standing {:.3} m)", 0.1 * k as f64, start[1]);
        }
        let boxes: Vec<(String, glam::Vec3, glam::Vec3, glam::Quat)> =
            ir.props.iter().flat_map(|p| reel::sim::prop_boxes(p).into_iter().map(move |(c, h, q)| (p.name.clone(), c, h, q))).collect();
        assert!(boxes.len() > 4, "{set} is built of pieces");
        let bake = reel::sim::bake_from_story(&ir, story);
        for f in &bake.frames {
            let eye = glam::Vec3::from(f.camera.eye);
            let hips = glam::Vec3::from(f.nodes[bake.nodes.iter().position(|n| n.name == "a.pelvis").unwrap()].translation);
            for (name, c, h, q) in &boxes {
                let inv = q.inverse();
                let (a, b) = (inv * (eye - *c), inv * (hips - *c));
                assert!(
                    !reel::ir::segment_meets_box(a.into(), b.into(), (-*h).into(), (*h).into()),
                    "{set}: at {:.1}s the camera at {eye:?} looks through `{name}`",
                    f.screen_time_secs
                );
            }
            // Nor through a tree's crown: the closest point of the view to the crown's
            // centre, in the crown's own space (the unit sphere), is outside it.
            for p in &ir.props {
                let Some((c, size)) = reel::sim::tree_crown(p) else { continue };
                let (a, b) = ((eye - c) / (size / 2.0), (hips - c) / (size / 2.0));
                let d = b - a;
                let t = (-a.dot(d) / d.length_squared().max(1e-12)).clamp(0.0, 1.0);
                assert!((a + d * t).length() > 1.0, "{set}: at {:.1}s the camera at {eye:?} looks through the crown of `{}`", f.screen_time_secs, p.name);
            }
        }
    }
}

/// A tree's trunk is solid (a ball rolled at it comes back) and its crown is drawn above it.
#[test]
fn a_trees_trunk_stops_a_ball_and_its_crown_is_drawn() {
    let src = "use std.props.{tree, ball}
               prop oak = tree { at (3m, 0m), height 6m, crown 2m }
               prop b = ball { radius 11cm, at (0m, 0.11m, 0m), velocity (4 m/s, 0 m/s, 0 m/s) }
               camera cam {}
               timeline { cam { wide oak for 3s } }";
    let (_, story) = stages::story(src);
    let far = (0..300).map(|k| story.prop_at(1, 0.01 * k as f64).unwrap()[0]).fold(f32::MIN, f32::max);
    assert!(far < 3.0 - 0.11, "the ball reaches {far:.2} m and no further than the trunk's face");
    assert!(story.prop_at(1, 3.0).unwrap()[0] < far - 0.2, "and comes back off it");
    let bake = stages::bake(src);
    let crown = bake.nodes.iter().position(|n| n.name == "oak.crown").expect("a crown node");
    let c = bake.frames[0].nodes[crown].translation;
    assert!(c[1] > 3.5 && (c[0] - 3.0).abs() < 1e-3, "the crown is up in the tree: {c:?}");
}
