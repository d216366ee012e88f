//! Bake → frame, with image checks at small sizes on whatever adapter wgpu finds (lavapipe
//! in CI). Each check renders a frame twice, with and without the actor's parts, so what is
//! measured is where the figure really is in the picture.

#[path = "support/stages.rs"]
mod stages;

use reel::render::{project, Renderer};
use reel::sim::{Bake, Frame};
use stages::frame_at;

const W: u32 = 320;
const H: u32 = 180;

fn wukong_bake(edit: impl Fn(&mut reel::ir::Scene)) -> Bake {
    let mut ir = stages::example("wukong");
    ir.resolution = [W, H];
    edit(&mut ir);
    reel::sim::simulate(&ir)
}

fn hide(bake: &Bake, frame: &Frame, pred: impl Fn(&str) -> bool) -> Frame {
    let mut f = frame.clone();
    for (n, x) in bake.nodes.iter().zip(f.nodes.iter_mut()) {
        if pred(&n.name) {
            x.scale = [0.0; 3];
        }
    }
    f
}

/// Pixels that differ between two renders: (count, bounding box, centroid), normalised.
fn diff(a: &[u8], b: &[u8]) -> (usize, [f32; 4], [f32; 2]) {
    let (mut n, mut sx, mut sy) = (0usize, 0f64, 0f64);
    let mut bb = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
    for y in 0..H as usize {
        for x in 0..W as usize {
            let i = (y * W as usize + x) * 4;
            let d: i32 = (0..3).map(|c| (a[i + c] as i32 - b[i + c] as i32).abs()).sum();
            if d > 24 {
                n += 1;
                sx += x as f64;
                sy += y as f64;
                let (fx, fy) = (x as f32 / W as f32, y as f32 / H as f32);
                bb = [bb[0].min(fx), bb[1].min(fy), bb[2].max(fx), bb[3].max(fy)];
            }
        }
    }
    let c = if n > 0 { [(sx / n as f64) as f32 / W as f32, (sy / n as f64) as f32 / H as f32] } else { [0.0; 2] };
    (n, bb, c)
}

fn renderer() -> Renderer {
    Renderer::new(W, H).expect("a wgpu adapter (lavapipe on machines without a GPU)")
}

#[test]
fn closeup_shows_the_face_large() {
    let bake = wukong_bake(|_| {});
    let mut r = renderer();
    let f = frame_at(&bake, 0.5);
    let full = r.render(&bake, &f).unwrap();
    let face = ["head", "muzzle", "eye_l", "eye_r", "nose", "headband"];
    let no_head = r.render(&bake, &hide(&bake, &f, |n| face.iter().any(|p| n == format!("wukong.{p}")))).unwrap();
    let (n, bb, _) = diff(&full, &no_head);
    assert!(bb[3] - bb[1] >= 1.0 / 3.0, "the head spans {:.2} of the frame height", bb[3] - bb[1]);
    assert!(n as f32 > 0.08 * (W * H) as f32, "the head covers only {n} pixels");
    // The eyes face the camera: hiding only the eyes changes the picture.
    let no_eyes = r.render(&bake, &hide(&bake, &f, |n| n == "wukong.eye_l" || n == "wukong.eye_r")).unwrap();
    assert!(diff(&full, &no_eyes).0 > 20, "the eyes are not visible in the close-up");
}

#[test]
fn follow_keeps_the_figure_near_the_centre() {
    let bake = wukong_bake(|_| {});
    let mut r = renderer();
    let pelvis = bake.nodes.iter().position(|n| n.name == "wukong.pelvis").unwrap();
    let mut prev_size = 1.0f32;
    for secs in [1.6, 2.2, 2.8, 8.6] {
        let f = frame_at(&bake, secs);
        let p = project(&f.camera, W as f32 / H as f32, f.nodes[pelvis].translation).unwrap();
        assert!((0.25..0.75).contains(&p[0]) && (0.25..0.75).contains(&p[1]), "at {secs}s the figure projects to {p:?}");
        let full = r.render(&bake, &f).unwrap();
        let gone = r.render(&bake, &hide(&bake, &f, |n| n.starts_with("wukong."))).unwrap();
        let (n, bb, c) = diff(&full, &gone);
        assert!(n > 30, "at {secs}s the figure is not visible ({n} pixels)");
        assert!((0.25..0.75).contains(&c[0]) && (0.2..0.8).contains(&c[1]), "at {secs}s the figure is at {c:?}");
        if secs < 3.0 {
            // The camera pulls back: the figure gets smaller on screen.
            let size = bb[3] - bb[1];
            assert!(size < prev_size + 0.02, "at {secs}s the figure grew to {size}");
            prev_size = size;
        }
    }
}

