//! Groups, layouts and emitters, from text to bake: members stand where their layout says,
//! a toppling arc falls in order, an emitter's things are all in the bake and appear when
//! they should, a group's track runs for every member (in turn with `stagger`), and a
//! group's events are its last member's.

#[path = "support/stages.rs"]
mod stages;

use reel::ir::{Event, PropKind, Scene};
use stages::{event as at, story as story_of};

fn yaw_of(p: &reel::ir::Prop) -> f32 {
    match p.kind {
        PropKind::Block { yaw_rad, .. } | PropKind::Table { yaw_rad, .. } | PropKind::Chair { yaw_rad, .. } => yaw_rad,
        _ => 0.0,
    }
}

fn members<'a>(ir: &'a Scene, group: &str) -> Vec<&'a reel::ir::Prop> {
    let names = &ir.event_groups[group];
    names.iter().map(|n| ir.props.iter().find(|p| &p.name == n).unwrap()).collect()
}

/// The smallest difference between two headings.
fn angle_between(a: f32, b: f32) -> f32 {
    let d = (a - b).rem_euclid(std::f32::consts::TAU);
    d.min(std::f32::consts::TAU - d)
}

#[test]
fn layouts_place_members_where_they_say() {
    let ir = stages::ir(
        "use std.props.{domino, box, ball, table}
         prop line = domino { count 5, line (0m, 1m) to (2m, 1m) }
         prop arc = domino { count 7, arc (0m, 0m) radius 50cm from 0deg to 90deg }
         prop ring = box { count 8, size (10cm, 10cm, 10cm), circle (3m, 3m) radius 1m, orient out }
         prop grid = table { count 6, size (40cm, 70cm, 40cm), grid (-3m, -3m) columns 3 spacing (1m, 2m) }
         prop tower = box { count 4, size (20cm, 25cm, 20cm), at (5m, 5m), stack gap 1cm }
         prop pile = ball { count 3, radius 10cm, at (7m, 0.1m, 7m), stack }",
    );
    for (k, p) in members(&ir, "line").iter().enumerate() {
        assert!((p.position_m[0] - 0.5 * k as f32).abs() < 1e-5 && (p.position_m[2] - 1.0).abs() < 1e-5, "{} at {:?}", p.name, p.position_m);
        assert!(yaw_of(p).abs() < 1e-5, "a line along +x turns dominoes along it");
    }
    for (k, p) in members(&ir, "arc").iter().enumerate() {
        let theta = (15.0 * k as f32).to_radians();
        let r = (p.position_m[0].powi(2) + p.position_m[2].powi(2)).sqrt();
        assert!((r - 0.5).abs() < 1e-4, "{} is {r} m from the centre", p.name);
        assert!(angle_between((-p.position_m[2]).atan2(p.position_m[0]), theta) < 1e-4, "{} is at its angle", p.name);
        // Along the arc: a quarter turn on from the radius, the way the arc runs.
        assert!(angle_between(yaw_of(p), theta + std::f32::consts::FRAC_PI_2) < 1e-4, "{} faces along the arc", p.name);
    }
    let ring = members(&ir, "ring");
    for (k, p) in ring.iter().enumerate() {
        let theta = std::f32::consts::TAU * k as f32 / 8.0;
        let (dx, dz) = (p.position_m[0] - 3.0, p.position_m[2] - 3.0);
        assert!(((dx * dx + dz * dz).sqrt() - 1.0).abs() < 1e-4);
        assert!(angle_between(yaw_of(p), theta) < 1e-4, "`orient out` faces away from the centre");
    }
    let grid = members(&ir, "grid");
    let xs: Vec<f32> = grid.iter().map(|p| p.position_m[0]).collect();
    let zs: Vec<f32> = grid.iter().map(|p| p.position_m[2]).collect();
    assert_eq!(xs, vec![-4.0, -3.0, -2.0, -4.0, -3.0, -2.0]);
    assert_eq!(zs, vec![-4.0, -4.0, -4.0, -2.0, -2.0, -2.0]);
    for (k, p) in members(&ir, "tower").iter().enumerate() {
        assert!((p.position_m[1] - 0.26 * k as f32).abs() < 1e-5, "box {k} of the stack stands on the one below");
    }
    for (k, p) in members(&ir, "pile").iter().enumerate() {
        assert!((p.position_m[1] - (0.1 + 0.2 * k as f32)).abs() < 1e-5);
    }
}

