//! Camera promises over every example's bake: the picture never jumps but at a cut, and the
//! subject stays in view. Small bakes (160x90, 30 fps) so the suite stays quick.

#[path = "support/stages.rs"]
mod stages;

use glam::Vec3;

/// Every example, baked small.
fn example_bakes() -> Vec<(String, reel::sim::Bake)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "scene"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let mut ir = stages::example(&n);
            ir.resolution = [160, 90];
            ir.fps = 30;
            let bake = reel::sim::simulate(&ir);
            (n, bake)
        })
        .collect()
}

/// Except at a cut (an event `cut to …`), no frame moves the camera (its eye, or its aim
/// at the distance it looks) more than 3x the median move over the surrounding 0.5 s (of the
/// same shot: not across a cut), plus 1.5 cm (a still camera that starts to move, or a
/// target that stops, changes speed over a few frames).
#[test]
fn no_example_camera_jumps_but_at_a_cut() {
    let mut problems = Vec::new();
    for (name, bake) in example_bakes() {
        let cuts: Vec<f64> = bake.events.iter().filter(|e| e.name.starts_with("cut to ")).map(|e| e.screen_time_secs).collect();
        let moves: Vec<f32> = bake
            .frames
            .windows(2)
            .map(|w| {
                let (a, b) = (&w[0].camera, &w[1].camera);
                let eye = Vec3::from(a.eye).distance(Vec3::from(b.eye));
                // The aim, as the move of a point 3 m along the view.
                let aim = |c: &reel::sim::CameraPose| Vec3::from(c.eye) + (Vec3::from(c.look_at) - Vec3::from(c.eye)).normalize_or_zero() * 3.0;
                eye.max(aim(a).distance(aim(b)))
            })
            .collect();
        let half = (bake.fps as usize) / 4;
        // Which shot between cuts a move belongs to: a window never reaches across a cut.
        let part = |i: usize| cuts.iter().filter(|c| **c <= bake.frames[i + 1].screen_time_secs + 1e-9).count();
        for (i, m) in moves.iter().enumerate() {
            let t = bake.frames[i + 1].screen_time_secs;
            // At a cut, and in the quarter second after it (a new shot's first frames have
            // no window behind them to measure against).
            if cuts.iter().any(|c| t - c > -1.5 / bake.fps as f64 && t - c < 0.25) {
                continue;
            }
            let range = i.saturating_sub(half)..(i + half + 1).min(moves.len());
            let mut window: Vec<f32> = range.filter(|&j| part(j) == part(i)).map(|j| moves[j]).collect();
            window.sort_by(f32::total_cmp);
            let median = window[window.len() / 2];
            if *m > 3.0 * median + 0.015 {
                problems.push(format!("{name}: at {t:.2}s the camera moves {m:.3}m in a frame, the median near it is {median:.3}m"));
            }
        }
    }
    assert!(problems.is_empty(), "{} jumps:\n{}", problems.len(), problems.iter().take(40).cloned().collect::<Vec<_>>().join("\n"));
}

/// In every frame of every example, the shot's subject is in clear view and in the middle
/// half of the picture: its centre within 25% to 75% of the width, and its height on screen
/// reaching into 25% to 75% of the height (a figure framed at the head has its centre low),
/// or a bake note says why not (`… was hidden behind …`). Frames within half a second after a
/// change of subject are left out (a move blends in over that).
#[test]
fn every_example_keeps_its_subject_in_view() {
    let mut problems = Vec::new();
    for (name, bake) in example_bakes() {
        let noted = |what: &str| bake.notes.iter().any(|n| n.contains(what));
        let mut since_change = 0.0f64;
        let mut last: Option<String> = None;
        let mut bad = Vec::new();
        for f in &bake.frames {
            if f.subject != last {
                since_change = f.screen_time_secs;
                last = f.subject.clone();
            }
            let Some(subject) = &f.subject else { continue };
            if f.screen_time_secs - since_change < 0.5 {
                continue;
            }
            let view = f.targets.iter().find(|t| &t.name == subject).expect("the subject has a view");
            let half_h = view.height.unwrap_or(0.0) / 2.0;
            let centred = view.centre.is_some_and(|c| (0.25..=0.75).contains(&c[0]) && c[1] + half_h >= 0.25 && c[1] - half_h <= 0.75);
            if !centred && !noted(&format!("`{subject}` was hidden")) {
                bad.push(format!("{:.2}s {subject} at {:?}", f.screen_time_secs, view.centre.map(|c| [(c[0] * 100.0).round(), (c[1] * 100.0).round()])));
            }
        }
        if !bad.is_empty() {
            problems.push(format!("{name}: {} frames off centre, e.g. {}", bad.len(), bad.iter().take(3).cloned().collect::<Vec<_>>().join("; ")));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
