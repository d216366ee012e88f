//! IR → bake, with physical assertions: the jump is a real ballistic flight found by the
//! simulation, the freeze holds story time, the bake is deterministic.

#[path = "support/stages.rs"]
mod stages;

use reel::ir::Event;
use stages::{event as at, story as story_of};
use std::path::Path;

fn wukong() -> reel::ir::Scene {
    stages::example("wukong")
}

fn ev(story: &reel::sim::Story, e: Event) -> f64 {
    *story.events.get(&("leap".to_string(), e)).unwrap_or_else(|| panic!("leap.{e:?} was not found"))
}

#[test]
fn jump_apex_height_and_time_follow_gravity() {
    let ir = wukong();
    let story = reel::sim::simulate_story(&ir, None);
    let (takeoff, apex, landing) = (ev(&story, Event::Takeoff), ev(&story, Event::Apex), ev(&story, Event::Landing));
    assert!(takeoff < apex && apex < landing);
    let y0 = story.root_at(0, takeoff)[1];
    let rise = story.root_at(0, apex)[1] - y0;
    assert!((rise - 0.25).abs() <= 0.05 * 0.25, "apex rise {rise} m, asked 0.25 m");
    let g = 9.81f64;
    let v = (2.0 * g * 0.25).sqrt();
    let t_apex = apex - takeoff;
    assert!((t_apex - v / g).abs() <= 0.02 * v / g, "apex {t_apex}s after takeoff, v/g = {}s", v / g);
    // Sprint lasted its 3 s on the table before the jump began.
    assert!((ev(&story, Event::Start) - 3.0).abs() < 0.01);
}

#[test]
fn landing_is_on_the_table_top_and_forward() {
    let ir = wukong();
    let story = reel::sim::simulate_story(&ir, None);
    let (takeoff, landing) = (ev(&story, Event::Takeoff), ev(&story, Event::Landing));
    let hip = reel::sim::humanoid::HIP_HEIGHT * 0.18;
    let p = story.root_at(0, landing);
    let feet = p[1] - hip;
    assert!((feet - 0.75).abs() < 0.01, "feet at {feet} m at landing, table top is 0.75 m");
    assert!(p[0].abs() < 1.2 && p[2].abs() < 0.5, "landed off the table at {p:?}");
    let dx = p[0] - story.root_at(0, takeoff)[0];
    assert!((dx - 0.40).abs() < 0.05 * 0.40 + 0.01, "landed {dx} m ahead, asked 0.40 m");
}

#[test]
fn gravity_changes_the_jump() {
    let mut ir = wukong();
    ir.world.gravity_mps2 = 1.62;
    let story = reel::sim::simulate_story(&ir, None);
    let t = ev(&story, Event::Apex) - ev(&story, Event::Takeoff);
    let v = (2.0f64 * 1.62 * 0.25).sqrt();
    assert!((t - v / 1.62).abs() < 0.02 * v / 1.62, "moon apex after {t}s");
}

#[test]
fn freeze_holds_story_time_for_its_length() {
    let ir = wukong();
    let bake = reel::sim::simulate(&ir);
    let apex = bake.events.iter().find(|e| e.name == "leap.apex").unwrap();
    let held = bake.frames.iter().filter(|f| (f.story_time_secs - apex.story_time_secs).abs() < 1e-9).count();
    assert!((held as i64 - 120).abs() <= 1, "{held} frames held at the apex, expected 4 s at 30 fps");
    let landing = bake.events.iter().find(|e| e.name == "leap.landing").unwrap();
    assert!((landing.screen_time_secs - landing.story_time_secs - 4.0).abs() < 1e-6);
    // The video holds the sprint, flight, freeze and landing.
    assert!(bake.duration_secs() > landing.screen_time_secs + 0.45);
    // During the freeze the camera goes all the way round and ends higher.
    let frozen: Vec<_> = bake.frames.iter().filter(|f| (f.story_time_secs - apex.story_time_secs).abs() < 1e-9).collect();
    let target = frozen[0].nodes[bake.nodes.iter().position(|n| n.name == "wukong.pelvis").unwrap()].translation;
    let bearing = |f: &reel::sim::Frame| (f.camera.eye[2] - target[2]).atan2(f.camera.eye[0] - target[0]);
    let mut swept = 0.0f32;
    for w in frozen.windows(2) {
        let mut d = bearing(w[1]) - bearing(w[0]);
        d = (d + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
        swept += d;
    }
    assert!((swept.abs() - std::f32::consts::TAU).abs() < 0.15, "orbit swept {swept} rad");
    assert!(frozen.last().unwrap().camera.eye[1] > frozen[0].camera.eye[1] + 0.3);
}

#[test]
fn bake_is_deterministic() {
    let ir = wukong();
    let a = reel::sim::simulate(&ir);
    let b = reel::sim::simulate(&ir);
    assert!(a == b);
    assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
}

fn ball_scene() -> reel::ir::Scene {
    let src = stages::example_src("ball");
    reel::compile(&src).0.unwrap()
}

/// Heights above the floor of each apex after the ball leaves the table.
fn bounce_apexes(story: &reel::sim::Story, prop: usize, radius: f32) -> (f32, Vec<f32>) {
    let dt = 1.0 / reel::sim::STEP_HZ;
    let n = (story.end_secs() / dt) as usize;
    let ys: Vec<f32> = (0..n).map(|i| story.prop_at(prop, i as f64 * dt).unwrap()[1] - radius).collect();
    // The drop: from the table top to the first floor contact.
    // First floor contact: the first local minimum once the ball is falling past mid-height.
    let falling = ys.iter().position(|y| *y < 0.3).expect("the ball never fell");
    let first_floor = (falling..ys.len() - 1).find(|&i| ys[i] <= ys[i + 1] && ys[i] < 0.03).expect("the ball never reached the floor");
    let drop = ys[..first_floor].iter().cloned().fold(0.0, f32::max);
    let mut apexes = Vec::new();
    for i in first_floor + 1..ys.len() - 1 {
        if ys[i] > ys[i - 1] && ys[i] >= ys[i + 1] && ys[i] > 0.005 {
            apexes.push(ys[i]);
        }
    }
    (drop, apexes)
}

#[test]
fn ball_bounces_fall_by_restitution_squared() {
    let ir = ball_scene();
    let reel::ir::PropKind::Ball { radius_m, restitution, .. } = ir.props[1].kind else { panic!("the second prop is the ball") };
    let story = reel::sim::simulate_story(&ir, None);
    let (drop, apexes) = bounce_apexes(&story, 1, radius_m);
    assert!((drop - 0.75).abs() < 0.01, "dropped from {drop} m, the table is 0.75 m");
    assert!(apexes.len() >= 2, "only {} bounces: {apexes:?}", apexes.len());
    let e2 = restitution * restitution;
    let mut prev = drop;
    for (k, h) in apexes.iter().take(2).enumerate() {
        let ratio = h / prev;
        assert!((ratio - e2).abs() <= 0.1 * e2, "bounce {k}: {h} m after {prev} m, ratio {ratio}, e² = {e2}");
        prev = *h;
    }
}

#[test]
fn ball_comes_to_rest_and_the_shot_ends_after() {
    let ir = ball_scene();
    let bake = reel::sim::simulate(&ir);
    let rests = bake.events.iter().find(|e| e.name == "b.rests").expect("the ball never rested");
    let ball = bake.nodes.iter().position(|n| n.name == "b").unwrap();
    let after: Vec<_> = bake.frames.iter().filter(|f| f.screen_time_secs >= rests.screen_time_secs + 0.35).collect();
    assert!(!after.is_empty());
    let p0 = after[0].nodes[ball].translation;
    for f in &after {
        let p = f.nodes[ball].translation;
        let d = ((p[0] - p0[0]).powi(2) + (p[1] - p0[1]).powi(2) + (p[2] - p0[2]).powi(2)).sqrt();
        assert!(d < 0.005, "the ball moved {d} m after resting");
    }
    assert!((p0[1] - 0.05).abs() < 0.005, "the ball rests at height {} (radius 5 cm)", p0[1]);
    // `after b.rests orbit … over 2s` holds the video open for the orbit.
    assert!((bake.duration_secs() - (rests.screen_time_secs + 2.0)).abs() < 0.1, "video {}s, rest at {}s", bake.duration_secs(), rests.screen_time_secs);
}

#[test]
fn slowmo_stretches_the_landing() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/wukong.scene");
    let src = std::fs::read_to_string(path)
        .unwrap()
        .replace("        follow wukong\n    }", "        follow wukong\n        at leap.landing slowmo 0.25x over 0.4s\n    }");
    let (ir, diags) = reel::compile(&src);
    assert!(diags.is_empty(), "{diags:?}");
    let slow = reel::sim::simulate(&ir.unwrap());
    let normal = reel::sim::simulate(&wukong());
    let landing = slow.events.iter().find(|e| e.name == "leap.landing").unwrap();
    // The video is longer by 0.4 s / 0.25 - 0.4 s = 1.2 s.
    assert!((slow.duration_secs() - normal.duration_secs() - 1.2).abs() < 0.05, "{} vs {}", slow.duration_secs(), normal.duration_secs());
    // Inside the stretch, story time advances at a quarter of screen time.
    let inside: Vec<_> =
        slow.frames.iter().filter(|f| f.screen_time_secs > landing.screen_time_secs + 0.1 && f.screen_time_secs < landing.screen_time_secs + 1.5).collect();
    for w in inside.windows(2) {
        let rate = (w[1].story_time_secs - w[0].story_time_secs) / (w[1].screen_time_secs - w[0].screen_time_secs);
        assert!((rate - 0.25).abs() < 1e-6, "story runs at {rate}x of screen time");
    }
    // The physics is the same: the events happen at the same story times.
    for e in &normal.events {
        let s = slow.events.iter().find(|x| x.name == e.name).unwrap();
        assert!((s.story_time_secs - e.story_time_secs).abs() < 1e-9);
    }
}