#[test]
fn an_arc_of_dominoes_falls_in_order_and_the_group_rests_with_its_last() {
    let (ir, story) = story_of(
        "use std.props.{ball, domino}
         prop row = domino { count 12, arc (0m, 0m) radius 15cm from 180deg to 0deg }
         prop b = ball { radius 2cm, at (-0.15m, 0.02m, 0.3m), velocity (0 m/s, 0 m/s, -0.8 m/s) }",
    );
    let names = &ir.event_groups["row"];
    let touched: Vec<f64> = names.iter().map(|n| at(&story, n, Event::Contact)).collect();
    for w in touched.windows(2) {
        assert!(w[0] < w[1], "the dominoes fall one after another: {touched:?}");
    }
    // Each lies on the floor at the end, fallen (not standing).
    for n in names {
        let i = ir.props.iter().position(|p| &p.name == n).unwrap();
        let y = story.prop_at(i, story.end_secs()).unwrap()[1];
        assert!(y < 0.02, "{n} has fallen ({y} m high)");
    }
    let last_rest = names.iter().map(|n| at(&story, n, Event::Rests)).fold(0.0, f64::max);
    assert_eq!(at(&story, "row", Event::Rests), last_rest, "`row.rests` is when the last member rests");
    let last_contact = *touched.last().unwrap();
    assert_eq!(at(&story, "row", Event::Contact), last_contact);
}

#[test]
fn an_emitter_puts_every_thing_in_the_bake_each_appearing_at_its_time() {
    let src = "scene \"Rain\" { duration 6s }
               use std.props.ball
               prop rain = ball { count 30, radius 4cm, emit over 2s from (-1m, 2m, -1m) to (1m, 3m, 1m) start 0.5s seed 7 }
               camera cam {}
               timeline { cam { wide rain for 1s } }";
    let ir = stages::ir(src);
    let again = stages::ir(src);
    assert_eq!(ir, again, "the same seed draws the same points");
    let rain = members(&ir, "rain");
    assert_eq!(rain.len(), 30);
    for (k, p) in rain.iter().enumerate() {
        let want = 0.5 + 2.0 * k as f32 / 29.0;
        assert!((p.appears_secs.unwrap() - want).abs() < 1e-5);
        assert!(p.position_m.iter().zip([-1.0, 2.0, -1.0]).all(|(v, lo)| *v >= lo) && p.position_m.iter().zip([1.0, 3.0, 1.0]).all(|(v, hi)| *v <= hi));
    }
    let other = stages::ir(&src.replace("seed 7", "seed 8"));
    assert_ne!(members(&other, "rain")[0].position_m, rain[0].position_m, "another seed, other points");
    let bake = reel::sim::simulate(&ir);
    for p in &rain {
        let node = bake.nodes.iter().position(|n| n.name == p.name).unwrap_or_else(|| panic!("{} is in the bake", p.name));
        let appears = p.appears_secs.unwrap() as f64;
        let before = bake.frames.iter().filter(|f| f.story_time_secs < appears - 0.05).last();
        let after = bake.frames.iter().find(|f| f.story_time_secs > appears + 0.05).unwrap();
        if let Some(f) = before {
            assert_eq!(f.nodes[node].scale, [0.0; 3], "{} is not drawn before it appears", p.name);
            assert_eq!(f.nodes[node].translation, p.position_m, "{} waits where it will appear, without falling", p.name);
        }
        assert!(after.nodes[node].scale[0] > 0.07, "{} is drawn once it has appeared", p.name);
        let lowest = bake.frames.iter().map(|f| f.nodes[node].translation[1]).fold(f32::INFINITY, f32::min);
        assert!(lowest < 0.2, "{} fell to the floor (or onto the others there): lowest {lowest} m", p.name);
    }
    assert!(bake.events.iter().any(|e| e.name == "rain.contact"), "every emitted ball touched something");
}

#[test]
fn a_group_track_runs_for_every_member_in_turn_and_keeps_the_formation() {
    let (ir, story) = story_of(
        "use std.characters.mannequin
         actor friends = mannequin { count 3, line (-1m, 0m) to (1m, 0m), facing +z }
         timeline {
             friends {
                 stagger 0.5s
                 jump up 30cm as hop
                 walk to (0m, 2m) over 2s as go
             }
         }",
    );
    let takeoffs: Vec<f64> = (1..=3).map(|i| at(&story, &format!("hop[{i}]"), Event::Takeoff)).collect();
    for w in takeoffs.windows(2) {
        assert!(((w[1] - w[0]) - 0.5).abs() < 0.02, "each jumps half a second after the one before: {takeoffs:?}");
    }
    assert_eq!(at(&story, "hop", Event::Landing), at(&story, "hop[3]", Event::Landing));
    for (k, want_x) in [-1.0f32, 0.0, 1.0].iter().enumerate() {
        let a = ir.actors.iter().position(|a| a.name == format!("friends[{}]", k + 1)).unwrap();
        let end = story.root_at(a, at(&story, &format!("go[{}]", k + 1), Event::End));
        assert!((end[0] - want_x).abs() < 0.05 && (end[2] - 2.0).abs() < 0.05, "friend {} keeps its place in the line: {end:?}", k + 1);
    }
}

