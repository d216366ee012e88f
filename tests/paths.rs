//! Paths for walkers and runners, from text to story: round a point or a thing at its
//! radius, through waypoints, at a speed, and a stop at the end of a path on its last point.

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