#[test]
fn walkers_meet_and_wave_above_their_heads() {
    let src = stages::example_src("walkers");
    let bake = reel::sim::simulate(&reel::compile(&src).0.unwrap());
    let node = |n: &str| bake.nodes.iter().position(|d| d.name == n).unwrap_or_else(|| panic!("no node {n}"));
    let at = |secs: f64| &bake.frames[(secs * bake.fps as f64) as usize];
    let (ann, bob) = (node("ann.pelvis"), node("bob.pelvis"));
    let f = at(3.5);
    let gap = f.nodes[bob].translation[0] - f.nodes[ann].translation[0];
    assert!((gap - 1.2).abs() < 0.05, "they stopped {gap} m apart");
    // Mid-wave, the waving hands are above the heads; before it they hang below the hips.
    let f = at(4.0);
    assert!(f.nodes[node("ann.hand_r")].translation[1] > f.nodes[node("ann.head")].translation[1]);
    assert!(f.nodes[node("bob.hand_l")].translation[1] > f.nodes[node("bob.head")].translation[1]);
    let f = at(1.0);
    assert!(f.nodes[node("ann.hand_r")].translation[1] < f.nodes[ann].translation[1] + 0.05);
    // Both stand on the floor: the soles touch y = 0.
    let foot = at(4.0).nodes[node("ann.foot_l")];
    let sole = foot.translation[1] - foot.scale[1] / 2.0;
    assert!(sole.abs() < 0.01, "ann's sole is at {sole} m");
}

/// `animate` holds a ball on its eased line, then lets go with the speed it had: the flight
/// after a linear throw is ballistic from the throw's end velocity.
#[test]
fn an_animated_throw_hands_over_to_physics() {
    let src = "use std.props.ball\nprop b = ball { radius 10cm, at (0m, 1m, 0m) }\ncamera cam {}\ntimeline {\n b {\n  animate to (0m, 2m, 0m) over 1s as lift\n  animate to (1m, 2.5m, 0m) over 0.5s ease linear as throw\n }\n cam { wide b }\n}\n";
    let (ir, diags) = reel::compile(src);
    assert!(diags.is_empty(), "{diags:?}");
    let story = reel::sim::simulate_story(&ir.unwrap(), None);
    let at = |t: f64| story.prop_at(0, t).unwrap();
    let ev = |b: &str, e: Event| story.events[&(b.to_string(), e)];
    assert!((ev("lift", Event::End) - 1.0).abs() < 0.01 && (ev("throw", Event::End) - 1.5).abs() < 0.01);
    // On the keyframes: eased in-out halfway up, then exactly at the throw's end point.
    let mid = at(0.5);
    assert!((mid[1] - (at(0.0)[1] + 2.0) / 2.0).abs() < 0.02, "halfway up at 0.5 s: {mid:?}");
    let end = at(1.5);
    assert!((end[0] - 1.0).abs() < 0.01 && (end[1] - 2.5).abs() < 0.01, "{end:?}");
    // Then free flight from (2, 1) m/s under gravity.
    let dt = 0.2;
    let p = at(1.5 + dt);
    let g = 9.81;
    assert!((p[0] - (1.0 + 2.0 * dt) as f32).abs() < 0.02, "x {p:?}");
    assert!((p[1] - (2.5 + 1.0 * dt - 0.5 * g * dt * dt) as f32).abs() < 0.02, "y {p:?}");
    // And it comes to rest in the end.
    assert!(story.events.contains_key(&("b".to_string(), Event::Rests)));
}