#[test]
fn sky_is_above_the_ground() {
    let bake = wukong_bake(|ir| ir.world.sky = reel::ir::Sky::Noon);
    let mut f = frame_at(&bake, 1.0);
    f.camera.eye = [0.0, 1.2, 4.0];
    f.camera.look_at = [0.0, 1.2, 0.0];
    let px = renderer().render(&bake, &f).unwrap();
    let at = |x: u32, y: u32| {
        let i = ((y * W + x) * 4) as usize;
        [px[i] as i32, px[i + 1] as i32, px[i + 2] as i32]
    };
    let top = at(W / 2, 2);
    let bottom = at(W / 10, H - 3);
    assert!(top[2] > top[0] + 20, "top of frame is not sky blue: {top:?}");
    assert!(bottom[2] < bottom[0] + 12 && top[2] - top[0] > bottom[2] - bottom[0] + 20, "bottom of frame is not the floor: {bottom:?} (top {top:?})");
    let mean: f64 = px.chunks(4).map(|p| p[0] as f64 + p[1] as f64 + p[2] as f64).sum::<f64>() / (3.0 * (W * H) as f64);
    assert!(mean > 40.0, "the frame is nearly black (mean {mean})");
}

#[test]
fn rendering_is_repeatable() {
    let bake = wukong_bake(|_| {});
    let mut r = renderer();
    let f = frame_at(&bake, 2.0);
    assert!(r.render(&bake, &f).unwrap() == r.render(&bake, &f).unwrap());
}

/// A spotlight lights a pool on the floor where it aims and nothing outside its cone.
#[test]
fn a_spotlight_lights_where_it_aims() {
    let src = |light: &str| {
        format!(
            "scene \"s\" {{ resolution {W}x{H}, fps 10 }}\nuse std.characters.humanoid\nuse std.lights.spot\nworld {{ sky overcast, sun {{ direction (0, -1, 0), strength 0.5 }} }}\n{light}\nactor a = humanoid {{ at (3m, 0m) }}\ncamera cam {{ lens 24mm }}\ntimeline {{ a {{ idle for 1s }}\n cam {{ top_down a for 1s }} }}\n"
        )
    };
    let lit = "light l = spot { at (3m, 3m, 0m), toward (3m, 0m, 0m), angle 60deg, intensity 30 }";
    let bake_of = |s: &str| {
        let (ir, diags) = reel::compile(s);
        assert!(diags.is_empty(), "{diags:?}");
        reel::sim::simulate(&ir.unwrap())
    };
    let (dark, bright) = (bake_of(&src("")), bake_of(&src(lit)));
    assert_eq!(bright.lights.len(), 1);
    let mut r = renderer();
    let a = r.render(&dark, &dark.frames[5]).unwrap();
    let b = r.render(&bright, &bright.frames[5]).unwrap();
    // Luma of a pixel at normalised (x, y).
    let luma = |img: &[u8], x: f32, y: f32| {
        let i = ((y * H as f32) as usize * W as usize + (x * W as f32) as usize) * 4;
        0.2126 * img[i] as f32 + 0.7152 * img[i + 1] as f32 + 0.0722 * img[i + 2] as f32
    };
    // Straight down on the figure, the spot's pool is round the frame's centre; the corners
    // are far outside its 60° cone.
    let (centre_gain, corner_gain) = (luma(&b, 0.5, 0.35) - luma(&a, 0.5, 0.35), luma(&b, 0.03, 0.05) - luma(&a, 0.03, 0.05));
    assert!(centre_gain > 20.0, "the pool is {centre_gain} brighter");
    assert!(corner_gain.abs() < 2.0, "outside the cone changed by {corner_gain}");
}

