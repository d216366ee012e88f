//! Front end: the examples check clean, the IR snapshot, and coded errors for common mistakes.

use std::path::Path;

fn example(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)).unwrap()
}

#[test]
fn every_example_checks_clean_without_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut n = 0;
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "scene") {
            let (ir, diags) = reel::compile_in(&std::fs::read_to_string(&p).unwrap(), p.parent());
            assert!(diags.is_empty(), "{}: {diags:#?}", p.display());
            assert!(ir.is_some());
            n += 1;
        }
    }
    assert!(n >= 1);
}

#[test]
fn wukong_ir_snapshot() {
    let (ir, diags) = reel::compile(&example("wukong.scene"));
    assert!(diags.is_empty());
    insta::assert_json_snapshot!("wukong_ir", ir.unwrap());
}

/// Every example's IR, snapshotted: a change to the language or the stdlib that changes what
/// an example means shows up as a reviewed diff.
#[test]
fn every_example_ir_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(".scene").map(str::to_string))
        .filter(|n| n != "wukong")
        .collect();
    names.sort();
    assert!(names.len() >= 3);
    for name in names {
        let (ir, diags) = reel::compile_in(&example(&format!("{name}.scene")), Some(&dir));
        assert!(diags.is_empty(), "{name}: {diags:?}");
        insta::assert_json_snapshot!(format!("example_{name}_ir"), ir.unwrap());
    }
}

#[test]
fn wukong_ir_is_in_si_units() {
    let (ir, _) = reel::compile(&example("wukong.scene"));
    let ir = ir.unwrap();
    let a = &ir.actors[0];
    assert!((a.height_m - 0.18).abs() < 1e-6);
    assert!((a.position_m[0] + 1.0).abs() < 1e-6 && (a.position_m[1] - 0.75).abs() < 1e-6);
    assert_eq!(a.holds.as_ref().unwrap().hand, reel::ir::Side::Right);
    match &ir.actor_tracks[0].items[1].motion {
        reel::ir::Motion::Jump { up_m, forward_m, turns, .. } => assert!((up_m - 0.25).abs() < 1e-6 && (forward_m - 0.40).abs() < 1e-6 && turns.is_none()),
        m => panic!("expected a jump, got {m:?}"),
    }
    match &ir.camera_tracks[0].items[2].action {
        reel::ir::CameraAction::Freeze { duration_secs, shots } => {
            assert_eq!(*duration_secs, 4.0);
            match &shots[0] {
                reel::ir::Shot::Orbit { angle_rad, rise_m, .. } => {
                    assert!((angle_rad - std::f32::consts::TAU).abs() < 1e-5);
                    assert!((rise_m - 0.4).abs() < 1e-6);
                }
                s => panic!("expected an orbit, got {s:?}"),
            }
        }
        a => panic!("expected a freeze, got {a:?}"),
    }
}

#[test]
fn misspelled_actor_suggests_the_right_name() {
    let src = example("wukong.scene").replace("    wukong {\n        sprint", "    wukog {\n        sprint");
    let (ir, diags) = reel::compile(&src);
    assert!(ir.is_none());
    let d = diags.iter().find(|d| d.code == "E0101").expect("an E0101");
    assert_eq!(&src[d.span.start..d.span.end], "wukog");
    assert!(d.help.as_deref().unwrap().contains("did you mean `wukong`?"), "{d:?}");
}

#[test]
fn wrong_unit_is_a_type_error() {
    let src = example("wukong.scene").replace("jump up 25cm", "jump up 3s");
    let (_, diags) = reel::compile(&src);
    let d = diags.iter().find(|d| d.code == "E0201").expect("an E0201");
    assert_eq!(&src[d.span.start..d.span.end], "3s");
    assert!(d.message.contains("expected a length, found a duration"));
}

#[test]
fn one_bad_statement_does_not_hide_the_next() {
    let src = example("wukong.scene").replace("        idle\n", "        idle %%%\n        jump up 3s\n");
    let (_, diags) = reel::compile(&src);
    let codes: Vec<_> = diags.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"E0001") && codes.contains(&"E0201"), "{codes:?}");
}

#[test]
fn hostile_inputs_never_panic() {
    let deep = "(".repeat(100_000);
    let deep_braces = format!("timeline {{ a {{ {} }} }}", "{".repeat(50_000));
    let long_line = format!("scene \"{}\" {{}}", "x".repeat(8 << 20));
    let many = "actor a = humanoid {}\n".repeat(2000);
    // Just under the nesting limit: tuples, blocks and ranges nested 60 deep must parse in
    // linear time (a grammar that tried `range` before `atom` took 2^depth steps here).
    let nested_tuples = format!("scene \"x\" {{ size {}1m{} }}", "(".repeat(60), ")".repeat(60));
    let nested_ranges = format!("scene \"x\" {{ size {}1m -> 2m{} }}", "(1m -> ".repeat(60), ")".repeat(60));
    let nested_blocks = format!("world {{ sun {}{} }}", "{ sun ".repeat(60), "}".repeat(60));
    // Unclosed braces inside a bad line (cargo-fuzz found 2^n backtracking here).
    let unclosed = format!("scene \"x\" {{ resolu{}tion 320x180 }}\ntimeline {{ a {{ {} %% }}\n", "{".repeat(60), "freeze 1s { ".repeat(30));
    // Open blocks nested in open blocks, none closed (cargo-fuzz: 2^depth re-parsing).
    let open_blocks = format!("timeline {{\n{}", "a {\n timeline {\n cam { freeze 1s {\n b { x { y 1m\n".repeat(12));
    let cases = [
        "",
        "\u{feff}scene \"bom\" { fps 30 }",
        "scene \"crlf\" {\r\n fps 30\r\n}\r\n",
        "\0\0\0",
        "scene \"x\" { fps 1e999999 }",
        "scene \"x\" { fps NaN, duration inf }",
        "timeline { a { jump up 99999999999999999999999999999m } }",
        "}}}}",
        "scene \"unterminated",
        "timeline { cam { at x.y at a.b freeze 1s { } } }",
        &deep,
        &deep_braces,
        &nested_tuples,
        &nested_ranges,
        &nested_blocks,
        &unclosed,
        &open_blocks,
        &long_line,
        &many,
    ];
    for c in cases {
        let _ = reel::compile(c);
    }
}

#[test]
fn readme_scene_checks_clean() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let block = readme.split("## The scene").nth(1).unwrap().split("```").nth(1).unwrap();
    let (ir, diags) = reel::compile(block);
    assert!(diags.is_empty(), "{diags:#?}");
    // The README's compact form compiles to the same scene as the example.
    let (ex, _) = reel::compile(&example("wukong.scene"));
    assert_eq!(ir.unwrap(), ex.unwrap());
}