/// examples/dominoes.scene: the ball knocks the first domino, every domino falls, each
/// after the one before it, and each comes to rest.
#[test]
fn every_domino_falls_in_order() {
    let src = stages::example_src("dominoes");
    let ir = reel::compile(&src).0.unwrap();
    let story = reel::sim::simulate_story(&ir, None);
    let dominoes: Vec<usize> = (1..=8).map(|k| ir.props.iter().position(|p| p.name == format!("d{k}")).unwrap()).collect();
    // Tilt from upright, from the rotation's angle about the horizontal.
    let tilt = |pi: usize, t: f64| {
        let q = story.prop_rotation_at(pi, t).unwrap();
        let up = glam::Quat::from_array(q) * glam::Vec3::Y;
        up.y.clamp(-1.0, 1.0).acos().to_degrees()
    };
    let end = story.end_secs();
    let mut prev = 0.0;
    for (k, &pi) in dominoes.iter().enumerate() {
        let last = tilt(pi, end);
        assert!(last > 45.0, "d{} ends tilted only {last:.0}°", k + 1);
        // When it passed 20°: strictly after the domino before it.
        let passed = (0..=(end * 240.0) as usize).map(|i| i as f64 / 240.0).find(|&t| tilt(pi, t) > 20.0).unwrap();
        assert!(passed > prev, "d{} tipped at {passed:.3}s, not after d{} ({prev:.3}s)", k + 1, k);
        prev = passed;
        assert!(story.events.contains_key(&(format!("d{}", k + 1), Event::Rests)), "d{} never rests", k + 1);
    }
    // The crate at the end of the chain is hit but not knocked over: a 8 cm wooden cube.
    let crate_i = ir.props.iter().position(|p| p.name == "crate").unwrap();
    assert!(tilt(crate_i, end) < 10.0);
}

#[test]
fn a_runner_knocks_the_stack_over_and_contact_is_found_by_the_simulation() {
    // examples/runner.scene: the runner sprints into a stack of three boxes; the camera
    // freezes story time at the first contact with the stack.
    let src = stages::example_src("runner");
    let ir = reel::compile(&src).0.unwrap();
    let story = reel::sim::simulate_story(&ir, None);
    let idx = |n: &str| ir.props.iter().position(|p| p.name == n).unwrap();
    let contact = |n: &str| *story.events.get(&(n.to_string(), Event::Contact)).unwrap_or_else(|| panic!("{n}.contact was not found"));
    let (low, mid, top) = (contact("low"), contact("mid"), contact("top"));
    // Nothing touches the stack before the runner reaches it: her front is at the box's
    // near face (box centre 0.5 m, half width 0.2 m) when the first contact comes.
    let runner_x = story.root_at(0, low)[0];
    let reach = 0.12 * 1.7 + 0.05; // about her body's radius and an arm's swing
    assert!((runner_x - (0.5 - 0.2)).abs() < reach + 0.1, "first contact at {low:.2}s with the runner at x = {runner_x:.2} m");
    assert!(low > 1.0, "contact at {low:.2}s, before the runner could get there");
    // The boxes touch each other from the start, so only the runner's arrival counts, and
    // the top box is reached last.
    assert!(top >= low.min(mid));
    // The stack is knocked over: the top box ends far lower and away from where it stood.
    let start = story.prop_at(idx("top"), 0.0).unwrap();
    let end = story.prop_at(idx("top"), story.end_secs()).unwrap();
    assert!(end[1] < start[1] - 0.3, "the top box is still up: {start:?} → {end:?}");
    assert!(story.events.contains_key(&("top".to_string(), Event::Rests)), "the top box never comes to rest");
    // The freeze holds story time at the first contact with the middle box for 2 s.
    let bake = reel::sim::bake_from_story(&ir, story);
    let held: Vec<&reel::sim::Frame> = bake.frames.iter().filter(|f| (f.story_time_secs - mid).abs() < 1e-6).collect();
    let span = held.last().unwrap().screen_time_secs - held.first().unwrap().screen_time_secs;
    assert!((span - 2.0).abs() < 0.1, "story time stood still for {span:.2}s of screen time");
}

#[test]
fn flips_turn_through_the_flight_the_physics_gives() {
    // examples/gymnast.scene: run, round-off (lands facing back), back flip, arms up.
    let src = stages::example_src("gymnast");
    let ir = reel::compile(&src).0.unwrap();
    let story = reel::sim::simulate_story(&ir, None);
    let at = |b: &str, e: Event| *story.events.get(&(b.to_string(), e)).unwrap_or_else(|| panic!("{b}.{e:?} was not found"));
    let g = 9.81f64;
    // The round-off is a wheel over planted hands (no `up`: tests/people.rs holds the hands
    // to the floor); the back flip is ballistic.
    for (b, up) in [("turn", None), ("flip", Some(0.70))] {
        let (takeoff, apex, landing) = (at(b, Event::Takeoff), at(b, Event::Apex), at(b, Event::Landing));
        assert!(takeoff < apex && apex < landing, "{b}: takeoff {takeoff:.2}s, apex {apex:.2}s, landing {landing:.2}s");
        // Ballistic: the apex comes v/g after takeoff, v = √(2 g h).
        if let Some(up) = up {
            let want = (2.0 * g * up).sqrt() / g;
            assert!(((apex - takeoff) - want).abs() / want < 0.03, "{b}: apex {:.3}s after takeoff, v/g = {want:.3}s", apex - takeoff);
        }
        // Upright at takeoff and after landing; turned half way round at the apex.
        let tumble = |t: f64| story.pose_at(0, t).tumble;
        let half = tumble(apex);
        let turned = half[0].abs().max(half[1].abs());
        assert!((turned - std::f32::consts::PI).abs() < 0.35, "{b}: turned {turned:.2} rad at the apex, not about π");
        assert_eq!(tumble(landing + 0.05), [0.0; 3], "{b}: not upright after landing");
        // A flip leaves the ground upright; a wheel tips over before its feet leave it.
        assert!(up.is_none() || tumble(takeoff - 0.05) == [0.0; 3]);
    }
    // The back flip turns backwards, about the side-to-side axis.
    assert!(story.pose_at(0, at("flip", Event::Apex)).tumble[0] < -2.5);
    // The round-off lands facing back the way it came.
    let before = story.yaw_at(0, at("turn", Event::Start) - 0.01);
    let after = story.yaw_at(0, at("turn", Event::Landing) + 0.05);
    let turn = (after - before).rem_euclid(std::f32::consts::TAU);
    assert!((turn - std::f32::consts::PI).abs() < 0.05, "the round-off turned {turn:.2} rad");
    // The flip lands on the floor, on its feet.
    let land = story.root_at(0, at("flip", Event::Landing) + 0.5);
    assert!((land[1] - 0.52 * 1.6).abs() < 0.1, "root at {land:?} after the landing");
}

