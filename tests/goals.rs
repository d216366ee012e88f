//! Motions with goals, from text to story: paths round a point or a thing at its
//! radius, through waypoints, at a speed, a stop on a path's last point, a walk to a thing
//! that stops short of it, facing anything, a throw that lands on its target.

#[path = "support/stages.rs"]
mod stages;

use reel::ir::Event;
use stages::{event as at, story as story_of};

fn xz(story: &reel::sim::Story, actor: usize, t: f64) -> (f32, f32) {
    let r = story.root_at(actor, t);
    (r[0], r[2])
}

#[test]
fn a_run_around_a_table_stays_on_its_circle_and_turns_the_way_asked() {
    let (_, story) = story_of(
        "use std.props.table
         use std.characters.mannequin
         prop t = table { size (1m, 0.75m, 1m), at (1m, 1m) }
         actor r = mannequin { at (3m, 1m), facing -z }
         timeline { r { run around t turning right by 1 turn over 6s as lap } }",
    );
    let (t0, t1) = (at(&story, "lap", Event::Start), at(&story, "lap", Event::End));
    let mut worst: f32 = 0.0;
    let mut last_angle: Option<f32> = None;
    let mut turned = 0.0f32;
    for k in 0..=200 {
        let t = t0 + (t1 - t0) * k as f64 / 200.0;
        let (x, z) = xz(&story, 0, t);
        let (dx, dz) = (x - 1.0, z - 1.0);
        worst = worst.max(((dx * dx + dz * dz).sqrt() - 2.0).abs());
        let angle = (-dz).atan2(dx);
        if let Some(prev) = last_angle {
            let d = (angle - prev + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI;
            turned += d;
        }
        last_angle = Some(angle);
    }
    assert!(worst < 0.05, "the runner stays within 5 cm of the 2 m circle (worst {worst:.3} m)");
    assert!((turned + std::f32::consts::TAU).abs() < 0.1, "one turn to the right (clockwise seen from above): {turned:.2} rad");
}

#[test]
fn a_walk_around_a_point_at_a_radius_first_reaches_the_circle() {
    let (_, story) = story_of(
        "use std.characters.mannequin
         actor w = mannequin { at (0m, 0m) }
         timeline { w { walk around (0m, 0m) radius 1.5m by 180deg speed 1.2 m/s as arc } }",
    );
    let (t0, t1) = (at(&story, "arc", Event::Start), at(&story, "arc", Event::End));
    let (x, z) = xz(&story, 0, t1);
    assert!((x + 1.5).abs() < 0.05 && z.abs() < 0.05, "half a turn from +x ends at -x: ({x:.3}, {z:.3})");
    // The path is 1.5 m out, then half a circle: π · 1.5 m, at 1.2 m/s cruising.
    let length = 1.5 + std::f64::consts::PI * 1.5;
    let cruise = length / (t1 - t0) * 1.064;
    assert!((cruise - 1.2).abs() < 0.06, "cruising at the speed asked within 5% ({cruise:.3} m/s)");
}

#[test]
fn a_walk_through_waypoints_passes_each_and_a_stop_rests_on_the_last() {
    let (_, story) = story_of(
        "use std.characters.mannequin
         actor w = mannequin { at (0m, 0m) }
         timeline {
             w {
                 walk through ((1m, 1m), (2m, -1m), (3m, 0m)) over 5s as go
                 stop over 0.5s as halt
             }
         }",
    );
    let (t0, t1) = (at(&story, "go", Event::Start), at(&story, "halt", Event::End));
    for (px, pz) in [(1.0f32, 1.0f32), (2.0, -1.0)] {
        let nearest = (0..=500)
            .map(|k| {
                let (x, z) = xz(&story, 0, t0 + (t1 - t0) * k as f64 / 500.0);
                ((x - px).powi(2) + (z - pz).powi(2)).sqrt()
            })
            .fold(f32::INFINITY, f32::min);
        assert!(nearest < 0.05, "the walk passes ({px}, {pz}) within 5 cm ({nearest:.3} m)");
    }
    let (x, z) = xz(&story, 0, story.end_secs());
    assert!((x - 3.0).abs() < 0.05 && z.abs() < 0.05, "the stop rests on the last point: ({x:.3}, {z:.3})");
}

#[test]
fn paths_that_cannot_be_walked_are_diagnosed() {
    let head = "use std.characters.mannequin\nuse std.props.table\nactor w = mannequin {}\nprop t = table { at (3m, 3m) }\ncamera cam {}\ntimeline { cam { wide w }\n w { ";
    stages::check(&format!("{head}walk over 2s }} }}"), &["E0204"]);
    stages::check(&format!("{head}walk to (1m, 0m) }} }}"), &["E0204"]);
    stages::check(&format!("{head}walk to (1m, 0m) over 2s speed 1 m/s }} }}"), &["E0205"]);
    stages::check(&format!("{head}walk around t to (1m, 0m) over 2s }} }}"), &["E0205"]);
    stages::check(&format!("{head}walk to (1m, 0m) radius 1m over 2s }} }}"), &["E0204"]);
    stages::check(&format!("{head}run around t speed 40 m/s }} }}"), &["E0208"]);
    stages::check(&format!("{head}walk through (1m, 2m, 3m) over 2s }} }}"), &["E0206"]);
    stages::check(&format!("{head}walk around nobody over 2s }} }}"), &["E0101"]);
}

#[test]
fn a_walk_to_a_thing_stops_the_distance_asked_short_of_it() {
    let (ir, story) = story_of(
        "use std.props.table
         use std.characters.mannequin
         prop t = table { size (1.2m, 0.75m, 0.8m), at (0m, 4m), turn 30deg }
         actor ann = mannequin { at (0m, 0m), facing +x }
         actor bob = mannequin { at (5m, 1m), facing -x }
         timeline {
             ann { walk to bob distance 1m over 3s as meet; stop over 0.4s as still }
             bob { idle for 1s; face ann over 0.5s as look }
         }",
    );
    let end = at(&story, "still", Event::End) + 0.2;
    let (a, b) = (story.root_at(0, end), story.root_at(1, end));
    let apart = ((a[0] - b[0]).powi(2) + (a[2] - b[2]).powi(2)).sqrt();
    assert!((apart - 1.0).abs() < 0.05, "ann stops 1 m from bob: {apart:.3} m");
    // Bob turned to face where ann stood when his turn began.
    let t = at(&story, "look", Event::End);
    let (ax, az) = xz(&story, 0, at(&story, "look", Event::Start));
    let (bx, bz) = xz(&story, 1, t);
    let want = (-(az - bz)).atan2(ax - bx);
    let yaw = story.yaw_at(1, t);
    let off = ((yaw - want + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI).abs();
    assert!(off < 5f32.to_radians(), "bob faces ann within 5° ({:.1}°)", off.to_degrees());
    let _ = ir;
    // To a turned table: 40 cm from its nearest edge.
    let (ir, story) = story_of(
        "use std.props.table
         use std.characters.mannequin
         prop t = table { size (1.2m, 0.75m, 0.8m), at (0m, 0m), turn 30deg }
         actor ann = mannequin { at (3m, 2m) }
         timeline { ann { walk to t distance 40cm speed 1.2 m/s; stop over 0.4s } }",
    );
    let (x, z) = xz(&story, 0, story.end_secs());
    // Distance from the turned rectangle: into its frame, then outside its half extents.
    let (s, c) = ir.props[0].yaw_rad().sin_cos();
    let (lx, lz) = (c * x - s * z, s * x + c * z);
    let gap = ((lx.abs() - 0.6).max(0.0).powi(2) + (lz.abs() - 0.4).max(0.0).powi(2)).sqrt();
    assert!((gap - 0.4).abs() < 0.05, "ann stops 40 cm from the table's edge: {gap:.3} m");
}

#[test]
fn a_figure_faces_any_heading_point_or_thing() {
    let ir = stages::ir(
        "use std.props.ball
         use std.characters.mannequin
         prop b = ball { at (0m, 0.05m, -3m) }
         actor a = mannequin { at (0m, 0m), facing 30deg }
         actor c = mannequin { at (2m, 0m), facing b }
         actor d = mannequin { at (4m, 0m), facing (4m, 5m) }",
    );
    assert!((ir.actors[0].facing_rad - 30f32.to_radians()).abs() < 1e-5);
    assert!((ir.actors[1].facing_rad - (3f32).atan2(-2.0)).abs() < 1e-5, "toward the ball");
    assert!((ir.actors[2].facing_rad + std::f32::consts::FRAC_PI_2).abs() < 1e-5, "toward +z");
    let (_, story) = story_of(
        "use std.characters.mannequin
         actor a = mannequin { at (0m, 0m) }
         timeline { a { face 135deg over 0.5s as t } }",
    );
    let yaw = story.yaw_at(0, at(&story, "t", Event::End));
    assert!((yaw - 135f32.to_radians()).abs() < 5f32.to_radians(), "{:.1}°", yaw.to_degrees());
}

#[test]
fn a_throw_to_a_point_lands_within_20_cm_of_it() {
    let (_, story) = story_of(
        "use std.props.ball
         use std.characters.mannequin
         actor a = mannequin { at (0m, 0m), facing +x }
         prop b = ball { radius 4cm, at (0.25m, 0.9m, 0.2m) }
         timeline { a { throw b to (4m, 0m, 1m) as toss } }",
    );
    let touched = at(&story, "b", Event::Contact);
    let p = story.prop_at(0, touched).unwrap();
    // The ball's lowest point where it first meets the floor.
    let miss = ((p[0] - 4.0).powi(2) + (p[1] - 0.04).powi(2) + (p[2] - 1.0).powi(2)).sqrt();
    assert!(miss < 0.2, "the throw lands {miss:.3} m from its target ({p:?})");
}

#[test]
fn a_crouch_lowers_the_hips_by_its_depth_and_holds_it() {
    let src = "use std.characters.mannequin
               actor a = mannequin { height 1.75m }
               timeline { a { idle for 0.5s; crouch 20cm for 1s over 0.4s as low; idle for 0.5s; crouch 60cm as deep } }";
    let mut ir = stages::ir(src);
    ir.fps = 60;
    let story = reel::sim::simulate_story(&ir, None);
    let (t0, t1) = (at(&story, "low", Event::Start), at(&story, "low", Event::End));
    // Deeper than the ankles allow (flat feet): as deep as they do, and a note.
    assert!(story.notes.iter().any(|n| n.contains("as deep as the ankles allow")), "{:?}", story.notes);
    let bake = reel::sim::bake_from_story(&ir, story);
    let pelvis = bake.nodes.iter().position(|n| n.name == "a.pelvis").unwrap();
    let foot = bake.nodes.iter().position(|n| n.name == "a.foot_l").unwrap();
    let y = |secs: f64, node: usize| stages::frame_at(&bake, secs).nodes[node].translation[1];
    let standing = y(t0 - 0.1, pelvis);
    for k in 0..=10 {
        let t = t0 + 0.5 + 0.5 * k as f64 / 10.0;
        let low = standing - y(t, pelvis);
        assert!((low - 0.20).abs() < 0.02, "the hips are 20 cm lower through the hold: {low:.3} m at {t:.2}s");
        assert!(y(t, foot) < 0.08, "the feet stay down");
    }
    assert!((standing - y(t1 + 0.3, pelvis)).abs() < 0.01, "up again after");
}

#[test]
fn a_watching_head_keeps_a_rolling_ball_within_5_degrees() {
    let (ir, story) = story_of(
        "use std.props.ball
         use std.characters.mannequin
         actor a = mannequin { at (0m, 0m), facing +x }
         prop b = ball { radius 5cm, at (3m, 0.05m, -2m), velocity (0 m/s, 0 m/s, 1.5 m/s) }
         timeline { a { watch b for 3s as look } }",
    );
    let t0 = at(&story, "look", Event::Start);
    let h = ir.actors[0].height_m;
    for k in 0..=10 {
        let t = t0 + 0.5 + 2.0 * k as f64 / 10.0;
        let pose = story.pose_at(0, t);
        let root = story.root_at(0, t);
        let eyes = [root[0], root[1] + (0.93 - 0.53) * h, root[2]];
        let ball = story.prop_at(0, t).unwrap();
        let heading = (-(ball[2] - eyes[2])).atan2(ball[0] - eyes[0]);
        let look = story.yaw_at(0, t) + pose.head_yaw;
        let off = ((look - heading + std::f32::consts::PI).rem_euclid(std::f32::consts::TAU) - std::f32::consts::PI).abs();
        assert!(off < 5f32.to_radians(), "at {t:.2}s the head is {:.1}° off the ball", off.to_degrees());
        let flat = ((ball[0] - eyes[0]).powi(2) + (ball[2] - eyes[2]).powi(2)).sqrt();
        let down = (eyes[1] - ball[1]).atan2(flat);
        assert!(
            (pose.head_pitch - down).abs() < 8f32.to_radians(),
            "tilted down toward it: {:.1}° for {:.1}°",
            pose.head_pitch.to_degrees(),
            down.to_degrees()
        );
    }
}

#[test]
fn a_chase_runs_down_a_rolling_ball_and_catches_it() {
    let src = "use std.props.ball
               use std.characters.mannequin
               actor a = mannequin { at (-1m, 0m), facing +x }
               prop b = ball { radius 8cm, at (2m, 0.08m, 0m), velocity (1.5 m/s, 0 m/s, 1 m/s), material wood }
               timeline { a { chase b speed 4 m/s as run_down; idle for 1s } }";
    let mut ir = stages::ir(src);
    ir.fps = 60;
    let story = reel::sim::simulate_story(&ir, None);
    let caught = at(&story, "run_down", Event::End);
    assert!(story.notes.is_empty(), "{:?}", story.notes);
    let ball_then = story.prop_at(0, caught).unwrap();
    let moved = ((ball_then[0] - 2.0).powi(2) + ball_then[2].powi(2)).sqrt();
    assert!(moved > 1.0, "the ball had rolled {moved:.2} m away before it was caught");
    let bake = reel::sim::bake_from_story(&ir, story);
    let hand = bake.nodes.iter().position(|n| n.name == "a.hand_r").unwrap();
    let ball = bake.nodes.iter().position(|n| n.name == "b").unwrap();
    for f in bake.frames.iter().filter(|f| f.story_time_secs > caught + 0.05) {
        let (hp, bp) = (f.nodes[hand].translation, f.nodes[ball].translation);
        let d = ((hp[0] - bp[0]).powi(2) + (hp[1] - bp[1]).powi(2) + (hp[2] - bp[2]).powi(2)).sqrt() - 0.08;
        assert!(d < 0.1, "held: the ball's surface is {d:.3} m from the hand at {:.2}s", f.story_time_secs);
    }
}

#[test]
fn a_ball_held_from_the_start_is_thrown_from_the_hand() {
    let src = "use std.props.ball
               use std.characters.mannequin
               prop b = ball { radius 4cm, at (5m, 0.04m, 5m) }
               actor a = mannequin { at (0m, 0m), facing +x, holds b }
               timeline { a { idle for 0.5s; throw b to (4m, 0m, 0m) as toss } }";
    let mut ir = stages::ir(src);
    assert_eq!(ir.actors[0].holds_prop, Some(0));
    ir.fps = 60;
    let story = reel::sim::simulate_story(&ir, None);
    let released = at(&story, "toss", Event::Release);
    let bake = reel::sim::bake_from_story(&ir, story.clone());
    let hand = bake.nodes.iter().position(|n| n.name == "a.hand_r").unwrap();
    let ball = bake.nodes.iter().position(|n| n.name == "b").unwrap();
    for f in bake.frames.iter().filter(|f| f.story_time_secs < released - 0.02) {
        let (hp, bp) = (f.nodes[hand].translation, f.nodes[ball].translation);
        let d = ((hp[0] - bp[0]).powi(2) + (hp[1] - bp[1]).powi(2) + (hp[2] - bp[2]).powi(2)).sqrt();
        assert!(d < 0.1, "in the hand from the first frame: {d:.3} m at {:.2}s", f.story_time_secs);
    }
    // Its first touch after the throw is the floor, near the aim.
    let first = (0..4000).map(|k| released + k as f64 * 0.002).find(|&t| story.prop_at(0, t).unwrap()[1] < 0.045).unwrap();
    let p = story.prop_at(0, first).unwrap();
    let miss = ((p[0] - 4.0).powi(2) + p[2].powi(2)).sqrt();
    assert!(miss < 0.2, "lands {miss:.3} m from the aim: {p:?}");
}

#[test]
fn a_jump_over_a_box_clears_it_and_lands_beyond() {
    let src = "use std.props.box
               use std.characters.mannequin
               prop crate = box { size (50cm, 50cm, 60cm), at (1.2m, 0.3m), turn 20deg, material wood }
               actor a = mannequin { at (0m, 0m), facing +x }
               timeline { a { jump over crate as leap; idle for 1s } }";
    let mut ir = stages::ir(src);
    ir.fps = 120;
    let story = reel::sim::simulate_story(&ir, None);
    assert!(!story.events.contains_key(&("crate".to_string(), Event::Contact)), "the crate is never touched");
    let landed = at(&story, "leap", Event::Landing);
    let (x, z) = xz(&story, 0, landed);
    let beyond = ((x - 1.2).powi(2) + (z - 0.3).powi(2)).sqrt();
    assert!(beyond > 0.45 && x > 1.2, "lands beyond the crate's far side: ({x:.2}, {z:.2})");
    let bake = reel::sim::bake_from_story(&ir, story);
    let feet: Vec<usize> = bake.nodes.iter().enumerate().filter(|(_, n)| n.name == "a.foot_l" || n.name == "a.foot_r").map(|(i, _)| i).collect();
    for f in &bake.frames {
        for &k in &feet {
            let p = f.nodes[k].translation;
            if ((p[0] - 1.2).powi(2) + (p[2] - 0.3).powi(2)).sqrt() < 0.3 {
                assert!(p[1] > 0.5, "a foot over the crate is above its 50 cm top: {p:?} at {:.2}s", f.story_time_secs);
            }
        }
    }
}

#[test]
fn a_running_jump_keeps_its_speed_through_takeoff_and_landing() {
    let (_, story) = story_of(
        "use std.characters.mannequin
         actor r = mannequin { at (0m, 0m), facing +x }
         timeline { r { run to (6m, 0m) over 1.6s as approach; jump up 40cm as leap; run to (14m, 0m) over 1.8s as away } }",
    );
    let speed = |t: f64| {
        let (a, b) = (story.root_at(0, t - 0.01), story.root_at(0, t + 0.01));
        (((b[0] - a[0]).powi(2) + (b[2] - a[2]).powi(2)).sqrt() / 0.02) as f64
    };
    let run = speed(at(&story, "approach", Event::End) - 0.1);
    let flight = speed((at(&story, "leap", Event::Takeoff) + at(&story, "leap", Event::Landing)) / 2.0);
    assert!((flight - run).abs() < 0.1 * run, "in the air at {flight:.2} m/s, running at {run:.2} m/s");
    let (from, to) = (at(&story, "approach", Event::End), at(&story, "away", Event::Start) + 0.2);
    let slowest = (0..=100).map(|k| speed(from + (to - from) * k as f64 / 100.0)).fold(f64::INFINITY, f64::min);
    assert!(slowest > 0.6 * run, "never stands still from the run-up to the run on: slowest {slowest:.2} m/s");
}

#[test]
fn a_kicked_ball_leaves_at_the_speed_asked_toward_its_target() {
    let (_, story) = story_of(
        "use std.props.{ball, box}
         use std.characters.mannequin
         prop b = ball { radius 11cm, at (1.5m, 0.11m, 0.5m) }
         prop goal = box { size (1m, 1m, 20cm), at (7m, 2m) }
         actor a = mannequin { at (0m, 0m), facing +x }
         timeline { a { kick b toward goal speed 6 m/s up 0deg as shot } }",
    );
    // The first moment the ball moves, then its speed a little after.
    let moved = (0..4000).map(|k| k as f64 * 0.002).find(|&t| (story.prop_at(0, t).unwrap()[0] - 1.5).abs() > 0.01).expect("the ball is kicked");
    let (p0, p1) = (story.prop_at(0, moved + 0.02).unwrap(), story.prop_at(0, moved + 0.04).unwrap());
    let v = (((p1[0] - p0[0]).powi(2) + (p1[2] - p0[2]).powi(2)).sqrt() / 0.02) as f64;
    assert!((v - 6.0).abs() < 0.3, "leaves at {v:.2} m/s for 6 m/s");
    let heading = (p1[2] - p0[2]).atan2(p1[0] - p0[0]);
    let want = (2.0f32 - 0.5).atan2(7.0 - 1.5);
    assert!((heading - want).abs() < 5f32.to_radians(), "toward the goal within 5°: {:.1}° for {:.1}°", heading.to_degrees(), want.to_degrees());
    assert!(story.events.contains_key(&("goal".to_string(), Event::Contact)), "and reaches it");
}

/// A scene's bake at 60 fps with when its `rest` starts and ends, and the indices of figure
/// `a`'s pelvis, head and left foot nodes.
fn lying(src: &str) -> (f64, f64, reel::sim::Bake, [usize; 3]) {
    let mut ir = stages::ir(src);
    ir.fps = 60;
    let story = reel::sim::simulate_story(&ir, None);
    let (t0, t1) = (at(&story, "rest", Event::Start), at(&story, "rest", Event::End));
    let bake = reel::sim::bake_from_story(&ir, story);
    let node = |n: &str| bake.nodes.iter().position(|d| d.name == n).unwrap();
    let nodes = [node("a.pelvis"), node("a.head"), node("a.foot_l")];
    (t0, t1, bake, nodes)
}

#[test]
fn a_figure_lies_down_on_its_back_and_gets_up_again() {
    let (t0, t1, bake, [pelvis, head, foot]) = lying(
        "use std.characters.mannequin
         actor a = mannequin { at (0m, 0m), facing +x, height 1.75m }
         timeline { a { lie_down for 1.5s over 1.2s as rest; idle for 0.5s } }",
    );
    let at_t = |secs: f64, k: usize| stages::frame_at(&bake, secs).nodes[k].translation;
    let standing = at_t(t0, pelvis)[1];
    for k in 0..=10 {
        let t = t0 + 1.3 + 1.3 * k as f64 / 10.0;
        let (p, hd, f) = (at_t(t, pelvis), at_t(t, head), at_t(t, foot));
        assert!(p[1] < 0.2 && hd[1] < 0.25 && f[1] < 0.25, "lying flat at {t:.2}s: pelvis {p:?}, head {hd:?}, foot {f:?}");
        assert!(hd[0] < p[0] - 0.4 && f[0] > p[0] + 0.4, "on its back: head behind the hips, feet ahead, at {t:.2}s");
    }
    assert!((at_t(t1 + 0.3, pelvis)[1] - standing).abs() < 0.03, "standing again after");
}

/// How far a prop's up axis leans from the vertical at `t`, in degrees.
fn lean_deg(story: &reel::sim::Story, prop: usize, t: f64) -> f32 {
    let q = story.prop_rotation_at(prop, t).expect("a moving prop");
    let up = glam::Quat::from_array(q) * glam::Vec3::Y;
    up.y.clamp(-1.0, 1.0).acos().to_degrees()
}

#[test]
fn a_balanced_stick_stays_up_while_the_walker_walks_and_falls_when_the_hand_stops() {
    let (_, story) = story_of(
        "use std.props.stick
         use std.characters.humanoid
         prop pole = stick { height 1.2m, at (0m, 0m) }
         actor ann = humanoid { height 1.7m, at (-2m, 0m), facing +x, holds pole }
         camera cam { lens 28mm }
         timeline {
             ann {
                 together {
                     walk to (1m, 0.5m) over 4s
                     balance pole for 4s as act
                 }
                 idle for 4s
             }
             cam { wide ann for 10s }
         }",
    );
    let (t0, t1) = (at(&story, "act", Event::Start), at(&story, "act", Event::End));
    assert!(story.notes.is_empty(), "it did not fall while balanced: {:?}", story.notes);
    let mut worst: f32 = 0.0;
    let mut k = 0;
    while t0 + 0.05 * k as f64 <= t1 {
        worst = worst.max(lean_deg(&story, 0, t0 + 0.05 * k as f64));
        k += 1;
    }
    assert!(worst < 15.0, "upright within 15° while balanced through the walk (worst {worst:.1}°)");
    // Where it stood on the palm: above the walker's hands, near its body.
    let (p, r) = (story.prop_at(0, t1 - 0.1).unwrap(), story.root_at(0, t1 - 0.1));
    assert!(p[1] > r[1] + 0.3 && ((p[0] - r[0]).powi(2) + (p[2] - r[2]).powi(2)).sqrt() < 0.8, "on the palm at the end: {p:?} (hips {r:?})");
    let end = t1 + 3.0;
    assert!(lean_deg(&story, 0, end) > 60.0, "fallen once the hand stops ({:.0}° at {end:.1}s)", lean_deg(&story, 0, end));
    assert!(story.prop_at(0, end).unwrap()[1] < 0.3, "down on the floor: {:?}", story.prop_at(0, end));
}

#[test]
fn a_dropped_ball_bounces_lower_each_time_and_each_bounce_is_an_event() {
    let (_, story) = story_of(
        "use std.props.ball
         prop b = ball { radius 10cm, at (0m, 2m, 0m), bounciness 0.7 }
         camera cam {}
         timeline { cam { wide b for 4s } }",
    );
    let names = ["bounce", "second_bounce", "third_bounce"];
    let times: Vec<f64> = names
        .iter()
        .map(|n| story.events.iter().find(|((b, e), _)| b == "b" && reel::sim::event_name(*e) == *n).map(|(_, t)| *t).unwrap_or_else(|| panic!("no {n}")))
        .collect();
    // Dropped from 1.9 m above the floor: it first lands after sqrt(2h/g).
    let first = (2.0 * 1.9 / 9.81f64).sqrt();
    assert!((times[0] - first).abs() < 0.03, "first bounce at {:.3}s (free fall: {first:.3}s)", times[0]);
    // Each flight between bounces is shorter by the restitution: t = 2·e·v/g.
    let (f1, f2) = (times[1] - times[0], times[2] - times[1]);
    assert!(f1 > f2 && (f2 / f1 - 0.7).abs() < 0.1, "flights {f1:.3}s then {f2:.3}s (ratio {:.2}, restitution 0.7)", f2 / f1);
}

#[test]
fn a_figure_lying_down_rolls_over_along_the_floor_and_gets_up_where_it_rolled_to() {
    let (t0, t1, bake, [pelvis, head, foot]) = lying(
        "use std.characters.mannequin
         actor a = mannequin { height 1.75m, facing +x }
         camera cam {}
         timeline { a { lie_down for 2s over 1.2s roll left as rest; idle for 0.5s }
                    cam { wide a for 6s } }",
    );
    let frame = |secs: f64| stages::frame_at(&bake, secs);
    let chest = |secs: f64| glam::Quat::from_array(frame(secs).nodes[pelvis].rotation) * glam::Vec3::X;
    // The roll runs through the 2 s hold, eased: a quarter turn a third of the way in, half
    // way at the middle.
    let (r0, r1) = (t0 + 1.2, t0 + 3.2);
    let quarter = r0 + 2.0 * 0.3264;
    assert!(chest(r0).y > 0.99, "on its back as the roll starts: chest {:?}", chest(r0));
    assert!(chest(quarter).z < -0.95, "on its left side a quarter turn in: chest {:?}", chest(quarter));
    assert!(chest(r0 + 1.0).y < -0.99, "face down half way: chest {:?}", chest(r0 + 1.0));
    assert!(chest(r1).y > 0.99, "on its back again: chest {:?}", chest(r1));
    for k in 0..=40 {
        let t = r0 + 2.0 * k as f64 / 40.0;
        let f = frame(t);
        let (p, hd, ft) = (f.nodes[pelvis].translation, f.nodes[head].translation, f.nodes[foot].translation);
        assert!(p[1] < 0.2 && hd[1] < 0.3 && ft[1] < 0.3, "lying through the roll at {t:.2}s: pelvis {p:?}, head {hd:?}, foot {ft:?}");
        assert!(hd[0] < p[0] - 0.4 && ft[0] > p[0] + 0.4, "head and feet keep their ends at {t:.2}s");
    }
    // One turn along the floor to its left (-z, facing +x): 2π times the body's half depth.
    let rolled = frame(r1).nodes[pelvis].translation[2] - frame(r0).nodes[pelvis].translation[2];
    let expect = -std::f32::consts::TAU * 0.09 * 1.75;
    assert!((rolled - expect).abs() < 0.05, "rolled {rolled:.3} m (a log of that girth: {expect:.3} m)");
    let up = frame(t1 + 0.3).nodes[pelvis].translation;
    assert!(up[1] > 0.8 && (up[2] - expect).abs() < 0.05, "standing again where it rolled to: {up:?}");
}

#[test]
fn a_push_at_a_speed_moves_the_box_at_that_speed() {
    let (_, story) = story_of(
        "use std.props.box
         use std.characters.mannequin
         prop crate = box { size (50cm, 50cm, 50cm), at (1.5m, 0m) }
         actor a = mannequin { at (0m, 0m), facing +x }
         camera cam {}
         timeline { a { push crate by 2m speed 0.6 m/s as shove } cam { wide a for 6s } }",
    );
    let (c, t1) = (at(&story, "shove", Event::Contact), at(&story, "shove", Event::End));
    // Through the middle of the push (after the hands have taken it up to speed).
    let (ta, tb) = (c + 0.4 * (t1 - c), c + 0.9 * (t1 - c));
    let (pa, pb) = (story.prop_at(0, ta).unwrap(), story.prop_at(0, tb).unwrap());
    let speed = ((pb[0] - pa[0]).powi(2) + (pb[2] - pa[2]).powi(2)).sqrt() as f64 / (tb - ta);
    assert!((speed - 0.6).abs() < 0.03, "pushed at {speed:.3} m/s (asked 0.6 m/s)");
    assert!((t1 - c - 2.0 / 0.6).abs() < 0.05, "the push lasts 2 m at 0.6 m/s: {:.2}s", t1 - c);
}

#[test]
fn a_bow_bends_from_the_hips_by_the_angle_asked_and_straightens_up() {
    let (_, story) = story_of(
        "use std.characters.humanoid
         actor a = humanoid { height 1.7m, facing -z }
         camera cam {}
         timeline { a { bow 45deg for 1s over 0.5s as b; idle for 0.5s } cam { wide a for 3s } }",
    );
    let (t0, t1) = (at(&story, "b", Event::Start), at(&story, "b", Event::End));
    assert!((t1 - t0 - 2.0).abs() < 0.05, "down, held and up in 2 s: {:.2}s", t1 - t0);
    let start = story.root_at(0, t0);
    for k in 0..=10 {
        let t = t0 + 0.55 + 0.9 * k as f64 / 10.0;
        let lean = story.pose_at(0, t).lean.to_degrees();
        assert!((lean - 45.0).abs() < 2.0, "bent {lean:.1}° at {t:.2}s (asked 45°)");
        let r = story.root_at(0, t);
        assert!((r[0] - start[0]).abs() < 0.01 && (r[2] - start[2]).abs() < 0.01, "the feet stay where they stand");
    }
    assert!(story.pose_at(0, t1 + 0.3).lean.abs() < 0.05, "upright again after");
}

#[test]
fn a_held_cup_is_put_down_upright_on_the_table_where_asked() {
    let (_, story) = story_of(
        "use std.props.{table, cup}
         use std.characters.humanoid
         prop t = table { size (1.2m, 0.75m, 0.8m), at (1m, 0m) }
         prop mug = cup { radius 4cm, height 10cm, at (-1m, 1m) }
         actor a = humanoid { height 1.75m, at (0m, 0m), facing +x, holds mug }
         camera cam {}
         timeline { a { put mug on t at (-0.3m, 0.1m) as set; idle for 1s } cam { wide a for 3s } }",
    );
    assert!(story.notes.is_empty(), "{:?}", story.notes);
    let end = at(&story, "set", Event::End) + 0.8;
    let p = story.prop_at(1, end).unwrap();
    // The table's top is at 0.75 m; the cup's centre half its height above it.
    assert!((p[0] - 0.7).abs() < 0.02 && (p[2] - 0.1).abs() < 0.02 && (p[1] - 0.8).abs() < 0.01, "the cup rests at {p:?}");
    let q = glam::Quat::from_array(story.prop_rotation_at(1, end).unwrap());
    assert!((q * glam::Vec3::Y).y > 0.99, "upright");
    assert!(story.events.contains_key(&("mug".to_string(), Event::Rests)), "and rests there");
    // Out of reach: a note, nothing thrown.
    let (_, far) = story_of(
        "use std.props.{table, cup}
         use std.characters.humanoid
         prop t = table { at (4m, 0m) }
         prop mug = cup { at (-1m, 1m) }
         actor a = humanoid { at (0m, 0m), holds mug }
         camera cam {}
         timeline { a { put mug on t } cam { wide a for 2s } }",
    );
    assert!(far.notes.iter().any(|n| n.contains("out of reach")), "{:?}", far.notes);
}
