//! The standard library is written in the language (stdlib/*.scene) and read by the
//! checker; these tests keep the declarations and the engine in step, and cover what the
//! declarations newly allow: `together`, `use` of local files, the checks that go with them.

use reel::check::stdlib::{lib, FILES};
use reel::check::vocab::{IMPLEMENTED, PARTS, SHOTS};
use reel::ir::Event;
use std::path::Path;

#[test]
fn stdlib_loads_clean_and_matches_the_engine() {
    let lib = lib();
    assert!(lib.problems.is_empty(), "{:?}", lib.problems.iter().map(|(f, d)| format!("{f}: {} {}", d.code, d.message)).collect::<Vec<_>>());
    let mut declared: Vec<&str> = lib.motions.iter().map(|m| m.name).collect();
    let mut implemented = IMPLEMENTED.to_vec();
    declared.sort();
    implemented.sort();
    assert_eq!(declared, implemented, "every builtin the engine implements is declared in the stdlib, and nothing else");
    let humanoid = lib.archetype("humanoid").unwrap();
    let parts: Vec<&str> = PARTS.iter().map(|(n, _)| *n).collect();
    assert_eq!(humanoid.parts, parts);
    for (shot, _) in SHOTS {
        assert!(lib.motion(shot).is_some_and(|m| !m.actor), "{shot} is declared as a camera move");
    }
    for m in lib.motions.iter().filter(|m| m.actor) {
        assert!(
            m.for_archetype.is_some_and(|a| lib.archetype(a).is_some() || !lib.archetypes_of(a).is_empty()),
            "{} is for an archetype, or a class of archetypes, that exists",
            m.name
        );
        // A mark takes no time and moves nothing; every other motion drives something.
        assert!(m.name == "mark" || !m.drives.is_empty(), "{} says what it drives", m.name);
        assert!(!m.doc.is_empty(), "{} has a doc comment", m.name);
    }
    for a in &lib.archetypes {
        assert!(!a.doc.is_empty(), "{} has a doc comment", a.name);
        for p in &a.props {
            assert!(!p.doc.is_empty(), "{}.{} has a doc comment", a.name, p.key);
        }
    }
    // Doc comments come from the `///` lines above each declaration.
    assert!(lib.motion("jump").unwrap().doc.contains("ballistic"));
    let ball = &lib.archetype("ball").unwrap().events;
    assert_eq!(ball[..3], [("rests", Event::Rests), ("contact", Event::Contact), ("leaves", Event::Leaves)]);
    // The bounces, in order, each with the engine's name for it.
    for (k, (name, e)) in ball[3..].iter().enumerate() {
        assert_eq!(*e, Event::Bounce(k as u8 + 1));
        assert_eq!(reel::sim::event_name(*e), *name);
    }
    assert_eq!(ball.len(), 3 + reel::ir::MAX_BOUNCES as usize);
}

#[test]
fn stdlib_files_are_formatted_and_on_disk() {
    for (_, file, src) in FILES {
        let on_disk = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/reel-check/stdlib").join(file)).unwrap();
        assert_eq!(&on_disk, src);
        assert_eq!(reel::syntax::fmt::format(src).unwrap(), *src, "stdlib/{file} is not in `reel fmt` layout");
    }
}

#[test]
fn defaults_come_from_the_stdlib() {
    let src = "use std.characters.humanoid\nactor a = humanoid {}\ncamera c {}\ntimeline { a { jump up 10cm as hop }\n c { closeup a } }\n";
    let (ir, diags) = reel::compile(src);
    assert!(diags.is_empty(), "{diags:?}");
    let ir = ir.unwrap();
    let a = &ir.actors[0];
    // `param height(length = 1.75m)`, `param color(color = #c8912e)`.
    assert!((a.height_m - 1.75).abs() < 1e-6);
    assert_eq!(a.color, reel::ir::srgb_to_linear([0xc8, 0x91, 0x2e]));
    // `jump(up length, forward length = 0m)`; `lens = 35mm`.
    assert!(matches!(ir.actor_tracks[0].items[0].motion, reel::ir::Motion::Jump { forward_m, .. } if forward_m == 0.0));
    assert!((ir.cameras[0].fov_y_rad - 2.0 * (12.0f32 / 35.0).atan()).abs() < 1e-6);
}