#[test]
fn turns_kicks_and_points() {
    let (_, story) = story_of(
        "use std.characters.humanoid\nactor a = humanoid { at (0m, 0m), facing +x }\ncamera cam {}\ntimeline {\n    a {\n        turn left 90deg over 1s as t1\n        face -x as f1\n        kick right_leg over 0.6s as k1\n        point left_arm for 1s as p1\n    }\n    cam { wide a for 4s }\n}\n",
    );
    let ev = |b: &str, e: Event| *story.events.get(&(b.to_string(), e)).unwrap_or_else(|| panic!("{b}.{e:?}"));
    let turn = |a: f32, b: f32| (b - a + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
    // Facing +x is yaw 0; a left turn is counter-clockwise seen from above.
    assert!(turn(story.yaw_at(0, ev("t1", Event::End) + 0.01), std::f32::consts::FRAC_PI_2).abs() < 0.02);
    assert!(turn(story.yaw_at(0, ev("f1", Event::End) + 0.01), std::f32::consts::PI).abs() < 0.02);
    // The kick lifts the right leg high, then puts it down.
    let k0 = ev("k1", Event::Start);
    let lifted = story.pose_at(0, k0 + 0.25).hip[reel::sim::humanoid::RIGHT];
    assert!(lifted > 1.0, "the kicking hip only reached {lifted:.2} rad");
    assert!(story.pose_at(0, ev("k1", Event::End) + 0.3).hip[reel::sim::humanoid::RIGHT].abs() < 0.2);
    // The point holds the left arm out ahead, near horizontal.
    let arm = story.pose_at(0, ev("p1", Event::Start) + 0.7).shoulder[reel::sim::humanoid::LEFT];
    assert!((arm - 1.5).abs() < 0.2, "the pointing arm is at {arm:.2} rad");
    // Turning in place: the feet stay put.
    let (a, b) = (story.root_at(0, 0.0), story.root_at(0, ev("f1", Event::End)));
    assert!(((a[0] - b[0]).powi(2) + (a[2] - b[2]).powi(2)).sqrt() < 0.02);
}

#[test]
fn a_figure_that_runs_past_an_edge_falls() {
    // A small figure sprints along a table and past its end: gravity takes it to the floor.
    let (ir, story) = story_of(
        "use std.props.table\nuse std.characters.humanoid\nprop desk = table { size (1.2m, 0.75m, 0.8m) }\nactor a = humanoid { height 18cm, on desk at (-0.4m, 0m) facing +x }\ncamera cam {}\ntimeline {\n    a { sprint to (1.2m, 0m) on desk over 2s }\n    cam { wide a for 3s }\n}\n",
    );
    let hip = reel::sim::humanoid::HIP_HEIGHT * ir.actors[0].height_m;
    let start = story.root_at(0, 0.0);
    assert!((start[1] - (0.75 + hip)).abs() < 0.02, "starts on the table top: {start:?}");
    let end = story.root_at(0, story.end_secs());
    assert!(end[1] < 0.1 + hip, "still up at {end:?}: it should have fallen to the floor");
    assert!(end[0] > 0.6, "it ran off the end: {end:?}");
}

/// The worst drift, in metres, of a planted foot during any one stance of actor `who`
/// between story times `t0` and `t1`: the lower foot is the planted one.
fn planted_foot_drift(bake: &reel::sim::Bake, who: &str, t0: f64, t1: f64) -> (f32, usize) {
    let idx = |n: &str| bake.nodes.iter().position(|d| d.name == n).unwrap_or_else(|| panic!("no node {n}"));
    let (l, r) = (idx(&format!("{who}.foot_l")), idx(&format!("{who}.foot_r")));
    let (mut worst, mut stances, mut cur): (f32, usize, Option<(usize, [f32; 3])>) = (0.0, 0, None);
    for f in bake.frames.iter().filter(|f| f.story_time_secs >= t0 && f.story_time_secs <= t1) {
        let (pl, pr) = (f.nodes[l].translation, f.nodes[r].translation);
        let (which, p) = if pl[1] < pr[1] { (l, pl) } else { (r, pr) };
        match cur {
            Some((w, start)) if w == which => worst = worst.max(((p[0] - start[0]).powi(2) + (p[2] - start[2]).powi(2)).sqrt()),
            _ => {
                cur = Some((which, p));
                stances += 1;
            }
        }
    }
    (worst, stances)
}

#[test]
fn planted_feet_do_not_slide() {
    // Walking (walkers.scene) and sprinting (runner.scene), at 60 frames a second: while a
    // foot is the planted one, it stays within 1 cm of where it came down.
    for (example, who, t0, t1) in [("walkers", "ann", 0.6, 2.6), ("runner", "runner", 0.5, 1.3)] {
        let src = stages::example_src(example);
        let mut ir = reel::compile(&src).0.unwrap();
        ir.fps = 60;
        let bake = reel::sim::simulate(&ir);
        let (drift, stances) = planted_foot_drift(&bake, who, t0, t1);
        assert!(stances >= 3, "{example}: only {stances} steps");
        assert!(drift < 0.01, "{example}: a planted foot slid {:.1} cm", drift * 100.0);
    }
}

#[test]
fn scale_is_honest_a_small_and_a_tall_figure_jumping_25cm_fly_as_long() {
    // Heights are metres at every scale: 25 cm up is the same flight for an 18 cm figure on
    // a table and a 1.8 m figure on the floor, 2·√(2·g·h)/g.
    let air = |decl: &str| {
        let (_, story) = story_of(&format!(
            "use std.props.table\nuse std.characters.humanoid\nprop desk = table {{ size (2m, 0.75m, 1m) }}\nactor a = humanoid {{ {decl} }}\ncamera cam {{}}\ntimeline {{\n    a {{ jump up 25cm as j }}\n    cam {{ wide a for 2s }}\n}}\n"
        ));
        let at = |e: Event| *story.events.get(&("j".to_string(), e)).unwrap();
        at(Event::Landing) - at(Event::Takeoff)
    };
    let small = air("height 18cm, on desk at (0m, 0m) facing +x");
    let tall = air("height 1.8m, at (3m, 0m), facing +x");
    let want = 2.0 * (2.0 * 9.81f64 * 0.25).sqrt() / 9.81;
    assert!((small - tall).abs() / want < 0.04, "18 cm: {small:.3}s in the air, 1.8 m: {tall:.3}s");
    assert!((tall - want).abs() / want < 0.05, "1.8 m: {tall:.3}s in the air, 2v/g = {want:.3}s");
}

fn example(name: &str) -> (reel::ir::Scene, reel::sim::Story) {
    story_of(&stages::example_src(name))
}

fn prop_index(ir: &reel::ir::Scene, name: &str) -> usize {
    ir.props.iter().position(|p| p.name == name).unwrap()
}

fn actor_index(ir: &reel::ir::Scene, name: &str) -> usize {
    ir.actors.iter().position(|a| a.name == name).unwrap()
}

#[test]
fn a_push_moves_the_crate_by_what_was_asked_through_the_hands() {
    // yard.scene: `push crate by 80cm over 1.6s`. The hands' collider meets the crate
    // (found by the simulation), and the crate slides about 80 cm along the push.
    let (ir, story) = example("yard");
    assert!(story.notes.is_empty(), "{:?}", story.notes);
    let crate_ = prop_index(&ir, "crate");
    let contact = at(&story, "shove", Event::Contact);
    assert!((at(&story, "crate", Event::Contact) - contact).abs() < 0.02);
    let before = story.prop_at(crate_, contact).unwrap();
    let after = story.prop_at(crate_, at(&story, "crate", Event::Rests)).unwrap();
    let moved = before[0] - after[0];
    assert!((moved - 0.8).abs() < 0.12, "the crate moved {moved:.3} m along the push for 0.8 m asked");
    assert!((after[2] - before[2]).abs() < 0.05, "it slid sideways {:.3} m", after[2] - before[2]);
    // Bob was not inside the crate: his axis stays a body radius plus half the crate away.
    let bob = actor_index(&ir, "bob");
    let end = at(&story, "shove", Event::End);
    let gap = story.root_at(bob, end)[0] - story.prop_at(crate_, end).unwrap()[0];
    assert!(gap > 0.25 + 0.11 * 1.8 - 0.02, "bob's axis is {gap:.3} m from the crate's centre");
}

#[test]
fn a_climb_ends_standing_on_the_top_and_a_hop_down_lands_on_the_floor() {
    let (ir, story) = example("yard");
    let ann = actor_index(&ir, "ann");
    let h = 1.7f32;
    let hip = 0.52 * h;
    // On the step's top (45 cm) at the climb's end.
    let feet = story.root_at(ann, at(&story, "up", Event::End) + 0.2)[1] - hip;
    assert!((feet - 0.45).abs() < 0.02, "feet at {feet:.3} m after climbing onto a 45 cm box");
    // The hop down is ballistic from the top to the floor: v_y = √(2·g·up) up, then a fall
    // of the top's height; the landing is found on the floor.
    let (t0, t1) = (at(&story, "hop", Event::Takeoff), at(&story, "hop", Event::Landing));
    let g = 9.81f64;
    let vy = (2.0 * g * 0.10).sqrt();
    let want = (vy + (vy * vy + 2.0 * g * 0.45).sqrt()) / g;
    assert!(((t1 - t0) - want).abs() / want < 0.05, "hop down: {:.3}s in the air, ballistic {want:.3}s", t1 - t0);
    let feet = story.root_at(ann, t1 + 0.5)[1] - hip;
    assert!(feet.abs() < 0.02, "feet at {feet:.3} m after hopping down");
}

#[test]
fn a_thrown_ball_flies_ballistically_and_is_caught_and_held() {
    let (ir, story) = example("yard");
    let toy = prop_index(&ir, "toy");
    let (rel, caught) = (at(&story, "toss", Event::Release), at(&story, "grab", Event::Contact));
    assert!(caught > rel + 0.2, "caught {caught:.3}s, released {rel:.3}s");
    // Between the hands: vertical acceleration −g, horizontal speed constant.
    let dt = 1.0 / 60.0;
    let p = |t: f64| story.prop_at(toy, t).unwrap();
    let mid = (rel + caught) / 2.0;
    let (a, b, c) = (p(mid - dt), p(mid), p(mid + dt));
    let ay = (a[1] - 2.0 * b[1] + c[1]) as f64 / (dt * dt);
    assert!((ay + 9.81).abs() < 0.2, "the ball's vertical acceleration in flight is {ay:.2} m/s²");
    let vx1 = (b[0] - a[0]) as f64 / dt;
    let vx2 = (c[0] - b[0]) as f64 / dt;
    assert!((vx1 - vx2).abs() < 0.05 && vx1 > 3.0, "horizontal speed {vx1:.2} then {vx2:.2} m/s");
    // Held: it stays in bob's right hand to the end.
    let mut ir60 = ir.clone();
    ir60.fps = 60;
    let bake = reel::sim::bake_from_story(&ir60, story);
    let hand = bake.nodes.iter().position(|n| n.name == "bob.hand_r").unwrap();
    let ball = bake.nodes.iter().position(|n| n.name == "toy").unwrap();
    for f in bake.frames.iter().filter(|f| f.story_time_secs > caught + 0.05) {
        let (hp, bp) = (f.nodes[hand].translation, f.nodes[ball].translation);
        let d = ((hp[0] - bp[0]).powi(2) + (hp[1] - bp[1]).powi(2) + (hp[2] - bp[2]).powi(2)).sqrt();
        assert!(d < 0.15, "at {:.2}s the ball is {d:.3} m from bob's hand", f.story_time_secs);
    }
}

#[test]
fn sitting_on_a_chair_puts_the_hips_on_the_seat_and_the_feet_on_the_floor() {
    let (ir, story) = example("yard");
    let ann = actor_index(&ir, "ann");
    let mut ir60 = ir.clone();
    ir60.fps = 60;
    let end = story.end_secs();
    let bake = reel::sim::bake_from_story(&ir60, story);
    let node = |n: &str| bake.nodes.iter().position(|d| d.name == n).unwrap();
    let last = bake.frames.iter().rev().find(|f| f.story_time_secs <= end).unwrap();
    let pelvis = last.nodes[node("ann.pelvis")].translation;
    let h = ir.actors[ann].height_m;
    // The pelvis' bottom (its centre less half its height) on the 45 cm seat.
    let bottom = pelvis[1] - 0.055 * h;
    assert!((bottom - 0.45).abs() < 0.04, "pelvis bottom at {bottom:.3} m on a 45 cm seat");
    assert!((pelvis[0] - (-0.4)).abs() < 0.25 && (pelvis[2] - 1.6).abs() < 0.1, "not over the chair: {pelvis:?}");
    for foot in ["ann.foot_l", "ann.foot_r"] {
        let y = last.nodes[node(foot)].translation[1];
        assert!(y > 0.0 && y < 0.08, "{foot} at {y:.3} m while seated");
    }
}

#[test]
fn walkers_stop_before_they_wave() {
    // walkers.scene: `walk … over 2.6s`, `stop over 0.4s`, then the wave; the stop slows
    // the walk to standing: half the walking speed's distance, still at its end.
    let (ir, story) = example("walkers");
    let ann = actor_index(&ir, "ann");
    let (s0, s1) = (at(&story, "halt", Event::Start), at(&story, "halt", Event::End));
    let x = |t: f64| story.root_at(ann, t)[0] as f64;
    let v0 = (x(s0) - x(s0 - 0.1)) / 0.1;
    assert!(v0 > 0.5, "walking at {v0:.2} m/s when the stop starts");
    let covered = x(s1) - x(s0);
    assert!((covered - v0 * (s1 - s0) / 2.0).abs() < 0.05, "covered {covered:.3} m stopping from {v0:.2} m/s over {:.2}s", s1 - s0);
    assert!((x(s1 + 0.5) - x(s1)).abs() < 0.01, "still moving after the stop");
}

#[test]
fn land_waits_for_the_surface_below_and_balance_stands_on_one_foot() {
    let (ir, story) = story_of(
        "use std.props.table\nuse std.characters.humanoid\nprop desk = table { size (2m, 0.9m, 1m) }\nactor a = humanoid { height 1.7m, on desk at (0m, 0m) facing +x }\ncamera cam {}\ntimeline {\n    a {\n        walk to (1.4m, 0m) over 1s as off\n        land as touch\n        balance right_leg for 2s as still\n    }\n    cam { wide a for 5s }\n}\n",
    );
    assert!(story.notes.is_empty(), "{:?}", story.notes);
    let h = 1.7f32;
    let landed = at(&story, "touch", Event::Landing);
    let feet = story.root_at(0, landed)[1] - 0.52 * h;
    assert!(feet.abs() < 0.03, "landing found with the feet {feet:.3} m above the floor");
    let mut ir60 = ir.clone();
    ir60.fps = 60;
    let (b0, b1) = (at(&story, "still", Event::Start), at(&story, "still", Event::End));
    let bake = reel::sim::bake_from_story(&ir60, story);
    let node = |n: &str| bake.nodes.iter().position(|d| d.name == n).unwrap();
    let (l, r) = (node("a.foot_l"), node("a.foot_r"));
    for f in bake.frames.iter().filter(|f| f.story_time_secs > b0 + 0.5 && f.story_time_secs < b1 - 0.5) {
        let (yl, yr) = (f.nodes[l].translation[1], f.nodes[r].translation[1]);
        assert!(yr < 0.05 && yl > 0.2, "at {:.2}s: left foot {yl:.3} m, right {yr:.3} m", f.story_time_secs);
    }
}

#[test]
fn every_pose_in_the_examples_keeps_joints_in_human_ranges_and_limbs_out_of_the_body() {
    // Joints: the net angles the figure is drawn with (the crouch adds to hips and knees).
    // Limbs: no hand or foot centre inside the torso's ellipsoid; no sole below the floor.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "scene") {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let Some(ir) = reel::compile_in(&src, path.parent()).0 else { panic!("{} does not compile", path.display()) };
        let story = reel::sim::simulate_story(&ir, None);
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        for (ai, a) in ir.actors.iter().enumerate() {
            let mut t = 0.0;
            while t <= story.end_secs() {
                let p = story.pose_at(ai, t);
                let bend = (1.0 - p.drop.clamp(0.0, 0.6)).acos();
                let within = |what: &str, v: f32, lo: f32, hi: f32| {
                    assert!((lo..=hi).contains(&v), "{name}: {}'s {what} at {t:.2}s is {v:.2} rad, outside {lo}..{hi}", a.name);
                };
                for s in 0..2 {
                    within("knee", p.knee[s] + 2.0 * bend, -0.05, 2.65);
                    within("hip", p.hip[s] + bend, -0.9, 2.4);
                    within("elbow", p.elbow[s], -0.05, 2.6);
                    within("shoulder", p.shoulder[s], -1.2, 3.15);
                    within("arm abduction", p.abduct[s], -0.3, 3.15);
                }
                within("lean", p.lean, -0.5, 1.2);
                within("head pitch", p.head_pitch, -0.6, 0.6);
                t += 1.0 / 30.0;
            }
        }
        let bake = reel::sim::bake_from_story(&ir, story);
        // Skinned figures draw no parts: tests/people.rs holds their limbs to capsules.
        for a in ir.actors.iter().filter(|a| a.rest_m.is_none()) {
            let node = |n: &str| bake.nodes.iter().position(|d| d.name == format!("{}.{n}", a.name)).unwrap();
            let torso = node("torso");
            let limbs = ["hand_l", "hand_r", "foot_l", "foot_r"].map(node);
            let floor_under = a.position_m[1] - 0.01;
            for f in &bake.frames {
                let tx = &f.nodes[torso];
                let q = glam::Quat::from_array(tx.rotation);
                let radii = glam::Vec3::from(tx.scale) / 2.0;
                for &k in &limbs {
                    let local = q.inverse() * (glam::Vec3::from(f.nodes[k].translation) - glam::Vec3::from(tx.translation));
                    let inside = (local / radii).length_squared();
                    assert!(inside > 1.0, "{name}: {} at {:.2}s is inside {}'s torso", bake.nodes[k].name, f.story_time_secs, a.name);
                }
                for foot in [limbs[2], limbs[3]] {
                    let y = f.nodes[foot].translation[1] - 0.02 * a.height_m;
                    assert!(
                        y > floor_under.min(0.0) - 0.01,
                        "{name}: {}'s sole at {y:.3} m at {:.2}s, below the floor",
                        bake.nodes[foot].name,
                        f.story_time_secs
                    );
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} examples");
}

#[test]
fn a_speed_ramp_slows_the_back_flip_evenly() {
    // gymnast.scene: `at flip.takeoff slowmo 1x -> 0.3x over 0.5s`. Story time per screen
    // frame falls from 1x to 0.3x across the stretch, which lasts 0.5 / 0.65 s on screen.
    let (ir, story) = example("gymnast");
    let takeoff = at(&story, "flip", Event::Takeoff);
    let bake = reel::sim::bake_from_story(&ir, story);
    let fps = ir.fps as f64;
    let rates: Vec<(f64, f64)> = bake
        .frames
        .windows(2)
        .filter(|w| w[0].story_time_secs >= takeoff && w[1].story_time_secs <= takeoff + 0.5)
        .map(|w| (w[0].story_time_secs, (w[1].story_time_secs - w[0].story_time_secs) * fps))
        .collect();
    let screen = rates.len() as f64 / fps;
    assert!((screen - 0.5 / 0.65).abs() < 2.5 / fps, "the ramp lasted {screen:.3}s on screen");
    assert!(rates.first().unwrap().1 > 0.9 && rates.last().unwrap().1 < 0.4, "{rates:?}");
    assert!(rates.windows(2).all(|w| w[1].1 <= w[0].1 + 1e-9), "the factor only falls: {rates:?}");
}

#[test]
fn a_mark_names_the_instant_its_track_reaches_and_others_sync_on_it() {
    let (ir, story) = story_of(
        "use std.characters.humanoid\nactor a = humanoid { at (-2m, 0m), facing +x }\nactor b = humanoid { at (2m, 0m), facing -x }\ncamera cam {}\ntimeline {\n    a {\n        walk to (0m, 0m) over 1.5s as go\n        mark as there\n        wave for 1s\n    }\n    b {\n        at there.start jump up 20cm as hop\n    }\n    cam { wide a for 1s\n        at there.start closeup b.head for 1s }\n}\n",
    );
    assert!(story.notes.is_empty(), "{:?}", story.notes);
    let (walked, there, there_end) = (at(&story, "go", Event::End), at(&story, "there", Event::Start), at(&story, "there", Event::End));
    assert!((there - walked).abs() < 1e-9 && there_end == there, "the mark is where the walk ends: {walked} {there} {there_end}");
    let hop = at(&story, "hop", Event::Start);
    assert!(hop >= there && hop - there < 0.01, "b's jump starts at the mark: {hop} vs {there}");
    let bake = reel::sim::bake_from_story(&ir, story);
    assert!(bake.events.iter().any(|e| e.name == "there.start"), "marks are in the bake's events");
}

/// Story times every 1/120 s over the story.
fn times(story: &reel::sim::Story) -> impl Iterator<Item = f64> + '_ {
    (0..=(story.end_secs() * 120.0) as usize).map(|i| i as f64 / 120.0)
}

#[test]
fn frame_zero_shows_moving_props_where_they_are_declared() {
    // The settling before story time let moving balls run 0.1 s (0.77 m down a lane).
    let src = "scene \"lane\" { fps 30 }\nuse std.props.{ball}\nprop b = ball { radius 11cm, at (-3m, 0.11m, 0m), velocity (7 m/s, 0 m/s, 0 m/s) }\nprop t = ball { radius 4cm, at (0m, 1.5m, 1m), velocity (2 m/s, 3 m/s, 0 m/s) }\n";
    let ir = reel::compile(src).0.unwrap();
    let story = reel::sim::simulate_story(&ir, None);
    for (i, want) in [[-3.0f32, 0.11, 0.0], [0.0, 1.5, 1.0]].iter().enumerate() {
        let p = story.prop_at(i, 0.0).unwrap();
        let off = (0..3).map(|k| (p[k] - want[k]).powi(2)).sum::<f32>().sqrt();
        assert!(off < 0.01, "prop {i} is first seen {off} m from where it is declared ({p:?})");
    }
}

/// Drops onto `target` (a prop declared in `decl`, top at `top_m`): a marble from 0.3 m
/// above it never comes back higher than it fell from.
fn assert_no_energy_gained(decl: &str, top_m: f32, what: &str) {
    let drop_from = top_m + 0.3;
    let src = format!("scene \"drop\" {{ fps 30 }}\nuse std.props.{{ball, box, table, domino, wall, chair, cup}}\n{decl}\nprop m = ball {{ radius 1cm, at (0m, {drop_from}m, 0m), material steel, bounciness 0.9 }}\n");
    let (ir, diags) = reel::compile(&src);
    let ir = ir.unwrap_or_else(|| panic!("{what}: {diags:#?}"));
    let story = reel::sim::simulate_story(&ir, None);
    let marble = ir.props.iter().position(|p| p.name == "m").unwrap();
    let peak = times(&story).skip(30).map(|t| story.prop_at(marble, t).unwrap()[1]).fold(f32::MIN, f32::max);
    assert!(peak <= drop_from + 0.005, "{what}: a marble dropped from {drop_from} m bounced up to {peak} m");
    // The target itself is not thrown about by starting where it stands.
    if let Some(target) = ir.props.iter().position(|p| p.name == "target") {
        if let Some(p0) = story.prop_at(target, 0.0) {
            let high = times(&story).map(|t| story.prop_at(target, t).unwrap()[1]).fold(f32::MIN, f32::max);
            assert!(high <= p0[1] + 0.01, "{what}: the target rose from {} m to {high} m", p0[1]);
        }
    }
}

#[test]
fn no_bounce_returns_higher_than_its_fall_onto_any_prop() {
    // The cup declared at the origin starts inside the floor: it used to pop out and throw
    // a marble dropped on it from 0.3 m up to 0.55 m.
    assert_no_energy_gained("prop target = cup { at (0m, 0m) }", 0.10, "cup");
    assert_no_energy_gained("prop target = box { size (40cm, 30cm, 40cm) }", 0.30, "box");
    assert_no_energy_gained("prop target = table { size (1m, 0.75m, 1m) }", 0.75, "table");
    assert_no_energy_gained("prop target = wall { size (2m, 1m, 20cm) }", 1.0, "wall");
    assert_no_energy_gained("prop target = chair { }", 0.45, "chair");
    assert_no_energy_gained("prop target = domino { size (2cm, 10cm, 5cm) }", 0.10, "domino");
    assert_no_energy_gained("", 0.0, "floor");
}

#[test]
fn balls_in_every_example_never_rise_above_their_starting_energy() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for e in std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.extension().is_some_and(|x| x == "scene")) {
        let text = std::fs::read_to_string(&e).unwrap();
        let ir = reel::compile_in(&text, Some(&dir)).0.unwrap();
        let story = reel::sim::simulate_story(&ir, None);
        let g = ir.world.gravity_mps2;
        for (i, p) in ir.props.iter().enumerate() {
            let reel::ir::PropKind::Ball { velocity_mps: v, .. } = p.kind else { continue };
            // Held, thrown, kicked and pushed balls get their energy from a body.
            let handled = text
                .split_whitespace()
                .collect::<Vec<_>>()
                .windows(2)
                .any(|w| w[1] == p.name && ["throw", "catch", "grip", "hold", "pick", "kick", "push", "carry"].iter().any(|v| w[0].starts_with(v)));
            // Launched from its own track: its energy is the launch's.
            let launched = ir.prop_tracks.iter().any(|t| t.prop == i && t.items.iter().any(|it| it.launch.is_some()));
            if handled || launched {
                continue;
            }
            let Some(p0) = story.prop_at(i, 0.0) else { continue };
            let ceiling = p0[1] + (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) / (2.0 * g) + 0.005;
            for t in times(&story) {
                let y = story.prop_at(i, t).unwrap()[1];
                assert!(y <= ceiling, "{}: `{}` reached {y} m at {t}s, above the {ceiling} m its start allows", e.display(), p.name);
            }
        }
    }
}

