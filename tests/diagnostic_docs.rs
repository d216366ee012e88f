//! Every diagnostic code the front end can emit has an explanation (`reel explain`), a row
//! in docs/diagnostics.md, and an example that really produces it.

use std::collections::BTreeSet;
use std::path::Path;

fn codes_in_source() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src"), root.join("crates")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("explain.rs") {
                let src = std::fs::read_to_string(&p).unwrap();
                for (i, _) in src.match_indices("\"E0").chain(src.match_indices("\"W0")) {
                    let code = &src[i + 1..i + 6];
                    if code[1..].chars().all(|c| c.is_ascii_digit()) && src[i + 6..].starts_with('"') {
                        codes.insert(code.to_string());
                    }
                }
            }
        }
    }
    codes
}

#[test]
fn every_code_is_explained_and_documented() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md")).unwrap();
    let codes = codes_in_source();
    assert!(codes.len() >= 20, "{codes:?}");
    for c in &codes {
        let e = reel::explain::explain(c).unwrap_or_else(|| panic!("{c} has no explanation in src/explain.rs"));
        assert!(e.text.len() > 40, "{c}'s explanation is too short");
        assert!(docs.contains(&format!("| {c} |")), "{c} is missing from docs/diagnostics.md");
    }
    for e in reel::explain::EXPLANATIONS {
        assert!(codes.contains(e.code), "{} is explained but never emitted", e.code);
    }
}

#[test]
fn explanation_examples_produce_their_code() {
    let prelude = "use std.props.{table, staff}\nuse std.characters.humanoid\nactor a = humanoid {}\ncamera cam {}\n";
    for e in reel::explain::EXPLANATIONS {
        if e.example.is_empty() {
            continue;
        }
        let (_, diags) = reel::compile(&format!("{prelude}{}", e.example));
        let (_, bare) = reel::compile(e.example);
        assert!(
            diags.iter().chain(&bare).any(|d| d.code == e.code),
            "the example of {} does not produce it: {:?}",
            e.code,
            diags.iter().map(|d| d.code).collect::<Vec<_>>()
        );
    }
}