fn codes(src: &str, dir: &Path) -> Vec<&'static str> {
    reel::compile_in(src, Some(dir)).1.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn use_reads_only_clean_files_of_the_scene_folder() {
    let tmp = std::env::temp_dir().join(format!("reel-use-{}", std::process::id()));
    let dir = tmp.join("scenes");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("set.scene"), "use std.props.table\nprop stage = table { size (3m, 0.5m, 2m) }\n").unwrap();
    std::fs::write(dir.join("broken.scene"), "use std.props.table\nprop stage = table { size (3m, 0.5m) }\n").unwrap();
    std::fs::write(dir.join("loop_a.scene"), "use loop_b\n").unwrap();
    std::fs::write(dir.join("loop_b.scene"), "use loop_a\n").unwrap();
    std::fs::write(dir.join("story.scene"), "timeline { }\n").unwrap();
    std::fs::write(tmp.join("secret.scene"), "use std.props.table\nprop stage = table {}\n").unwrap();
    let head = "use std.characters.humanoid\n";
    let body = "actor a = humanoid { on stage at (0m, 0m) }\ncamera c {}\ntimeline { a { idle }\n c { wide a } }\n";
    // A clean file's declarations are in scope, and the IR holds them.
    let (ir, diags) = reel::compile_in(&format!("{head}use set\n{body}"), Some(&dir));
    assert!(diags.is_empty(), "{diags:?}");
    let ir = ir.unwrap();
    assert_eq!(ir.props[0].name, "stage");
    assert!((ir.actors[0].position_m[1] - 0.5).abs() < 1e-6, "stands on the used table's top");
    // A file with errors, a loop, a timeline in a used file, no folder, a missing file.
    assert!(codes(&format!("{head}use broken\n{body}"), &dir).contains(&"E0110"));
    assert!(codes(&format!("{head}use loop_a\n{body}"), &dir).contains(&"E0110"));
    assert!(codes(&format!("{head}use story\n{body}"), &dir).contains(&"E0110"));
    assert!(reel::compile(&format!("{head}use set\n{body}")).1.iter().any(|d| d.code == "E0110"));
    // Outside the folder: a link that leads out, and dotted paths.
    #[cfg(unix)]
    std::os::unix::fs::symlink(tmp.join("secret.scene"), dir.join("link.scene")).unwrap();
    #[cfg(unix)]
    assert!(codes(&format!("{head}use link\n{body}"), &dir).contains(&"E0111"));
    assert!(codes(&format!("{head}use scenes.set\n{body}"), &dir).contains(&"E0111"));
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn together_runs_motions_at_once_and_waits_for_the_longest() {
    let src = "use std.characters.humanoid\nactor a = humanoid { at (0m, 0m) }\ncamera c {}\ntimeline {\n a {\n  together {\n   wave left_arm for 3s as hi\n   walk to (1.5m, 0m) over 1.5s as w\n  }\n  idle for 0.5s as rest\n }\n c { wide a }\n}\n";
    let (ir, diags) = reel::compile(src);
    assert!(diags.is_empty(), "{diags:?}");
    let story = reel::sim::simulate_story(&ir.unwrap(), None);
    let at = |b: &str, e: Event| *story.events.get(&(b.to_string(), e)).unwrap_or_else(|| panic!("no {b}.{e:?}"));
    assert!(at("hi", Event::Start).abs() < 1e-9 && at("w", Event::Start).abs() < 1e-9, "both start at once");
    // The walk moves the body while the left arm waves.
    let mid = 1.0;
    assert!(story.root_at(0, mid)[0] > 0.5, "walking at {mid}s");
    let pose = story.pose_at(0, mid);
    assert!(pose.abduct[reel::sim::humanoid::LEFT] > 2.0, "left arm up while walking: {pose:?}");
    assert!((at("w", Event::End) - 1.5).abs() < 0.02);
    assert!((at("hi", Event::End) - 3.0).abs() < 0.02);
    // The next statement waits for the whole group: the 3 s wave, not the 1.5 s walk.
    assert!((at("rest", Event::Start) - 3.0).abs() < 0.02, "rest starts at {}", at("rest", Event::Start));
}