#[test]
fn a_figure_sitting_on_a_box_leaves_it_standing_where_it_is() {
    // The kinematic body sitting down drove the box through the floor, or off across it.
    for hold in ["", " for 1.5s"] {
        let src = format!(
            "scene \"sit\" {{ fps 10, duration 5s }}\nuse std.props.{{box}}\nuse std.characters.humanoid\nprop seat = box {{ size (50cm, 45cm, 50cm), at (0m, 0m) }}\nactor ann = humanoid {{ height 1.7m, at (-1m, 0m), facing +x }}\ntimeline {{\n    ann {{ sit on seat{hold} }}\n}}\n"
        );
        let ir = reel::compile(&src).0.unwrap();
        let story = reel::sim::simulate_story(&ir, None);
        let start = story.prop_at(0, 0.0).unwrap();
        for t in times(&story) {
            let p = story.prop_at(0, t).unwrap();
            let moved = ((p[0] - start[0]).powi(2) + (p[2] - start[2]).powi(2)).sqrt();
            assert!(moved < 0.01 && (p[1] - start[1]).abs() < 0.005, "sit{hold}: the seat moved to {p:?} at {t}s (from {start:?})");
        }
        // And she is on it: hips above the seat's top, not on the floor.
        let hips = story.root_at(0, 2.0)[1];
        assert!(hips > 0.45, "sit{hold}: hips at {hips} m, the seat's top is at 0.45 m");
    }
}