/// Mean squared difference between neighbouring pixels inside `mask`: how sharp that part
/// of the picture is.
fn sharpness(img: &[u8], mask: &[bool]) -> f64 {
    let (w, h) = (W as usize, H as usize);
    let lum = |x: usize, y: usize| {
        let i = (y * w + x) * 4;
        0.3 * img[i] as f64 + 0.59 * img[i + 1] as f64 + 0.11 * img[i + 2] as f64
    };
    let (mut sum, mut n) = (0.0, 0usize);
    for y in 0..h - 1 {
        for x in 0..w - 1 {
            if mask[y * w + x] {
                sum += (lum(x + 1, y) - lum(x, y)).powi(2) + (lum(x, y + 1) - lum(x, y)).powi(2);
                n += 1;
            }
        }
    }
    assert!(n > 50, "the mask covers only {n} pixels");
    sum / n as f64
}

#[test]
fn a_rack_focus_moves_the_sharpness_from_one_figure_to_the_other() {
    // examples/rack.scene: Ann near, in focus; after Bob's wave starts, focus racks to him.
    let src = stages::example_src("rack");
    let mut ir = reel::compile(&src).0.unwrap();
    ir.resolution = [W, H];
    let bake = reel::sim::simulate(&ir);
    // Without anti-aliasing, so what softens the edges is the depth of field alone.
    let mut r = Renderer::with_antialias(W, H, reel::render::Antialias::Off).unwrap();
    // Where each figure is, from renders with and without it, with the lens stopped down
    // (a pinhole: no blur) so the masks are exact.
    let mask = |frame: &Frame, who: &str, r: &mut Renderer| {
        let mut pin = frame.clone();
        pin.camera.focus_m = 0.0;
        let all = r.render(&bake, &pin).unwrap();
        let without = r.render(&bake, &hide(&bake, &pin, |n| n.starts_with(who))).unwrap();
        all.chunks(4).zip(without.chunks(4)).map(|(a, b)| a != b).collect::<Vec<bool>>()
    };
    let (early, late) = (frame_at(&bake, 1.0), frame_at(&bake, 3.5));
    assert!(early.camera.focus_m > 0.0 && (early.camera.f_number - 1.8).abs() < 1e-3);
    assert!(late.camera.focus_m > early.camera.focus_m * 1.5, "focus {} m then {} m", early.camera.focus_m, late.camera.focus_m);
    let (ann_early, bob_early) = (mask(&early, "ann", &mut r), mask(&early, "bob", &mut r));
    let (ann_late, bob_late) = (mask(&late, "ann", &mut r), mask(&late, "bob", &mut r));
    let (img_early, img_late) = (r.render(&bake, &early).unwrap(), r.render(&bake, &late).unwrap());
    let (a0, a1) = (sharpness(&img_early, &ann_early), sharpness(&img_late, &ann_late));
    let (b0, b1) = (sharpness(&img_early, &bob_early), sharpness(&img_late, &bob_late));
    assert!(a0 > 2.0 * a1, "Ann should go soft: sharpness {a0:.1} then {a1:.1}");
    assert!(b1 > 2.0 * b0, "Bob should come into focus: sharpness {b0:.1} then {b1:.1}");
    // Every pixel is opaque: the depth the scene pass keeps in alpha never reaches a file.
    assert!(img_late.chunks(4).all(|p| p[3] == 255));
}

