//! Every diagnostic code (one table: crates/reel-diag/src/codes.rs) is emitted somewhere,
//! has a long explanation (`reel explain`), a row in docs/diagnostics.md, and an example
//! that really produces it.

use reel::diag::Code;
use std::collections::BTreeSet;
use std::path::Path;

/// The codes named as `Code::E0xxx` / `Code::W0xxx` in the front end's source (not in the
/// table that defines them).
fn codes_in_source() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![root.join("src"), root.join("crates")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("codes.rs") {
                let src = std::fs::read_to_string(&p).unwrap();
                for (i, _) in src.match_indices("Code::") {
                    let code = src[i + 6..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>();
                    if code.len() == 5 && (code.starts_with('E') || code.starts_with('W')) {
                        codes.insert(code);
                    }
                }
            }
        }
    }
    codes
}

#[test]
fn every_code_is_emitted_explained_and_documented() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md")).unwrap();
    let emitted = codes_in_source();
    assert!(emitted.len() >= 30, "{emitted:?}");
    for c in Code::ALL {
        assert!(emitted.contains(c.as_str()), "{c} is in the table but never emitted");
        assert!(c.explanation().len() > 40, "{c}'s explanation is too short");
        assert!(docs.contains(&format!("| {c} |")), "{c} is missing from docs/diagnostics.md");
        assert_eq!(Code::parse(&c.as_str().to_lowercase()), Some(*c));
    }
}

#[test]
fn explanation_examples_produce_their_code() {
    let prelude = "use std.props.{table, staff}\nuse std.characters.humanoid\nactor a = humanoid {}\ncamera cam {}\n";
    for &c in Code::ALL {
        if c.example().is_empty() {
            continue;
        }
        let (_, diags) = reel::compile(&format!("{prelude}{}", c.example()));
        let (_, bare) = reel::compile(c.example());
        assert!(
            diags.iter().chain(&bare).any(|d| d.code == c),
            "the example of {c} does not produce it: {:?}",
            diags.iter().map(|d| d.code).collect::<Vec<_>>()
        );
        assert!(diags.iter().chain(&bare).filter(|d| d.code == c).all(|d| d.code.is_warning() == (d.severity == reel::diag::Severity::Warning)));
    }
}