/// `leaves` is found by the simulation: a ball rolling off a table's edge leaves it when it
/// loses touch past the edge, still at the top's height, before it meets the floor; a ball
/// dropped through the air leaves nothing until it bounces up from the floor.
#[test]
fn a_ball_leaves_the_edge_it_rolls_off() {
    let (ir, story) = story_of(
        "use std.props.{table, ball}\nprop desk = table { size (1.6m, 0.75m, 0.8m) }\nprop b = ball { radius 6cm, on desk at (0.2m, 0m), velocity (1.4 m/s, 0 m/s, 0 m/s) }\nprop d = ball { radius 10cm, at (3m, 1m, 0m) }\n",
    );
    let leaves = at(&story, "b", Event::Leaves);
    let contact = at(&story, "b", Event::Contact);
    assert!(leaves < contact, "leaves at {leaves}s, the floor at {contact}s");
    let p = story.prop_at(prop_index(&ir, "b"), leaves).unwrap();
    assert!(p[0] > 0.8 && p[0] < 0.95, "it leaves past the edge (x = 0.8 m): {p:?}");
    assert!((p[1] - (0.75 + 0.06)).abs() < 0.05, "near the top's height (contact has a small skin): {p:?}");
    // Dropped from 1 m: the first time it leaves anything is its first bounce.
    let drop_leaves = at(&story, "d", Event::Leaves);
    let drop_contact = at(&story, "d", Event::Contact);
    assert!(drop_leaves > drop_contact, "the dropped ball leaves the floor at {drop_leaves}s, after meeting it at {drop_contact}s");
}