#[test]
fn frames_in_flight_come_back_in_order_and_equal_one_at_a_time_renders() {
    // The pipelined path (submit frame n+1 before reading frame n back) returns the same
    // pixels, in the same order, as rendering and waiting for each frame.
    let bake = wukong_bake(|_| {});
    let picks: Vec<&Frame> = [0.5, 2.0, 3.3, 5.0, 8.0].iter().map(|&s| &bake.frames[(s * bake.fps as f64) as usize]).collect();
    let mut r = renderer();
    let one_by_one: Vec<Vec<u8>> = picks.iter().map(|f| r.render(&bake, f).unwrap()).collect();
    let mut piped = Vec::new();
    let mut buf = vec![0u8; (W * H * 4) as usize];
    for f in &picks {
        if r.in_flight() == reel::render::FRAMES_IN_FLIGHT {
            r.collect(&mut buf).unwrap();
            piped.push(buf.clone());
        }
        r.submit(&bake, f).unwrap();
    }
    assert!(r.submit(&bake, picks[0]).is_err(), "a third frame in flight must be refused");
    while r.in_flight() > 0 {
        r.collect(&mut buf).unwrap();
        piped.push(buf.clone());
    }
    assert!(r.collect(&mut buf).is_err(), "nothing left to collect");
    assert_eq!(piped.len(), one_by_one.len());
    for (k, (a, b)) in piped.iter().zip(&one_by_one).enumerate() {
        assert!(a == b, "frame {k} differs when pipelined");
    }
    // And they are different frames (the test would pass trivially on a constant image).
    assert!(one_by_one[0] != one_by_one[4]);
}

/// A 60 cm box on the floor under a sun travelling along `sun`, seen from above through a
/// `lens`: one frame rendered with the box and without it.
struct BoxOnFloor {
    frame: Frame,
    with: Vec<u8>,
    without: Vec<u8>,
}

impl BoxOnFloor {
    fn render(sun: &str, lens: &str) -> BoxOnFloor {
        let src = format!("use std.props.box\nworld {{ sun {{ direction {sun}, strength 3 }} }}\nprop crate = box {{ size (60cm, 60cm, 60cm), at (0m, 0m) }}\ncamera cam {{ lens {lens} }}\ntimeline {{ cam {{ top_down crate for 1s }} }}\n");
        let mut ir = reel::compile(&src).0.expect("compiles");
        ir.resolution = [W, H];
        let bake = reel::sim::simulate(&ir);
        let frame = bake.frames[5].clone();
        let mut r = renderer();
        let with = r.render(&bake, &frame).unwrap();
        let without = r.render(&bake, &hide(&bake, &frame, |n| n == "crate")).unwrap();
        BoxOnFloor { frame, with, without }
    }

    /// The pixel that the world point `p` falls on.
    fn pixel(&self, p: [f32; 3]) -> (usize, usize) {
        let [u, v] = project(&self.frame.camera, W as f32 / H as f32, p).expect("in front of the camera");
        assert!((0.0..1.0).contains(&u) && (0.0..1.0).contains(&v), "{p:?} is out of the picture");
        ((u * W as f32) as usize, (v * H as f32) as usize)
    }

    /// Luma at a pixel with the box and without it.
    fn luma(&self, (x, y): (usize, usize)) -> (f32, f32) {
        let i = (y * W as usize + x) * 4;
        let l = |img: &[u8]| 0.2126 * img[i] as f32 + 0.7152 * img[i + 1] as f32 + 0.0722 * img[i + 2] as f32;
        (l(&self.with), l(&self.without))
    }
}

#[test]
fn ambient_occlusion_darkens_the_floor_at_a_box_base_and_not_far_from_it() {
    // The sun behind the box (its shadow falls the other way). Beside the box's lit face the
    // floor sees less sky than it does with the box hidden; 1.5 m away it is as bright
    // either way.
    let b = BoxOnFloor::render("(0.3, -1, 0.2)", "35mm");
    // Far enough out that the box's top edge, nearer the camera, does not cover it. (The
    // far point was once (-1.5, 0, 0.3), out of the picture: it read the top row.)
    let (n1, n0) = b.luma(b.pixel([-0.5, 0.0, 0.0]));
    let (f1, f0) = b.luma(b.pixel([0.0, 0.0, 1.5]));
    assert!(n1 < 0.99 * n0, "beside the box: {n1:.1} with it, {n0:.1} without");
    assert!((f1 - f0).abs() <= 0.01 * f0 + 1.0, "1.5 m away: {f1:.1} with the box, {f0:.1} without");
}

