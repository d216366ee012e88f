//! Camera promises, measured from the bake's per-frame target views.

#[path = "support/stages.rs"]
mod stages;

fn scene_with(shot: &str) -> reel::sim::Bake {
    let src = format!(
        "scene \"s\" {{ resolution 320x180, fps 10 }}\nuse std.characters.humanoid\nactor a = humanoid {{ height 1.8m }}\ncamera cam {{ lens 35mm }}\ntimeline {{\n    a {{\n        idle for 2s\n    }}\n    cam {{\n        {shot}\n    }}\n}}\n"
    );
    let (_, diags) = reel::compile(&src);
    assert!(diags.is_empty(), "{shot}: {diags:?}");
    stages::bake(&src)
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
    let src = stages::example_src("wukong");
    let bake = reel::sim::simulate(&reel::compile(&src).0.unwrap());
    for f in bake.frames.iter().filter(|f| f.screen_time_secs >= 1.5 && f.screen_time_secs < 3.0) {
        let c = view(f, "wukong").centre.unwrap();
        assert!((0.25..0.75).contains(&c[0]) && (0.25..0.75).contains(&c[1]), "at {}s the followed figure is at {c:?}", f.screen_time_secs);
    }
    let head = view(&bake.frames[10], "wukong.head");
    assert!(head.height.unwrap() >= 1.0 / 3.0, "the close-up's head fills {:?}", head.height);
}