#[test]
fn a_turned_chair_turns_its_colliders_and_its_sitter() {
    // Turned 90°, the chair's back is on its +z side and a sitter faces -z (yaw π/2).
    let (_, story) = story_of(
        "use std.props.{chair, ball}\nuse std.characters.humanoid\nprop seat = chair { turn 90deg }\n\
         prop b = ball { radius 5cm, at (0m, 1.5m, 0.2m) }\nactor a = humanoid { height 1.6m, at (0m, -0.8m), facing +z }\n\
         camera cam {}\ntimeline {\n    a { sit on seat over 1s as s }\n    cam { wide a for 3s }\n}\n",
    );
    let seated = at(&story, "s", Event::Start) + 1.5;
    let yaw = story.yaw_at(0, seated).rem_euclid(std::f32::consts::TAU);
    assert!((yaw - std::f32::consts::FRAC_PI_2).abs() < 0.05, "the sitter faces yaw {yaw:.2}, not π/2");
    let root = story.root_at(0, seated);
    assert!(root[0].abs() < 0.1 && root[2] > -0.2 && root[2] < 0.25, "seated at {root:?}");
    // A ball dropped over where the back now is meets it (its top, 90 cm up), not the seat
    // (45 cm): the fall to 0.9 m takes about 0.33 s, to the seat 0.45 s.
    let contact = at(&story, "b", Event::Contact);
    assert!(contact < 0.4, "the ball met something after {contact:.2}s: the back did not turn");
}