#[test]
fn the_sun_casts_a_box_shadow_where_the_rays_over_its_top_land() {
    // The sun 45 degrees up travelling along +z: the shadow covers the floor from the box's
    // face (z = 0.3 m; the top hides the first 30 cm from this camera) to where the rays
    // over its top edge land (z = 0.9 m), 60 cm wide. Inside it the floor is dark against
    // the same floor with the box hidden, out to 5 cm from its end; 10 cm beyond the end
    // and beside it the floor is lit (a shadow pushed away from its caster, peter-panning,
    // would fail one or the other), and lit floor is smooth (no acne).
    let b = BoxOnFloor::render("(0, -1, 1)", "24mm");
    // How bright the floor at `p` is with the box, against without it.
    let ratio = |p: [f32; 3]| {
        let (a, b) = b.luma(b.pixel(p));
        a / b
    };
    for p in [[0.0, 0.0, 0.65], [0.15, 0.0, 0.75], [-0.15, 0.0, 0.85]] {
        assert!(ratio(p) < 0.6, "in the shadow at {p:?}: {:.2} of the lit floor", ratio(p));
    }
    for p in [[0.0, 0.0, 1.0], [0.45, 0.0, 0.7], [-0.45, 0.0, 0.7], [0.0, 0.0, -0.6]] {
        assert!(ratio(p) > 0.9, "lit at {p:?}: {:.2} of the floor without the box", ratio(p));
    }
    // Acne would speckle lit floor with dark texels: across a 40 cm patch of lit floor away
    // from the box, no pixel is darker than the same pixel without it by more than 4%.
    let (x0, y0) = b.pixel([-0.2, 0.0, -1.2]);
    let (x1, y1) = b.pixel([0.2, 0.0, -0.8]);
    let (xs, ys) = (x0.min(x1)..=x0.max(x1), y0.min(y1)..=y0.max(y1));
    assert!(xs.clone().count() * ys.clone().count() > 50, "the patch is too small to say");
    for y in ys {
        for x in xs.clone() {
            let (a, b) = b.luma((x, y));
            assert!(a > 0.96 * b, "a dark speck on lit floor at pixel ({x}, {y}): {a:.1} against {b:.1}");
        }
    }
}

#[test]
fn fxaa_and_msaa_both_soften_the_edges_of_the_raw_picture() {
    // The same frame with no anti-aliasing, FXAA and 4x MSAA: both change most edge pixels
    // and soften the steps across edges.
    let bake = wukong_bake(|_| {});
    let f = frame_at(&bake, 2.5);
    let render = |aa| Renderer::with_antialias(W, H, aa).unwrap().render(&bake, &f).unwrap();
    let (off, fxaa, msaa) = (render(reel::render::Antialias::Off), render(reel::render::Antialias::Fxaa), render(reel::render::Antialias::Msaa4));
    let luma = |img: &[u8], x: usize, y: usize| {
        let i = (y * W as usize + x) * 4;
        0.2126 * img[i] as f32 + 0.7152 * img[i + 1] as f32 + 0.0722 * img[i + 2] as f32
    };
    // Edge pixels: a strong step between the left and right neighbours in the raw picture.
    let mut edges = Vec::new();
    for y in 1..H as usize - 1 {
        for x in 1..W as usize - 1 {
            if (luma(&off, x - 1, y) - luma(&off, x + 1, y)).abs() > 40.0 {
                edges.push((x, y));
            }
        }
    }
    assert!(edges.len() > 50, "only {} edge pixels", edges.len());
    // How far each picture's edge pixels are from the raw ones: anti-aliasing changes them.
    let changed = |img: &[u8]| edges.iter().filter(|&&(x, y)| (luma(img, x, y) - luma(&off, x, y)).abs() > 4.0).count() as f32 / edges.len() as f32;
    assert!(changed(&fxaa) > 0.2, "FXAA changed {:.0}% of edge pixels", 100.0 * changed(&fxaa));
    assert!(changed(&msaa) > 0.2, "MSAA changed {:.0}% of edge pixels", 100.0 * changed(&msaa));
    // Steps across the edges are softer: the sum of the left-right differences falls.
    let steps = |img: &[u8]| edges.iter().map(|&(x, y)| (luma(img, x - 1, y) - luma(img, x + 1, y)).abs() as f64).sum::<f64>();
    let (s_off, s_fx, s_ms) = (steps(&off), steps(&fxaa), steps(&msaa));
    assert!(s_fx < 0.9 * s_off && s_ms < 0.9 * s_off, "edge steps: raw {s_off:.0}, FXAA {s_fx:.0}, MSAA {s_ms:.0}");
}