#[test]
fn cuts_switch_cameras_at_their_events() {
    let src = stages::example_src("conversation");
    let bake = reel::sim::simulate(&reel::compile(&src).0.unwrap());
    let ev = |n: &str| bake.events.iter().find(|e| e.name == n).unwrap().screen_time_secs;
    let (hello, reply, reply_end) = (ev("hello.start"), ev("reply.start"), ev("reply.end"));
    let wide_fov = 2.0 * (12.0f32 / 24.0).atan();
    let tele_fov = 2.0 * (12.0f32 / 50.0).atan();
    for f in &bake.frames {
        let t = f.screen_time_secs;
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

/// The relative moves do exactly what they say, from wherever the camera is.
#[test]
fn dolly_truck_crane_pan_tilt_and_zoom_move_the_rig() {
    let pose = |moves: &str| {
        let bake = scene_with(&format!("wide a for 0.5s\n        {moves}"));
        // Frame 5 (0.5 s): the move's start; frame 15 (1.5 s): its end (1 s moves).
        (bake.frames[5].camera.clone(), bake.frames[15].camera.clone())
    };
    let v = |a: [f32; 3]| glam::Vec3::from(a);
    let (a, b) = pose("dolly in 1m over 1s");
    let fwd = (v(a.look_at) - v(a.eye)).normalize();
    assert!(((v(b.eye) - v(a.eye)).dot(fwd) - 1.0).abs() < 1e-3 && (v(b.look_at) - v(b.eye)).normalize().dot(fwd) > 0.9999);
    let (a, b) = pose("truck left 50cm over 1s");
    let right = fwd.cross(glam::Vec3::Y).normalize();
    assert!(((v(b.eye) - v(a.eye)).dot(right) + 0.5).abs() < 1e-3, "left is -right");
    let (a, b) = pose("crane up 2m over 1s");
    assert!((b.eye[1] - a.eye[1] - 2.0).abs() < 1e-3 && (v(b.look_at) - v(a.look_at)).length() < 1e-3, "a crane keeps its aim");
    let (a, b) = pose("pedestal down 20cm over 1s");
    assert!((b.eye[1] - a.eye[1] + 0.2).abs() < 1e-3 && (b.look_at[1] - a.look_at[1] + 0.2).abs() < 1e-3);
    let (a, b) = pose("pan left 30deg over 1s");
    // A pan turns about the vertical: measure the turn of the aim's horizontal part.
    let flat = |c: &reel::sim::CameraPose| (v(c.look_at) - v(c.eye)).with_y(0.0).normalize();
    let (da, db) = (flat(&a), flat(&b));
    let turned = da.dot(db).clamp(-1.0, 1.0).acos().to_degrees();
    assert!(da.cross(db).y > 0.0, "left is counter-clockwise seen from above");
    assert!((v(a.eye) - v(b.eye)).length() < 1e-4 && (turned - 30.0).abs() < 0.5, "eye {:?} -> {:?}, turned {turned}", a.eye, b.eye);
    let (a, b) = pose("tilt up 10deg over 1s");
    let (da, db) = ((v(a.look_at) - v(a.eye)).normalize(), (v(b.look_at) - v(b.eye)).normalize());
    let turned = da.dot(db).clamp(-1.0, 1.0).acos().to_degrees();
    assert!(db.y > da.y && (turned - 10.0).abs() < 0.5, "turned {turned}");
    let (a, b) = pose("zoom 85mm over 1s");
    assert!((b.fov_y_rad - 2.0 * (12.0f32 / 85.0).atan()).abs() < 1e-4 && a.fov_y_rad > b.fov_y_rad && a.eye == b.eye);
}

/// A dolly zoom keeps the target's height on screen (within 5%) while the field of view
/// changes by more than 2x, and the camera really moves.
#[test]
fn a_dolly_zoom_keeps_the_target_size() {
    let bake = scene_with("wide a for 0.5s\n        dolly_zoom a 14mm over 1.5s");
    let h0 = view(&bake.frames[5], "a").height.unwrap();
    let mut fovs = Vec::new();
    for f in &bake.frames[5..=20] {
        let h = view(f, "a").height.unwrap();
        assert!((h - h0).abs() < 0.05 * h0, "at {}s the target is {h} high, was {h0}", f.screen_time_secs);
        fovs.push(f.camera.fov_y_rad);
    }
    let (first, last) = (fovs[0], *fovs.last().unwrap());
    assert!(last > 2.0 * first, "the field of view went from {first} to {last}");
    assert!((glam::Vec3::from(bake.frames[20].camera.eye) - glam::Vec3::from(bake.frames[5].camera.eye)).length() > 1.0);
}

/// `look at` turns the camera to its target, which then sits in the middle of the frame.
#[test]
fn look_at_aims_at_the_target() {
    let bake = scene_with("wide a for 0.5s\n        pan right 40deg over 0.5s\n        look at a.head over 0.5s");
    let c = view(&bake.frames[10], "a.head").centre;
    assert!(c.is_none() || (c.unwrap()[0] - 0.5).abs() > 0.2, "after the pan the head is off centre: {c:?}");
    let c = view(&bake.frames[15], "a.head").centre.unwrap();
    assert!((c[0] - 0.5).abs() < 0.01 && (c[1] - 0.5).abs() < 0.01, "{c:?}");
}

/// A two-shot keeps both figures in frame; over the shoulder, the target's head is centred
/// and the shoulder's owner is nearer the camera, at the side of the frame.
#[test]
fn two_shot_and_over_the_shoulder_frame_both() {
    let bake_of = |shot: &str| {
        let src = format!(
            "scene \"s\" {{ resolution 320x180, fps 10 }}\nuse std.characters.humanoid\nactor ann = humanoid {{ height 1.7m, at (-0.7m, 0m), facing +x }}\nactor bob = humanoid {{ height 1.8m, at (0.7m, 0m), facing -x }}\ncamera cam {{ lens 35mm }}\ntimeline {{\n ann {{ idle for 1s }}\n bob {{ idle for 1s }}\n cam {{ {shot} }}\n}}\n"
        );
        let (ir, diags) = reel::compile(&src);
        assert!(diags.is_empty(), "{shot}: {diags:?}");
        reel::sim::simulate(&ir.unwrap())
    };
    let bake = bake_of("two_shot ann bob for 1s");
    for name in ["ann", "bob"] {
        let c = view(&bake.frames[5], name).centre.unwrap();
        assert!((0.1..0.9).contains(&c[0]) && (0.1..0.9).contains(&c[1]), "{name} at {c:?}");
        assert!(view(&bake.frames[5], name).height.unwrap() > 0.3, "{name} is large enough to read");
    }
    let bake = bake_of("over_shoulder bob onto ann for 1s");
    let f = &bake.frames[5];
    let c = view(f, "ann").centre.unwrap();
    assert!((c[0] - 0.5).abs() < 0.2, "ann is the subject: {c:?}");
    let bob = view(f, "bob").centre.unwrap();
    assert!((bob[0] - 0.5).abs() > 0.1, "bob's shoulder is at the side: {bob:?}");
    let eye = glam::Vec3::from(f.camera.eye);
    let (a, b) = (glam::Vec3::new(-0.7, 1.0, 0.0), glam::Vec3::new(0.7, 1.0, 0.0));
    assert!(eye.distance(b) < eye.distance(a), "the camera is behind bob");
}

/// `roll` tilts the picture about the view; `handheld` wanders by about its amount, returns
/// to where it started, and shakes the same way every time.
#[test]
fn roll_and_handheld() {
    let bake = scene_with("wide a for 0.5s\n        roll right 30deg over 1s");
    let f = &bake.frames[15];
    assert!((f.camera.roll_rad - 30f32.to_radians()).abs() < 1e-4);
    let above = [f.camera.look_at[0], f.camera.look_at[1] + 0.3, f.camera.look_at[2]];
    let p = f.camera.project(16.0 / 9.0, above).unwrap();
    assert!(p[0] < 0.49 && p[1] < 0.5, "rolled right, what is above the aim appears up and to the left: {p:?}");
    let shake = |_: ()| scene_with("wide a for 0.5s\n        handheld 2cm for 1.5s");
    let (a, b) = (shake(()), shake(()));
    let eye = |bk: &reel::sim::Bake, i: usize| glam::Vec3::from(bk.frames[i].camera.eye);
    let start = eye(&a, 5);
    let wander = (6..20).map(|i| eye(&a, i).distance(start)).fold(0.0f32, f32::max);
    assert!(wander > 0.005 && wander < 0.04, "wandered {wander} m for a 2 cm shake");
    assert!(eye(&a, 20).distance(start) < 1e-3, "ends where it began");
    assert!((0..a.frames.len()).all(|i| eye(&a, i) == eye(&b, i)), "deterministic");
}

#[test]
fn an_orbit_of_360_degrees_sweeps_every_bearing_and_returns() {
    let bake = scene_with("orbit a 360deg over 2s ease linear");
    let bearing = |f: &reel::sim::Frame| (f.camera.eye[2] - f.camera.look_at[2]).atan2(f.camera.eye[0] - f.camera.look_at[0]);
    let frames: Vec<&reel::sim::Frame> = bake.frames.iter().filter(|f| f.screen_time_secs <= 2.0 + 1e-6).collect();
    let (first, last) = (bearing(frames[0]), bearing(frames.last().unwrap()));
    let turn = |a: f32, b: f32| (b - a + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
    assert!(turn(first, last).abs() < 0.02, "ends at {last} rad, started at {first} rad");
    // Every 30° sector of bearings is visited on the way.
    let mut seen = [false; 12];
    for f in &frames {
        let b = bearing(f).rem_euclid(std::f32::consts::TAU);
        seen[((b / std::f32::consts::TAU * 12.0) as usize).min(11)] = true;
    }
    assert!(seen.iter().all(|s| *s), "sectors visited: {seen:?}");
}

#[test]
fn tracking_keeps_the_target_centred_from_its_side() {
    // examples/tracking.scene: the camera travels beside the rolling ball, then follows a
    // domino of the falling row with a lag, from its left.
    let src = stages::example_src("tracking");
    let mut ir = reel::compile(&src).0.unwrap();
    ir.fps = 10;
    let bake = reel::sim::simulate(&ir);
    let mut checked = 0;
    for f in bake.frames.iter().filter(|f| f.screen_time_secs >= 0.55 && f.screen_time_secs < 0.8) {
        let c = view(f, "b").centre.unwrap();
        assert!((c[0] - 0.5).abs() < 0.05 && (c[1] - 0.5).abs() < 0.05, "at {}s the tracked ball is at {c:?}", f.screen_time_secs);
        // Beside it (on its left, -z, for a prop facing +x), level with it.
        let (eye, look) = (f.camera.eye, f.camera.look_at);
        assert!(eye[2] - look[2] < -1.0 && (eye[1] - look[1]).abs() < 0.05, "eye {eye:?}, look {look:?}");
        checked += 1;
    }
    assert!(checked >= 2);
    let fall_start = bake.events.iter().find(|e| e.name == "d1.rests").unwrap().screen_time_secs - 0.4;
    for f in bake.frames.iter().filter(|f| f.screen_time_secs >= fall_start) {
        let c = view(f, "d5").centre.unwrap();
        assert!((0.25..0.75).contains(&c[0]) && (0.25..0.75).contains(&c[1]), "at {}s the falling domino is at {c:?}", f.screen_time_secs);
    }
}

#[test]
fn follow_keeps_its_side_and_lags_when_asked() {
    let walk = |settings: &str| {
        let src = format!(
            "scene \"s\" {{ resolution 320x180, fps 10 }}\nuse std.characters.humanoid\nactor a = humanoid {{ height 1.8m, at (0m, 0m), facing +x }}\ncamera cam {{ lens 35mm }}\ntimeline {{\n    a {{\n        walk to (4m, 0m) over 3s\n    }}\n    cam {{\n        follow a {{ distance 3m, {settings} }}\n    }}\n}}\n"
        );
        let (ir, diags) = reel::compile(&src);
        assert!(diags.is_empty(), "{settings}: {diags:?}");
        reel::sim::simulate(&ir.unwrap())
    };
    // Behind a figure walking +x: the camera is on -x of it, looking along +x.
    let behind = walk("side behind");
    let f = &behind.frames[20];
    assert!(f.camera.eye[0] < f.camera.look_at[0] - 2.5, "eye {:?} look {:?}", f.camera.eye, f.camera.look_at);
    // With a lag the aim trails the figure while it walks, and catches up when it stops.
    let lagged = walk("side behind, lag 1s");
    let x = |b: &reel::sim::Bake, i: usize| b.frames[i].camera.look_at[0];
    assert!(x(&behind, 15) - x(&lagged, 15) > 0.3, "no lag: {} vs {}", x(&behind, 15), x(&lagged, 15));
    let end = lagged.frames.len() - 1;
    assert!((x(&behind, end) - x(&lagged, end)).abs() < 0.05);
}

/// `slowmo F for D` lasts D of screen time to the frame; `over D` lasts D of story time.
#[test]
fn a_screen_time_slow_motion_lasts_the_screen_time_asked() {
    for (clause, screen_secs) in [("for 1s", 1.0), ("over 0.5s", 2.0), ("for 0.7s", 0.7)] {
        let src = format!(
            "scene \"s\" {{ resolution 160x90, fps 30 }}\nuse std.characters.humanoid\nactor a = humanoid {{}}\ncamera cam {{}}\ntimeline {{\n    a {{ walk to (3m, 0m) over 3s }}\n    cam {{\n        wide a for 0.5s\n        slowmo 0.25x {clause}\n    }}\n}}\n"
        );
        let bake = stages::bake(&src);
        // Frames whose story time runs at a quarter of screen time.
        let dt = 1.0 / bake.fps as f64;
        let slow = bake.frames.windows(2).filter(|w| ((w[1].story_time_secs - w[0].story_time_secs) - 0.25 * dt).abs() < 1e-6).count();
        let want = (screen_secs * bake.fps as f64).round() as usize;
        assert!(slow.abs_diff(want) <= 1, "{clause}: {slow} slow frames, want {want}");
        let start = bake.frames.iter().position(|f| f.screen_time_secs >= 0.5 - 1e-9).unwrap();
        let end = start + want;
        assert!(
            (bake.frames[end].story_time_secs - (0.5 + 0.25 * screen_secs)).abs() < 1e-6,
            "{clause}: story at the end {}",
            bake.frames[end].story_time_secs
        );
    }
}

/// `follow … { height H }` puts the camera H above the target's feet (a prop's bottom), as
/// the docs and W0005 say, standing on the floor or on a table.
#[test]
fn a_follow_height_is_measured_from_the_feet() {
    for (place, feet_m) in [("at (0m, 0m)", 0.0f32), ("on desk at (0m, 0m)", 0.75)] {
        for h in [0.3f32, 1.0, 2.0] {
            let bake = scene_with_decl(
                "use std.props.table\nprop desk = table { size (2m, 0.75m, 1m) }\n",
                &format!("humanoid {{ height 1.8m, {place} }}"),
                &format!("follow a {{ distance 3m, height {}m }}", h),
            );
            let eye_y = stages::frame_at(&bake, 1.5).camera.eye[1];
            assert!((eye_y - (feet_m + h)).abs() < 0.02, "{place}, height {h}m: the eye is at {eye_y}m");
        }
    }
}

fn scene_with_decl(decls: &str, actor: &str, shot: &str) -> reel::sim::Bake {
    stages::bake(&format!(
        "scene \"s\" {{ resolution 160x90, fps 10 }}\nuse std.characters.humanoid\n{decls}actor a = {actor}\ncamera cam {{}}\ntimeline {{\n    a {{ idle for 2s }}\n    cam {{ {shot} }}\n}}\n"
    ))
}

/// `place (x, y, z)` stands the camera exactly there (to the millimetre) for as long as it
/// holds, aimed at its target wherever the target goes; `over` moves it there smoothly.
#[test]
fn a_placed_camera_stands_where_the_scene_says_and_keeps_its_target_centred() {
    let bake = stages::bake(
        "scene \"s\" { resolution 320x180, fps 10 }\nuse std.characters.humanoid\nactor a = humanoid { at (0m, 0m), facing +x }\ncamera cam {}\ntimeline {\n    a { walk to (3m, 2m) over 3s }\n    cam {\n        place (0m, 1.6m, 5m) looking a for 2s\n        place (-2m, 2m, 3m) looking a over 1s for 2s\n    }\n}\n",
    );
    for f in bake.frames.iter().filter(|f| f.screen_time_secs < 2.0 - 1e-9) {
        let d = glam::Vec3::from(f.camera.eye).distance(glam::Vec3::new(0.0, 1.6, 5.0));
        assert!(d < 1e-3, "at {:.2}s the eye is {d}m from its place", f.screen_time_secs);
        let c = view(f, "a").centre.expect("in front of the camera");
        assert!((c[0] - 0.5).abs() < 0.05 && (c[1] - 0.5).abs() < 0.1, "at {:.2}s `a` is at {c:?} on screen", f.screen_time_secs);
    }
    // The move: from the first place to the second over 1 s, without a jump, then still.
    let eyes: Vec<glam::Vec3> = bake.frames.iter().filter(|f| f.screen_time_secs >= 2.0 - 1e-9).map(|f| glam::Vec3::from(f.camera.eye)).collect();
    let steps: Vec<f32> = eyes.windows(2).map(|w| w[0].distance(w[1])).collect();
    let total = glam::Vec3::new(0.0, 1.6, 5.0).distance(glam::Vec3::new(-2.0, 2.0, 3.0));
    assert!(steps.iter().all(|s| *s < total * 0.3), "{steps:?}");
    assert!(eyes[10..].iter().all(|e| e.distance(glam::Vec3::new(-2.0, 2.0, 3.0)) < 1e-3), "{eyes:?}");
}

/// `from right a` is on the figure's right as it faces when the shot starts, then fixed in
/// the world: a round-off turns the gymnast round, not the camera.
#[test]
fn a_side_placed_from_a_figure_stays_fixed_in_the_world_as_it_turns() {
    let bake = stages::bake(
        "scene \"s\" { resolution 320x180, fps 10 }\nuse std.characters.humanoid\nactor g = humanoid { at (0m, 0m), facing +x }\ncamera cam {}\ntimeline {\n    g {\n        idle for 0.5s\n        roundoff\n        idle for 0.5s\n    }\n    cam { from right g distance 5m height 1m }\n}\n",
    );
    // Facing +x, its right is +z (y up): the camera stands at (0, 1, 5).
    for f in &bake.frames {
        let d = glam::Vec3::from(f.camera.eye).distance(glam::Vec3::new(0.0, 1.0, 5.0));
        assert!(d < 1e-3, "at {:.2}s the eye moved by {d}m", f.screen_time_secs);
        assert!(view(f, "g").centre.is_some_and(|c| (0.2..0.8).contains(&c[0])), "at {:.2}s `g` left the frame", f.screen_time_secs);
    }
}

/// `side right` is the figure's right when the shot starts, then fixed in the world: a
/// round-off does not swing the camera round it; `side right turning` does.
#[test]
fn a_follow_side_is_fixed_in_the_world_unless_turning() {
    let src = |side: &str| {
        format!(
            "scene \"s\" {{ resolution 160x90, fps 10 }}\nuse std.characters.humanoid\nactor g = humanoid {{ at (0m, 0m), facing +x }}\ncamera cam {{}}\ntimeline {{\n    g {{\n        idle for 1s\n        roundoff\n        idle for 1s\n    }}\n    cam {{ follow g {{ distance 5m, height 1m, {side} }} }}\n}}\n"
        )
    };
    // Where the camera is, seen from the figure, in the world: +z is the figure's first right.
    let bearing = |f: &reel::sim::Frame, b: &reel::sim::Bake| {
        let g = b.nodes.iter().position(|n| n.name.starts_with("g")).unwrap();
        let at = glam::Vec3::from(f.nodes[g].translation);
        let off = glam::Vec3::from(f.camera.eye) - at;
        off.x.atan2(off.z).to_degrees()
    };
    let fixed = stages::bake(&src("side right"));
    let turning = stages::bake(&src("side right turning"));
    let last = |b: &reel::sim::Bake| b.frames.last().unwrap().clone();
    assert!(bearing(&last(&fixed), &fixed).abs() < 15.0, "fixed: the camera ended at {}°", bearing(&last(&fixed), &fixed));
    assert!(bearing(&last(&turning), &turning).abs() > 150.0, "turning: the camera ended at {}°", bearing(&last(&turning), &turning));
}

/// `track` keeps the camera level with the target's centre, on the side asked.
#[test]
fn a_track_travels_level_with_its_target() {
    let bake = scene_with_decl("", "humanoid { height 1.8m, at (0m, 0m), facing +x }", "track a side right distance 3m");
    let f = stages::frame_at(&bake, 1.5);
    let g = bake.nodes.iter().position(|n| n.name.starts_with("a")).unwrap();
    let hips = f.nodes[g].translation[1];
    assert!((f.camera.eye[1] - hips).abs() < 0.15, "eye at {}m, the figure's centre near {hips}m", f.camera.eye[1]);
    assert!(f.camera.eye[2] > 2.5, "on the figure's right (+z): {:?}", f.camera.eye);
}

/// `together` runs camera moves at once: a crane that tilts as it descends ends where the
/// crane alone ends, aimed as the crane then the tilt would aim it; a follow zooms as it goes.
#[test]
fn camera_moves_run_together() {
    let at_end = |moves: &str| {
        let bake = scene_with_decl("", "humanoid { at (0m, 0m) }", &format!("wide a for 0.5s\n        {moves}"));
        bake.frames.last().unwrap().camera.clone()
    };
    let crane = at_end("crane down 1m over 2s");
    let both = at_end("together {\n            crane down 1m over 2s\n            tilt down 10deg over 2s\n        }");
    assert!(glam::Vec3::from(crane.eye).distance(glam::Vec3::from(both.eye)) < 1e-4, "{:?} vs {:?}", crane.eye, both.eye);
    let pitch = |c: &reel::sim::CameraPose| {
        let v = glam::Vec3::from(c.look_at) - glam::Vec3::from(c.eye);
        (v.y / v.length()).asin().to_degrees()
    };
    assert!((pitch(&crane) - pitch(&both) - 10.0).abs() < 0.5, "crane {}°, with the tilt {}°", pitch(&crane), pitch(&both));
    // A follow that zooms: the lens changes while the target stays centred.
    let bake =
        scene_with_decl("", "humanoid { at (0m, 0m) }", "together {\n            follow a over 2s { distance 4m }\n            zoom 85mm over 2s\n        }");
    let last = bake.frames.last().unwrap();
    assert!((last.camera.fov_y_rad - 2.0 * (12.0f32 / 85.0).atan()).abs() < 1e-3, "fov {}", last.camera.fov_y_rad);
    let c = view(last, "a").centre.unwrap();
    assert!((c[0] - 0.5).abs() < 0.05, "{c:?}");
}

/// A framing whose usual side is behind a wall turns round its subject to a clear view; the
/// bake notes when no side is clear.
#[test]
fn a_framing_finds_a_clear_view_past_a_wall() {
    let shot = |decls: &str| {
        stages::bake(&format!(
            "scene \"s\" {{ resolution 160x90, fps 10 }}\nuse std.characters.humanoid\nuse std.props.wall\n{decls}actor a = humanoid {{ at (0m, 0m), facing +x }}\ncamera cam {{}}\ntimeline {{\n    a {{ idle for 2s }}\n    cam {{\n        closeup a.head for 0.5s\n        wide a for 1.5s\n    }}\n}}\n"
        ))
    };
    // The wall stands where the wide shot's camera would be (in front of the figure).
    let bake = shot("prop w = wall { size (6m, 3m, 20cm), at (1.5m, 0m), turn 90deg }\n");
    assert!(bake.notes.iter().all(|n| !n.contains("hidden")), "{:?}", bake.notes);
    for f in bake.frames.iter().filter(|f| f.screen_time_secs > 1.0) {
        // Where the line from the eye to the figure crosses the wall's plane (x = 1.5 m),
        // it passes beyond the wall's ends or over it.
        let e = glam::Vec3::from(f.camera.eye);
        if e.x > 1.5 {
            let k = (e.x - 1.5) / e.x;
            let at = e + (glam::Vec3::new(0.0, 0.9, 0.0) - e) * k;
            assert!(at.z.abs() > 3.0 || at.y > 3.0, "at {:.1}s the view passes through the wall at {at:?}", f.screen_time_secs);
        }
        assert!(view(f, "a").centre.is_some());
    }
    // Walled in on every side: no clear view, and the bake says so.
    let box_in = "prop n = wall { size (4m, 3m, 20cm), at (0m, -1.2m) }\nprop s = wall { size (4m, 3m, 20cm), at (0m, 1.2m) }\nprop e = wall { size (4m, 3m, 20cm), at (1.2m, 0m), turn 90deg }\nprop o = wall { size (4m, 3m, 20cm), at (-1.2m, 0m), turn 90deg }\n";
    let bake = shot(box_in);
    assert!(bake.notes.iter().any(|n| n.contains("`a` was hidden behind")), "{:?}", bake.notes);
    assert_eq!(bake.frames[12].subject.as_deref(), Some("a"));
}

/// A list of things is filmed together: `wide (ann, bob, b)` frames the box round all three,
/// a follow of two keeps their middle centred, a placed camera looks between two heads.
#[test]
fn several_things_are_filmed_together() {
    let bake = stages::bake(
        "scene \"s\" { resolution 320x180, fps 10 }\nuse std.characters.humanoid\nuse std.props.ball\nactor ann = humanoid { at (-1.5m, 0m), facing +x }\nactor bob = humanoid { at (1.5m, 0m), facing -x }\nprop b = ball { radius 10cm, at (0m, 0.1m, 1m) }\ncamera cam {}\ntimeline {\n    ann { walk to (-0.5m, 0m) over 2s }\n    bob { idle for 2s }\n    cam {\n        wide (ann, bob, b) for 1s\n        follow (ann, bob) over 1s { distance 6m }\n        place (0m, 2m, 6m) looking (ann.head, bob.head) for 1s\n    }\n}\n",
    );
    for (t, subject) in [(0.5, "(ann, bob, b)"), (1.8, "(ann, bob)"), (2.5, "(ann.head, bob.head)")] {
        let f = stages::frame_at(&bake, t);
        assert_eq!(f.subject.as_deref(), Some(subject));
        let c = view(&f, subject).centre.unwrap();
        assert!((c[0] - 0.5).abs() < 0.05 && (c[1] - 0.5).abs() < 0.05, "{subject} at {c:?}");
        // Every member is in the picture.
        for member in subject.trim_matches(|c| c == '(' || c == ')').split(", ") {
            let mc = view(&f, member).centre.unwrap();
            assert!((0.0..=1.0).contains(&mc[0]) && (0.0..=1.0).contains(&mc[1]), "{member} out of the picture at {t}s: {mc:?}");
        }
    }
}

/// `action` is whatever moves now: a rolling ball rather than a figure standing still.
#[test]
fn the_action_is_what_moves() {
    let bake = stages::bake(
        "scene \"s\" { resolution 320x180, fps 10 }\nuse std.characters.humanoid\nuse std.props.ball\nactor a = humanoid { at (-3m, 2m) }\nprop b = ball { radius 10cm, at (0m, 0.1m, 0m), velocity (1.5 m/s, 0 m/s, 0 m/s) }\ncamera cam {}\ntimeline {\n    a { idle for 2s }\n    cam { follow action over 2s { distance 5m } }\n}\n",
    );
    for t in [0.8, 1.2, 1.6] {
        let f = stages::frame_at(&bake, t);
        assert_eq!(f.subject.as_deref(), Some("action"));
        let action = view(&f, "action").centre.unwrap();
        let node = bake.nodes.iter().position(|n| n.name == "b").expect("the ball's node");
        let ball = f.camera.project(320.0 / 180.0, f.nodes[node].translation).expect("the ball is in front of the camera");
        assert!((action[0] - ball[0]).abs() < 0.1 && (action[1] - ball[1]).abs() < 0.15, "at {t}s the action is at {action:?}, the ball at {ball:?}");
        assert!((action[0] - 0.5).abs() < 0.1, "at {t}s the action is not centred: {action:?}");
    }
}