#[test]
fn a_walk_then_a_stop_comes_to_rest_on_the_target() {
    for (gait, over, stop) in [("walk", "2s", "0.4s"), ("run", "1.2s", "0.6s"), ("sprint", "1s", "0.8s")] {
        let (_, story) = story_of(&format!(
            "use std.characters.humanoid\nactor a = humanoid {{ height 1.7m, at (0m, 0m), facing +x }}\ncamera cam {{}}\n\
             timeline {{\n    a {{\n        {gait} to (3m, 0m) over {over}\n        stop over {stop} as s\n        idle for 1s\n    }}\n    cam {{ wide a }}\n}}\n"
        ));
        let rest = story.root_at(0, at(&story, "s", Event::End) + 0.5);
        assert!((rest[0] - 3.0).abs() < 0.05 && rest[2].abs() < 0.05, "{gait}: came to rest at {rest:?}, not (3, 0)");
    }
}

#[test]
fn rolling_stops_as_far_as_the_material_lets_it() {
    // Set going at 2 m/s, a ball first slides until it rolls (at 5/7 of its speed, as a
    // solid sphere does), then slows by rolling · g until it rests at v² / (2 · rolling · g).
    for (material, rolling) in [("rubber", 0.03f32), ("wood", 0.01), ("soft", 0.1)] {
        let (_, story) = story_of(&format!(
            "use std.props.ball\nmaterial soft {{ rolling 0.1 }}\nprop b = ball {{ radius 5cm, material {material}, at (0m, 5cm, 0m), velocity (2 m/s, 0 m/s, 0 m/s) }}\n\
             camera cam {{}}\ntimeline {{ cam {{ wide b for 30s }} }}\n"
        ));
        let x = |t: f64| story.prop_at(0, t).unwrap()[0];
        let speed = |t: f64| (x(t + 0.05) - x(t - 0.05)) / 0.1;
        let decel = (speed(0.5) - speed(1.0)) / 0.5;
        let g = 9.81;
        // Within a tenth, or 0.02 m/s² (what the contact itself takes off a slow roll).
        assert!((decel - rolling * g).abs() < (0.1 * rolling * g).max(0.02), "{material}: slows by {decel:.3} m/s², rolling · g = {:.3}", rolling * g);
        let rest = x(at(&story, "b", Event::Rests));
        let from_half = x(0.5) + speed(0.5) * speed(0.5) / (2.0 * rolling * g);
        assert!((rest - from_half).abs() / from_half < 0.2, "{material}: rested at {rest:.2} m, {from_half:.2} m from its speed at 0.5 s");
    }
}

#[test]
fn a_jump_onto_a_prop_lands_on_its_top() {
    // A box 60 cm high and a table 75 cm high, each jumped onto from the floor.
    for (prop, top, half) in
        [("box { size (80cm, 60cm, 80cm), at (1.4m, 0m) }", 0.6f32, 0.4f32), ("table { size (1.2m, 0.75m, 0.8m), at (1.6m, 0m) }", 0.75, 0.6)]
    {
        let (ir, story) = story_of(&format!(
            "use std.props.{{box, table}}\nuse std.characters.humanoid\nprop p = {prop}\nactor a = humanoid {{ height 1.6m, at (0m, 0m), facing +x }}\n\
             camera cam {{}}\ntimeline {{\n    a {{\n        jump onto p as j\n        idle for 1s\n    }}\n    cam {{ wide a }}\n}}\n"
        ));
        let landed = at(&story, "j", Event::Landing);
        let root = story.root_at(0, landed + 0.8);
        let feet = root[1] - reel::sim::skeleton::Skeleton::of(&ir.actors[0]).legs.hip_height * 1.6;
        assert!((feet - top).abs() < 0.03, "{prop}: feet at {feet:.3} m after landing, the top is at {top} m");
        let centre = ir.props[0].position_m[0];
        assert!((root[0] - centre).abs() < half && root[2].abs() < 0.4, "{prop}: landed at {root:?}, off the top");
    }
    // Neither `up` nor `onto`: a jump needs one.
    stages::check("use std.characters.humanoid\nactor a = humanoid {}\ncamera c {}\ntimeline { a { jump forward 1m } c { wide a } }\n", &["E0204"]);
}
