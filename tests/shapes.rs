//! Static shapes beyond the floor: a ball rolls down a ramp at the speed its drop gives a
//! rolling ball, a raised block is a shelf things rest on, a tilted one slopes.

#[path = "support/stages.rs"]
mod stages;

use reel::ir::Event;
use stages::{event as at, story as story_of};

#[test]
fn a_ball_rolls_down_a_ramp_as_fast_as_its_drop_allows() {
    let (_, story) = story_of(
        "use std.props.{ramp, ball}
         prop r = ramp { size (2m, 60cm, 80cm), at (0m, 0m), turn 180deg, material steel }
         prop b = ball { radius 5cm, at (-0.9m, 0.64m, 0m), material steel }",
    );
    // Off the ramp's low end (x = 1 m) and on the floor.
    let t = (0..2000).map(|k| k as f64 * 0.005).find(|&t| story.prop_at(1, t).unwrap()[0] > 1.3).expect("the ball leaves the ramp");
    let (p0, p1) = (story.prop_at(1, t).unwrap(), story.prop_at(1, t + 0.02).unwrap());
    assert!(p0[1] < 0.06, "on the floor past the ramp: {p0:?}");
    let v = (((p1[0] - p0[0]).powi(2) + (p1[2] - p0[2]).powi(2)).sqrt() / 0.02) as f64;
    // A rolling ball turns 2/7 of its drop into spin: v = sqrt(10/7 g h).
    let drop = 0.64 - 0.05;
    let want = (10.0 / 7.0 * 9.81 * drop as f64).sqrt();
    assert!((v - want).abs() < 0.1 * want, "rolls off at {v:.2} m/s, a rolling ball dropping {drop} m: {want:.2} m/s");
}

#[test]
fn a_raised_block_is_a_shelf_and_a_tilted_one_slopes() {
    let (_, story) = story_of(
        "use std.props.{wall, box, ball}
         prop shelf = wall { size (1m, 4cm, 40cm), at (0m, 0m), lift 1m }
         prop slope = wall { size (2m, 4cm, 60cm), at (3m, 0m), tilt 25deg }
         prop parcel = box { size (20cm, 20cm, 20cm), on shelf }
         prop drop = ball { radius 5cm, at (3.4m, 1.5m, 0m) }",
    );
    let p = story.prop_at(2, story.end_secs()).unwrap();
    assert!((p[1] - 1.14).abs() < 0.01, "the parcel rests on the 1 m shelf, 4 cm thick: its centre at {:.3} m", p[1]);
    // The slope rises toward +x: the ball lands on it and rolls down and off its low end.
    let touched = at(&story, "drop", Event::Contact);
    let on = story.prop_at(3, touched).unwrap();
    // 40 cm from the centre of a slope tilted about its centre (2 cm up): 0.21 m + the ball.
    assert!((on[1] - (0.02 + 0.4 * 25f32.to_radians().tan() + 0.02 + 0.05 / 25f32.to_radians().cos())).abs() < 0.03, "the ball first meets the slope: {on:?}");
    let end = story.prop_at(3, story.end_secs()).unwrap();
    assert!(end[0] < 3.0 - 0.9 && end[1] < 0.06, "it rolled down and off the low end: {end:?}");
}

#[test]
fn a_cushion_gives_under_a_figure_and_softens_its_landing() {
    let (ir, story) = story_of(
        "use std.props.cushion
         use std.characters.mannequin
         prop pad = cushion { size (1m, 20cm, 1m), at (3m, 0m), give 8cm }
         actor a = mannequin { at (0m, 0m), facing +x }
         actor b = mannequin { on pad facing +x }
         timeline { a { jump up 60cm as hop_a; idle for 1s }
                    b { jump up 60cm as hop_b; idle for 1s } }",
    );
    // Standing on it, it has given what it says (its top is the prop's centre's y plus 10 cm).
    let rest = story.prop_at(0, story.end_secs()).unwrap()[1];
    assert!((0.1 - rest - 0.08).abs() < 0.015, "a standing figure sinks it 8 cm: {:.3} m", 0.1 - rest);
    // The peak deceleration of the hips through each landing: the cushion's is far lower.
    let peak = |actor: usize, hop: &str| {
        let landed = at(&story, hop, Event::Landing);
        let dt = 1.0 / 240.0;
        (0..(0.3 / dt) as usize)
            .map(|k| {
                let t = landed - 0.05 + k as f64 * dt;
                let y = |t: f64| story.root_at(actor, t)[1] as f64;
                (y(t + dt) - 2.0 * y(t) + y(t - dt)) / (dt * dt)
            })
            .fold(0.0, f64::max)
    };
    let (floor, soft) = (peak(0, "hop_a"), peak(1, "hop_b"));
    eprintln!("peak deceleration of the hips: floor {floor:.0} m/s², cushion {soft:.0} m/s²");
    assert!(soft < 0.5 * floor, "landing on the cushion decelerates at most half as hard: {soft:.0} against {floor:.0} m/s²");
    let _ = ir;
}

#[test]
fn balls_dropped_into_a_bin_stay_in_it_cans_stack_and_pins_fall() {
    let (ir, story) = story_of(
        "use std.props.{bin, ball, can, pin}
         prop box = bin { size (60cm, 35cm, 50cm), at (0m, 0m), turn 15deg }
         prop drops = ball { count 12, radius 4cm, material plastic, emit over 1s from (-0.15m, 0.6m, -0.1m) to (0.15m, 0.8m, 0.1m) seed 3 }
         prop cans = can { count 4, at (1m, 0m), stack }
         prop rack = pin { count 10, grid (3m, 2m) columns 4 spacing (30cm, 30cm) }
         prop bowl = ball { radius 11cm, material steel, at (1.5m, 0.11m, 2m), velocity (6 m/s, 0 m/s, 0 m/s) }",
    );
    let end = story.end_secs();
    let index = |n: &str| ir.props.iter().position(|p| p.name == n).unwrap();
    let (s, c) = 15f32.to_radians().sin_cos();
    for k in 1..=12 {
        let p = story.prop_at(index(&format!("drops[{k}]")), end).unwrap();
        // Into the bin's own frame (turned 15°): inside its walls, above its bottom.
        let (lx, lz) = (c * p[0] - s * p[2], s * p[0] + c * p[2]);
        assert!(lx.abs() < 0.28 && lz.abs() < 0.23 && p[1] > 0.02 && p[1] < 0.35, "drops[{k}] ends in the bin: {p:?}");
    }
    for k in 1..=4 {
        let p = story.prop_at(index(&format!("cans[{k}]")), end).unwrap();
        assert!((p[1] - (0.06 + 0.12 * (k - 1) as f32)).abs() < 0.01 && (p[0] - 1.0).abs() < 0.03, "can {k} stands on the one below: {p:?}");
    }
    let down = (1..=10).filter(|k| story.prop_at(index(&format!("rack[{k}]")), end).unwrap()[1] < 0.1).count();
    assert!(down >= 4, "the bowled ball knocks down pins: {down} of 10");
}