#[test]
fn a_group_is_a_camera_subject_and_its_members_are_things() {
    let ir = stages::ir(
        "use std.props.{ball, box}
         prop stack = box { count 3, at (1m, 0m), stack }
         prop b = ball { at (0m, 0.05m, 0m) }
         camera cam {}
         timeline { cam { wide stack for 1s; wide (stack, b) for 1s; closeup stack[last] for 1s; after stack[2].contact wide b } }",
    );
    assert_eq!(ir.groups.len(), 2, "the group, and the group with the ball");
    assert_eq!(ir.groups[0].len(), 3);
    assert_eq!(ir.groups[1].len(), 4);
    let shots = format!("{:?}", ir.camera_tracks[0].items);
    assert!(shots.contains("Prop(2)"), "`stack[last]` is the third box");
    assert!(shots.contains("binding: \"stack[2]\""));
}

#[test]
fn a_launch_reaches_the_speed_asked_and_topples_the_first_domino() {
    let (ir, story) = story_of(
        "use std.props.{ball, box, domino}
         prop b = ball { radius 5cm, at (0m, 0.05m, 3m) }
         prop crate = box { at (2m, 3m) }
         prop row = domino { count 10, line (0m, 0m) to (0.3m, 0m) }
         timeline {
             b { launch speed 2 m/s toward crate as kick }
             crate { launch velocity (0 m/s, 3 m/s, 0 m/s) as toss }
             row[1] { launch speed 0.4 m/s toward +x }
         }",
    );
    // Just after: the speed asked, within 5%.
    let t = story.event(&reel::ir::EventRef { binding: "kick".into(), event: Event::Start }).unwrap() + 0.02;
    let (p0, p1) = (story.prop_at(0, t).unwrap(), story.prop_at(0, t + 0.01).unwrap());
    let v = ((p1[0] - p0[0]).powi(2) + (p1[2] - p0[2]).powi(2)).sqrt() / 0.01;
    assert!((v - 2.0).abs() < 0.1, "the ball goes at 2 m/s: {v:.3}");
    assert!((p1[0] - p0[0]) > 0.0 && (p1[2] - p0[2]).abs() < 1e-3, "toward the crate, along +x");
    let t = at(&story, "toss", Event::Start);
    let (c0, c1) = (story.prop_at(1, t + 0.01).unwrap(), story.prop_at(1, t + 0.02).unwrap());
    let vy = (c1[1] - c0[1]) / 0.01;
    let want = 3.0 - 9.81 * 0.015;
    assert!((vy - want).abs() < 0.05 * 3.0, "the crate goes up at 3 m/s less what gravity took since: {vy:.3}");
    // The pushed domino starts the chain: every one falls, in order.
    let names = &ir.event_groups["row"];
    let falls: Vec<f64> = names.iter().skip(1).map(|n| at(&story, n, Event::Contact)).collect();
    assert!(falls.windows(2).all(|w| w[0] < w[1]), "{falls:?}");
}

#[test]
fn a_capped_storyboard_keeps_the_group_events() {
    let bake = reel::sim::simulate(&stages::example("chain"));
    let events = bake.events.iter().filter(|e| e.screen_time_secs <= bake.frames.last().unwrap().screen_time_secs).count();
    let panels = reel::cli::storyboard_panels(&bake);
    assert!(events + 2 > reel::cli::MAX_PANELS, "the chain has more events ({events}) than a sheet has panels");
    assert!(panels.len() <= reel::cli::MAX_PANELS);
    for e in ["row.contact", "row.rests", "b.contact"] {
        assert!(panels.iter().any(|(_, c)| c.split(", ").any(|x| x == e)), "`{e}` has its panel: {panels:?}");
    }
}

/// A `stagger` further down a group's track: what comes before it runs together, what comes
/// after it starts in turn.
#[test]
fn a_stagger_mid_track_staggers_only_what_follows() {
    let (_, story) = stages::story(
        "use std.characters.mannequin
         actor cast = mannequin { count 3, line (-1m, 0m) to (1m, 0m), facing -z }
         camera cam {}
         timeline {
             cast {
                 walk to (0m, -1m) over 2s as go
                 stagger 0.6s
                 crouch 20cm for 0.3s over 0.3s as bow
             }
             cam { wide cast for 5s }
         }",
    );
    let t = |b: &str| *story.events.get(&(b.to_string(), reel::ir::Event::Start)).unwrap_or_else(|| panic!("no {b}.start"));
    for k in 1..=3 {
        assert!(t(&format!("go[{k}]")).abs() < 1e-6, "they set off together");
    }
    let bows: Vec<f64> = (1..=3).map(|k| t(&format!("bow[{k}]"))).collect();
    assert!((bows[1] - bows[0] - 0.6).abs() < 0.02 && (bows[2] - bows[1] - 0.6).abs() < 0.02, "bows 0.6 s apart: {bows:?}");
}
