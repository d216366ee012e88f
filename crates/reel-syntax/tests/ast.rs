//! Parse → AST, at the seam: snapshots of the AST of valid and invalid text (what does not
//! parse is reported and left out, the rest kept), and on every example, ui case and stdlib
//! file: each node's span lies inside its parent's, and inside the text.

use serde_json::Value;
use std::path::Path;

/// Every span under `v` inside `outer` (and ordered), as a list of problems.
fn nesting_problems(v: &Value, outer: (u64, u64), path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            let mut inner = outer;
            if let Some(span) = map.get("span") {
                let (s, e) = (span["start"].as_u64().unwrap(), span["end"].as_u64().unwrap());
                if s > e || s < outer.0 || e > outer.1 {
                    out.push(format!("{path}: span {s}..{e} is not inside {}..{}", outer.0, outer.1));
                }
                inner = (s, e);
            }
            for (k, child) in map {
                if k != "span" {
                    nesting_problems(child, inner, &format!("{path}.{k}"), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                nesting_problems(child, outer, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The AST of `src` as JSON, after checking that its spans nest.
fn ast(src: &str) -> Value {
    let (file, _) = reel_syntax::parse(src);
    let v = serde_json::to_value(&file).unwrap();
    let mut problems = Vec::new();
    nesting_problems(&v, (0, src.len() as u64), "file", &mut problems);
    assert!(problems.is_empty(), "{}\n{src}", problems.join("\n"));
    v
}

#[test]
fn a_valid_scene() {
    let src = "scene \"s\" { fps 24 }\nuse std.props.ball\nprop b = ball { radius 5cm, at (0m, 1m, 0m) }\ncamera cam {}\ntimeline {\n    b { }\n    cam { at b.rests wide b for 2s }\n}\n";
    insta::assert_json_snapshot!(ast(src));
}

#[test]
fn a_bad_statement_is_reported_and_the_next_one_parses() {
    let src = "timeline {\n    a {\n        jump %% up\n        wave right_arm for 1s\n    }\n}\n";
    let (_, diags) = reel_syntax::parse(src);
    assert_eq!(diags.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["E0001"]);
    insta::assert_json_snapshot!(ast(src));
}

#[test]
fn an_unclosed_block_keeps_what_came_before() {
    let src = "use std.props.ball\nprop b = ball { radius 5cm\ncamera cam {}\n";
    let (_, diags) = reel_syntax::parse(src);
    assert!(!diags.is_empty());
    insta::assert_json_snapshot!(ast(src));
}

#[test]
fn spans_nest_in_every_example_ui_case_and_stdlib_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = 0;
    for dir in ["examples", "tests/ui", "crates/reel-check/stdlib"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "scene") {
                let src = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
                ast(&src);
                files += 1;
            }
        }
    }
    assert!(files >= 30, "only {files} files");
}