/// BT.601 limited-range Y, Cb, Cr of 8-bit sRGB-encoded values, computed on the CPU.
fn ycbcr_601(p: &[u8]) -> [f64; 3] {
    let [r, g, b] = [p[0] as f64 / 255.0, p[1] as f64 / 255.0, p[2] as f64 / 255.0];
    [16.0 + 65.481 * r + 128.553 * g + 24.966 * b, 128.0 - 37.797 * r - 74.203 * g + 112.0 * b, 128.0 + 112.0 * r - 93.786 * g - 18.214 * b]
}

/// The device's NV12 frame against the CPU's conversion of the RGBA frame: Y per pixel, Cb Cr
/// per 2x2 block (its average), with and without FXAA.
#[test]
fn nv12_frames_match_the_rgba_picture_converted_on_the_cpu() {
    use reel::render::{Antialias, Layout};
    let bake = wukong_bake(|_| {});
    let f = frame_at(&bake, 2.0);
    // (A width that is not a whole number of 32-bit words pads each row on the device.)
    for (aa, w, h) in [(Antialias::Off, W, H), (Antialias::Fxaa, W, H), (Antialias::Fxaa, W + 2, H + 2), (Antialias::Msaa4, W - 2, H)] {
        let rgba = Renderer::with_antialias(w, h, aa).unwrap().render(&bake, &f).unwrap();
        let mut r = Renderer::with_options(w, h, aa, Layout::Nv12).unwrap();
        let (w, h) = (w as usize, h as usize);
        assert_eq!(r.frame_bytes(), w * h * 3 / 2);
        let nv12 = r.render(&bake, &f).unwrap();
        assert_eq!(nv12.len(), w * h * 3 / 2);
        let mut worst_y = 0f64;
        for i in 0..w * h {
            worst_y = worst_y.max((nv12[i] as f64 - ycbcr_601(&rgba[i * 4..i * 4 + 4])[0]).abs());
        }
        let (mut sum_c, mut worst_c) = (0f64, 0f64);
        for by in 0..h / 2 {
            for bx in 0..w / 2 {
                let mut want = [0f64; 2];
                for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
                    let i = ((2 * by + dy) * w + 2 * bx + dx) * 4;
                    let c = ycbcr_601(&rgba[i..i + 4]);
                    want[0] += c[1] / 4.0;
                    want[1] += c[2] / 4.0;
                }
                let at = w * h + by * w + 2 * bx;
                for k in 0..2 {
                    let d = (nv12[at + k] as f64 - want[k]).abs();
                    sum_c += d;
                    worst_c = worst_c.max(d);
                }
            }
        }
        let mean_c = sum_c / (w * h / 2) as f64;
        assert!(worst_y <= 1.0, "{aa:?} at {w}x{h}: Y differs by up to {worst_y:.2}");
        // Cb Cr are each 2x2 block's mean, taken after FXAA as the picture shows it.
        assert!(worst_c <= 1.0, "{aa:?} at {w}x{h}: Cb Cr differ by up to {worst_c:.2} (mean {mean_c:.3})");
    }
}

#[test]
fn an_nv12_renderer_of_odd_size_is_refused_with_a_reason() {
    let e = Renderer::with_options(321, 180, reel::render::Antialias::Fxaa, reel::render::Layout::Nv12).err().expect("odd width");
    assert!(e.to_string().contains("even width and height"), "{e}");
}
