//! Camera promises, measured from the bake's per-frame target views.

use std::path::Path;

fn scene_with(shot: &str) -> reel::sim::Bake {
    let src = format!(
        "scene \"s\" {{ resolution 320x180, fps 10 }}\nuse std.characters.humanoid\nactor a = humanoid {{ height 1.8m }}\ncamera cam {{ lens 35mm }}\ntimeline {{\n    a {{\n        idle for 2s\n    }}\n    cam {{\n        {shot}\n    }}\n}}\n"
    );
    let (ir, diags) = reel::compile(&src);
    assert!(diags.is_empty(), "{shot}: {diags:?}");
    reel::sim::simulate(&ir.unwrap())
}

fn view<'a>(f: &'a reel::sim::Frame, name: &str) -> &'a reel::sim::TargetView {
    f.targets.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("no target view `{name}`"))
}

#[test]
fn framings_fill_what_they_promise() {
    for (shot, name, fill) in [
        ("extreme_closeup a.head for 1s", "a.head", 0.9),
        ("closeup a.head for 1s", "a.head", 0.5),
        ("wide a for 1s", "a", 0.35),
        ("extreme_wide a for 1s", "a", 0.1),
    ] {
        let bake = scene_with(shot);
        let v = view(&bake.frames[5], name);
        let h = v.height.unwrap();
        assert!((h - fill).abs() < 0.12 * fill, "{shot}: fills {h}, promised {fill}");
        let c = v.centre.unwrap();
        assert!((c[0] - 0.5).abs() < 0.02 && (c[1] - 0.5).abs() < 0.02, "{shot}: centred at {c:?}");
    }
}

#[test]
fn angles_put_the_camera_where_they_say() {
    let eye_y = |shot: &str| {
        let bake = scene_with(shot);
        let f = &bake.frames[5];
        (f.camera.eye[1] - f.camera.look_at[1], bake)
    };
    let (low, _) = eye_y("low_angle a for 1s");
    let (high, _) = eye_y("high_angle a for 1s");
    let (top, bake) = eye_y("top_down a for 1s");
    assert!(low < 0.0 && high > 0.0, "low {low}, high {high}");
    let f = &bake.frames[5];
    let horizontal = ((f.camera.eye[0] - f.camera.look_at[0]).powi(2) + (f.camera.eye[2] - f.camera.look_at[2]).powi(2)).sqrt();
    assert!(top > 10.0 * horizontal, "top-down camera is not overhead: up {top}, aside {horizontal}");
    assert!(view(f, "a").centre.is_some());
}

#[test]
fn wukong_follow_keeps_the_target_central_and_the_closeup_is_large() {
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/wukong.scene")).unwrap();
    let bake = reel::sim::simulate(&reel::compile(&src).0.unwrap());
    for f in bake.frames.iter().filter(|f| f.screen_time >= 1.5 && f.screen_time < 3.0) {
        let c = view(f, "wukong").centre.unwrap();
        assert!((0.25..0.75).contains(&c[0]) && (0.25..0.75).contains(&c[1]), "at {}s the followed figure is at {c:?}", f.screen_time);
    }
    let head = view(&bake.frames[10], "wukong.head");
    assert!(head.height.unwrap() >= 1.0 / 3.0, "the close-up's head fills {:?}", head.height);
}

#[test]
fn cuts_switch_cameras_at_their_events() {
    let src = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/conversation.scene")).unwrap();
    let bake = reel::sim::simulate(&reel::compile(&src).0.unwrap());
    let ev = |n: &str| bake.events.iter().find(|e| e.name == n).unwrap().screen_time;
    let (hello, reply, reply_end) = (ev("hello.start"), ev("reply.start"), ev("reply.end"));
    let wide_fov = 2.0 * (12.0f32 / 24.0).atan();
    let tele_fov = 2.0 * (12.0f32 / 50.0).atan();
    for f in &bake.frames {
        let t = f.screen_time;
        let (fov, who) = if t < hello - 1e-6 || t >= reply_end + 1e-6 {
            (wide_fov, None)
        } else if t < reply - 1e-6 {
            (tele_fov, Some("ann"))
        } else {
            (tele_fov, Some("bob"))
        };
        assert!((f.camera.fov_y_rad - fov).abs() < 1e-4, "at {t}s the wrong camera is on screen");
        if let Some(who) = who {
            let c = view(f, who).centre.unwrap();
            assert!((c[0] - 0.5).abs() < 0.1, "at {t}s {who} is at {c:?}");
        }
    }
}

#[test]
fn easing_shapes_an_orbits_sweep() {
    // Bearing of the camera around the figure, as a fraction of the 180° sweep, a quarter
    // of the way through a 2 s orbit (frame 5 at 10 fps, after a 0 s start).
    let swept = |ease: &str| {
        let bake = scene_with(&format!("orbit a 180deg over 2s ease {ease}"));
        let bearing = |f: &reel::sim::Frame| (f.camera.eye[2] - f.camera.look_at[2]).atan2(f.camera.eye[0] - f.camera.look_at[0]);
        let (b0, bq, b1) = (bearing(&bake.frames[0]), bearing(&bake.frames[5]), bearing(&bake.frames[20]));
        let turn = |a: f32, b: f32| (b - a + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
        (turn(b0, bq) / turn(b0, b1).abs()).abs()
    };
    let (linear, ease_in, ease_out, in_out) = (swept("linear"), swept("in"), swept("out"), swept("in-out"));
    assert!((linear - 0.25).abs() < 0.03, "linear: {linear}");
    assert!((ease_in - 0.0625).abs() < 0.03, "in: {ease_in}");
    assert!((ease_out - 0.4375).abs() < 0.03, "out: {ease_out}");
    assert!((in_out - 0.15625).abs() < 0.03, "in-out: {in_out}");
}
